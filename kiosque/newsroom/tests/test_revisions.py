"""Revisions: each save keeps one, autosaves collapse, any version comes back by a restore,
and the diff says what changed in words."""

from __future__ import annotations

import random
import re
import time
from html import unescape

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kiosque.accounts.models import User
from kiosque.accounts.tests.factories import UserFactory
from kiosque.media.models import Image
from kiosque.newsroom import actions, roles
from kiosque.newsroom.actions import revisions as revision_actions
from kiosque.newsroom.diffs import count_changes, diff_text, field_changes
from kiosque.newsroom.models import ArticleRevision
from kiosque.newsroom.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    StoryFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def member_of(role: str, username: str) -> User:
    user = UserFactory.create(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor():
    return member_of(roles.EDITORS, "editrice")


@pytest.fixture
def contributor():
    return member_of(roles.CONTRIBUTORS, "pigiste")


def kinds(article):
    return list(article.revisions.values_list("kind", flat=True))


# Diffs -------------------------------------------------------------------------------------


def test_diff_shows_words_removed_and_added():
    diff = diff_text("Le chat dort sur le canapé.", "Le chien dort sur le grand canapé.")

    assert diff.html == ("Le <del>chat</del><ins>chien</ins> dort sur le <ins>grand </ins>canapé.")
    assert (diff.added, diff.removed) == (2, 1)


def test_diff_escapes_what_was_typed():
    diff = diff_text("<b>gras</b> & co", '<b>gras</b> & co\n<script>alert("x")</script>')

    assert diff.html == (
        "&lt;b&gt;gras&lt;/b&gt; &amp; co\n"
        "<ins>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</ins>"
    )


def test_diff_of_identical_texts_changes_nothing():
    diff = diff_text("Même texte.\n\nDeux paragraphes.", "Même texte.\n\nDeux paragraphes.")

    assert not diff.is_changed
    assert "<del>" not in diff.html and "<ins>" not in diff.html


def test_paragraphs_added_and_removed_are_counted_in_words():
    old = "Premier paragraphe.\n\nDeuxième paragraphe à retirer.\n"
    new = "Premier paragraphe.\n\nUn tout nouveau paragraphe ici.\n"

    assert count_changes(old, new) == (4, 3)  # "paragraphe" stays


def test_a_diff_keeps_both_texts_whole():
    """Whatever the edit, the old text is what is kept and struck out, the new one what is
    kept and inserted (spaces aside: words are compared without them)."""
    rng = random.Random(5)
    pieces = ["chat", "chien", " ", "\n", "\n\n", ".", "é", "le", ", ", "  ", "<b>", "&"]
    for _ in range(2000):
        old = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        edited = list(old)
        for _ in range(rng.randint(0, 4)):
            at = rng.randint(0, len(edited))
            edited[at : at + rng.randint(0, 5)] = rng.choice(pieces)
        new = "".join(edited)

        html = diff_text(old, new).html
        kept_and_removed = re.sub(r"<ins>.*?</ins>", "", html, flags=re.S)
        kept_and_added = re.sub(r"<del>.*?</del>", "", html, flags=re.S)

        removed_side = unescape(re.sub(r"</?del>", "", kept_and_removed))
        assert "".join(removed_side.split()) == "".join(old.split())
        assert unescape(re.sub(r"</?ins>", "", kept_and_added)) == new


def test_a_five_thousand_word_article_is_diffed_quickly():
    paragraph = " ".join(f"mot{n % 400} texte" for n in range(100)) + "."
    old = "\n\n".join(f"{n} {paragraph}" for n in range(25))
    new = old.replace("mot17 texte", "mot17 texte corrigé", 3)

    started = time.perf_counter()
    diff = diff_text(old, new)
    elapsed = time.perf_counter() - started

    assert (diff.added, diff.removed) == (3, 0)
    assert elapsed < 2  # generous for a shared machine; measured in milliseconds


def test_field_changes_are_named_as_the_newsroom_says_them():
    ia, hardware = SectionFactory(name="IA"), SectionFactory(name="Hardware")
    puces, gone = TagFactory(name="Puces"), TagFactory(name="Supprimé")
    gone_pk = gone.pk
    gone.delete()
    old = {"section": ia.pk, "tags": [gone_pk], "seo_title": "", "story": None}
    new = {"section": hardware.pk, "tags": [puces.pk], "seo_title": "Les puces", "story": None}

    changes = {change.label: (change.before, change.after) for change in field_changes(old, new)}

    assert changes == {
        "Rubrique": ("IA", "Hardware"),
        "Sujets": (f"supprimé (nº {gone_pk})", "Puces"),
        "Titre pour les moteurs de recherche": ("(aucun)", "Les puces"),
    }


# Recording and collapsing -------------------------------------------------------------------


def test_every_save_keeps_a_revision(editor):
    article = ArticleFactory(draft=True)
    article.title = "Premier titre"
    actions.save_article(article, by=editor)
    article.title = "Second titre"
    actions.save_article(article, by=editor)

    assert list(article.revisions.values_list("title", flat=True)) == [
        "Second titre",
        "Premier titre",
    ]


def test_autosaves_collapse_to_one_per_writer_and_a_save_replaces_them(editor, contributor):
    article = ArticleFactory(draft=True, authors=[AuthorFactory(user=contributor)])
    actions.save_article(article, by=contributor)
    for text in ("a", "ab", "abc"):
        revision_actions.autosave_article(
            article, by=contributor, title="T", lead="", body=text, fields={}, read_version=2
        )
    revision_actions.autosave_article(
        article, by=editor, title="T", lead="", body="editor", fields={}, read_version=2
    )

    autosaves = article.revisions.filter(kind=ArticleRevision.Kind.AUTOSAVE)
    assert sorted(autosaves.values_list("body", flat=True)) == ["abc", "editor"]

    actions.save_article(article, by=contributor)

    assert list(autosaves.values_list("body", flat=True)) == ["editor"]
    assert kinds(article).count(ArticleRevision.Kind.SAVE) == 2


# Restoring ----------------------------------------------------------------------------------


def test_restore_brings_back_text_and_fields_as_a_new_revision(editor):
    ia, hardware = SectionFactory(name="IA"), SectionFactory(name="Hardware")
    story = StoryFactory()
    first_author, second_author = AuthorFactory(), AuthorFactory()
    tag = TagFactory()
    hero = Image.objects.create(file="library/a.jpg", width=10, height=10, alt="Un port")
    article = ArticleFactory(draft=True, section=ia, authors=[first_author, second_author])
    article.title, article.body, article.story, article.hero = "Avant", "Texte d'avant", story, hero
    article.seo_title, article.video_url = "Titre SEO", "https://www.youtube.com/watch?v=abc"
    actions.save_article(article, by=editor, tags=[tag])
    kept = article.revisions.first()
    article.title, article.body, article.section, article.story, article.hero = (
        "Après",
        "Texte d'après",
        hardware,
        None,
        None,
    )
    article.seo_title, article.video_url = "", ""
    actions.save_article(article, by=editor, tags=[], authors=[second_author])

    restored = revision_actions.restore_revision(kept, by=editor)

    restored.refresh_from_db()
    assert (restored.title, restored.body) == ("Avant", "Texte d'avant")
    assert (restored.section, restored.story, restored.hero) == (ia, story, hero)
    assert (restored.seo_title, restored.video_url) == (
        "Titre SEO",
        "https://www.youtube.com/watch?v=abc",
    )
    assert list(restored.tags.all()) == [tag]
    assert restored.byline_authors == [first_author, second_author]
    assert "Texte d'avant" in restored.body_html
    assert kinds(restored)[0] == ArticleRevision.Kind.RESTORE
    assert restored.revisions.count() == 3


def test_restore_keeps_what_no_longer_exists_as_it_is_and_says_so(editor):
    old_section, current = SectionFactory(name="Ancienne"), SectionFactory(name="Actuelle")
    tag, gone_tag = TagFactory(), TagFactory()
    article = ArticleFactory(draft=True, section=old_section)
    actions.save_article(article, by=editor, tags=[tag, gone_tag])
    kept = article.revisions.first()
    article.section = current
    actions.save_article(article, by=editor, tags=[])
    gone_tag.delete()
    ArticleFactory(section=old_section)  # the section still has an article: delete it apart
    old_section_pk = old_section.pk
    kept.fields = {**kept.fields, "section": old_section_pk + 1000}
    kept.save()

    assert revision_actions.unrestorable(kept) == ["sa rubrique", "1 de ses sujets"]
    restored = revision_actions.restore_revision(kept, by=editor)

    restored.refresh_from_db()
    assert restored.section == current
    assert list(restored.tags.all()) == [tag]


def test_an_autosave_as_the_form_sent_it_compares_and_restores(editor, contributor):
    section, other_section = SectionFactory(name="Logiciel"), SectionFactory(name="Réseaux")
    tag = TagFactory(name="Rust")
    article = ArticleFactory(draft=True, section=section, authors=[AuthorFactory(user=contributor)])
    actions.save_article(article, by=contributor, tags=[tag])
    saved = article.revisions.get()
    form_fields = {
        "section": [str(other_section.pk)],
        "story": [""],
        "tags": [str(tag.pk)],
        "authors": [str(pk) for pk in saved.fields["authors"]],
        "seo_title": ["Rust dans le noyau"],
        "slug": [article.slug],
    }
    autosave = revision_actions.autosave_article(
        article,
        by=contributor,
        title=article.title,
        lead=article.lead,
        body="Texte tapé.",
        fields=form_fields,
        read_version=article.version,
    )

    changes = {
        change.label: (change.before, change.after)
        for change in field_changes(saved.fields, autosave.fields)
    }

    assert changes == {
        "Rubrique": ("Logiciel", "Réseaux"),
        "Titre pour les moteurs de recherche": ("(aucun)", "Rust dans le noyau"),
    }
    restored = revision_actions.restore_revision(autosave, by=editor)
    restored.refresh_from_db()
    assert (restored.body, restored.section, restored.seo_title) == (
        "Texte tapé.",
        other_section,
        "Rust dans le noyau",
    )
    assert list(restored.tags.all()) == [tag]
    assert restored.story is None


@pytest.mark.parametrize(
    ("role", "own", "allowed"),
    [
        (roles.EDITORS, False, True),
        (roles.AUTHORS, True, True),
        (roles.AUTHORS, False, False),
        (roles.CONTRIBUTORS, True, True),
        (roles.CONTRIBUTORS, False, False),
    ],
)
def test_who_may_restore(role, own, allowed):
    user = member_of(role, "quelquun")
    authors = [AuthorFactory(user=user)] if own else None
    article = ArticleFactory(draft=True, authors=authors)
    actions.save_article(article, by=None)
    kept = article.revisions.first()
    article.title = "Changé"
    actions.save_article(article, by=None)

    if allowed:
        assert revision_actions.restore_revision(kept, by=user).title == kept.title
    else:
        with pytest.raises(PermissionDenied):
            revision_actions.restore_revision(kept, by=user)
        article.refresh_from_db()
        assert article.title == "Changé"


def test_a_reader_may_not_restore(member):
    article = ArticleFactory(draft=True)
    actions.save_article(article, by=None)

    with pytest.raises(PermissionDenied):
        revision_actions.restore_revision(article.revisions.first(), by=member)


# The version readers saw ----------------------------------------------------------------------


def test_published_revision_is_the_text_readers_saw(editor):
    with time_machine.travel(timezone.now() - timezone.timedelta(hours=3), tick=False):
        article = ArticleFactory(draft=True)
        article.title = "Version publiée"
        actions.save_article(article, by=editor)
    with time_machine.travel(timezone.now() - timezone.timedelta(hours=2), tick=False):
        actions.publish_article(article, by=editor)
    with time_machine.travel(timezone.now() - timezone.timedelta(hours=1), tick=False):
        actions.unpublish_article(article, by=editor)
        article.title = "Retravaillée"
        actions.save_article(article, by=editor)
        actions.submit_for_review(article, by=editor)

    published = revision_actions.published_revision(article)

    assert published is not None
    assert published.title == "Version publiée"


def test_a_first_draft_has_no_earlier_version_to_compare_with(editor):
    article = ArticleFactory(draft=True)
    actions.save_article(article, by=editor)
    actions.submit_for_review(article, by=editor)

    assert revision_actions.published_revision(article) is None
