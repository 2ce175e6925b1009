"""How a member's post reads once rendered: what they typed, never anything executable."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.utils import translation

from kiosque.markup import MENTIONS_PER_POST, POST_TAGS, quote_markdown, render_post


def everyone(names: set[str]) -> set[str]:
    """A mention resolver for which every name belongs to a member."""
    return set(names)


def nobody(names: set[str]) -> set[str]:
    return set()


class Page(HTMLParser):
    """The elements and the visible text of a rendered post."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text_parts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.elements if name == tag]


def visible_text(html: str) -> str:
    return Page(html).text


# --- What the writer meant is what readers see -----------------------------------------------


def test_typed_html_tags_stay_visible_as_text():
    rendered = render_post("Première ligne<br /> deuxième ligne")

    assert visible_text(rendered.html) == "Première ligne<br /> deuxième ligne"
    assert "&lt;br /&gt;" in rendered.html
    assert "<br" not in rendered.html


def test_nbsp_entity_becomes_a_non_breaking_space_once():
    rendered = render_post("Le conseil a menacé de «&nbsp;détruire&nbsp;» la société.")

    assert "«\u00a0détruire\u00a0»" in visible_text(rendered.html)
    assert "&amp;nbsp;" not in rendered.html


@pytest.mark.parametrize("typed", ["une R&amp;D éthique", "une R&D éthique"])
def test_ampersand_shows_once_whether_typed_as_entity_or_not(typed):
    rendered = render_post(typed)

    assert visible_text(rendered.html) == "une R&D éthique"
    assert "R&amp;D" in rendered.html
    assert "&amp;amp;" not in rendered.html


def test_an_escaped_entity_shows_as_written():
    rendered = render_post("Écrivez &amp;nbsp; pour une espace insécable.")

    assert visible_text(rendered.html) == "Écrivez &nbsp; pour une espace insécable."


def test_a_single_newline_is_a_line_break():
    rendered = render_post("Amour, gloire et beauté.\nVoilà.")

    assert Page(rendered.html).all("br")
    assert visible_text(rendered.html) == "Amour, gloire et beauté.\nVoilà."


def test_markdown_emphasis_lists_and_code_work():
    page = Page(render_post("**gras** et *italique*\n\n- un\n- deux\n\n`code` ~~barré~~").html)

    assert [tag for tag, _ in page.elements] == [
        "p", "strong", "em", "ul", "li", "li", "p", "code", "s",
    ]  # fmt: skip


def test_headings_become_bold_paragraphs_to_keep_the_page_outline():
    page = Page(render_post("# Grand titre\n\nTexte\n\nSous-titre\n---").html)

    assert not [tag for tag, _ in page.elements if re.fullmatch(r"h\d", tag)]
    assert page.all("p")[0] == {"class": "post-heading"}
    assert len(page.all("strong")) == 2


def test_control_characters_are_removed_but_tabs_and_newlines_kept():
    rendered = render_post("sonn\x07erie\x1b[31m\n\n```\n\tindenté\n```")

    assert "sonnerie[31m" in visible_text(rendered.html)
    assert "\tindenté" in visible_text(rendered.html)


# --- Links ------------------------------------------------------------------------------------


def test_bare_addresses_become_user_content_links_without_target():
    page = Page(render_post("ChatGPT est en panne https://downdetector.com/status/openai/").html)

    assert page.all("a") == [
        {"href": "https://downdetector.com/status/openai/", "rel": "nofollow ugc noopener"}
    ]


def test_a_link_alone_on_its_line_gets_its_own_paragraph_and_is_a_card_candidate():
    rendered = render_post(
        "Regardez :\nhttps://example.com/article?id=1&lang=fr\nC'est édifiant.\n\n"
        "Et dans le texte https://example.org/ non."
    )

    assert rendered.link_urls == ("https://example.com/article?id=1&lang=fr",)
    assert (
        '<p><a href="https://example.com/article?id=1&amp;lang=fr" rel="nofollow ugc noopener">'
        "https://example.com/article?id=1&amp;lang=fr</a></p>"
    ) in rendered.html
    assert visible_text(rendered.html).count("C'est édifiant.") == 1


