"""The demo's moderation: a moderators' group and account, members who break the house rules,
the reports they draw, a held post, blocked terms and an appeal, so that the queue and the
log at /moderation/ have something to show.

Times are relative to the load: a staged post comes `hours_ago` hours before it, each of its
reports an hour later than the one before, its author's appeal half an hour before the load.
"""

from __future__ import annotations

from dataclasses import dataclass

from .community_base import MemberData

MODERATORS_GROUP = "Modération"
# The demo moderator's authenticator secret (base32): public, for a demo site only.
DEMO_TOTP_SECRET = "KIOSQUEDEMOMODERATRICE23"

MODERATOR = MemberData(
    username="moderatrice",
    bio="Modératrice bénévole du forum depuis ses débuts. Relit les signalements le matin et "
    "le soir ; répond aux appels en moins de 48 heures.",
    joined_days_ago=600,
)
# Newcomers of the last day or so: their trust level is still "new member".
NEWCOMERS = (
    MemberData(
        username="BonPlan_Max",
        bio="Les meilleurs bons plans du web, tous les jours.",
        joined_days_ago=1,
        has_avatar=False,
    ),
)


@dataclass(frozen=True)
class BlockedTermData:
    term: str
    effect: str  # a BlockedTerm.Effect value
    is_domain: bool = False
    replacement: str = ""


BLOCKED_TERMS = (
    BlockedTermData(term="casino-gratuit.example", effect="hold", is_domain=True),
    BlockedTermData(term="abruti", effect="replace", replacement="[…]"),
)


@dataclass(frozen=True)
class ReportData:
    reporter: str
    reason: str  # a ReportReason value
    note: str = ""


@dataclass(frozen=True)
class StagedPost:
    """A post that draws the moderators' attention: reported, or held by the posting rules.

    `where` is an article's slug (its discussion) or a forum topic's title.
    """

    where: str
    author: str
    text: str
    hours_ago: int
    reports: tuple[ReportData, ...] = ()
    appeal: str = ""


STAGED_POSTS = (
    # Two regulars' reports weigh enough to hide it; its author appeals.
    StagedPost(
        where="aurore-ia-fondatrice-limogee-par-son-conseil",
        author="octet_perdu",
        text=(
            "Soyons honnêtes : ce conseil d'administration est une bande d'incompétents qui "
            "n'a jamais lu une ligne de code. Ils méritent tout ce qui va leur arriver."
        ),
        hours_ago=9,
        reports=(
            ReportData(
                reporter="Mistinguette",
                reason="harassment",
                note="Insultes envers des personnes nommables, et la dernière phrase sonne "
                "comme une menace.",
            ),
            ReportData(reporter="Lunaire", reason="harassment"),
        ),
        appeal=(
            "Je critiquais la compétence d'un conseil d'administration, pas des personnes, et "
            "« tout ce qui va leur arriver » parlait du procès annoncé par Hexacloud, pas "
            "d'une menace. Je veux bien reformuler « bande d'incompétents »."
        ),
    ),
    # One report, below the weight that hides: it waits for a moderator, still shown.
    StagedPost(
        where="Présentez-vous !",
        author="BonPlan_Max",
        text=(
            "Salut à tous ! Moi c'est Max, je gagne 300 € par jour depuis mon canapé grâce à "
            "une méthode toute simple. Écrivez-moi en privé, je partage gratuitement !"
        ),
        hours_ago=6,
        reports=(ReportData(reporter="PapyGeek", reason="spam"),),
    ),
    StagedPost(
        where="Qu'écoutez-vous en travaillant ?",
        author="Sablier",
        text=(
            "Rien à voir, mais quelqu'un sait pourquoi la Nexa Portable est en rupture "
            "partout ? Je la cherche depuis trois semaines."
        ),
        hours_ago=5,
        reports=(
            ReportData(
                reporter="Hugo_R",
                reason="off_topic",
                note="Il y a un sujet sur la Nexa Portable dans Jeux vidéo.",
            ),
        ),
    ),
    # A link to a blocked domain: held for a moderator, nobody else sees it.
    StagedPost(
        where="Votre tout premier ordinateur ?",
        author="BonPlan_Max",
        text=(
            "Le mien était un vieux portable, mais avec ce que je gagne maintenant je m'en "
            "offre un par mois : https://casino-gratuit.example/bonus"
        ),
        hours_ago=3,
    ),
)
