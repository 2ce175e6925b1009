"""Tiny factories for the forum: a category, a topic in it, a post in a topic."""

from datetime import timedelta

import factory
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community.models import Category, Post, Topic


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    """A visible, open topic without posts; traits `hidden`, `closed`, `scheduled`."""

    class Meta:
        model = Topic

    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Sujet de discussion {n}")
    slug = factory.LazyAttribute(lambda topic: slugify(topic.title))
    author = factory.SubFactory(UserFactory)

    class Params:
        hidden = factory.Trait(is_hidden=True)
        closed = factory.Trait(is_closed=True)
        scheduled = factory.Trait(
            visible_from=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )


class PostFactory(factory.django.DjangoModelFactory):
    """A visible post, stored as-is: its counters are not touched (use the actions for that)."""

    class Meta:
        model = Post

    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(UserFactory)
    source = factory.Sequence(lambda n: f"Un message numéro {n}.")
    html = factory.LazyAttribute(lambda post: f"<p>{post.source}</p>")
    # The next number in its topic, as the actions give it.
    position = factory.LazyAttribute(lambda post: next_position(post.topic))

    class Params:
        hidden = factory.Trait(moderation="hidden")
        pending = factory.Trait(moderation="pending")
        deleted = factory.Trait(is_deleted=True)


def next_position(topic: Topic) -> int | None:
    """The number the next post of `topic` takes (None for a topic not saved)."""
    if topic.pk is None:
        return None
    highest = Post.objects.filter(topic=topic).aggregate(highest=Max("position"))["highest"]
    return (highest or 0) + 1
