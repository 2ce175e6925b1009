"""Search, as a reader meets it: French words found whatever their accents and forms, phrases,
ranking, filters, pages, excerpts; nothing a reader may not see; every bad input answered with a
message. The module runs on whichever database the suite runs on (`make test`: SQLite, then
PostgreSQL) and asserts the same answers on both.

The first tests index what factories made with `reindex()`; those of the last part change things
through the real actions and check that the index followed their announcements."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community.models import Post
from kiosque.community.tests.factories import CategoryFactory, PostFactory, TopicFactory
from kiosque.discovery.search import (
    MAX_QUERY_LENGTH,
    SearchFilters,
    SearchPage,
    reindex,
    search,
)
from kiosque.discovery.search.backend import get_backend
from kiosque.newsroom.models import Article
from kiosque.newsroom.tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def titles(page: SearchPage) -> list[str]:
    return [hit.title for hit in page.hits]


def found(query: str, **filters: object) -> list[str]:
    """The titles a search finds (articles) and the topic titles of the posts it finds."""
    page = search(query, filters=SearchFilters(**filters))  # type: ignore[arg-type]  # test kwargs
    return titles(page)


def article(title: str, *, lead: str = "Un chapeau.", body: str = "Un texte.", **fields: object):
    return ArticleFactory(title=title, lead=lead, body=body, **fields)


def forum_post(text: str, *, topic_title: str = "Une discussion", **fields: object) -> Post:
    topic = TopicFactory(title=topic_title)
    # Stored as the renderer stores it: the text escaped.
    post: Post = PostFactory.create(
        topic=topic, source=text, html=f"<p>{escape(text)}</p>", **fields
    )
    return post


# --- French words ------------------------------------------------------------------------------


def test_accents_do_not_matter_either_way():
    article("Gaëtan Roussel chante", body="Un concert cet été, en plein air.")
    article("Gaetan sans accent", body="Une soirée d'ete sur la plage.")
    reindex()
    assert sorted(found("Gaetan")) == ["Gaetan sans accent", "Gaëtan Roussel chante"]
    assert sorted(found("GAËTAN")) == ["Gaetan sans accent", "Gaëtan Roussel chante"]
    assert sorted(found("ete")) == ["Gaetan sans accent", "Gaëtan Roussel chante"]
    assert sorted(found("été")) == ["Gaetan sans accent", "Gaëtan Roussel chante"]


def test_word_forms_match():
    article("Plan social", body="Le licenciement de 300 personnes est annoncé.")
    article("Grève", body="Chaque salarié a reçu une lettre.")
    article("Sans rapport", body="Une licence de logiciel libre.")
    reindex()
    assert found("licencié") == ["Plan social"]
    assert found("licenciements") == ["Plan social"]
    assert found("salariés") == ["Grève"]
    # Typed without its accent, a participle still finds its noun (and, as "il licencie",
    # whatever "licence" finds: Snowball gives them one stem).
    assert "Plan social" in found("licencie")
    assert found("salaries") == ["Grève"]


def test_quoted_phrases_find_the_words_together():
    article("Ensemble", body="Les réseaux sociaux changent la donne.")
    article("Séparés", body="Le réseau de la ville est social et gratuit.")
    article("Réseau", lead="Social et gratuit, le service ouvre.", body="Rien à voir.")
    reindex()
    assert sorted(found("réseau social")) == ["Ensemble", "Réseau", "Séparés"]
    assert found('"réseau social"') == ["Ensemble"]
    assert found('"reseaux sociaux" donne') == ["Ensemble"]
    assert found('"réseaux sociaux changent"') == ["Ensemble"]
    assert found('"réseaux changent sociaux"') == []
    assert sorted(found('"social et gratuit"')) == ["Réseau", "Séparés"]
    # The title's last word and the lead's first are not neighbours.
    assert found('"réseau social et"') == []
    # An unmatched quote opens no phrase.
    assert sorted(found('"réseau social')) == ["Ensemble", "Réseau", "Séparés"]


def test_common_words_alone_say_so_and_count_in_phrases():
    article("Le monde", body="Le chat de la voisine.")
    reindex()
    page = search("le de la")
    assert page.hits == [] and page.message
    assert found("le chat") == ["Le monde"]
    assert found('"le chat"') == ["Le monde"]
    assert found('"la chat"') == []


# --- Ranking -----------------------------------------------------------------------------------


def test_title_and_lead_rank_above_body():
    article("Un texte sur autre chose", body="Il y est question de cybersécurité, une fois.")
    article("La cybersécurité en entreprise", body="Un texte sur autre chose.")
    article("Chapeau seul", lead="La cybersécurité au menu.", body="Rien de plus.")
    reindex()
    assert found("cybersécurité") == [
        "La cybersécurité en entreprise",
        "Chapeau seul",
        "Un texte sur autre chose",
    ]


def test_recent_ranks_above_old_for_equal_relevance():
    article(
        "Fusion (ancienne)",
        body="Une fusion de deux opérateurs.",
        published_at=NOW - dt.timedelta(days=30),
    )
    article(
        "Fusion (récente)",
        body="Une fusion de deux opérateurs.",
        published_at=NOW - dt.timedelta(days=1),
    )
    article(
        "Fusion (moyenne)",
        body="Une fusion de deux opérateurs.",
        published_at=NOW - dt.timedelta(days=10),
    )
    reindex()
    assert [title.split()[1] for title in found("fusion opérateurs")] == [
        "(récente)",
        "(moyenne)",
        "(ancienne)",
    ]


# --- Filters and pages -------------------------------------------------------------------------


def test_filters_by_kind_section_author_and_dates():
    hardware, science = SectionFactory(slug="hardware"), SectionFactory(slug="science")
    writer = AuthorFactory(slug="ada", user=UserFactory(username="ada_membre"))
    other = AuthorFactory(slug="bob")
    old = article(
        "Processeur ancien", section=hardware, authors=[writer],
        published_at=NOW - dt.timedelta(days=40), body="Un processeur gravé finement.",
    )  # fmt: skip
    article(
        "Processeur récent", section=science, authors=[other],
        published_at=NOW - dt.timedelta(days=2), body="Un processeur gravé finement.",
    )  # fmt: skip
    comment = PostFactory(
        topic=old.topic, author=writer.user, source="Quel processeur !",
        html="<p>Quel processeur !</p>", created_at=NOW - dt.timedelta(days=39),
    )  # fmt: skip
    forum_post("Mon processeur chauffe.", topic_title="Aide matériel")
    reindex()
    everything = found("processeur")
    assert len(everything) == 4
    assert sorted(found("processeur", kind="articles")) == [
        "Processeur ancien",
        "Processeur récent",
    ]
    assert sorted(found("processeur", kind="discussions")) == sorted(
        [comment.topic.title, "Aide matériel"]
    )
    # A section: its articles and their comments.
    assert sorted(found("processeur", section="hardware")) == sorted(
        ["Processeur ancien", comment.topic.title]
    )
    assert found("processeur", section="science") == ["Processeur récent"]
    # An author: their articles, and the posts of their member account.
    assert sorted(found("processeur", author="ada")) == sorted(
        ["Processeur ancien", comment.topic.title]
    )
    assert found("processeur", author="bob") == ["Processeur récent"]
    last_week = (NOW - dt.timedelta(days=7)).date()
    assert "Processeur ancien" not in found("processeur", since=last_week)
    assert "Processeur récent" in found("processeur", since=last_week)
    assert found("processeur", kind="articles", until=last_week) == ["Processeur ancien"]
    # Days given the wrong way round are taken the right way.
    assert found("processeur", kind="articles", since=NOW.date(), until=last_week) == [
        "Processeur récent"
    ]
    unknown = search("processeur", filters=SearchFilters(section="nulle-part"))
    assert unknown.hits == [] and unknown.message
    unknown = search("processeur", filters=SearchFilters(author="personne"))
    assert unknown.hits == [] and unknown.message


def test_date_filters_are_exact_across_months_and_years():
    # The index narrows a date filter by month (`backend.condition_tags`), up to two years:
    # the days themselves are still exact, and a longer span is still found.
    days = {"Processeur 3": 3, "Processeur 40": 40, "Processeur 400": 400, "Processeur 900": 900}
    for title, age in days.items():
        article(title, published_at=NOW - dt.timedelta(days=age))
    reindex()

    def since(age: int, until: int | None = None) -> list[str]:
        before = (NOW - dt.timedelta(days=until)).date() if until is not None else None
        return sorted(
            found("processeur", since=(NOW - dt.timedelta(days=age)).date(), until=before)
        )

    assert since(39) == ["Processeur 3"]
    assert since(41) == ["Processeur 3", "Processeur 40"]
    assert since(401) == ["Processeur 3", "Processeur 40", "Processeur 400"]
    assert since(1000) == sorted(days)
    assert since(1000, until=41) == ["Processeur 400", "Processeur 900"]
    assert since(401, until=399) == ["Processeur 400"]
    assert since(800, until=4) == ["Processeur 40", "Processeur 400"]


def test_words_of_the_filters_are_not_words_of_the_text():
    # The filters' tags ("_k0", "_s12"…) are words of the index no search can type.
    article("Processeur gravé", body="Un texte.")
    reindex()
    assert found("processeur") == ["Processeur gravé"]
    assert found("_k0") == found("k0") == []
    assert found('"_k0 processeur"') == []


def test_pages_are_numbered_and_clamped():
    for number in range(25):
        article(
            f"Batterie {number}",
            body="Une batterie qui dure.",
            published_at=NOW - dt.timedelta(hours=number + 1),
        )
    reindex()
    first = search("batterie", per_page=10)
    assert (first.total, first.page, first.page_count, len(first.hits)) == (25, 1, 3, 10)
    assert first.hits[0].title == "Batterie 0"
    last = search("batterie", page=3, per_page=10)
    assert [hit.title for hit in last.hits] == [f"Batterie {n}" for n in range(20, 25)]
    beyond = search("batterie", page=99, per_page=10)
    assert beyond.page == 3 and len(beyond.hits) == 5 and beyond.message
    before = search("batterie", page=-4, per_page=10)
    assert before.page == 1 and before.hits[0].title == "Batterie 0"
    seen = {hit.pk for page in (1, 2, 3) for hit in search("batterie", page=page, per_page=10).hits}
    assert len(seen) == 25


# --- Hits and excerpts -------------------------------------------------------------------------


def test_a_hit_says_what_and_where_with_highlighted_excerpt():
    section = SectionFactory(name="Réseaux", slug="reseaux")
    writer = AuthorFactory(name="Inès Dupont")
    item = article(
        "Fibre optique",
        lead="Le déploiement continue.",
        body="Dans les campagnes, les <b>raccordements</b> à la fibre accélèrent cette année.",
        section=section,
        authors=[writer],
    )
    post = forum_post(
        "Mon raccordement <script>alert(1)</script> a pris six mois.", topic_title="Fibre chez moi"
    )
    reindex()
    page = search("raccordé")
    by_kind = {hit.kind: hit for hit in page.hits}
    hit = by_kind["article"]
    assert (hit.pk, hit.url, hit.section_name, hit.author_name) == (
        item.pk,
        item.get_absolute_url(),
        "Réseaux",
        "Inès Dupont",
    )
    assert hit.published_at == item.published_at
    assert "<mark>raccordements</mark>" in hit.excerpt_html
    assert "<b>" not in hit.excerpt_html  # the Markdown showed it as text: escaped
    post_hit = by_kind["post"]
    assert (post_hit.pk, post_hit.topic_title, post_hit.url) == (
        post.pk,
        "Fibre chez moi",
        post.get_absolute_url(),
    )
    assert "<mark>raccordement</mark>" in post_hit.excerpt_html
    assert "<script>" not in post_hit.excerpt_html
    assert "&lt;script&gt;" in post_hit.excerpt_html


def test_excerpt_is_cut_around_the_first_word_found():
    filler = " ".join(f"mot{n}" for n in range(200))
    article("Long texte", body=f"{filler} puis enfin le mot hydrogène arrive. {filler}")
    reindex()
    [hit] = search("hydrogène").hits
    assert hit.excerpt_html.startswith("… ")
    assert hit.excerpt_html.endswith(" …")
    assert "<mark>hydrogène</mark>" in hit.excerpt_html
    assert len(hit.excerpt_html) < 400


def test_quoted_posts_are_found_in_the_quoted_post_only():
    topic = TopicFactory(title="Citations")
    PostFactory(topic=topic, source="Le mot xylophone.", html="<p>Le mot xylophone.</p>")
    PostFactory(
        topic=topic,
        source="[quote]…[/quote] Je réponds.",
        html='<blockquote class="quote"><p>Le mot xylophone.</p></blockquote><p>Je réponds.</p>',
    )
    reindex()
    assert len(search("xylophone").hits) == 1


# --- Only what readers may see ---------------------------------------------------------------


def test_nothing_unreleased_hidden_deleted_or_pending_is_found():
    article("Brouillon quantique", draft=True)
    article("Relecture quantique", in_review=True)
    article("Dépublié quantique", status=Article.Status.UNPUBLISHED)
    article("Visible quantique")
    forum_post("Message quantique caché", hidden=True)
    forum_post("Message quantique supprimé", deleted=True)
    forum_post("Message quantique en attente", pending=True)
    hidden_topic = TopicFactory(title="Sujet caché", hidden=True)
    PostFactory(topic=hidden_topic, source="quantique", html="<p>quantique</p>")
    draft = article("Autre brouillon", draft=True)
    PostFactory(
        topic=TopicFactory(title="Discussion d'un brouillon", is_hidden=True), source="quantique"
    )
    assert draft.topic_id is None
    reindex()
    assert found("quantique") == ["Visible quantique"]


def test_a_scheduled_article_is_found_from_its_second_only():
    at = NOW + dt.timedelta(days=1)
    article("Annonce embargo", scheduled=True, published_at=at, body="Un smartphone pliable.")
    reindex()
    assert found("pliable") == []
    with time_machine.travel(at - dt.timedelta(seconds=1), tick=False):
        assert found("pliable") == []
    with time_machine.travel(at + dt.timedelta(seconds=1), tick=False):
        assert found("pliable") == ["Annonce embargo"]


# --- Bad input ---------------------------------------------------------------------------------

BAD_QUERIES = [
    "",
    "   ",
    "a" * 10_000,
    "mot " * 2_500,
    '" * NEAR - : OR AND ( ) ^',
    "NEAR(fibre optique, 2)",
    "fibre OR optique",
    "fibre AND NOT optique",
    "-fibre",
    "fibre*",
    "title:fibre",
    '"fibre',
    'fibre"',
    '"""',
    "\x00fibre\x00",
    "fibre\x07\x1b[31m\u200b\u202e",
    "\ud800",
    "'; DROP TABLE discovery_search_entry; --",
    "\\",
    "%",
    "_",
    "{fibre}",
    "fibre^2",
    "(fibre",
    "💡 fibre",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_input_gives_results_or_a_message(query):
    article("Fibre optique", body="La fibre optique arrive.")
    reindex()
    page = search(query)
    assert page.hits or page.message
    assert len(page.query) <= MAX_QUERY_LENGTH
    for page_number in (0, -1, 10**12):
        assert search(query, page=page_number).page >= 1