def test_links_in_quotes_lists_or_with_a_label_are_not_card_candidates():
    rendered = render_post(
        "- https://example.com/liste\n\n"
        "[un article](https://example.com/libelle)\n\n"
        "mailto:redaction@example.org\n\n"
        '[quote="alice, post:3"]\nhttps://example.com/citation\n[/quote]'
    )

    assert rendered.link_urls == ()


def test_the_same_link_twice_is_one_candidate():
    rendered = render_post("https://example.com/a\n\nhttps://example.com/a")

    assert rendered.link_urls == ("https://example.com/a",)


def test_internal_relative_links_are_not_marked_as_user_content():
    page = Page(render_post("[la charte](/charte/)").html)

    assert page.all("a") == [{"href": "/charte/"}]


# --- Quotes -----------------------------------------------------------------------------------


def test_a_quote_links_to_the_quoted_post_with_its_author():
    with translation.override("en"):
        rendered = render_post('[quote="alice, post:123"]\nLe board est prêt.\n[/quote]\n\nEt ?')

    page = Page(rendered.html)
    assert page.elements[:3] == [
        ("blockquote", {"class": "quote", "cite": "/forum/p/123/"}),
        ("p", {"class": "quote__attribution"}),
        ("a", {"href": "/forum/p/123/"}),
    ]
    assert "alice wrote:" in page.text
    assert "Le board est prêt." in page.text
    assert rendered.quoted_post_ids == frozenset({123})


def test_nested_and_several_quotes():
    rendered = render_post(
        '[quote="bob, post:2"]\n[quote="alice, post:1"]\nPremier\n[/quote]\nDeuxième\n[/quote]\n'
        "Réponse\n"
        '[quote="carol, post:3"]\nTroisième\n[/quote]'
    )

    page = Page(rendered.html)
    assert [attrs["cite"] for attrs in page.all("blockquote")] == [
        "/forum/p/2/",
        "/forum/p/1/",
        "/forum/p/3/",
    ]
    assert rendered.quoted_post_ids == frozenset({1, 2, 3})
    assert rendered.html.index("Premier") < rendered.html.index("Deuxième")
    assert "[quote" not in page.text and "[/quote]" not in page.text


def test_quoted_text_keeps_its_markdown():
    page = Page(
        render_post('[quote="alice, post:1"]\n**fort**\nhttps://example.com/\n[/quote]').html
    )

    assert page.all("strong")
    assert {"href": "https://example.com/", "rel": "nofollow ugc noopener"} in page.all("a")


def test_an_unclosed_quote_stays_text():
    rendered = render_post('[quote="alice, post:1"]\nJamais fermée')

    assert rendered.quoted_post_ids == frozenset()
    assert '[quote="alice, post:1"]' in visible_text(rendered.html)


def test_a_quote_without_author_has_no_attribution():
    page = Page(render_post("[quote]\nAnonyme\n[/quote]").html)

    assert page.elements == [("blockquote", {"class": "quote"}), ("p", {})]


def test_quote_markdown_round_trips():
    source = quote_markdown(username="alice", post_id=42, text="Un avis\n\ntranché.\n")

    assert source == '[quote="alice, post:42"]\nUn avis\n\ntranché.\n[/quote]\n\n'
    rendered = render_post(source + "Je ne suis pas d'accord.")
    assert rendered.quoted_post_ids == frozenset({42})
    assert "Un avis" in visible_text(rendered.html)


def test_quote_markdown_drops_a_name_that_could_break_the_block():
    assert quote_markdown(username='x"] [quote', post_id=1, text="t").startswith("[quote]\n")


# --- Mentions ---------------------------------------------------------------------------------


