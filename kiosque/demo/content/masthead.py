# ruff: noqa: E501  (French prose: one line per sentence reads better than wrapped strings)
"""Sections, subjects, bylines and running stories of the demo publication.

Every company, person and event here is invented; only the Blender Foundation's open films,
linked as videos, are real.
"""

from __future__ import annotations

from .base import AuthorData, SectionData, StoryData

SECTIONS = (
    SectionData(
        slug="ia",
        name="IA",
        description="Modèles, laboratoires, régulation : l'intelligence artificielle et celles et ceux qui la fabriquent.",
        position=1,
        motif="network",
    ),
    SectionData(
        slug="entreprises",
        name="Entreprises",
        description="Levées de fonds, rachats, stratégies et conflits sociaux : l'économie du numérique.",
        position=2,
        motif="chart",
    ),
    SectionData(
        slug="sciences",
        name="Sciences",
        description="Espace, climat, physique quantique : la recherche qui fait bouger la technique.",
        position=3,
        motif="orbits",
    ),
    SectionData(
        slug="hardware",
        name="Hardware",
        description="Processeurs, cartes graphiques, smartphones et tout ce qui se branche.",
        position=4,
        motif="chip",
    ),
    SectionData(
        slug="jeux-video",
        name="Jeux vidéo",
        description="Sorties, consoles, studios et coulisses de l'industrie du jeu.",
        position=5,
        motif="pixels",
    ),
)

TAGS = {
    "aurore-ia": "Aurore IA",
    "norvane": "Norvane",
    "hexacloud": "Hexacloud",
    "modeles-de-langage": "Modèles de langage",
    "regulation": "Régulation",
    "union-europeenne": "Union européenne",
    "gouvernance": "Gouvernance",
    "semi-conducteurs": "Semi-conducteurs",
    "cartes-graphiques": "Cartes graphiques",
    "smartphones": "Smartphones",
    "cloud": "Cloud",
    "levee-de-fonds": "Levée de fonds",
    "emploi": "Emploi",
    "espace": "Espace",
    "climat": "Climat",
    "quantique": "Quantique",
    "batteries": "Batteries",
    "open-source": "Open source",
    "cybersecurite": "Cybersécurité",
    "consoles": "Consoles",
    "jeu-independant": "Jeu indépendant",
    "esport": "Esport",
}

AUTHORS = (
    AuthorData(
        slug="claire-vasseur",
        name="Claire Vasseur",
        job_title="Cheffe de la rubrique IA",
        bio=(
            "Je suis l'intelligence artificielle depuis l'époque où l'on parlait encore d'apprentissage automatique sans faire la une. "
            "Je m'intéresse autant aux modèles qu'aux gens qui les financent, les dirigent et les encadrent. "
            "Avant Kiosque, j'ai couvert la régulation du numérique à Bruxelles pendant six ans."
        ),
    ),
    AuthorData(
        slug="antoine-roussel",
        name="Antoine Roussel",
        job_title="Journaliste IA et logiciels",
        bio=(
            "Développeur repenti, j'écris sur les logiciels, l'open source et les outils d'IA que l'on utilise vraiment au bureau. "
            "J'aime tester les promesses des éditeurs sur des cas concrets, chiffres à l'appui. "
            "On me trouve souvent dans les meetups lyonnais, un ordinateur portable sous le bras."
        ),
    ),
    AuthorData(
        slug="mehdi-benali",
        name="Mehdi Benali",
        job_title="Journaliste Hardware",
        bio=(
            "Processeurs, cartes graphiques, usines de semi-conducteurs : je décortique le matériel, du silicium à la boîte en carton. "
            "J'ai monté mon premier PC à douze ans et je n'ai jamais arrêté de démonter ce qui passe à ma portée. "
            "Mes tests sont faits au banc, avec des mesures que vous pouvez refaire chez vous."
        ),
    ),
    AuthorData(
        slug="julien-kerbrat",
        name="Julien Kerbrat",
        job_title="Journaliste Entreprises",
        bio=(
            "Je couvre l'économie du numérique : levées de fonds, rachats, plans sociaux et batailles de gouvernance. "
            "Breton installé à Paris, je lis les rapports annuels comme d'autres lisent des polars. "
            "Je cherche toujours à savoir qui paie, qui décide et qui en subit les conséquences."
        ),
    ),
    AuthorData(
        slug="sophie-marchetti",
        name="Sophie Marchetti",
        job_title="Journaliste Sciences",
        bio=(
            "Docteure en astrophysique, j'ai quitté le laboratoire pour raconter la science en train de se faire. "
            "J'écris sur l'espace, le climat et la physique, en essayant de ne jamais confondre une annonce et un résultat. "
            "Mes nuits claires se passent derrière un petit télescope, quelque part dans la Drôme."
        ),
    ),
    AuthorData(
        slug="ines-morel",
        name="Inès Morel",
        job_title="Journaliste Jeux vidéo",
        bio=(
            "Je joue depuis la Game Boy de mon grand frère et j'écris sur le jeu vidéo depuis dix ans. "
            "Je m'intéresse aux studios, aux conditions de travail et à ce qui fait qu'un jeu nous reste en tête. "
            "Mon temps libre ? Des speedruns ratés et des jeux indépendants que personne n'a encore repérés."
        ),
    ),
)

STORIES = (
    StoryData(
        slug="crise-aurore-ia",
        title="La crise de gouvernance chez Aurore IA",
        summary=(
            "Limogée par son conseil d'administration, la fondatrice du laboratoire parisien Aurore IA a été rappelée cinq jours plus tard sous la pression des salariés et de son premier actionnaire. "
            "Récit d'une crise qui a failli emporter l'un des fleurons européens de l'IA."
        ),
    ),
    StoryData(
        slug="norvane-fondeur-tourmente",
        title="Norvane, un fondeur européen dans la tourmente",
        summary=(
            "Retards du procédé 2 nm, rendements décevants, départ du PDG, aides publiques : le feuilleton du fondeur Norvane, pièce maîtresse de l'ambition européenne dans les semi-conducteurs."
        ),
    ),
)