def test_a_long_query_is_cut_and_still_finds():
    article("Fibre optique", body="La fibre optique arrive.")
    reindex()
    page = search("fibre " + "x" * 10_000)
    assert page.message and str(MAX_QUERY_LENGTH) in page.message
    assert titles(search("fibre " * 2_000)) == ["Fibre optique"]
    assert titles(search("fibre\x00optique")) == ["Fibre optique"]


# --- Cost --------------------------------------------------------------------------------------


def queries_of_search(**filters: object) -> int:
    with CaptureQueriesContext(connection) as queries:
        page = search("serveur", filters=SearchFilters(**filters), per_page=20)  # type: ignore[arg-type]  # test kwargs
    assert page.hits
    return len(queries)


def test_a_search_costs_the_same_queries_at_two_sizes():
    section = SectionFactory(slug="hebergement")
    writer = AuthorFactory(slug="claude")

    def grow(articles: int, posts: int) -> None:
        for number in range(articles):
            ArticleFactory(
                title=f"Serveur {number}", body="Un serveur.", section=section, authors=[writer]
            )
        topic = TopicFactory(title="Serveurs")
        for _number in range(posts):
            PostFactory(topic=topic, source="Mon serveur.", html="<p>Mon serveur.</p>")
        reindex()

    grow(3, 2)
    small = [queries_of_search(), queries_of_search(section="hebergement", author="claude")]
    grow(40, 40)
    large = [queries_of_search(), queries_of_search(section="hebergement", author="claude")]
    assert small == large
    # The count, the page of entries (PostgreSQL: and the newest id), the articles,
    # their bylines and authors, the posts.
    assert large[0] <= 7