def test_mentions_of_members_link_to_their_profile() -> None:
    asked: list[set[str]] = []

    def members(names: set[str]) -> set[str]:
        asked.append(names)
        return {"Alice"} & {name.capitalize() for name in names}

    rendered = render_post("Merci @alice et @inconnu.", known_usernames=members)

    assert asked == [{"alice", "inconnu"}]
    assert rendered.mentions == frozenset({"alice"})
    page = Page(rendered.html)
    assert page.all("a") == [{"class": "mention", "href": "/membres/Alice/"}]
    assert page.text == "Merci @alice et @inconnu."


@pytest.mark.parametrize(
    "source",
    [
        "écrivez à alice@example.org",
        "`@alice` dans du code",
        "[@alice](https://example.com/)",
        "https://example.com/@alice",
        "```\n@alice\n```",
    ],
)
def test_no_mention_in_addresses_links_or_code(source: str) -> None:
    asked: list[set[str]] = []

    def members(names: set[str]) -> set[str]:
        asked.append(names)
        return names

    rendered = render_post(source, known_usernames=members)

    assert rendered.mentions == frozenset()
    assert not any(a.get("class") == "mention" for a in Page(rendered.html).all("a"))


def test_a_mention_ends_before_trailing_punctuation():
    rendered = render_post("Bonjour @jean.dupont-2.", known_usernames=everyone)

    assert rendered.mentions == frozenset({"jean.dupont-2"})


def test_no_resolver_call_without_mentions():
    def members(names: set[str]) -> set[str]:
        raise AssertionError("no lookup expected")

    assert render_post("Rien à signaler.", known_usernames=members).mentions == frozenset()


def test_mentions_are_capped():
    names = " ".join(f"@membre{n}" for n in range(MENTIONS_PER_POST + 5))

    rendered = render_post(names, known_usernames=everyone)

    assert len(rendered.mentions) == MENTIONS_PER_POST


def test_mentions_are_looked_up_among_active_members_by_default(member, django_user_model):
    gone = django_user_model.objects.create(username="parti", is_active=False)

    rendered = render_post(f"@{member.username.upper()} et @{gone.username}")

    assert rendered.mentions == frozenset({member.username})
    assert Page(rendered.html).all("a") == [
        {"class": "mention", "href": f"/membres/{member.username}/"}
    ]


# --- Images -----------------------------------------------------------------------------------


def size_of(path: str) -> tuple[int, int, int] | None:
    return (895, 371, 18022) if path == "posts/2026/11/capture-ab12.png" else None


def test_an_uploaded_image_links_to_its_full_size_with_its_dimensions():
    with translation.override("en"):
        rendered = render_post(
            "![capture](/media/posts/2026/11/capture-ab12.png)", image_info=size_of
        )

    page = Page(rendered.html)
    assert page.all("a") == [
        {"class": "post-image", "href": "/media/posts/2026/11/capture-ab12.png"}
    ]
    assert page.all("img") == [
        {
            "src": "/media/posts/2026/11/capture-ab12.png",
            "alt": "capture",
            "width": "895",
            "height": "371",
            "loading": "lazy",
        }
    ]
    assert page.all("span") == [{"class": "post-image__info"}]
    assert "895×371 17.6\u00a0KB" in page.text


def test_image_size_reads_the_french_way_in_french():
    with translation.override("fr"):
        rendered = render_post("![](/media/posts/2026/11/capture-ab12.png)", image_info=size_of)

    assert "895×371 17,6\u00a0Kio" in visible_text(rendered.html)
    assert Page(rendered.html).all("img")[0]["alt"]  # never an empty link


def test_an_image_without_known_size_has_no_caption():
    page = Page(render_post("![photo](/media/posts/2026/11/photo.jpg)").html)

    assert page.all("img") == [
        {"src": "/media/posts/2026/11/photo.jpg", "alt": "photo", "loading": "lazy"}
    ]
    assert not page.all("span")


