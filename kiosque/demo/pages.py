"""Load the demo's site pages (À propos, Contact, Mentions légales, Politique de confidentialité,
Charte de la communauté: all but the last linked from the footer) and a few corrections and
update notes on published demo articles.

Pages are keyed by their slug, notes by their article and text: what exists is left alone, so
running the load twice changes nothing. Everything goes through the newsroom's actions
(`save_page`, `add_correction`) with the site as the one acting (`by=None`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from kiosque.newsroom.actions import corrections, pages
from kiosque.newsroom.models import Article, Correction, Page

from .report import LoadReport


@dataclass(frozen=True)
class PageData:
    title: str
    slug: str
    footer_position: int | None
    body: str


@dataclass(frozen=True)
class NoteData:
    article_slug: str
    kind: str
    note: str


PAGES: tuple[PageData, ...] = (
    PageData(
        "À propos",
        "a-propos",
        1,
        """Kiosque est un site d'actualité consacré aux technologies : intelligence artificielle,
matériel, science, jeux vidéo et vie numérique. Une petite rédaction indépendante y publie
chaque jour des articles, des enquêtes et des tests.

## Notre façon de travailler

- Nous citons nos sources et renvoyons vers les documents originaux chaque fois que c'est
  possible.
- Nous testons nous-mêmes les produits dont nous parlons, avec un protocole publié.
- Quand nous nous trompons, nous le corrigeons et nous le disons, sur l'article et sur la page
  [Corrections](/corrections/).

## La communauté

Sous chaque article, une discussion est ouverte aux membres. Le forum accueille les questions,
les retours d'expérience et les débats, dans le respect de la
[charte de la communauté](/page/charte-de-la-communaute/).

*Ce site est une démonstration : la rédaction, les entreprises et les personnes citées dans les
articles sont imaginaires.*
""",
    ),
    PageData(
        "Contact",
        "contact",
        2,
        """## Écrire à la rédaction

Une information, une remarque sur un article, une idée de sujet ? Écrivez-nous à
redaction@kiosque.example. Nous lisons tous les messages, même si nous ne pouvons pas répondre à
chacun.

Pour signaler une erreur dans un article, le plus simple est le lien « Signaler une erreur »
sous son texte : votre message arrive directement aux éditeurs, avec le passage concerné.

## Communauté et modération

Pour une question sur un message du forum ou une décision de modération, utilisez les outils
prévus sur le site (signalement, appel d'une décision) : ils gardent une trace de votre demande.

## Partenariats et publicité

partenariats@kiosque.example
""",
    ),
    PageData(
        "Mentions légales",
        "mentions-legales",
        3,
        """## Éditeur

Kiosque, site de démonstration. Les coordonnées ci-dessous sont fictives et servent d'exemple
à remplacer par celles de l'éditeur réel.

- Raison sociale : Kiosque Édition (exemple)
- Adresse : 1 rue de l'Exemple, 75000 Paris
- Directrice de la publication : la rédactrice en chef
- Contact : redaction@kiosque.example

## Hébergement

Indiquez ici le nom, l'adresse et le téléphone de l'hébergeur du site.

## Propriété intellectuelle

Les articles, photographies et illustrations publiés sur ce site sont protégés. Toute
reproduction au-delà de la courte citation demande l'accord de la rédaction. Les messages du
forum restent la propriété de leurs auteurs.
""",
    ),
    PageData(
        "Politique de confidentialité",
        "politique-de-confidentialite",
        4,
        """## Ce que nous gardons

- Votre compte, si vous en créez un : nom d'utilisateur, adresse e-mail confirmée, profil et
  préférences de notification.
- Vos messages, vos mentions « j'aime » et vos signalements.
- L'adresse IP d'où partent un message, un signalement ou un signalement d'erreur, pour lutter
  contre les abus ; elle est effacée automatiquement après quelques semaines.

## Ce que nous ne faisons pas

Aucun outil de mesure d'audience tiers, aucune publicité ciblée, aucun bouton de réseau social
qui vous suivrait. Les vidéos intégrées ne se chargent que si vous le demandez.

## Vos droits

Depuis vos réglages, vous pouvez télécharger toutes vos données et supprimer votre compte.
Pour toute autre demande, écrivez à vie-privee@kiosque.example.
""",
    ),
    # Not in the footer, which links the moderators' house rules under the same name.
    PageData(
        "Charte de la communauté",
        "charte-de-la-communaute",
        None,
        """Les discussions de Kiosque sont faites pour apprendre, partager et débattre. Quelques
règles simples les gardent agréables pour tout le monde.

## Ce que nous attendons

- Parlez du sujet, pas de la personne : on critique une idée, jamais quelqu'un.
- Appuyez vos affirmations : un lien, une source, une expérience vécue.
- Cherchez avant de poser une question déjà traitée, et remerciez qui vous aide.

## Ce qui n'a pas sa place ici

Insultes, harcèlement, propos discriminatoires, publicité non sollicitée, contenus illégaux et
divulgation d'informations personnelles. Les messages qui enfreignent ces règles sont masqués
par l'équipe de modération, qui explique chaque décision ; vous pouvez faire appel.

## Signaler plutôt que répondre

Un message vous semble poser problème ? Signalez-le au lieu d'y répondre : les modérateurs s'en
occupent.
""",
    ),
)

NOTES: tuple[NoteData, ...] = (
    NoteData(
        "aurore-ia-salaries-menacent-de-partir",
        Correction.Kind.CORRECTION,
        "Une version précédente de cet article évoquait 621 signataires : la lettre ouverte en "
        "compte 612.",
    ),
    NoteData(
        "usine-norvane-grenoble-aides-publiques",
        Correction.Kind.UPDATE,
        "La Commission européenne a publié sa décision formelle : l'aide est validée, avec un "
        "bilan annuel des emplois créés sur le site.",
    ),
    NoteData(
        "arcelis-r9-carte-graphique-1099-euros",
        Correction.Kind.CORRECTION,
        "Le prix de 1 099 euros s'entend toutes taxes comprises, et non hors taxes comme nous "
        "l'avions d'abord écrit.",
    ),
)


@transaction.atomic
def load_pages(*, now: datetime | None = None) -> LoadReport:
    """Create the demo's missing site pages and notes, leaving existing ones alone."""
    now = now or timezone.now()
    report = LoadReport(
        label="Demo site pages and corrections",
        totals={"site pages": len(PAGES), "corrections and updates": len(NOTES)},
    )
    for data in PAGES:
        if Page.objects.filter(slug=data.slug).exists():
            continue
        page = Page(title=data.title, slug=data.slug, body=data.body)
        page.footer_position = data.footer_position
        pages.save_page(page, by=None)
        report.created["site pages"] += 1
    for note in NOTES:
        article = Article.objects.filter(slug=note.article_slug).first()
        if article is None or not article.is_published(at=now):
            continue
        if article.corrections.filter(note=note.note).exists():
            continue
        corrections.add_correction(article, by=None, kind=note.kind, note=note.note)
        report.created["corrections and updates"] += 1
    return report