# --- The index follows the actions -----------------------------------------------------------


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the announcements, so the index) as it happens."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def test_the_index_follows_publish_edit_unpublish(on_commit):
    from kiosque.newsroom import actions as newsroom

    draft = ArticleFactory(
        draft=True, title="Le nouveau processeur", lead="Plus rapide.", body="Gravé en 3 nm."
    )
    reindex()
    assert found("processeur") == []
    with on_commit():
        newsroom.publish_article(draft, by=None)
    assert found("processeur") == ["Le nouveau processeur"]
    draft.refresh_from_db()
    draft.title = "La nouvelle puce"
    with on_commit():
        newsroom.save_article(draft, by=None)
    assert found("processeur") == []
    assert found("puce") == ["La nouvelle puce"]
    draft.refresh_from_db()
    with on_commit():
        newsroom.unpublish_article(draft, by=None)
    assert found("puce") == []


def test_the_index_follows_posts_through_the_actions(on_commit):
    from kiosque.community import actions as community

    member = UserFactory(username="lectrice")
    category = CategoryFactory()
    with on_commit():
        topic = community.start_topic(
            author=member, category=category, title="Clavier mécanique", source="Lequel choisir ?"
        )
    assert found("clavier") == ["Clavier mécanique"]
    with on_commit():
        reply = community.post_reply(topic, author=member, source="Les interrupteurs bruns.")
    assert found("interrupteur") == ["Clavier mécanique"]
    with on_commit():
        community.edit_post(reply, editor=member, source="Les interrupteurs rouges, finalement.")
    assert found("rouges") == ["Clavier mécanique"]
    assert found("bruns") == []
    with on_commit():
        community.delete_post(reply, by=member)
    assert found("rouges") == []
    assert found("clavier") == ["Clavier mécanique"]


