"""The desk's revision pages: the list with who, when, kind and size; two versions compared;
a version restored after a confirmation."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kiosque.newsroom import actions
from kiosque.newsroom.actions import revisions as revision_actions
from kiosque.newsroom.models import Article, ArticleRevision
from kiosque.newsroom.tests.factories import ArticleFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(contributor, section):
    """A draft of the contributor's, saved twice by them, with an autosave since."""
    article = ArticleFactory(draft=True, section=section, authors=[contributor.author_profile])
    article.title, article.body = "Premier jet", "Le processeur chauffe beaucoup."
    actions.save_article(article, by=contributor)
    article.title, article.body = "Second jet", "Le nouveau processeur chauffe un peu."
    actions.save_article(article, by=contributor, tags=[TagFactory(name="Puces")])
    revision_actions.autosave_article(
        article,
        by=contributor,
        title="Second jet",
        lead=article.lead,
        body="Le nouveau processeur chauffe un peu. Et il consomme.",
        fields=revision_actions.revised_fields(article),
        read_version=article.version,
    )
    return article


SIZE = (
    '<span class="revision-size__added">+{added}</span> / '
    '<span class="revision-size__removed">−{removed}</span>'
)


def revisions_of(article: Article) -> list[ArticleRevision]:
    return list(article.revisions.all())


