"""`kiosque demo` also loads a living community: members, forum topics and comments."""

from __future__ import annotations

import io
import re
import socket
from datetime import timedelta
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from PIL import Image

from kiosque.accounts.models import User
from kiosque.community import notification_groups
from kiosque.community.models import (
    Category,
    Like,
    LinkPreview,
    Notification,
    Post,
    PostImage,
    Topic,
)
from kiosque.demo.community import DEMO_PASSWORD
from kiosque.demo.content.community_discussions import LONG_DISCUSSION_ARTICLE
from kiosque.demo.tests.conftest import NOW, run_demo
from kiosque.newsroom.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_discussion(demo: str) -> Article:
    return Article.objects.select_related("topic").get(slug=LONG_DISCUSSION_ARTICLE)


def _discussion_html(client: Any, article: Article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html: str = response.content.decode()
    return html[html.index('id="discussion"') :]


def _post_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<article class="post[^"]*" id="post-(\d+)"', html)]


def test_the_story_opener_carries_a_long_discussion_continued_on_the_forum(
    long_discussion: Article, client: Any, settings: Any
) -> None:
    settings.KIOSQUE_ARTICLE_COMMENTS_SHOWN = 10
    count = long_discussion.comment_count
    assert count >= 13
    assert long_discussion.story and long_discussion.story.slug == "crise-aurore-ia"

    html = _discussion_html(client, long_discussion)

    assert f"Commentaires ({count})" in html
    shown = _post_ids(html)
    assert len(shown) == 10
    assert f"Voir tous les messages sur le forum ({count})" in html
    assert long_discussion.topic is not None
    forum = client.get(long_discussion.topic.get_absolute_url()).content.decode()
    everything = _post_ids(forum)
    assert len(everything) == count, "the page's ten and the rest, all on the forum"
    assert everything[-10:] == shown, "the article shows the latest ones"
    authors = Post.objects.filter(topic=long_discussion.topic).values("author").distinct()
    assert authors.count() >= 8


def test_the_long_discussion_reads_as_its_members_wrote_it(
    long_discussion: Article, client: Any
) -> None:
    html = _discussion_html(client, long_discussion)

    # A quote, attributed and linked to the post it comes from, which is on the page.
    quote = re.search(
        r'<blockquote class="quote" cite="/forum/p/(\d+)/">\s*'
        r'<p class="quote__attribution"><a href="/forum/p/(\d+)/">Gaspard_M',
        html,
    )
    assert quote and quote.group(1) == quote.group(2)
    assert f'id="post-{quote.group(1)}" data-post="{quote.group(1)}" data-username="Gaspard_M"' in (
        html
    )
    assert "En réponse à" in html
    assert '<a class="mention" href="/membres/Clementine/">@Clementine</a>' in html
    # Line breaks, French spacing and ampersands as members typed them, escaped once.
    assert re.search(r"<p>[^<]+<br>\s*[^<]+", html)
    text = unescape(html)
    # French typography at render time: narrow no-break spaces inside « » (kiosque/typography.py).
    assert "«\u202fad nutum\u202f»" in text and "«\u202fmission\u202f»" in text
    assert "R&amp;D" in html and "une R&D partagée" in text
    for raw in ("&lt;br", "&amp;nbsp;", "&amp;amp;", "&amp;#"):
        assert raw not in html, raw
    # The card of the next article of the story, stored without fetching anything.
    linked = Article.objects.get(slug="hexacloud-exige-des-explications-a-aurore-ia")
    card = re.search(r'<aside class="link-card">.*?</aside>', html, re.DOTALL)
    assert card and linked.get_absolute_url() in card.group(0)
    assert "Hexacloud, premier actionnaire d&#x27;Aurore IA" in card.group(0)
    # The uploaded screenshot, with its size as the forum shows it.
    image = PostImage.objects.get()
    with Image.open(image.image.path) as picture:
        assert picture.format == "PNG" and picture.size == (image.width, image.height)
    assert f'<img src="{image.image.url}"' in html
    assert re.search(rf"{image.width}×{image.height} \d+,\d\s?Kio", text)
    liked = Post.objects.filter(topic=long_discussion.topic, like_count__gte=2)
    assert liked.count() >= 8


def test_other_articles_show_varied_comment_counts(demo: str) -> None:
    counts = [
        article.comment_count
        for article in Article.objects.published().select_related("topic")
        if article.slug != LONG_DISCUSSION_ARTICLE
    ]
    assert counts.count(0) >= 5, "several articles await their first comment"
    assert max(counts) <= 6
    assert len(set(counts)) >= 5
    hidden = Article.objects.exclude(pk__in=Article.objects.published())
    assert not Post.objects.filter(topic__article__in=hidden).exists()


