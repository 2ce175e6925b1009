"""The article list and the editor, through the Django client, for each newsroom role."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kiosque.media.tests.factories import ImageFactory
from kiosque.newsroom.models import Article, ArticleRevision, Tag
from kiosque.newsroom.tests.factories import ArticleFactory, AuthorFactory, TagFactory

pytestmark = pytest.mark.django_db

NEW = reverse("desk:article-new")


def edit_url(article: Article) -> str:
    return reverse("desk:article-edit", kwargs={"pk": article.pk})


def typed(section, **changes):
    """What a writer sends from the editor."""
    return {
        "title": "Le noyau Linux passe en Rust",
        "slug": "",
        "lead": "Un chapeau qui dit tout.",
        "body": "## Intertitre\n\nDu **texte**.",
        "section": section.pk,
        "tag_names": "",
        "step": "save",
        **changes,
    }


def own_article(user, **fields) -> Article:
    article = ArticleFactory.create(draft=True, authors=[user.author_profile], **fields)
    article.created_by = user
    article.save()
    return article


# --- Who may come in --------------------------------------------------------------------------


def test_the_desk_sends_strangers_to_sign_in(client):
    response = client.get(reverse("desk:article-list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_desk_is_closed_to_readers(client, reader):
    client.force_login(reader)
    assert client.get(reverse("desk:article-list")).status_code == 403
    assert client.get(NEW).status_code == 403


# --- The list ---------------------------------------------------------------------------------


def test_the_list_says_each_state_as_the_newsroom_needs_it(client, editor):
    at = timezone.make_aware(datetime(2026, 12, 3, 8, 0))
    ArticleFactory(title="Demain matin", scheduled=True, published_at=at)
    ArticleFactory(title="En cours", in_review=True)
    ArticleFactory(title="Premier jet", draft=True)
    ArticleFactory(title="Retiré", status=Article.Status.UNPUBLISHED)
    ArticleFactory(title="Sorti", published_at=timezone.now() - timedelta(days=1))
    client.force_login(editor)

    page = client.get(reverse("desk:article-list")).content.decode()

    assert "Programmé pour le 3 décembre 2026 à 08h00" in page
    assert "En relecture" in page
    assert "Brouillon" in page
    assert "Dépublié" in page
    assert "Publié le " in page
    assert "Nouvel article" in page


def test_the_list_filters_by_state_section_author_mine_and_search(client, editor, section):
    camille = AuthorFactory(name="Camille Reporter")
    ArticleFactory(title="Le Wi-Fi 7 arrive", section=section, authors=[camille])
    ArticleFactory(title="La 5G ralentit", draft=True, lead="Un chapeau sur les antennes.")
    mine = own_article(editor, title="Mon brouillon")
    client.force_login(editor)
    listed = reverse("desk:article-list")

    def titles(**query):
        page = client.get(listed, query)
        return {article.title for article, _state in page.context["rows"]}

    assert titles(state="draft") == {"La 5G ralentit", mine.title}
    assert titles(section=section.pk) == {"Le Wi-Fi 7 arrive"}
    assert titles(author=camille.pk) == {"Le Wi-Fi 7 arrive"}
    assert titles(mine="on") == {mine.title}
    assert titles(q="antennes") == {"La 5G ralentit"}
    assert titles(q="wi-fi") == {"Le Wi-Fi 7 arrive"}


def test_contributors_list_only_their_own_articles(client, contributor):
    own_article(contributor, title="Mon sujet")
    ArticleFactory(title="Le sujet d'un autre", draft=True)
    client.force_login(contributor)

    page = client.get(reverse("desk:article-list"))

    assert [article.title for article, _state in page.context["rows"]] == ["Mon sujet"]


def test_the_list_shows_authors_section_comments_and_last_change(client, editor):
    article = ArticleFactory(title="Sorti", authors=[AuthorFactory(name="Ada Lovelace")])
    article.topic.post_count = 7
    article.topic.save()
    Article.objects.filter(pk=article.pk).update(last_edited_by=editor)
    client.force_login(editor)

    page = client.get(reverse("desk:article-list")).content.decode()

    assert "Ada Lovelace" in page
    assert article.section.name in page
    assert "<td>7 commentaires</td>" in page
    assert "par editrice" in page


def test_the_list_costs_the_same_queries_whatever_its_length(client, editor):
    client.force_login(editor)
    listed = reverse("desk:article-list")

    def queries_for(count: int) -> list[str]:
        while Article.objects.count() < count:
            ArticleFactory(authors=[AuthorFactory(), AuthorFactory()])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(listed)
        assert len(response.context["rows"]) == count
        return [query["sql"][:80] for query in queries.captured_queries]

    few, many = queries_for(3), queries_for(12)
    assert len(few) == len(many) <= QUERIES_FOR_THE_LIST, "\n".join(many)


# Session, user, permissions (2), count, page, bylines, the sections of the menu and of the
# filter, the filter's authors, and what the layouts read: notifications, footer pages, and the
# desk menu's count of open error reports.
QUERIES_FOR_THE_LIST = 13


# --- Writing, for each role -------------------------------------------------------------------


def test_a_contributor_writes_a_draft_and_edits_it(client, contributor, section):
    client.force_login(contributor)

    response = client.post(NEW, typed(section))

    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == edit_url(article)
    assert article.status == Article.Status.DRAFT
    assert article.slug == "le-noyau-linux-passe-en-rust"
    assert article.created_by == contributor
    assert article.byline_authors == [contributor.author_profile]
    assert "<h2" in article.body_html

    response = client.post(
        edit_url(article), typed(section, title="Nouveau titre", read_version=article.version)
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Nouveau titre"
    assert client.get(edit_url(article)).status_code == 200


def test_a_contributor_may_submit_but_not_publish(client, contributor, section):
    article = own_article(contributor)
    client.force_login(contributor)

    page = client.get(edit_url(article)).content.decode()
    assert "Soumettre à la relecture" in page
    assert "Publier maintenant" not in page

    refused = client.post(
        edit_url(article), typed(section, step="publish", read_version=article.version)
    )
    assert refused.status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    client.post(edit_url(article), typed(section, step="submit", read_version=article.version))
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_a_contributor_may_not_open_someone_elses_article(client, contributor):
    draft = ArticleFactory(draft=True)
    published = ArticleFactory()
    client.force_login(contributor)

    assert client.get(edit_url(draft)).status_code == 404  # not even known to exist
    assert client.get(edit_url(published)).status_code == 403


def test_an_author_publishes_their_own_article(client, author, section):
    article = own_article(author)
    client.force_login(author)

    response = client.post(
        edit_url(article), typed(section, step="publish", read_version=article.version)
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.topic is not None


def test_an_editor_publishes_and_unpublishes_anyones_article(client, editor, section):
    article = ArticleFactory(in_review=True)
    client.force_login(editor)

    page = client.get(edit_url(article)).content.decode()
    assert "Renvoyer en brouillon" in page

    client.post(edit_url(article), typed(section, step="publish", read_version=article.version))
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED

    client.post(edit_url(article), typed(section, step="unpublish", read_version=article.version))
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED


def test_an_editor_sends_an_article_back_to_draft(client, editor, section):
    article = ArticleFactory(in_review=True)
    client.force_login(editor)

    client.post(edit_url(article), typed(section, step="return", read_version=article.version))

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_a_slug_taken_by_another_article_is_refused_with_the_text_kept(client, editor, section):
    ArticleFactory(slug="deja-pris")
    client.force_login(editor)

    response = client.post(NEW, typed(section, slug="deja-pris", body="Mon texte précieux"))

    assert response.status_code == 400
    assert "Un autre article a déjà cette adresse" in response.content.decode()
    assert "Mon texte précieux" in response.content.decode()
    assert not Article.objects.filter(title="Le noyau Linux passe en Rust").exists()


def test_a_slug_made_from_a_title_already_used_gets_a_number(client, editor, section):
    ArticleFactory(slug="le-noyau-linux-passe-en-rust")
    client.force_login(editor)

    client.post(NEW, typed(section))

    assert Article.objects.filter(slug="le-noyau-linux-passe-en-rust-2").exists()


# --- Scheduling -------------------------------------------------------------------------------


def test_scheduling_without_a_time_says_so_next_to_the_field(client, editor, section):
    article = ArticleFactory(draft=True)
    client.force_login(editor)

    response = client.post(
        edit_url(article),
        typed(section, step="schedule", body="Texte gardé", read_version=article.version),
    )

    assert response.status_code == 400
    assert "published_at" in response.context["form"].errors
    assert "Texte gardé" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.body != "Texte gardé"


def test_scheduling_in_the_past_is_refused(client, editor, section):
    article = ArticleFactory(draft=True)
    client.force_login(editor)

    response = client.post(
        edit_url(article),
        typed(
            section, step="schedule", published_at="2020-01-01T08:00", read_version=article.version
        ),
    )

    assert response.status_code == 400
    assert "published_at" in response.context["form"].errors
    assert response.context["form"]["published_at"].value() == "2020-01-01T08:00"


def test_scheduling_a_time_to_come_in_paris_time(client, editor, section):
    article = ArticleFactory(draft=True)
    client.force_login(editor)
    when = timezone.localtime() + timedelta(days=2)

    client.post(
        edit_url(article),
        typed(
            section,
            step="schedule",
            published_at=when.strftime("%Y-%m-%dT%H:%M"),
            read_version=article.version,
        ),
    )

    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED
    assert timezone.localtime(article.published_at).strftime("%d %H:%M") == when.strftime(
        "%d %H:%M"
    )


def test_publishing_without_a_lead_is_refused_with_the_reason(client, editor, section):
    article = ArticleFactory(draft=True)
    client.force_login(editor)

    response = client.post(
        edit_url(article), typed(section, step="publish", lead="", read_version=article.version)
    )

    assert response.status_code == 400
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


# --- Two people at once -----------------------------------------------------------------------


def test_saving_over_someone_elses_save_shows_both_texts(client, editor, section):
    article = ArticleFactory(draft=True, body="Le texte de départ.")
    read_version = article.version
    Article.objects.filter(pk=article.pk).update(
        body="Le texte de l’autre.", version=read_version + 1
    )
    client.force_login(editor)

    response = client.post(
        edit_url(article), typed(section, body="Mon texte à moi.", read_version=read_version)
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "Le texte de l’autre." in page
    assert "Mon texte à moi." in page
    assert response.context["form"]["read_version"].value() == str(read_version + 1)
    article.refresh_from_db()
    assert article.body == "Le texte de l’autre."

    again = client.post(
        edit_url(article), typed(section, body="Mon texte à moi.", read_version=read_version + 1)
    )
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.body == "Mon texte à moi."


# --- Autosave ---------------------------------------------------------------------------------


def test_autosave_keeps_the_text_without_changing_the_article(client, contributor, section):
    article = own_article(contributor, body="Publié tel quel.")
    client.force_login(contributor)

    response = client.post(
        reverse("desk:article-autosave", kwargs={"pk": article.pk}),
        typed(section, body="En train d’écrire", read_version=article.version),
    )

    assert response.status_code == 200
    assert response.json()["changed_meanwhile"] is False
    article.refresh_from_db()
    assert article.body == "Publié tel quel."
    kept = article.revisions.get(kind=ArticleRevision.Kind.AUTOSAVE)
    assert kept.body == "En train d’écrire"

    page = client.get(edit_url(article)).content.decode()
    assert "Reprendre la version enregistrée automatiquement le" in page
    resumed = client.get(edit_url(article), {"resume": kept.pk})
    assert resumed.context["form"]["body"].value() == "En train d’écrire"


def test_autosave_tells_when_someone_else_saved_meanwhile(client, contributor, editor, section):
    article = own_article(contributor)
    read_version = article.version
    Article.objects.filter(pk=article.pk).update(version=read_version + 1, last_edited_by=editor)
    client.force_login(contributor)

    answer = client.post(
        reverse("desk:article-autosave", kwargs={"pk": article.pk}),
        typed(section, read_version=read_version),
    ).json()

    assert answer["changed_meanwhile"] is True
    assert answer["changed_by"] == "editrice"


def test_autosave_after_the_session_expired_answers_json(client, contributor, section):
    article = own_article(contributor)

    response = client.post(
        reverse("desk:article-autosave", kwargs={"pk": article.pk}),
        typed(section, read_version=article.version),
    )

    assert response.status_code == 401
    assert response.json() == {"error": "session_expired"}


def test_autosave_of_someone_elses_article_is_refused(client, contributor, section):
    draft, published = ArticleFactory(draft=True), ArticleFactory()
    client.force_login(contributor)

    def autosave(article):
        return client.post(
            reverse("desk:article-autosave", kwargs={"pk": article.pk}),
            typed(section, read_version=article.version),
        )

    assert autosave(draft).status_code == 404
    assert autosave(draft).json() == {"error": "not_found"}
    assert autosave(published).status_code == 403
    assert autosave(published).json() == {"error": "forbidden"}
    assert not ArticleRevision.objects.filter(kind=ArticleRevision.Kind.AUTOSAVE).exists()


# --- Preview, tags, authors -------------------------------------------------------------------


def test_the_preview_shows_the_article_as_readers_will(client, contributor, section):
    client.force_login(contributor)

    response = client.post(
        reverse("desk:article-preview"),
        typed(section, body="## Un intertitre\n\nDu **gras**.", tag_names="Rust, Linux"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="article__title"' in html
    assert "Le noyau Linux passe en Rust" in html
    assert "<strong>gras</strong>" in html
    assert "Un intertitre</h2>" in html
    assert "Rust" in html and "Linux" in html
    assert not Article.objects.exists()


def test_the_preview_is_for_the_newsroom_only(client, reader, section):
    client.force_login(reader)

    assert client.post(reverse("desk:article-preview"), typed(section)).status_code == 403


def test_tags_are_chosen_or_created_inline(client, contributor, section):
    TagFactory(name="Linux", slug="linux")
    client.force_login(contributor)

    client.post(NEW, typed(section, tag_names="linux, Logiciel libre,  , Logiciel libre"))

    article = Article.objects.get()
    assert sorted(tag.name for tag in article.tags.all()) == ["Linux", "Logiciel libre"]
    assert Tag.objects.get(name="Logiciel libre").slug == "logiciel-libre"


def test_the_tag_type_ahead_suggests_existing_tags(client, contributor):
    for name in ("Linux", "Linus Torvalds", "Apple"):
        TagFactory(name=name)
    client.force_login(contributor)

    answer = client.get(reverse("desk:tag-search"), {"q": "lin"}).json()

    assert [tag["name"] for tag in answer["results"]] == ["Linus Torvalds", "Linux"]


def test_the_authors_keep_the_order_they_were_sent_in(client, editor, section):
    first, second, third = AuthorFactory(), AuthorFactory(), AuthorFactory()
    client.force_login(editor)

    client.post(NEW, {**typed(section), "authors": [third.pk, first.pk, second.pk]})

    article = Article.objects.get()
    assert article.byline_authors == [third, first, second]
    form = client.get(edit_url(article)).context["form"]
    assert [author for author, chosen in form.author_choices_in_order() if chosen] == [
        third,
        first,
        second,
    ]


# --- The hero image ---------------------------------------------------------------------------


def test_the_hero_gets_its_text_and_focal_point_from_the_editor(client, contributor, section):
    image = ImageFactory(alt="", caption="", credit="", by=contributor)
    client.force_login(contributor)

    client.post(
        NEW,
        typed(
            section,
            hero=image.pk,
            hero_alt="Un manchot sur la banquise",
            hero_caption="Tux en vacances",
            hero_credit="Larry Ewing",
            focal_x="0.25",
            focal_y="0.75",
        ),
    )

    article = Article.objects.get()
    image.refresh_from_db()
    assert article.hero == image
    assert (image.alt, image.caption, image.credit) == (
        "Un manchot sur la banquise",
        "Tux en vacances",
        "Larry Ewing",
    )
    assert (image.focal_x, image.focal_y) == (0.25, 0.75)


def test_a_hero_without_alternative_text_cannot_go_out(client, author, section):
    image = ImageFactory(alt="", by=author)
    article = own_article(author)
    client.force_login(author)

    response = client.post(
        edit_url(article),
        typed(section, step="publish", hero=image.pk, read_version=article.version),
    )

    assert response.status_code == 400
    assert "texte alternatif" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.hero is None


def test_a_library_image_of_someone_else_keeps_its_text(client, contributor, section):
    image = ImageFactory(alt="La vraie description")
    client.force_login(contributor)

    response = client.post(NEW, typed(section, hero=image.pk, hero_alt="Autre chose"))

    assert response.status_code == 400
    image.refresh_from_db()
    assert image.alt == "La vraie description"
    assert not Article.objects.exists()
