"""Moderation in a browser, on the demo site: a member reports a post, reports hide it, a
moderator decides with a rule, the author reads the statement and appeals, another moderator
answers, and every step is in the log; a new member meets a posting limit in French.

With KIOSQUE_SCREENS_DIR set, each moderation page is also saved as a PNG at a phone's and a
laptop's width (390 and 1366 px), to look at.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import Browser, Locator, Page, expect

from e2e.community_helpers import member_nav, sign_in, submit, visit
from e2e.conftest import TIMEOUT_MS
from e2e.quality import assert_accessible, assert_valid_documents, screenshots
from kiosque.accounts.models import TrustLevel
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community.models import Moderation, Post
from kiosque.demo.community import DEMO_PASSWORD
from kiosque.demo.content.moderation import DEMO_TOTP_SECRET, MODERATOR, MODERATORS_GROUP
from kiosque.moderation.models import Decision

pytestmark = pytest.mark.usefixtures("demo_site", "quality_tools")

# The demo member whose post is reported, and the two regulars whose reports hide it.
AUTHOR = "Zephyrine"
REPORTERS = ("Mistinguette", "Lunaire")
SECOND_MODERATOR_PASSWORD = "un mot de passe solide"


@contextmanager
def tab(browser: Browser, live_server: Any, *, javascript: bool = True) -> Iterator[Page]:
    """A French reader's browser, as `member_tab` gives, where axe may be injected: the site's
    Content-Security-Policy refuses inline scripts, axe's own included."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        locale="fr-FR",
        timezone_id="Europe/Paris",
        java_script_enabled=javascript,
        bypass_csp=True,
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def checked(page: Page, name: str, documents: dict[str, str], html: str) -> None:
    """Keep `html` for the Nu checker, run axe on the page as shown, and take its picture."""
    documents[name] = html
    assert_accessible(page, name)
    screenshots(page, name)


def post_on_page(page: Page, post: Post) -> Locator:
    return page.locator(f"#post-{post.pk}")


def open_notice(page: Page, wording: str) -> None:
    """Follow the bell to the newest notice, which says `wording`, and open what it links to."""
    bell = member_nav(page).get_by_role("button", name=re.compile(r"^Notifications \(\d+ non lue"))
    bell.click()  # the bell's dropdown (bell.js): the latest lines, newest first
    notice = page.locator("#bell-panel").get_by_role("listitem").first
    expect(notice).to_contain_text(wording)
    submit(page, notice.get_by_role("button"))  # opening reads it: a form's POST


def sign_in_with_code(
    page: Page, username: str, secret: str, *, password: str = DEMO_PASSWORD, next_url: str
) -> None:
    """Sign in as someone who moderates: the password, then the code of their authenticator
    app, computed from its secret as the app would."""
    visit(page, f"{reverse('account_login')}?{urlencode({'next': next_url})}")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    submit(page, page.get_by_role("button", name="Connexion"))
    expect(page).to_have_url(re.compile(r"/compte/2fa/authenticate/"))
    page.locator("input[name=code]").fill(
        format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    )
    submit(page, page.locator("main form button[type=submit]").first)
    assert urlsplit(page.url).path == urlsplit(next_url).path
    expect(member_nav(page).get_by_role("link", name=username, exact=True)).to_be_visible()


def report(tab: Page, reporter: str, post: Post, documents: dict[str, str]) -> None:
    """`reporter` reports `post` for harassment through its Report link and form."""
    sign_in(tab, reporter, next_url=post.topic.get_absolute_url())
    submit(tab, post_on_page(tab, post).get_by_role("link", name=re.compile("^Signaler")))
    expect(tab.get_by_role("heading", level=1)).to_have_text("Signaler un message")
    if not documents:
        checked(tab, "signalement", documents, tab.content())
    tab.locator("input[name=reason][value=harassment]").check()
    tab.get_by_label(re.compile("^Précisez")).fill("Des attaques personnelles répétées.")
    sent = submit(tab, tab.get_by_role("button", name="Envoyer le signalement"))
    assert sent.status == 200
    expect(tab.locator(".messages")).to_contain_text("votre signalement a été transmis")