def test_the_forum_lists_its_categories_with_topics(demo: str, client: Any) -> None:
    response = client.get(reverse("community:index"))

    html = response.content.decode()
    html = html[html.index('class="category-list"') :]
    names = [
        "Articles",
        "Aide et dépannage",
        "Conseils d&#x27;achat matériel",
        "Jeux vidéo",
        "Le café",
    ]
    for name in names:
        assert f">{name}</a>" in html, name
    for category in Category.objects.filter(is_article_discussions=False):
        assert category.description
        topics = Topic.objects.visible().filter(category=category)
        assert topics.count() >= 3, category.name
        assert all(topic.post_count >= 2 and topic.view_count for topic in topics)
        page = client.get(category.get_absolute_url()).content.decode()
        for topic in topics:
            assert topic.get_absolute_url() in page
    pinned = Topic.objects.get(slug="a-lire-avant-de-poster-comment-obtenir-de-laide-rapidement")
    assert pinned.is_pinned
    page = client.get(pinned.category.get_absolute_url()).content.decode()
    others = Topic.objects.filter(category=pinned.category).exclude(pk=pinned.pk)
    assert all(
        page.index(pinned.get_absolute_url()) < page.index(topic.get_absolute_url())
        for topic in others
    ), "a pinned topic comes first, though others are more recent"
    assert others.filter(last_posted_at__gt=pinned.last_posted_at).exists()
    closed = Topic.objects.get(is_closed=True)
    page = client.get(closed.get_absolute_url()).content.decode()
    assert closed.title.replace("'", "&#x27;") in page


def test_members_can_sign_in_with_the_published_password(demo: str, client: Any) -> None:
    assert f'password "{DEMO_PASSWORD}"' in demo
    members = User.objects.filter(email__endswith="@example.org")
    assert members.count() >= 12
    for member in members:
        assert member.bio
        assert EmailAddress.objects.filter(user=member, verified=True, primary=True).exists()
    with_avatar = [member for member in members if member.avatar]
    assert len(with_avatar) > members.count() / 2
    for member in with_avatar:
        with Image.open(member.avatar.path) as avatar:
            assert avatar.size == (256, 256)
    joined = sorted(member.date_joined for member in members)
    assert joined[-1] - joined[0] > timedelta(days=180), "joined over many months"
    assert not Post.objects.filter(created_at__lt=F("author__date_joined")).exists()
    assert not Post.objects.filter(created_at__gt=NOW).exists()

    response = client.post(
        reverse("account_login"), {"login": "Kerouan", "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    page = client.get(reverse("community:notifications")).content.decode()
    kerouan = User.objects.get(username="Kerouan")
    assert Notification.objects.unread_for(kerouan).exists()
    # one line per group (the likes of one post…), the first page of them
    first_page = notification_groups.groups_of(kerouan)[: notification_groups.PER_PAGE]
    unread_lines = sum(1 for group in first_page if group["unread_count"])
    assert page.count('class="notification notification--unread"') == unread_lines


def test_the_demo_fetches_nothing_and_mails_nobody(
    media_root: Path, frozen_now: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"the demo tried to reach the network: {args}")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)

    run_demo()

    assert Notification.objects.count() > 50
    assert mail.outbox == []
    preview = LinkPreview.objects.get()
    assert preview.is_ok and preview.fetched_at == NOW


def _snapshot(media_root: Path) -> tuple[dict[str, int], list[tuple[Any, ...]], dict[str, int]]:
    counts = {
        model.__name__: model.objects.count()
        for model in (
            User,
            EmailAddress,
            Category,
            Topic,
            Post,
            Like,
            Notification,
            PostImage,
            LinkPreview,
        )
    }
    topics = list(
        Topic.objects.order_by("pk").values_list(
            "pk", "post_count", "last_post", "view_count", "is_pinned", "is_closed"
        )
    )
    files = {str(path): path.stat().st_mtime_ns for path in media_root.rglob("*") if path.is_file()}
    return counts, topics, files


def test_a_second_run_changes_nothing_in_the_community(demo: str, media_root: Path) -> None:
    before = _snapshot(media_root)

    second = run_demo()

    assert _snapshot(media_root) == before
    assert "Demo community: nothing to do" in second


def test_check_counts_finds_no_drift_after_the_demo(demo: str) -> None:
    out = io.StringIO()

    call_command("check_counts", stdout=out)

    assert "Every counter matches its rows." in out.getvalue()