@pytest.mark.parametrize(
    "address",
    [
        "https://tracker.example/pixel.gif",
        "//tracker.example/pixel.gif",
        "/static/kiosque/logo.png",
        "/media/../etc/passwd",
    ],
)
def test_images_from_elsewhere_become_links(address):
    page = Page(render_post(f"![le graphique]({address})").html)

    assert not page.all("img")
    assert page.text == "le graphique"
    assert page.all("a")[0]["href"] == address


# --- Hostile input ----------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width:expression(alert(1))">x</p>',
    '<base href="javascript:alert(1)//">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<scr<script>ipt>alert(1)</script>",
    "<!-- --><script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](<javascript:alert(1)>)",
    "[clic](&#106;avascript:alert(1))",
    "[clic](&#x6A;&#x61;vascript&colon;alert(1))",
    "[clic](java\tscript:alert(1))",
    "[clic](\x00javascript:alert(1))",
    "[clic](vbscript:msgbox(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[clic][ref]\n\n[ref]: javascript:alert(1)",
    '[clic](https://example.com "titre" onmouseover="alert(1)")',
    '[clic](https://example.com "titre\\" onmouseover=\\"alert(1)")',
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x](vbscript:msgbox(1))",
    '![x" onerror="alert(1)](/media/posts/a.png)',
    '![x](/media/posts/a.png" onerror="alert(1))',
    "<javascript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    '<https://example.com/" onclick="alert(1)>',
    'https://example.com/"onmouseover="alert(1)',
    "www.example.com/<script>alert(1)</script>",
    '[quote="x\\" onmouseover=alert(1), post:1"]\nsalut\n[/quote]',
    '[quote="x" onmouseover="alert(1)", post:1"]\nsalut\n[/quote]',
    '[quote="x onmouseover=alert(1), post:1"]\nsalut\n[/quote]',
    '[quote="<script>alert(1)</script>, post:1"]\nsalut\n[/quote]',
    '[quote="alice, post:javascript:alert(1)"]\nsalut\n[/quote]',
    '[quote="alice, post:1"]\n<script>alert(1)</script>\n[clic](javascript:alert(1))\n[/quote]',
    '[quote="alice, post:1"]\n[quote="bob, post:2"]\n[quote]\nsans fin\n[/quote]',
    "[quote]\n" * 50 + "fond" + "\n[/quote]" * 50,
    "@<script>alert(1)</script>",
    '@alice" onmouseover="alert(1)',
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    '```" onmouseover="alert(1)\ncode\n```',
    "\u202e[lien](https://evil.example/)\u202c gnp.exe",
    "a\x00<script>alert(1)</script>",
    "> " * 500 + "<script>alert(1)</script>",
    "[" * 5000 + "](javascript:alert(1))",
    "x" * 200_000 + "<script>alert(1)</script>",
    "[x](mailto:a@example.com?body=<script>alert(1)</script>)",
]


def is_harmless_url(value: str) -> bool:
    compact = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
    scheme = re.match(r"([^/?#]*):", compact)
    return scheme is None or scheme.group(1) in {"http", "https", "mailto"}


def assert_harmless(html: str) -> None:
    for tag, attrs in Page(html).elements:
        assert tag in POST_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in {"style", "srcdoc", "formaction", "action", "xlink:href"}
            if name in {"href", "src", "cite"}:
                assert is_harmless_url(value), (tag, name, value)


def test_the_hostile_list_is_long_enough():
    assert len(HOSTILE) >= 40


@pytest.mark.parametrize("source", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_renders_nothing_executable(source):
    rendered = render_post(source, known_usernames=everyone, image_info=lambda path: (1, 1, 1))

    assert_harmless(rendered.html)
    assert "<script" not in rendered.html.lower()


def test_bidi_controls_and_nul_bytes_are_removed():
    rendered = render_post("\u202e[lien](https://evil.example/)\u202c gnp.exe a\x00b")

    assert "\u202e" not in rendered.html and "\u202c" not in rendered.html
    assert "\x00" not in rendered.html and "\ufffd" not in rendered.html