def test_the_index_follows_moderation_and_member_deletion(on_commit):
    """Moderation's decisions move posts and topics through these community actions (the
    moderation app's own actions call them; discovery may not import moderation)."""
    from kiosque.accounts.actions import delete_account
    from kiosque.community import actions as community
    from kiosque.community.models import Moderation

    moderator = UserFactory(username="moderatrice", is_staff=True)
    member = UserFactory(username="bavard")
    with on_commit():
        topic = community.start_topic(
            author=member, category=CategoryFactory(), title="Écran OLED", source="Brûlure ?"
        )
        post = community.post_reply(topic, author=member, source="Un pixel mort, rien d'autre.")
    assert found("pixel") == ["Écran OLED"]
    with on_commit():
        community.set_post_moderation(post, state=Moderation.HIDDEN, moderator=moderator)
    assert found("pixel") == []
    with on_commit():
        community.set_post_moderation(post, state=Moderation.SHOWN, moderator=moderator)
    assert found("pixel") == ["Écran OLED"]
    with on_commit():
        community.set_post_moderation(post, state=Moderation.PENDING, moderator=None)
    assert found("pixel") == []
    with on_commit():
        community.set_post_moderation(post, state=Moderation.SHOWN, moderator=moderator)
        community.set_topic_moderation(topic, state=Moderation.HIDDEN, moderator=moderator)
    assert found("pixel") == [] and found("OLED") == []
    with on_commit():
        community.set_topic_moderation(topic, state=Moderation.SHOWN, moderator=moderator)
    assert found("pixel") == ["Écran OLED"] and found("OLED") == ["Écran OLED"]

    other = UserFactory(username="partante")
    with on_commit():
        kept = community.start_topic(
            author=other, category=CategoryFactory(), title="Tablette", source="Une liseuse."
        )
        gone = community.post_reply(kept, author=other, source="Un stylet oublié.")
        community.delete_post(gone, by=other)
    with on_commit():
        delete_account(other)
    [hit] = search("liseuse").hits
    assert hit.author_name != "partante"
    assert found("stylet") == []


