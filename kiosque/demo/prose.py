"""French texts for `kiosque generate`: titles, leads, article bodies, comments, names.

Made up from the word lists of `kiosque.demo.lexicon`, deterministically from a seed.

Rendering Markdown is what would make millions of texts slow, so each text is assembled from
pieces (a subheading, a paragraph, a list, a member's paragraph, a quote block) that are rendered
once, by the site's own renderers, and then reused: a body's HTML is its pieces' HTML joined the
way the renderer joins blocks. What varies inside a piece (a company's name in an article, a
member's name after « @ », the quoted post) is written into the rendered piece as a placeholder
word that Markdown and the sanitiser leave untouched, then replaced in both the source and the
HTML. Names so replaced hold only letters, digits, spaces, hyphens and underscores, which no
renderer changes. `kiosque.demo.generator` checks the result against the renderers on every
run, and the tests do on a sample.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Sequence

from django.conf import settings
from django.utils import translation

from kiosque.markup import quote_markdown, render_article_body, render_post

from . import lexicon
from .lexicon import Subject, Theme

# Placeholder words: plain letters, so that every renderer passes them through unchanged.
COMPANY_MARK = "Qzentreprise"
PRODUCT_MARK = "Qzproduit"
MEMBER_MARK = "qzmembre"
QUOTED_AUTHOR_MARK = "qzauteur"
QUOTED_POST_MARK = 987654321987
EXCERPT_MARK = "qzextrait"

# Pieces made per section: enough that two articles or comments rarely look alike.
ARTICLE_PARAGRAPHS_PER_THEME = 400
ARTICLE_INTROS_PER_THEME = 120
ARTICLE_SUBHEADS_PER_THEME = 60
ARTICLE_QUOTES_PER_THEME = 60
ARTICLE_LISTS_PER_THEME = 40
COMMENT_PARAGRAPHS_PER_THEME = 3000

# Members' typography: some type non-breaking spaces before « : ; ! ? », most a plain space,
# some none at all.
CAREFUL_WRITERS = 0.2
HASTY_WRITERS = 0.25

_SLOT = re.compile(r"\{(\w+)\}")
_NBSP = "\u00a0"


# --- Filling templates ------------------------------------------------------------------------


def fill(
    rng: random.Random,
    template: str,
    *,
    theme: Theme,
    company: str | None = None,
    product: str | None = None,
) -> str:
    """`template` with its slots filled; one subject per call, so {sujet} and {de_sujet} agree.

    Without `company` or `product`, a random one is taken.
    """
    subject: list[Subject] = []

    def value(match: re.Match[str]) -> str:
        slot = match.group(1)
        if slot in ("sujet", "Sujet", "de_sujet"):
            if not subject:
                subject.append(rng.choice(theme.subjects))
            text = subject[0].of if slot == "de_sujet" else subject[0].plain
            return text[0].upper() + text[1:] if slot == "Sujet" else text
        if slot == "entreprise":
            return company if company is not None else rng.choice(lexicon.COMPANIES)
        if slot == "produit":
            return product if product is not None else rng.choice(theme.products)
        return _slot_value(rng, slot, company=company)

    return _SLOT.sub(value, template)


def _slot_value(rng: random.Random, slot: str, *, company: str | None) -> str:
    if slot == "entreprise2":
        return rng.choice([name for name in lexicon.COMPANIES if name != company])
    if slot in ("ville", "ville2"):
        return rng.choice(lexicon.CITIES)
    if slot == "duree":
        return rng.choice(lexicon.DURATIONS)
    if slot == "nombre":
        return _french_number(rng.choice((rng.randint(12, 950), rng.randint(1_000, 60_000))))
    if slot == "pourcentage":
        return str(rng.randint(3, 60))
    if slot == "montant":
        return str(rng.choice((rng.randint(2, 95), rng.randint(100, 900))))
    if slot == "prix":
        return _french_number(rng.choice((49, 79, 99, 129, 199, 299, 449, 599, 899, 1299, 1999)))
    if slot == "heures":
        return str(rng.randint(6, 40))
    if slot == "note":
        return rng.choice(("4,5", "5,8", "6,2", "7", "7,9", "8,4", "9,1"))
    if slot == "annee":
        return rng.choice(lexicon.YEARS)
    if slot == "annee_passee":
        return str(rng.randint(2012, 2023))
    if slot == "annees":
        return str(rng.randint(4, 22))
    if slot == "Petit_nombre":
        return rng.choice(lexicon.SMALL_NUMBERS).capitalize()
    if slot == "capacite":
        return rng.choice(lexicon.CAPABILITIES)
    if slot == "faute":
        return rng.choice(lexicon.FAULTS)
    if slot == "verdict":
        return rng.choice(lexicon.VERDICTS)
    if slot == "membre":
        return MEMBER_MARK
    raise KeyError(slot)


def _french_number(value: int) -> str:
    """12 000: thousands set apart by a non-breaking space, as the French press writes them."""
    return f"{value:,}".replace(",", _NBSP)


def newsroom_typography(text: str) -> str:
    """Non-breaking spaces where French typography wants them (« : ; ! ? » and guillemets)."""
    for plain, fixed in ((" :", ":"), (" ;", ";"), (" !", "!"), (" ?", "?"), (" »", "»")):
        text = text.replace(plain, _NBSP + fixed)
    return text.replace("« ", "«" + _NBSP)


def _member_typography(rng: random.Random, text: str) -> str:
    """How one member types: carefully, plainly, or hastily (no space, three dots, "quotes")."""
    roll = rng.random()
    if roll < CAREFUL_WRITERS:
        return newsroom_typography(text)
    if roll < CAREFUL_WRITERS + HASTY_WRITERS:
        for plain, fixed in ((" :", ":"), (" !", "!"), (" ?", "?"), (" ;", ";")):
            text = text.replace(plain, fixed)
        return text.replace("…", "...").replace("« ", '"').replace(" »", '"')
    return text


# --- Articles ---------------------------------------------------------------------------------


class _Pieces:
    """Markdown pieces and their HTML, each rendered once, when first used."""

    def __init__(self, sources: list[str], render: Callable[[str], str]) -> None:
        self.sources = sources
        self._render = render
        self._html: list[str | None] = [None] * len(sources)

    def html(self, index: int) -> str:
        html = self._html[index]
        if html is None:
            html = self._html[index] = self._render(self.sources[index])
        return html


def _render_member_text(source: str) -> str:
    """A member's Markdown as post_reply stores it: rendered in the site's language (quote
    attributions, see kiosque.community.actions._stored_html); placeholder names count as
    members, so that « @name » becomes a link."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_post(source, known_usernames=lambda names: names).html


