from datetime import timedelta

import factory
from django.utils import timezone

from kiosque.markup import render_article_body
from kiosque.newsroom.actions import ensure_discussion_topic
from kiosque.newsroom.models import Article, Author, Byline, Section, Story, Tag


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Rubrique {n}")
    slug = factory.Sequence(lambda n: f"rubrique-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Sujet {n}")
    slug = factory.Sequence(lambda n: f"sujet-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Camille Journaliste {n}")
    slug = factory.Sequence(lambda n: f"camille-journaliste-{n}")
    job_title = "Journaliste"
    bio = "Journaliste tech, spécialiste des réseaux et de la vie privée."


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    title = factory.Sequence(lambda n: f"Feuilleton {n}")
    slug = factory.Sequence(lambda n: f"feuilleton-{n}")


class ArticleFactory(factory.django.DjangoModelFactory[Article]):
    """A published article with one author and its discussion topic (as the actions make it);
    traits `draft`, `in_review` and `scheduled`."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article numéro {n}")
    slug = factory.Sequence(lambda n: f"article-numero-{n}")
    lead = "Un chapeau qui résume l'article en une phrase."
    body = "## Intertitre\n\nUn paragraphe avec un [lien](https://example.org).\n"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    body_html = factory.LazyAttribute(lambda article: render_article_body(article.body))

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        in_review = factory.Trait(status=Article.Status.IN_REVIEW, published_at=None)
        scheduled = factory.Trait(
            status=Article.Status.SCHEDULED,
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)),
        )

    @factory.post_generation
    def authors(
        obj: Article, create: bool, extracted: list[Author] | None, **kwargs: object
    ) -> None:
        if not create:
            return
        authors: list[Author] = extracted or [AuthorFactory.create()]
        for position, author in enumerate(authors):
            Byline.objects.create(article=obj, author=author, position=position)

    @factory.post_generation
    def tags(obj: Article, create: bool, extracted: list[Tag] | None, **kwargs: object) -> None:
        if create and extracted:
            obj.tags.set(extracted)

    @factory.post_generation
    def discussion(obj: Article, create: bool, extracted: object, **kwargs: object) -> None:
        """A released article has its discussion topic, as `publish_article` opens it."""
        if create and obj.is_released:
            ensure_discussion_topic(obj)