def test_a_report_a_decision_an_appeal_and_the_log(
    page: Page, browser: Browser, live_server: Any
) -> None:
    documents: dict[str, str] = {}
    post = Post.objects.visible().filter(author__username=AUTHOR).order_by("pk").first()
    assert post is not None
    excerpt = post.source.split("\n")[0][:40]

    # Two members report it; the second one has JavaScript off.
    with tab(browser, live_server) as reporter:
        report(reporter, REPORTERS[0], post, documents)
    with tab(browser, live_server, javascript=False) as reporter:
        report(reporter, REPORTERS[1], post, documents)
    # Enough weight: hidden until a moderator decides, and its author was told.
    visit(page, post.topic.get_absolute_url())
    expect(page.get_by_text(excerpt)).to_have_count(0)
    assert Post.objects.get(pk=post.pk).moderation == Moderation.REPORTED

    # The moderator finds it in the queue and hides it, naming a rule.
    with tab(browser, live_server) as moderator, tab(browser, live_server) as author:
        sign_in_with_code(moderator, MODERATOR.username, DEMO_TOTP_SECRET, next_url="/moderation/")
        item = moderator.locator("article.queue-item", has_text=excerpt)
        expect(item).to_contain_text("masqué après signalements")
        checked(moderator, "file", documents, moderator.content())
        item.get_by_label("Règle").select_option("respect")
        item.get_by_label("Note (facultative)").fill("Attaques personnelles.")
        submit(moderator, item.get_by_role("button", name="Masquer", exact=True))
        expect(moderator.get_by_text("inscrit au journal")).to_be_visible()
        expect(moderator.locator("article.queue-item", has_text=excerpt)).to_have_count(0)

        # The author reads the statement of reasons and appeals.
        sign_in(author, AUTHOR)
        open_notice(author, "Un modérateur a masqué votre message")
        statement = author.locator("dl.statement")
        expect(statement).to_contain_text("Respect : ni insultes, ni harcèlement, ni haine")
        expect(statement).to_contain_text("un modérateur")
        expect(statement).to_contain_text("Attaques personnelles.")
        expect(author.get_by_text(re.compile("expliquez pourquoi avant"))).to_be_visible()
        checked(author, "decision", documents, author.content())
        author.locator("textarea[name=text]").fill("C'était de l'ironie, relisez le fil.")
        submit(author, author.get_by_role("button", name="Envoyer mon appel"))
        expect(author.get_by_text("Votre appel a été envoyé")).to_be_visible()

        # The moderator who decided may not answer the appeal; another one does.
        visit(moderator, "/moderation/")
        appeal = moderator.locator("article.queue-item", has_text="C'était de l'ironie")
        refused = submit(moderator, appeal.get_by_role("button", name=re.compile("^Refuser")))
        assert refused.status == 403
        colleague = UserFactory.create(
            username="moderateur_bis", trust_level=TrustLevel.REGULAR, second_factor=True
        )
        colleague.groups.add(Group.objects.get(name=MODERATORS_GROUP))
        with tab(browser, live_server) as moderator:
            sign_in_with_code(
                moderator,
                colleague.username,
                colleague.totp_secret,  # type: ignore[attr-defined]  # set by UserFactory
                password=SECOND_MODERATOR_PASSWORD,
                next_url="/moderation/",
            )
            appeal = moderator.locator("article.queue-item", has_text="C'était de l'ironie")
            appeal.get_by_label("Réponse au membre").fill(
                "Lu dans son contexte, c'est de l'ironie."
            )
            submit(moderator, appeal.get_by_role("button", name=re.compile("^Accepter")))
            expect(moderator.get_by_text("le membre en a été informé")).to_be_visible()

            # The log shows each step, newest first.
            visit(moderator, "/moderation/journal/")
            rows = moderator.get_by_role("row")
            expect(rows.nth(1)).to_contain_text("Appel accepté")
            expect(rows.nth(2)).to_contain_text("Masqué")
            expect(rows.nth(2)).to_contain_text(MODERATOR.username)
            expect(rows.nth(3)).to_contain_text("Masqué après signalements")
            expect(rows.nth(3)).to_contain_text("les règles du site")
            checked(moderator, "journal", documents, moderator.content())

        # The outcome arrives under the author's bell; the post is back.
        author.reload()
        open_notice(author, "Votre appel a été accepté")
        expect(author.get_by_role("main")).to_contain_text("Lu dans son contexte")
        visit(author, post.topic.get_absolute_url())
        expect(post_on_page(author, post)).to_contain_text(excerpt)

    verbs = list(Decision.objects.filter(post=post).values_list("verb", flat=True))
    assert verbs == ["grant_appeal", "hide", "hide_by_reports"]
    assert_valid_documents(documents)


def test_a_new_member_meets_the_limit_and_keeps_the_text(
    browser: Browser, live_server: Any
) -> None:
    with tab(browser, live_server) as page:
        _meet_the_limit(page)


def _meet_the_limit(page: Page) -> None:
    documents: dict[str, str] = {}
    newcomer = UserFactory.create(username="tout_nouveau", newcomer=True)
    topic = Post.objects.visible().filter(topic__article__isnull=True).first().topic  # type: ignore[union-attr]  # the demo has one
    sign_in(page, newcomer.username, password=SECOND_MODERATOR_PASSWORD, next_url="/")
    composer = page.locator("form.composer textarea[name=source]")
    for number in range(1, 5):
        visit(page, topic.get_absolute_url())
        text = f"Réponse numéro {number} : j'ajoute mon grain de sel à la discussion."
        composer.fill(text)
        sent = submit(page, page.locator("form.composer").get_by_role("button", name="Publier"))
        if number < 4:
            assert sent.status == 200
    assert sent.status == 429
    expect(page.get_by_role("alert")).to_contain_text(
        "À votre niveau de confiance (nouveau membre), vous pouvez envoyer 3 messages par minute"
    )
    expect(composer).to_have_value(text)
    checked(page, "refus", documents, sent.text())
    assert_valid_documents(documents)