class ArticleWriter:
    """Titles, leads and Markdown bodies (with their HTML) of articles, section by section."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"{seed}:article-pieces")
        self._pieces = [self._theme_pieces(rng, theme) for theme in lexicon.THEMES]

    def _theme_pieces(self, rng: random.Random, theme: Theme) -> dict[str, _Pieces]:
        def paragraph(sentences: tuple[int, int]) -> str:
            pool = theme.facts + lexicon.NEWSROOM_FACTS
            count = rng.randint(*sentences)
            return " ".join(self._fill(rng, text, theme) for text in rng.sample(pool, count))

        def quote() -> str:
            first, _feminine = rng.choice(lexicon.FIRST_NAMES)
            name = f"{first} {rng.choice(lexicon.LAST_NAMES)}"
            words = self._fill(rng, rng.choice(lexicon.EXPERT_QUOTES), theme)
            role = self._fill(rng, rng.choice(lexicon.EXPERT_ROLES), theme)
            return newsroom_typography(f"> « {words} », estime {name}, {role}.")

        def bullet_list() -> str:
            items = rng.sample(lexicon.LIST_ITEMS, rng.randint(3, 4))
            lines = [f"- {self._fill(rng, item, theme)} ;" for item in items[:-1]]
            lines.append(f"- {self._fill(rng, items[-1], theme)}.")
            intro = rng.choice(lexicon.LIST_INTROS)
            return newsroom_typography(intro + "\n\n" + "\n".join(lines))

        def subhead() -> str:
            return "## " + self._fill(rng, rng.choice(lexicon.SUBHEADS), theme)

        def make(count: int, build: Callable[[], str]) -> _Pieces:
            return _Pieces([build() for _ in range(count)], render_article_body)

        return {
            "intro": make(ARTICLE_INTROS_PER_THEME, lambda: paragraph((2, 3))),
            "paragraph": make(ARTICLE_PARAGRAPHS_PER_THEME, lambda: paragraph((2, 4))),
            "subhead": make(ARTICLE_SUBHEADS_PER_THEME, subhead),
            "quote": make(ARTICLE_QUOTES_PER_THEME, quote),
            "list": make(ARTICLE_LISTS_PER_THEME, bullet_list),
        }

    @staticmethod
    def _fill(rng: random.Random, template: str, theme: Theme) -> str:
        text = fill(rng, template, theme=theme, company=COMPANY_MARK, product=PRODUCT_MARK)
        return newsroom_typography(text)

    def title(self, rng: random.Random, *, theme: Theme, company: str, product: str) -> str:
        """A headline about `company` or `product`, in the section's voice half of the time."""
        pool = theme.titles if rng.random() < 0.5 else lexicon.GENERIC_TITLES
        text = fill(rng, rng.choice(pool), theme=theme, company=company, product=product)
        return newsroom_typography(text)

    def lead(self, rng: random.Random, *, theme: Theme, company: str, product: str) -> str:
        """The standfirst: one or two sentences."""
        text = fill(rng, rng.choice(lexicon.LEADS), theme=theme, company=company, product=product)
        return newsroom_typography(text)

    def body(
        self, rng: random.Random, *, theme_index: int, company: str, product: str
    ) -> tuple[str, str]:
        """Markdown and its HTML: an introduction, then two to four parts under `##` subheads."""
        pieces = self._pieces[theme_index]
        chosen = [("intro", rng.randrange(ARTICLE_INTROS_PER_THEME))]
        for _part in range(rng.randint(2, 4)):
            chosen.append(("subhead", rng.randrange(ARTICLE_SUBHEADS_PER_THEME)))
            paragraphs = rng.randint(1, 3)
            extra = rng.random()
            for number in range(paragraphs):
                chosen.append(("paragraph", rng.randrange(ARTICLE_PARAGRAPHS_PER_THEME)))
                # A list or a quote sits after a paragraph, never first or twice in a row.
                if number == 0 and extra < 0.15:
                    chosen.append(("quote", rng.randrange(ARTICLE_QUOTES_PER_THEME)))
                elif number == 0 and extra < 0.25:
                    chosen.append(("list", rng.randrange(ARTICLE_LISTS_PER_THEME)))
        source = "\n\n".join(pieces[kind].sources[index] for kind, index in chosen)
        # Each block renders to its HTML followed by a newline: the blocks' HTML, end to end.
        html = "".join(pieces[kind].html(index) for kind, index in chosen)
        return _name(source, company, product), _name(html, company, product)