def test_the_list_says_who_when_what_and_how_much(client, contributor, article):
    client.force_login(contributor)

    response = client.get(reverse("desk:revision-list", args=[article.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Enregistrement automatique") == 1
    assert page.count(">Enregistrement<") == 2
    assert "pigiste" in page
    assert SIZE.format(added=3, removed=0) + " mots" in page  # "Et il consomme."
    newest, middle, _oldest = revisions_of(article)
    assert f'name="to" value="{newest.pk}" checked' in page
    assert f'name="from" value="{middle.pk}" checked' in page


def test_the_list_counts_each_change_from_the_version_before(client, contributor, article):
    client.force_login(contributor)

    page = client.get(reverse("desk:revision-list", args=[article.pk])).content.decode()

    # "Premier jet" → "Second jet"; "Le processeur chauffe beaucoup." → "Le nouveau processeur
    # chauffe un peu.": 4 words in, 2 out.
    assert SIZE.format(added=4, removed=2) in page


def test_the_list_costs_few_queries_however_long(
    client, contributor, article, django_assert_max_num_queries
):
    for number in range(20):
        article.body += f"\n\nParagraphe {number}."
        actions.save_article(article, by=contributor)
    client.force_login(contributor)

    with django_assert_max_num_queries(16):
        response = client.get(reverse("desk:revision-list", args=[article.pk]))

    assert response.status_code == 200


def test_comparing_two_versions_shows_the_words_and_fields_changed(client, contributor, article):
    client.force_login(contributor)
    _autosave, newer, older = revisions_of(article)

    response = client.get(
        reverse("desk:revision-compare", args=[article.pk]),
        {"from": older.pk, "to": newer.pk},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<del>Premier</del><ins>Second</ins> jet" in page
    assert "Le <ins>nouveau </ins>processeur chauffe <del>beaucoup</del><ins>un peu</ins>." in page
    assert '<th scope="row">Sujets</th><td><del>(aucun)</del></td><td><ins>Puces</ins></td>' in page


def test_the_order_of_the_two_versions_does_not_matter(client, contributor, article):
    client.force_login(contributor)
    _autosave, newer, older = revisions_of(article)

    page = client.get(
        reverse("desk:revision-compare", args=[article.pk]),
        {"from": newer.pk, "to": older.pk},
    ).content.decode()

    assert "<del>Premier</del><ins>Second</ins> jet" in page


def test_what_was_typed_is_shown_as_text(client, editor, section):
    article = ArticleFactory(draft=True, section=section, body="Texte.")
    actions.save_article(article, by=editor)
    article.body = 'Texte.\n\n<script>alert("x")</script>'
    actions.save_article(article, by=editor)
    client.force_login(editor)
    newer, older = revisions_of(article)

    page = client.get(
        reverse("desk:revision-compare", args=[article.pk]),
        {"from": older.pk, "to": newer.pk},
    ).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    "query",
    [{"from": "1"}, {"from": "abc", "to": "1"}, {"from": "999999", "to": "999998"}],
)
def test_a_bad_comparison_is_a_clear_400(client, contributor, article, query):
    client.force_login(contributor)

    response = client.get(reverse("desk:revision-compare", args=[article.pk]), query)

    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Choisissez deux versions à comparer." in page
        or "n’est pas une version de cet article" in page
    )


def test_a_revision_of_another_article_is_refused(client, editor, article, section):
    other = ArticleFactory(draft=True, section=section)
    actions.save_article(other, by=editor)
    client.force_login(editor)

    response = client.get(
        reverse("desk:revision-compare", args=[article.pk]),
        {"from": other.revisions.get().pk, "to": article.revisions.first().pk},
    )

    assert response.status_code == 400


def test_restore_asks_first_then_brings_back_the_version(client, contributor, article):
    client.force_login(contributor)
    oldest = revisions_of(article)[-1]
    url = reverse("desk:revision-restore", args=[article.pk, oldest.pk])

    confirmation = client.get(url)

    assert confirmation.status_code == 200
    assert "Restaurer cette version" in confirmation.content.decode()
    article.refresh_from_db()
    assert article.title == "Second jet"

    response = client.post(url, follow=True)

    article.refresh_from_db()
    assert article.title == "Premier jet"
    assert article.body == "Le processeur chauffe beaucoup."
    assert response.redirect_chain[0][0] == reverse("desk:article-edit", args=[article.pk])
    assert "est restaurée" in response.content.decode()
    assert article.revisions.first().kind == ArticleRevision.Kind.RESTORE


def test_restore_says_what_it_could_not_bring_back(client, editor, article):
    client.force_login(editor)
    oldest = revisions_of(article)[-1]
    old_section = article.section
    article.section = SectionFactory(name="Matériel")
    actions.save_article(article, by=editor)
    oldest.fields = {**oldest.fields, "section": old_section.pk + 1000}
    oldest.save()

    response = client.post(
        reverse("desk:revision-restore", args=[article.pk, oldest.pk]), follow=True
    )

    assert "Non restauré, car cela n’existe plus : sa rubrique." in response.content.decode()
    article.refresh_from_db()
    assert article.section.name == "Matériel"


def test_restore_by_get_changes_nothing(client, contributor, article):
    client.force_login(contributor)
    oldest = revisions_of(article)[-1]

    client.get(reverse("desk:revision-restore", args=[article.pk, oldest.pk]))

    article.refresh_from_db()
    assert article.title == "Second jet"


@pytest.mark.parametrize(
    ("who", "status"),
    [("editor", 200), ("author", 403), ("reader", 403), ("contributor", 200)],
)
def test_who_sees_the_revisions_of_a_draft(client, request, article, who, status):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("desk:revision-list", args=[article.pk])).status_code == status


@pytest.mark.parametrize(("who", "status"), [("editor", 302), ("author", 403), ("reader", 403)])
def test_who_may_restore_a_contributors_draft(client, request, article, who, status):
    client.force_login(request.getfixturevalue(who))
    oldest = revisions_of(article)[-1]

    response = client.post(reverse("desk:revision-restore", args=[article.pk, oldest.pk]))

    assert response.status_code == status
    article.refresh_from_db()
    assert (article.title == "Premier jet") is (status == 302)


def test_signed_out_visitors_are_sent_to_sign_in(client, article):
    response = client.get(reverse("desk:revision-list", args=[article.pk]))

    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_an_article_in_review_links_to_its_changes_since_publication(client, editor, section):
    article = ArticleFactory(draft=True, section=section)
    article.title = "Publié"
    actions.save_article(article, by=editor)
    actions.publish_article(article, by=editor)
    published = article.revisions.first()
    actions.unpublish_article(article, by=editor)
    article.title = "Retravaillé"
    actions.save_article(article, by=editor)
    actions.submit_for_review(article, by=editor)
    client.force_login(editor)

    page = client.get(reverse("desk:revision-list", args=[article.pk])).content.decode()

    newest = article.revisions.first()
    compare = reverse("desk:revision-compare", args=[article.pk])
    assert f'href="{compare}?from={published.pk}&amp;to={newest.pk}"' in page
    assert "Voir les changements depuis la dernière publication" in page


def test_without_versions_named_the_comparison_shows_the_last_change(client, contributor, article):
    client.force_login(contributor)
    newer, older = revisions_of(article)[:2]

    response = client.get(reverse("desk:revision-compare", args=[article.pk]))

    assert response.status_code == 302
    assert response["Location"].endswith(f"?from={older.pk}&to={newer.pk}")


def test_the_list_costs_the_same_queries_whatever_the_number_of_revisions(
    client, contributor, article
):
    client.force_login(contributor)
    listed = reverse("desk:revision-list", args=[article.pk])

    def queries_for(count: int) -> list[str]:
        while article.revisions.count() < count:
            article.body += " Encore une phrase."
            actions.save_article(article, by=contributor)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(listed)
        assert response.content.decode().count('name="to" value=') == count
        return [query["sql"][:80] for query in queries.captured_queries]

    few, many = queries_for(3), queries_for(12)
    assert len(few) == len(many), "\n".join(many)
