# ruff: noqa: E501
"""Articles of the Hardware section (invented products and companies; see masthead.py)."""

from __future__ import annotations

from .base import ArticleData, InlineImage, md

ARTICLES = (
    ArticleData(
        slug="norvane-repousse-son-procede-2-nm",
        section="hardware",
        title="Norvane repousse encore son procédé 2 nm, l'action dévisse",
        lead="Le fondeur européen reporte de neuf mois la production en volume de sa gravure N2. C'est le deuxième report en un an.",
        body=md("""
            Les investisseurs l'espéraient pour le printemps, il faudra attendre. Norvane a annoncé ce soir, en marge de ses résultats trimestriels, que la production en volume de son procédé N2, une gravure de classe 2 nanomètres, était repoussée de neuf mois. L'action a perdu 18 % dans les échanges après la clôture.

            ## Un procédé stratégique

            Le N2 doit permettre à Norvane de produire en Europe des puces aussi avancées que celles des fondeurs asiatiques, pour les processeurs de smartphones, de serveurs et d'accélérateurs d'IA. C'est aussi la condition d'une partie des aides publiques promises au groupe.

            {image:norvane-action}

            > « Nous avons choisi de ne pas livrer un procédé qui ne serait pas au niveau attendu par nos clients », a justifié le PDG, Frank Adler, lors d'une conférence téléphonique tendue.

            ## Des clients qui s'impatientent

            Norvane assure que ses clients « restent engagés ». Mais plusieurs analystes rappellent que les concepteurs de puces ne peuvent pas attendre indéfiniment : un report supplémentaire pourrait les pousser à confier leurs commandes à des concurrents.

            Nous suivrons ce dossier dans notre [feuilleton Norvane]({story:norvane-fondeur-tourmente}).
        """),
        authors=("mehdi-benali",),
        tags=("norvane", "semi-conducteurs"),
        days_ago=54,
        time="18:05",
        hero_word="N2",
        hero_caption="Le procédé N2 de Norvane est repoussé de neuf mois",
        source=("Le Courrier des puces", "https://courrier-des-puces.example/norvane-report-n2"),
        story="norvane-fondeur-tourmente",
        images=(
            InlineImage(
                key="norvane-action",
                kind="line",
                title="Action Norvane sur six semaines (base 100)",
                alt="Graphique en courbe : l'action Norvane passe de 100 à 72 en six semaines, avec une chute de 88 à 72 la dernière semaine",
                caption="L'action Norvane a perdu près d'un tiers de sa valeur en six semaines",
                points=(
                    ("S-6", 100),
                    ("S-5", 97),
                    ("S-4", 92),
                    ("S-3", 95),
                    ("S-2", 88),
                    ("S-1", 72),
                ),
            ),
        ),
    ),
    ArticleData(
        slug="norvane-rendements-salles-blanches",
        section="hardware",
        title="Rendements trop faibles : ce qui coince dans les salles blanches de Norvane",
        lead="Défauts de lithographie, nouveaux transistors, équipes sous pression : nous avons interrogé une dizaine d'ingénieurs du fondeur européen.",
        body=md("""
            Pourquoi Norvane n'arrive-t-il pas à produire ses puces gravées en 2 nm à un coût raisonnable ? Pour le comprendre, nous avons interrogé une dizaine d'ingénieurs et d'anciens salariés du fondeur, sous couvert d'anonymat.

            ## Le rendement, nerf de la guerre

            Le rendement désigne la part des puces utilisables sur une plaquette de silicium. En dessous de 50 %, la production coûte trop cher pour être rentable. Selon nos sources, le procédé N2 de Norvane plafonnait encore à 38 % au dernier trimestre.

            {image:norvane-rendement}

            ## Trois difficultés techniques

            Les ingénieurs décrivent un empilement de problèmes :

            - la lithographie en ultraviolet extrême, qui produit encore trop de défauts aléatoires ;
            - les nouveaux transistors à grille enveloppante, plus difficiles à graver de manière uniforme ;
            - la contamination de certaines chambres de dépôt, longtemps sous-estimée.

            > « Chaque problème, pris seul, est connu et soluble. C'est leur combinaison qui nous a fait perdre des mois », confie un ingénieur procédés.

            ## Une organisation en question

            Plusieurs interlocuteurs pointent aussi une direction qui aurait promis des dates « pour rassurer les marchés » plutôt que sur la base des résultats des salles blanches. Norvane conteste cette lecture et met en avant une progression « régulière » des rendements. Retrouvez le [feuilleton Norvane]({story:norvane-fondeur-tourmente}).
        """),
        authors=("mehdi-benali",),
        tags=("norvane", "semi-conducteurs"),
        days_ago=47,
        time="09:15",
        hero_word="38 %",
        hero_caption="Le rendement du procédé N2 plafonnait à 38 % selon nos sources",
        story="norvane-fondeur-tourmente",
        images=(
            InlineImage(
                key="norvane-rendement",
                kind="bars",
                title="Rendement du procédé N2 par trimestre (estimations)",
                alt="Graphique en barres : le rendement du procédé N2 passe de 22 % à 31 %, puis 35 % et 38 % sur quatre trimestres",
                caption="Le rendement du procédé N2 progresse, mais reste sous le seuil de rentabilité",
                points=(("T1", 22), ("T2", 31), ("T3", 35), ("T4", 38)),
                unit="%",
            ),
        ),
    ),
    ArticleData(
        slug="norvane-premieres-puces-2-nm",
        section="hardware",
        title="Norvane montre enfin ses premières puces en 2 nm, avec un an de retard",
        lead="Le fondeur européen a présenté des plaquettes produites sur sa ligne grenobloise et annonce un rendement supérieur à 60 %.",
        body=md("""
            Après les reports, les démissions et les doutes, une image : celle d'Élodie Chassagne brandissant une plaquette de silicium couverte de puces gravées en 2 nm. Norvane a organisé ce matin une présentation sur son site de l'agglomération grenobloise pour montrer que son procédé N2 était enfin prêt.

            ## Un rendement au-dessus de 60 %

            Le chiffre le plus attendu concerne le rendement. Norvane affirme dépasser désormais 60 % sur une puce de test de taille moyenne, contre 38 % il y a quelques mois. Suffisant pour démarrer une production commerciale, selon l'entreprise.

            {image:norvane-plaquette}

            ## Premiers clients

            Les premières puces produites en volume seront des processeurs pour serveurs, destinés à un client européen que Norvane ne nomme pas. Les puces pour smartphones suivront l'an prochain.

            > « Ce n'est pas une fin, c'est un début. Maintenant, il faut produire, tous les jours, sans surprise », a déclaré Élodie Chassagne, confirmée à la tête du groupe la semaine dernière.

            ## Prudence des analystes

            Les analystes saluent une étape importante, mais attendent de voir les premiers volumes réels. Un rendement annoncé lors d'une présentation n'est pas un rendement tenu sur des millions de puces. Retrouvez l'ensemble du [feuilleton Norvane]({story:norvane-fondeur-tourmente}).
        """),
        authors=("mehdi-benali",),
        tags=("norvane", "semi-conducteurs"),
        days_ago=2,
        time="16:00",
        hero_word="2 nm",
        hero_caption="Norvane a présenté ses premières plaquettes gravées en 2 nm",
        source=("Communiqué de Norvane", "https://norvane.example/presse/n2-production"),
        story="norvane-fondeur-tourmente",
        is_featured=True,
        images=(
            InlineImage(
                key="norvane-plaquette",
                kind="chip",
                title="N2",
                alt="Illustration : une puce électronique et ses pistes, avec l'inscription « N2 »",
                caption="Les premières puces N2 seront des processeurs pour serveurs",
            ),
        ),
    ),
    ArticleData(
        slug="arcelis-r9-carte-graphique-1099-euros",
        section="hardware",
        title="Arcelis R9 : la nouvelle carte graphique haut de gamme coûtera 1 099 euros",
        lead="Le fabricant promet 35 % de performances en plus que la génération précédente, pour une consommation en légère baisse.",
        body=md("""
            Arcelis a présenté hier soir sa nouvelle carte graphique haut de gamme, la R9. Elle sera commercialisée dans trois semaines, au prix public conseillé de 1 099 euros.

            ## Les caractéristiques

            - 20 Go de mémoire vidéo ;
            - une consommation annoncée de 320 watts, contre 350 pour la génération précédente ;
            - un connecteur d'alimentation classique, sans adaptateur ;
            - un encodeur vidéo matériel compatible avec les principaux formats récents.

            ## 35 % plus rapide… selon Arcelis

            Le fabricant annonce un gain moyen de 35 % en jeu par rapport à la R8, et jusqu'à 60 % dans les applications de création 3D. Des chiffres qu'il faudra vérifier : nous publierons notre propre test dès la levée de l'embargo.

            > « Le prix reste élevé, mais il est enfin en ligne avec ce que la carte apporte », estime un revendeur spécialisé que nous avons interrogé.

            Une version R7, plus abordable, est attendue dans la foulée. Retrouvez nos articles sur les [cartes graphiques]({tag:cartes-graphiques}).
        """),
        authors=("mehdi-benali",),
        tags=("cartes-graphiques",),
        days_ago=4,
        time="13:30",
        hero_word="R9",
        hero_caption="L'Arcelis R9 sera vendue 1 099 euros",
        source=("Communiqué d'Arcelis", "https://arcelis.example/presse/r9"),
    ),
    ArticleData(
        slug="sintel-banc-d-essai-rendu-3d-cartes-graphiques",
        section="hardware",
        title="Rendu 3D : pourquoi nous testons les cartes graphiques avec un court métrage libre",
        lead="Les scènes de Sintel, le film d'animation libre de la Blender Foundation, rejoignent notre protocole de test. On vous explique pourquoi.",
        body=md("""
            Mesurer les performances d'une carte graphique en jeu, c'est utile. Mais de plus en plus de lecteurs l'utilisent pour la création 3D, le montage ou l'IA. Nous avons donc revu notre protocole de test, et il passe désormais par un film : Sintel.

            ## Un film libre, donc reproductible

            Sintel est un court métrage d'animation produit en 2010 par la Blender Foundation, diffusé sous licence Creative Commons. Ses fichiers de production sont publics : n'importe qui peut télécharger les scènes et refaire le rendu chez soi. C'est exactement ce qu'il nous faut pour un test que vous pouvez reproduire.

            ## Notre protocole

            - trois scènes du film, de complexité croissante ;
            - un rendu avec le moteur de [Blender](https://www.blender.org/), dans sa version stable la plus récente ;
            - trois mesures par carte, en gardant la médiane ;
            - la consommation électrique mesurée à la prise pendant tout le rendu.

            > « Un bon test, c'est un test que le lecteur peut refaire et contester. »

            C'est la règle que nous nous fixons. Nos premiers résultats avec ce protocole seront publiés avec le test de l'Arcelis R9. Vous pouvez revoir le film ci-dessous. Retrouvez nos articles sur les [cartes graphiques]({tag:cartes-graphiques}).
        """),
        authors=("mehdi-benali",),
        tags=("cartes-graphiques", "open-source"),
        days_ago=11,
        time="17:00",
        hero_word="Rendu 3D",
        hero_caption="Les scènes de Sintel servent désormais à nos tests de cartes graphiques",
        video=(
            "https://www.youtube.com/watch?v=eRsGyueVLvQ",
            "Sintel, court métrage libre de la Blender Foundation (2010)",
        ),
    ),
    ArticleData(
        slug="orka-12-usb-c-batterie-remplacable",
        section="hardware",
        title="Smartphones : l'Orka 12 adopte une batterie remplaçable sans outil",
        lead="Le fabricant anticipe les futures règles européennes sur la réparabilité. La batterie se change en deux minutes, pour 39 euros.",
        body=md("""
            Ouvrir le dos de son téléphone, retirer la batterie et en glisser une neuve : le geste semblait appartenir aux années 2000. Orka le remet au goût du jour avec son nouveau modèle, l'Orka 12, présenté ce matin.

            ## Deux minutes, zéro outil

            Le dos du téléphone se retire grâce à un loquet, sans tournevis ni pistolet à chaleur. La batterie de rechange est vendue 39 euros par le fabricant et chez plusieurs revendeurs.

            > « Une batterie, c'est une pièce d'usure. Elle ne devrait jamais condamner un téléphone qui fonctionne », affirme la directrice produit d'Orka, Sarah Mendès.

            ## Au prix de quelques compromis

            - le téléphone est légèrement plus épais, 8,9 millimètres ;
            - la résistance à l'eau est limitée aux éclaboussures ;
            - la recharge sans fil disparaît.

            L'Orka 12 sera vendu 549 euros, avec cinq ans de mises à jour de sécurité promises. Un pari qui sera surveillé de près par toute l'industrie. Retrouvez nos articles sur les [smartphones]({tag:smartphones}).
        """),
        authors=("mehdi-benali",),
        tags=("smartphones", "union-europeenne"),
        days_ago=25,
        time="10:20",
        hero_word="Orka 12",
        hero_caption="La batterie de l'Orka 12 se change sans outil",
        source=("Communiqué d'Orka", "https://orka.example/presse/orka-12"),
    ),
    ArticleData(
        slug="risc-v-ordinateur-portable-start-up-bretonne",
        section="hardware",
        title="RISC-V : une start-up bretonne annonce un ordinateur portable grand public",
        lead="Armor Computing promet un portable à processeur RISC-V, architecture ouverte, capable de faire tourner une distribution Linux courante.",
        body=md("""
            L'architecture de processeur RISC-V, ouverte et libre de droits, équipe déjà des milliards de microcontrôleurs. Mais on la trouve rarement dans un ordinateur portable que l'on achète pour travailler. Armor Computing, une jeune entreprise installée près de Rennes, veut changer cela.

            ## Un portable pour développeurs… et curieux

            Le Mor-14 embarquera un processeur RISC-V à huit cœurs, 16 Go de mémoire et un écran de 14 pouces. Il fonctionnera sous une distribution Linux répandue, déjà compilée pour cette architecture.

            > « Nous savons que nous ne battrons pas les meilleurs processeurs du marché. Nous voulons prouver qu'un ordinateur ouvert, de bout en bout, est utilisable au quotidien », explique le cofondateur, Erwan Guillou.

            ## Ce qui reste à prouver

            - les performances, annoncées comme « équivalentes à un portable d'entrée de gamme d'il y a cinq ans » ;
            - l'autonomie, que l'entreprise n'a pas encore chiffrée ;
            - la compatibilité des logiciels propriétaires, quasi inexistante.

            Le Mor-14 sera proposé en précommande à 899 euros. Retrouvez nos articles sur l'[open source]({tag:open-source}).
        """),
        authors=("mehdi-benali",),
        tags=("open-source", "semi-conducteurs"),
        days_ago=37,
        time="08:05",
        hero_word="RISC-V",
        hero_caption="Le Mor-14 d'Armor Computing repose sur un processeur RISC-V à huit cœurs",
        source=("Tech Hebdo", "https://tech-hebdo.example/armor-computing-mor-14"),
    ),
    ArticleData(
        slug="arcelis-r7-test-complet",
        section="hardware",
        title="Arcelis R7 : notre test complet de la carte graphique milieu de gamme",
        lead="Performances en jeu, rendu 3D avec notre nouveau protocole et consommation mesurée à la prise : la R7 vaut-elle ses 549 euros ?",
        body=md("""
            ## Notre protocole

            Nous avons mesuré la R7 en jeu, puis en rendu 3D avec les scènes de Sintel, et relevé sa consommation à la prise.

            ## Verdict

            Une carte équilibrée, qui tient ses promesses en 1440p mais souffre d'un ventilateur bruyant en charge.
        """),
        authors=("mehdi-benali",),
        tags=("cartes-graphiques",),
        days_ago=-2,
        time="07:30",
        hero_word="R7",
        hero_caption="L'Arcelis R7 passée sur notre banc de test",
        status="scheduled",
    ),
)