def _name(text: str, company: str, product: str) -> str:
    return text.replace(COMPANY_MARK, company).replace(PRODUCT_MARK, product)


# --- Members' comments ------------------------------------------------------------------------


class CommentWriter:
    """Members' paragraphs, openers and quote blocks, with their HTML rendered once.

    A paragraph is known by its number; `paragraph_html` renders it on first use. Paragraphs of
    theme t are numbers `theme_range(t)`; short reactions (never quoted) come first.
    """

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"{seed}:comment-pieces")
        sources = [_member_typography(rng, text) for text in lexicon.REACTIONS]
        self.reaction_count = len(sources)
        self._ranges: list[range] = []
        for theme in lexicon.THEMES:
            start = len(sources)
            sources += [self._paragraph(rng, theme) for _ in range(COMMENT_PARAGRAPHS_PER_THEME)]
            self._ranges.append(range(start, len(sources)))
        self._paragraphs = _Pieces(sources, _render_member_text)
        openers = [text.format(membre=MEMBER_MARK) for text in lexicon.MENTION_OPENERS]
        self._openers = _Pieces(
            [_member_typography(rng, text) for text in openers], _render_member_text
        )
        quote_html = _render_member_text(
            quote_markdown(username=QUOTED_AUTHOR_MARK, post_id=QUOTED_POST_MARK, text=EXCERPT_MARK)
        )
        self._quote_html = (
            quote_html.replace("{", "{{")
            .replace("}", "}}")
            .replace(QUOTED_AUTHOR_MARK, "{author}")
            .replace(str(QUOTED_POST_MARK), "{post_id}")
            .replace(EXCERPT_MARK, "{excerpt}")
        )

    @staticmethod
    def _paragraph(rng: random.Random, theme: Theme) -> str:
        count = rng.choices((1, 2, 3, 4), weights=(40, 35, 18, 7))[0]
        pool = theme.opinions + lexicon.OPINIONS
        sentences = [fill(rng, text, theme=theme) for text in rng.sample(pool, count)]
        text = " ".join(sentences)
        if rng.random() < 0.08:
            word = rng.choice(lexicon.EMPHASIS_WORDS)
            stars = "**" if rng.random() < 0.3 else "*"
            text = text.replace(f" {word} ", f" {stars}{word}{stars} ", 1)
        if rng.random() < 0.04:
            text += "\n" + fill(rng, rng.choice(lexicon.AFTERTHOUGHTS), theme=theme)
        return _member_typography(rng, text)

    def theme_range(self, theme_index: int) -> range:
        return self._ranges[theme_index]

    def paragraph_source(self, number: int) -> str:
        return self._paragraphs.sources[number]

    def paragraph_html(self, number: int) -> str:
        return self._paragraphs.html(number)

    def is_quotable(self, number: int) -> bool:
        """A reaction (« +1 ») is not worth quoting; a paragraph that is not a plain `<p>` is
        not quoted either, since its HTML inside a quote would not be its HTML alone."""
        if number < self.reaction_count:
            return False
        html = self.paragraph_html(number)
        return html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1

    def opener(self, rng: random.Random, username: str) -> tuple[str, str]:
        """« @name, … » as a first paragraph: Markdown and HTML."""
        index = rng.randrange(len(self._openers.sources))
        source = self._openers.sources[index].replace(MEMBER_MARK, username)
        return source, self._openers.html(index).replace(MEMBER_MARK, username)

    def quote(self, *, username: str, post_id: int, paragraph: int) -> tuple[str, str]:
        """The block quoting paragraph `paragraph` of post `post_id` by `username`.

        The source is what the composer's « Citer » inserts (`quote_markdown`); it ends with
        the blank line that separates it from the reply.
        """
        excerpt = self.paragraph_source(paragraph)
        source = quote_markdown(username=username, post_id=post_id, text=excerpt)
        html = self._quote_html.format(
            author=username, post_id=post_id, excerpt=self.paragraph_html(paragraph)[3:-4]
        )
        return source, html


