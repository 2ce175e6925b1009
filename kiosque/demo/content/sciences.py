# ruff: noqa: E501
"""Articles of the Sciences section (invented people, missions and results; see masthead.py)."""

from __future__ import annotations

from .base import ArticleData, InlineImage, md

ARTICLES = (
    ArticleData(
        slug="methanis-satellite-methane-decharges",
        section="sciences",
        title="Méthanis, le satellite français qui va traquer le méthane des décharges",
        lead="Lancé d'ici deux ans, ce petit satellite doit repérer les fuites de méthane à l'échelle d'un site industriel, là où les instruments actuels voient flou.",
        body=md("""
            Le méthane est responsable d'environ un tiers du réchauffement observé depuis l'ère préindustrielle, mais ses sources restent mal connues. Pour mieux les localiser, un consortium réunissant une agence publique, deux laboratoires et un industriel toulousain a présenté Méthanis, un satellite de 120 kilos dédié à la détection des fuites.

            ## Voir à l'échelle d'une décharge

            Sa force : une résolution de 25 mètres au sol, suffisante pour attribuer une émission à un site précis, qu'il s'agisse d'une décharge, d'un puits de gaz ou d'une exploitation agricole. Les satellites actuels mesurent bien le méthane à l'échelle régionale, mais peinent à désigner un responsable.

            {image:methanis-orbite}

            Le satellite survolera chaque point du globe tous les trois jours, sur une orbite héliosynchrone à 500 kilomètres d'altitude.

            ## Des données ouvertes

            > « Une fuite que l'on voit est une fuite que l'on peut réparer. C'est souvent la mesure la moins chère pour le climat », souligne la responsable scientifique de la mission, Hélène Ducasse.

            Les données seront publiées gratuitement, dans un délai de 72 heures après chaque survol. Les exploitants pourront ainsi être alertés, mais aussi les associations et les journalistes. Le budget de la mission est estimé à 95 millions d'euros. Retrouvez nos articles sur le [climat]({tag:climat}) et l'[espace]({tag:espace}).
        """),
        authors=("sophie-marchetti",),
        tags=("espace", "climat"),
        days_ago=3,
        time="10:10",
        hero_word="Méthanis",
        hero_caption="Méthanis doit repérer les fuites de méthane à 25 mètres près",
        source=("Orbite Magazine", "https://orbite-mag.example/methanis-satellite"),
        is_featured=True,
        images=(
            InlineImage(
                key="methanis-orbite",
                kind="orbits",
                title="500 km",
                alt="Illustration : une planète entourée d'orbites, avec l'inscription « 500 km »",
                caption="Méthanis tournera sur une orbite héliosynchrone à 500 kilomètres d'altitude",
            ),
        ),
    ),
    ArticleData(
        slug="qubit-logique-maintenu-une-seconde",
        section="sciences",
        title="Informatique quantique : un qubit logique maintenu pendant plus d'une seconde",
        lead="Une équipe franco-suisse annonce avoir protégé l'information quantique bien plus longtemps que ses composants physiques ne le permettent seuls.",
        body=md("""
            C'est une étape discrète mais importante sur la route de l'ordinateur quantique utile. Des physiciens d'un laboratoire franco-suisse affirment avoir conservé un qubit logique, c'est-à-dire un bit quantique protégé par un code de correction d'erreurs, pendant 1,3 seconde.

            ## Pourquoi c'est important

            Les qubits physiques sont d'une fragilité extrême : la moindre perturbation efface l'information qu'ils portent, souvent en moins d'un millième de seconde. L'idée de la correction d'erreurs consiste à répartir l'information sur plusieurs qubits physiques, pour détecter et corriger les erreurs au fil de l'eau.

            > « Pour la première fois dans notre dispositif, le qubit protégé vit plus longtemps que le meilleur de ses composants. C'est exactement ce que la théorie promettait », explique le physicien Mathis Keller.

            ## Encore loin d'un ordinateur

            Les chercheurs restent prudents. Le résultat porte sur un seul qubit logique, qui mobilise 49 qubits physiques. Un calculateur capable de résoudre des problèmes hors de portée des ordinateurs classiques en demanderait des milliers.

            Les travaux, prépubliés en ligne, n'ont pas encore été relus par des pairs. Retrouvez nos articles sur le [quantique]({tag:quantique}).
        """),
        authors=("sophie-marchetti",),
        tags=("quantique",),
        days_ago=8,
        time="14:00",
        hero_word="Qubit",
        hero_caption="Le qubit logique repose sur 49 qubits physiques",
        source=("Prépublication", "https://prepublications.example/quantique/qubit-logique"),
    ),
    ArticleData(
        slug="canicules-centres-de-donnees-consommation-d-eau",
        section="sciences",
        title="Canicules : les centres de données vont-ils devoir fermer le robinet ?",
        lead="Une étude estime que les besoins en eau de refroidissement pourraient doubler d'ici dix ans dans le sud de l'Europe, au moment où les sécheresses s'aggravent.",
        body=md("""
            Les centres de données consomment de l'électricité, on le sait. On parle moins de leur consommation d'eau, pourtant considérable lorsqu'ils sont refroidis par évaporation. Une étude publiée par des hydrologues et des ingénieurs de l'énergie chiffre le problème pour l'Europe du Sud.

            ## Deux fois plus d'eau en dix ans

            Selon leurs projections, la consommation d'eau des centres de données pourrait doubler d'ici dix ans dans les régions méditerranéennes, sous l'effet combiné de la croissance de l'IA et de la hausse des températures, qui rend le refroidissement plus gourmand.

            > « Le pire moment pour un centre de données, c'est la canicule : il a besoin de plus d'eau au moment précis où la ressource est la plus rare », résume l'hydrologue Nora Belkacem.

            ## Des solutions existent

            Les auteurs passent en revue plusieurs pistes :

            - le refroidissement en circuit fermé, plus cher mais presque sans pertes d'eau ;
            - la réutilisation des eaux usées traitées ;
            - la récupération de la chaleur pour les réseaux de chauffage urbain ;
            - l'implantation des nouveaux sites dans des régions plus fraîches.

            **Mise à jour :** plusieurs exploitants nous ont fait savoir qu'ils publieraient désormais leur consommation d'eau site par site.

            Retrouvez nos articles sur le [cloud]({tag:cloud}) et le [climat]({tag:climat}).
        """),
        authors=("sophie-marchetti",),
        tags=("climat", "cloud"),
        days_ago=17,
        time="09:30",
        hero_word="Eau",
        hero_caption="Le refroidissement par évaporation consomme de grandes quantités d'eau",
        source=(
            "Revue d'hydrologie appliquée",
            "https://hydrologie.example/centres-de-donnees-europe-sud",
        ),
        updated_after_hours=26,
    ),
    ArticleData(
        slug="nanosatellite-etudiant-lyra-1-premieres-images",
        section="sciences",
        title="Le nanosatellite étudiant Lyra-1 a transmis ses premières images",
        lead="Conçu par des élèves ingénieurs toulousains, ce cube de dix centimètres de côté photographie la Terre depuis trois semaines.",
        body=md("""
            Dix centimètres de côté, 1,3 kilo, et une immense fierté. Lyra-1, le nanosatellite conçu par une quarantaine d'élèves ingénieurs d'une école toulousaine, a transmis ses premières images de la Terre, trois semaines après sa mise en orbite.

            ## Quatre ans de travail

            Le projet a mobilisé quatre promotions successives. Les étudiants ont tout conçu, de la structure à la caméra, en passant par le logiciel de bord et la station de réception installée sur le toit de l'école.

            > « La première image était floue et mal cadrée. On l'a quand même affichée en grand dans le couloir », raconte en riant Léa Fournier, cheffe de projet.

            ## Une mission pédagogique… et scientifique

            Au-delà de la prouesse, Lyra-1 teste un petit capteur infrarouge destiné à mesurer la température des surfaces agricoles. Les données seront partagées avec un laboratoire d'agronomie.

            Le satellite devrait rester en orbite environ trois ans avant de se désintégrer dans l'atmosphère. Retrouvez nos articles sur l'[espace]({tag:espace}).
        """),
        authors=("sophie-marchetti",),
        tags=("espace",),
        days_ago=31,
        time="16:15",
        hero_word="Lyra-1",
        hero_caption="Lyra-1 mesure dix centimètres de côté",
        source=("Orbite Magazine", "https://orbite-mag.example/lyra-1-premieres-images"),
    ),
    ArticleData(
        slug="batteries-qui-se-reparent-seules",
        section="sciences",
        title="Des batteries qui se réparent seules ? Une piste prometteuse pour les voitures électriques",
        lead="Un polymère capable de refermer les microfissures de l'électrode allongerait nettement la durée de vie des cellules, selon des travaux menés à Grenoble.",
        body=md("""
            Chaque charge abîme un peu une batterie. Les électrodes gonflent et se contractent, et de minuscules fissures finissent par isoler des grains de matière active, qui ne stockent plus d'énergie. Une équipe de chimistes propose une parade : un liant polymère « autocicatrisant ».

            ## Comment ça marche

            Le polymère, qui maintient ensemble les grains de l'électrode, contient des liaisons chimiques capables de se reformer après avoir été rompues. Quand une fissure apparaît, elle se referme en partie d'elle-même, à température ambiante.

            > « Nous ne réparons pas la batterie à neuf, mais nous ralentissons fortement son vieillissement », précise la chimiste Agnès Vidal.

            ## 40 % de cycles en plus

            En laboratoire, les cellules équipées du nouveau liant ont conservé 80 % de leur capacité après 1 400 cycles de charge, contre 1 000 pour des cellules classiques. Un gain d'environ 40 %.

            Reste à passer à l'échelle industrielle, à vérifier la tenue du polymère sur plusieurs années et à en évaluer le coût. Retrouvez nos articles sur les [batteries]({tag:batteries}).
        """),
        authors=("sophie-marchetti",),
        tags=("batteries", "climat"),
        days_ago=43,
        time="11:00",
        hero_word="+40 %",
        hero_caption="Le liant autocicatrisant referme les microfissures des électrodes",
        source=(
            "Revue de chimie des matériaux",
            "https://chimie-materiaux.example/liant-autocicatrisant",
        ),
    ),
    ArticleData(
        slug="recyclage-smartphones-terres-rares-sans-solvant",
        section="sciences",
        title="Recyclage des smartphones : récupérer les terres rares sans solvant toxique",
        lead="Un procédé à base d'eau et de champ magnétique permet de séparer le néodyme des aimants de haut-parleurs, avec un rendement de 92 %.",
        body=md("""
            Un smartphone contient une quarantaine de métaux, dont plusieurs terres rares. Le néodyme, en particulier, se cache dans les aimants des haut-parleurs et du vibreur. Le récupérer coûte cher et passe généralement par des solvants agressifs. Une équipe de chercheurs propose une méthode plus propre.

            ## De l'eau et des aimants

            Les aimants sont d'abord broyés, puis placés dans une solution aqueuse faiblement acide. Un champ magnétique permet ensuite de séparer les particules riches en néodyme du reste. Le procédé récupère 92 % du métal, avec une pureté suffisante pour fabriquer de nouveaux aimants.

            > « Le plus difficile n'est pas la chimie, c'est de collecter les téléphones. La plupart dorment dans nos tiroirs », rappelle le chercheur Hugo Lemaire.

            ## Le vrai frein : la collecte

            Moins d'un smartphone usagé sur cinq est aujourd'hui collecté en France. Les chercheurs plaident pour une consigne, à l'image de ce qui existe pour certaines bouteilles dans d'autres pays. Retrouvez nos articles sur les [smartphones]({tag:smartphones}).
        """),
        authors=("sophie-marchetti", "mehdi-benali"),
        tags=("smartphones", "climat"),
        days_ago=52,
        time="09:45",
        hero_word="Néodyme",
        hero_caption="Le néodyme des aimants de haut-parleurs peut être récupéré à 92 %",
        source=(
            "Revue de chimie des matériaux",
            "https://chimie-materiaux.example/recyclage-neodyme",
        ),
    ),
)