def sqlite_index_content() -> list[tuple[str, str, int, int, int]]:
    """Every token in the SQLite index: (token, column, its position, the entry's object)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_tokens"
            " USING fts5vocab(main, discovery_search_text, 'instance')"
        )
        cursor.execute(
            "SELECT t.term, t.col, t.offset, e.kind, e.object_id FROM temp.search_tokens AS t"
            " LEFT JOIN discovery_search_entry AS e ON e.id = t.doc"
        )
        return sorted(cursor.fetchall(), key=repr)


def test_sqlite_index_after_edits_and_deletions_is_the_rebuilt_index(on_commit):
    """SQLite's index keeps no copy of its text: an entry leaves it by what it was indexed with,
    and anything else left would be found forever."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite index only (PostgreSQL replaces each entry's row)")
    from kiosque.community import actions as community
    from kiosque.newsroom import actions as newsroom

    member = UserFactory()
    draft = ArticleFactory(
        draft=True, title="Le réseau social", lead="Un chapeau.", body="Un texte."
    )
    with on_commit():
        newsroom.publish_article(draft, by=None)
        topic = community.start_topic(
            author=member, category=CategoryFactory(), title="Clavier", source="Les touches."
        )
        reply = community.post_reply(topic, author=member, source="Les interrupteurs bruns.")
    draft.refresh_from_db()
    draft.title = "La nouvelle puce"
    with on_commit():
        newsroom.save_article(draft, by=None)
        community.edit_post(reply, editor=member, source="Les interrupteurs rouges.")
    with on_commit():
        community.delete_post(reply, by=member)
    assert found('"nouvelle puce"') == ["La nouvelle puce"]
    assert found("réseau") == found("bruns") == found("rouges") == []
    followed = sqlite_index_content()
    reindex()
    assert followed == sqlite_index_content()