def join_post(sources: Sequence[str], htmls: Sequence[str]) -> tuple[str, str]:
    """A post of several blocks: sources apart by a blank line, HTML by a newline."""
    return "\n\n".join(sources), "\n".join(htmls)


# --- People -----------------------------------------------------------------------------------


def ascii_name(text: str) -> str:
    """`text` without accents, spaces or apostrophes: « Le Goff » → « LeGoff »."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if char.isascii() and char.isalnum())


def make_username(rng: random.Random) -> str:
    """A French-looking username in ASCII (it appears in URLs and after « @ »)."""
    first, _feminine = rng.choice(lexicon.FIRST_NAMES)
    first = ascii_name(first)
    last = ascii_name(rng.choice(lexicon.LAST_NAMES))
    pattern = rng.randrange(9)
    if pattern == 0:
        return f"{first}_{last[0]}"
    if pattern == 1:
        return f"{first.lower()}_{rng.choice(lexicon.USERNAME_HOBBIES)}"
    if pattern == 2:
        return rng.choice(lexicon.USERNAME_WORDS)
    if pattern == 3:
        return rng.choice(lexicon.USERNAME_PREFIXES) + rng.choice(lexicon.USERNAME_SUFFIXES)
    if pattern == 4:
        word = rng.choice(lexicon.USERNAME_WORDS).lower()
        return f"{word}_{rng.choice(lexicon.USERNAME_ADJECTIVES)}"
    if pattern == 5:
        number = rng.choice((rng.randint(1, 95), rng.randint(1962, 2008)))
        return f"{first}{number:02d}"
    if pattern == 6:
        return f"{first}{last}"
    if pattern == 7:
        return f"{first.lower()}_{last.lower()}"
    return f"{last}{rng.randint(1, 95):02d}"


def make_usernames(rng: random.Random, count: int, *, taken: set[str]) -> list[str]:
    """`count` usernames, none equal, ignoring case, to one in `taken` (lowercased; updated)."""
    names = []
    for _ in range(count):
        name = make_username(rng)
        tries = 0
        while name.lower() in taken:
            tries += 1
            name = make_username(rng) if tries < 10 else f"{name}{rng.randint(2, 99)}"
        taken.add(name.lower())
        names.append(name)
    return names


def member_bio(rng: random.Random) -> str:
    """A member's one-line profile, or nothing (most members never write one)."""
    if rng.random() > 0.3:
        return ""
    return fill(rng, rng.choice(lexicon.MEMBER_BIOS), theme=lexicon.THEMES[0])


def author_identity(rng: random.Random, theme: Theme, section_name: str) -> tuple[str, str, str]:
    """A journalist of section `section_name`: name, job title, and a first-person bio."""
    first, feminine = rng.choice(lexicon.FIRST_NAMES)
    name = f"{first} {rng.choice(lexicon.LAST_NAMES)}"
    masculine_job, feminine_job = rng.choice(lexicon.AUTHOR_JOBS)
    job = f"{feminine_job if feminine else masculine_job} {section_name}"
    sentences = rng.sample(lexicon.AUTHOR_BIO_SENTENCES, rng.randint(2, 3))
    bio = " ".join(fill(rng, sentence, theme=theme) for sentence in sentences)
    return name, job, newsroom_typography(bio)
