"""French typography at render time (#10, part 8): kiosque/typography.py and the `typography`
filter of the article and post templates.

Cost, measured by `test_a_long_article_is_spaced_in_a_few_milliseconds` on a 5,000-word article
of ordinary HTML (paragraphs, links, code, emphasis): about 6 ms on this machine (printed with
`-s`); pages are rendered once and kept, and a remembered post ({% memo %}) is spaced once.
"""

import time

import pytest
from django.template import Context, Template
from django.utils import translation

from kiosque.typography import french_spacing

N = "\u202f"  # narrow no-break space
S = "\u00a0"  # no-break space

CHANGED = [
    ("Bonjour !", f"Bonjour{N}!"),
    ("Bonjour!", f"Bonjour{N}!"),
    ("Vraiment ?", f"Vraiment{N}?"),
    ("Quoi ?!", f"Quoi{N}?!"),
    ("Note : voir plus bas", f"Note{N}: voir plus bas"),
    ("Note: voir plus bas", f"Note{N}: voir plus bas"),
    ("un ; deux", f"un{N}; deux"),
    ("« citation »", f"«{N}citation{N}»"),
    ("«citation»", f"«{N}citation{N}»"),
    ("Bonjour&nbsp;!", f"Bonjour{N}!"),
    (f"Bonjour{S}?", f"Bonjour{N}?"),
    ("Résultat :", f"Résultat{N}:"),
    ("<p>Et alors ?</p>", f"<p>Et alors{N}?</p>"),
    ("<p>Il a dit <em>« oui »</em> !</p>", f"<p>Il a dit <em>«{N}oui{N}»</em>{N}!</p>"),
    ("10 km", f"10{S}km"),
    ("3 Go de mémoire", f"3{S}Go de mémoire"),
    ("20 % de plus", f"20{S}% de plus"),
    ("1,5 GHz", f"1,5{S}GHz"),
    ("10 000 km", f"10{N}000{S}km"),
    ("4 000 mAh", f"4{N}000{S}mAh"),
    (
        '<a href="https://exemple.fr/?a=1;b=2">le lien !</a>',
        f'<a href="https://exemple.fr/?a=1;b=2">le lien{N}!</a>',
    ),
    ("<pre><code>a ; b</code></pre> puis c ; d", f"<pre><code>a ; b</code></pre> puis c{N}; d"),
    ("&amp; toi ?", f"&amp; toi{N}?"),
    ("Adresse : https://exemple.fr/a:b;c", f"Adresse{N}: https://exemple.fr/a:b;c"),
    ("l&#x27;été : chaud", f"l'été{N}: chaud"),
]

UNCHANGED = [
    "Il est 17:30, le format 16:9.",
    "Rendez-vous à 17h30.",
    "Voir https://exemple.fr/page?x=1&amp;y=2 !".replace(" !", ""),
    "https://exemple.fr/a:b;c ?x=1",
    "www.exemple.fr/?q=a;b",
    "mailto:moi@exemple.fr",
    "Bravo :tada: :+1: oui",
    "Merci :) et ;-) et :D et :-( et :P",
    "std::vector et a::b",
    "C:\\Windows",
    "<code>a : b ! c ?</code>",
    "<pre>x ; y</pre>",
    "<kbd>Ctrl : C</kbd>",
    "<samp>Erreur : 42</samp>",
    '<a href="https://x.fr/?a=b;c" title="a : b">lien</a>',
    '<p title="a > b : c">texte</p>',
    '<img alt="Image : un chat !" src="/a.png">',
    "<!-- note : rien ! -->",
    "10km, 3Go, 20%",
    "en 2023 300 personnes",
    "la version 3 est sortie",
    "Comment?Bien",
    "&lt;b&gt; &amp;&amp; &#39;",
    "",
]


@pytest.mark.parametrize(("source", "expected"), CHANGED)
def test_french_spacing(source, expected):
    assert french_spacing(source) == expected


@pytest.mark.parametrize("source", UNCHANGED)
def test_what_must_not_change(source):
    assert french_spacing(source) == source


def test_spacing_twice_changes_nothing_more():
    for _source, expected in CHANGED:
        assert french_spacing(expected) == expected


def test_code_after_code_and_text_inside_nested_code_are_left_alone():
    html = "<pre><code>if a : b</code></pre><p>Puis : <code>x ?</code> enfin !</p>"
    assert french_spacing(html) == (
        f"<pre><code>if a : b</code></pre><p>Puis{N}: <code>x ?</code> enfin{N}!</p>"
    )


def render(template, language, **context):
    with translation.override(language):
        return Template(template).render(Context(context))


def test_the_filter_works_on_french_pages_only():
    html = "<p>Le débat : « oui » !</p>"
    french = render("{{ text|safe|typography }}", "fr", text=html)
    assert french == f"<p>Le débat{N}: «{N}oui{N}»{N}!</p>"
    assert render("{{ text|safe|typography }}", "en", text=html) == html


def test_plain_text_is_escaped_before_it_is_spaced():
    assert render("{{ text|typography }}", "fr", text="<b> : oui !") == (f"&lt;b&gt;{N}: oui{N}!")


@pytest.mark.django_db
def test_articles_and_posts_are_spaced_on_the_page_and_stored_as_typed(client, article):
    from kiosque.community import actions
    from kiosque.newsroom import actions as newsroom_actions

    article.body = "Le verdict : **enfin** !\n\n```\nx = a ? b : c\n```"
    article.lead = "Que faut-il en penser ?"
    newsroom_actions.save_article(article, by=None)
    article.refresh_from_db()
    from kiosque.accounts.tests.factories import UserFactory

    post = actions.post_reply(article.topic, author=UserFactory(), source="D'accord : bravo !")

    html = client.get(article.get_absolute_url()).content.decode()
    assert f"Le verdict{N}: <strong>enfin</strong>{N}!" in html
    assert "x = a ? b : c" in html
    assert f"Que faut-il en penser{N}?" in html
    assert f"bravo{N}!" in html
    english = client.get("/en" + article.get_absolute_url()).content.decode()
    assert "Le verdict : <strong>enfin</strong> !" in english
    article.refresh_from_db()
    post.refresh_from_db()
    assert N not in article.body_html and N not in post.html and "bravo !" in post.source


def test_a_long_article_is_spaced_in_a_few_milliseconds():
    paragraph = (
        "<p>Le processeur : 8 cœurs à 3,5 GHz, 16 Go de mémoire et 1 To de stockage ! "
        'Voir <a href="https://exemple.fr/test?a=1;b=2">le test</a> ; puis <code>a : b</code> '
        "« le meilleur » ? À 17:30, :tada: :) il reste 20 % de batterie pour 10 000 km.</p>\n"
    )
    words = len(paragraph.split())
    html = paragraph * (5000 // words + 1)
    french_spacing(html)
    started = time.perf_counter()
    runs = 20
    for _ in range(runs):
        french_spacing(html)
    milliseconds = (time.perf_counter() - started) / runs * 1000
    print(f"\n{len(html.split()):,} words of HTML spaced in {milliseconds:.2f} ms")
    assert milliseconds < 50