def test_a_new_post_in_a_long_topic_indexes_that_post_alone(on_commit):
    from kiosque.community import actions as community
    from kiosque.discovery.search import indexing

    member = UserFactory()
    topic = TopicFactory(title="Fil sans fin")
    for number in range(30):
        PostFactory(topic=topic, source=f"Réponse {number}", html=f"<p>Réponse {number}</p>")
    reindex()
    written: list[int] = []
    backend_write = type(get_backend()).write

    def counting_write(self, entries):
        written.extend(entry.object_id for entry in entries)
        return backend_write(self, entries)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(type(get_backend()), "write", counting_write)
        with on_commit():
            post = community.post_reply(topic, author=member, source="Une trottinette électrique.")
    assert written == [post.pk]
    assert found("trottinette") == ["Fil sans fin"]
    assert indexing.update_topic(topic.pk, backend=get_backend()) == set()


def test_reindex_rebuilds_from_scratch(capsys):
    article("Satellite", body="Une constellation en orbite basse.")
    forum_post("Mon antenne satellite.", topic_title="Antennes")
    get_backend().clear()
    assert found("satellite") == []
    call_command("reindex")
    assert "2 rows" in capsys.readouterr().out
    assert sorted(found("satellite")) == ["Antennes", "Satellite"]
    assert reindex() == 2


def test_words_of_an_english_search_are_french_words_too():
    article("Plan social", body="Le licenciement de 300 personnes.")
    reindex()
    assert titles(search("licenciés", language="en")) == ["Plan social"]


