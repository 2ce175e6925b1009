"""The demo's newsroom team: one account per role (contributor, author, editor), each with the
byline they sign, and the articles that put the desk in every state — a draft, an article in
review, one scheduled by the editor.

Times are relative to the load: the scheduled article goes out `days_ahead` days after it, at
its Paris time.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import AuthorData
from .community_base import MemberData


@dataclass(frozen=True)
class TeamMember:
    member: MemberData
    role: str  # a group of kiosque/newsroom/roles.py
    byline: AuthorData


@dataclass(frozen=True)
class DeskArticle:
    """An article the team is working on, written by `writer` (a username)."""

    slug: str
    title: str
    lead: str
    body: str
    section: str
    tags: tuple[str, ...]
    writer: str
    state: str  # "draft", "in_review" or "scheduled" (by the editor)
    days_ahead: int = 0
    time: str = ""


CONTRIBUTOR = TeamMember(
    member=MemberData(
        username="contributrice",
        bio="Pigiste, écrit sur les objets connectés et la réparation.",
        joined_days_ago=120,
    ),
    role="Contributeurs",
    byline=AuthorData(
        slug="ines-marchal",
        name="Inès Marchal",
        job_title="Pigiste",
        bio="Pigiste, j'écris sur les objets connectés, la réparation et ce qu'on en fait.",
    ),
)
AUTHOR = TeamMember(
    member=MemberData(
        username="auteur",
        bio="Journaliste à la rubrique Sciences.",
        joined_days_ago=400,
    ),
    role="Auteurs",
    byline=AuthorData(
        slug="hugo-lemaire",
        name="Hugo Lemaire",
        job_title="Journaliste sciences",
        bio="Je couvre l'espace, le climat et les laboratoires, de préférence sur le terrain.",
    ),
)
EDITOR = TeamMember(
    member=MemberData(
        username="editrice",
        bio="Rédactrice en chef adjointe.",
        joined_days_ago=900,
    ),
    role="Éditeurs",
    byline=AuthorData(
        slug="mathilde-perrin",
        name="Mathilde Perrin",
        job_title="Rédactrice en chef adjointe",
        bio="Je relis, je coupe, je programme : ce qui sort de Kiosque passe par mon bureau.",
    ),
)
TEAM = (CONTRIBUTOR, AUTHOR, EDITOR)

DESK_ARTICLES = (
    DeskArticle(
        slug="reparer-son-aspirateur-robot",
        title="Réparer son aspirateur robot : ce que les fabricants permettent vraiment",
        lead="Pièces détachées, manuels, logiciels verrouillés : nous avons essayé de réparer "
        "cinq modèles courants.",
        body="## Cinq modèles, cinq politiques\n\nPremier constat : les batteries se changent "
        "partout, les cartes mères presque nulle part.\n\n*À compléter : les prix des pièces.*\n",
        section="hardware",
        tags=(),
        writer="contributrice",
        state="draft",
    ),
    DeskArticle(
        slug="satellites-de-debris-spatiaux",
        title="Débris spatiaux : les premiers satellites nettoyeurs en orbite",
        lead="Deux missions doivent tester cette année la capture d'un objet abandonné en "
        "orbite basse.",
        body="## Une orbite encombrée\n\nPlus de trente mille objets de plus de dix centimètres "
        "sont suivis aujourd'hui.\n\n## Attraper sans casser\n\nBras, filet ou harpon : chaque "
        "équipe a sa méthode, et aucune n'a encore servi pour de vrai.\n",
        section="sciences",
        tags=(),
        writer="auteur",
        state="in_review",
    ),
    DeskArticle(
        slug="fibre-optique-fin-du-cuivre",
        title="Fin du cuivre : ce qui change pour les dernières lignes téléphoniques",
        lead="Le réseau historique ferme commune par commune ; les abonnés encore reliés au "
        "cuivre doivent passer à la fibre ou à la 4G fixe.",
        body="## Un calendrier par commune\n\nLes fermetures se font par lots, annoncés six mois "
        "à l'avance.\n\n## Et les alarmes, les ascenseurs ?\n\nLes équipements qui utilisent "
        "encore une ligne analogique doivent être changés avant la date.\n",
        section="entreprises",
        tags=(),
        writer="auteur",
        state="scheduled",
        days_ahead=2,
        time="08:00",
    ),
)