@pytest.mark.django_db(transaction=True)
def test_posting_as_production_does_indexes_the_post_at_once():
    """Outside any test transaction, as a server posts: the action's own transaction (on
    SQLite, its lock of the process's writers) then the index's, on its commit."""
    import threading

    from kiosque.community import actions as community

    topic = TopicFactory(title="En production")
    member = UserFactory()
    done: list[Post] = []

    def post() -> None:
        try:
            done.append(
                community.post_reply(topic, author=member, source="Un hélicoptère électrique.")
            )
        finally:
            # The thread's own connection: left open, PostgreSQL's test database could not be
            # dropped at the end of the run.
            connection.close()

    worker = threading.Thread(target=post, daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "posting never finished (the index waited for a lock)"
    assert done
    assert found("hélicoptère") == ["En production"]


def test_postgres_asking_the_newest_ranges_first_finds_the_same(monkeypatch):
    # On a big index PostgreSQL asks for the matches among the newest ids first (ranges of ids
    # named in each document, `postgres.FIRST_WINDOW`), and widens the window only when too few
    # match there: the same hits either way, phrases and filters included.
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's own way of reading its index")
    from kiosque.discovery.search import engine, postgres

    section, other = SectionFactory(slug="hebergement"), SectionFactory(slug="autre")
    for number in range(12):
        article(
            f"Serveur {number}", section=section if number % 3 else other,
            published_at=NOW - dt.timedelta(days=number),
            body="Un serveur rapide." if number % 4 else "Un serveur lent et un rapide.",
        )  # fmt: skip
    forum_post("Mon serveur rapide chauffe.", topic_title="Aide serveur")
    queries = [
        "serveur",
        '"serveur rapide"',
        '"un serveur lent"',
        '"un serveur lent et"',
        '"et un rapide"',
        "serveur lent",
    ]
    cases = [{}, {"kind": "articles"}, {"kind": "discussions"}, {"section": "hebergement"}]
    # Ranges of 2 and 8 ids: a window of a few ids spans blocks and groups.
    monkeypatch.setattr(postgres, "BLOCK_BITS", 1)
    monkeypatch.setattr(postgres, "GROUP_BITS", 3)
    reindex()
    # Found through one key of the index each: a pair, a run of three with two stop words.
    assert len(found('"serveur rapide"')) == 10
    assert len(found('"et un rapide"')) == 3
    assert len(found('"un serveur lent et"')) == 3
    for limit in (1000, 3):
        monkeypatch.setattr(engine, "COUNT_LIMIT", limit)
        monkeypatch.setattr(postgres, "FIRST_WINDOW", 10**9)
        expected = [found(query, **filters) for query in queries for filters in cases]
        assert all(expected[:4])
        for window in (1, 2, 5, 100):
            monkeypatch.setattr(postgres, "FIRST_WINDOW", window)
            got = [found(query, **filters) for query in queries for filters in cases]
            assert got == expected, window


def test_postgres_window_names_every_id_from_its_start():
    from kiosque.discovery.search import postgres

    for lowest in [block << postgres.BLOCK_BITS for block in range(40)]:
        for highest in (lowest, lowest + 5000, lowest + 70000, lowest + 200000):
            named = set(postgres.window_tags(lowest, highest))
            for entry_id in [lowest, lowest + 1, (lowest + highest) // 2, highest]:
                assert named & set(postgres.range_tags(entry_id)), (lowest, highest, entry_id)
            if lowest:
                assert not named & set(postgres.range_tags(lowest - 1)), (lowest, highest)


def test_postgres_indexers_hold_a_deleted_members_many_topics_as_every_topic():
    """An indexer holds the topics whose posts it writes (two indexers writing one post would
    insert it twice); a deleted member's posts may span thousands of topics, more locks than
    PostgreSQL's shared table holds: past a few dozen, it holds every topic instead."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's advisory locks (SQLite lets one writer at a time)")
    import psycopg

    from kiosque.discovery.search.postgres import EVERY_TOPIC, MAX_HELD_TOPICS, TOPIC_LOCKS

    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
        dbname=settings["NAME"], autocommit=True,
    ) as other:  # fmt: skip

        def free(topic: int) -> bool:
            row = other.execute(
                "SELECT pg_try_advisory_lock(%s, %s)", [TOPIC_LOCKS, topic]
            ).fetchone()
            if row and row[0]:
                other.execute("SELECT pg_advisory_unlock(%s, %s)", [TOPIC_LOCKS, topic])
            return bool(row and row[0])

        get_backend().hold_topics([3, 5])
        assert not free(3) and not free(5) and free(4) and not free(EVERY_TOPIC)
        get_backend().hold_topics(range(10, 11 + MAX_HELD_TOPICS))
        assert not free(EVERY_TOPIC) and free(10)
