# ruff: noqa: E501
"""Articles of the Jeux vidéo section (invented games and studios; see masthead.py)."""

from __future__ import annotations

from .base import ArticleData, InlineImage, md

ARTICLES = (
    ArticleData(
        slug="cendres-d-ardoise-studio-brumes-rpg-monde-ouvert",
        section="jeux-video",
        title="« Cendres d'Ardoise » : le studio bordelais Brumes dévoile son RPG en monde ouvert",
        lead="Quatre ans de développement, une équipe de 45 personnes et une ambition rare pour un studio indépendant français.",
        body=md("""
            Il y avait du monde hier soir dans la petite salle bordelaise où Brumes présentait son nouveau jeu. Après deux titres remarqués mais confidentiels, le studio passe à la vitesse supérieure avec « Cendres d'Ardoise », un jeu de rôle en monde ouvert attendu d'ici un an sur PC et consoles.

            ## Un monde de schiste et de cendres

            Le jeu se déroule dans une région montagneuse inspirée des Pyrénées, ravagée par une éruption. Le joueur y incarne une cartographe chargée de redessiner les frontières d'un territoire où tout a changé.

            > « Nous voulions un monde ouvert où l'on ne coche pas des cases sur une carte, mais où la carte, c'est vous qui la faites », résume la directrice créative, Maëlle Garnier.

            ## Ce que nous avons vu

            La démonstration d'une vingtaine de minutes a montré :

            - un système de cartographie où chaque relevé modifie les quêtes disponibles ;
            - des dialogues sans arbre de choix affiché, qui réagissent au ton employé ;
            - une météo volcanique qui change réellement les itinéraires.

            ## Un pari risqué

            Avec 45 salariés, Brumes reste un petit studio pour un projet de cette ampleur. L'équipe assure avoir réduit la taille du monde pour préserver la densité. Réponse à la sortie. Retrouvez nos articles sur le [jeu indépendant]({tag:jeu-independant}).
        """),
        authors=("ines-morel",),
        tags=("jeu-independant",),
        days_ago=1,
        time="18:00",
        hero_word="Cendres",
        hero_caption="« Cendres d'Ardoise » se déroule dans des montagnes ravagées par une éruption",
        source=("La Gazette du jeu", "https://gazette-du-jeu.example/brumes-cendres-d-ardoise"),
        is_featured=True,
    ),
    ArticleData(
        slug="nexa-portable-console-hybride-449-euros",
        section="jeux-video",
        title="Nexa Portable : la console hybride de Vireo sera vendue 449 euros",
        lead="Écran de 8 pouces, manettes détachables et compatibilité avec la bibliothèque PC : Vireo dévoile enfin le prix et les caractéristiques de sa machine.",
        body=md("""
            Vireo a mis fin au suspense. Sa console hybride, la Nexa Portable, sera vendue 449 euros dans sa version de base, d'ici six mois en Europe.

            ## La fiche technique

            - un écran de 8 pouces à 120 Hz ;
            - 512 Go de stockage, extensible par carte mémoire ;
            - des manettes détachables, utilisables à deux ;
            - une station d'accueil pour jouer sur le téléviseur, vendue à part 79 euros.

            ## La bibliothèque, argument principal

            Vireo mise surtout sur la compatibilité : la console fera tourner une grande partie des jeux PC achetés sur plusieurs boutiques en ligne, sans nouvel achat.

            > « Votre ludothèque, vous l'avez déjà. Nous vous donnons un nouvel endroit pour y jouer », a lancé le patron de Vireo sur scène.

            L'autonomie annoncée, entre 2 et 6 heures selon les jeux, fait en revanche grincer des dents. Nous aurons l'occasion de la mesurer lors de notre test. Retrouvez nos articles sur les [consoles]({tag:consoles}).
        """),
        authors=("ines-morel",),
        tags=("consoles",),
        days_ago=7,
        time="12:15",
        hero_word="449 €",
        hero_caption="La Nexa Portable de Vireo dispose d'un écran de 8 pouces",
        source=("Communiqué de Vireo", "https://vireo.example/presse/nexa-portable"),
    ),
    ArticleData(
        slug="films-libres-blender-generation-de-studios",
        section="jeux-video",
        title="Big Buck Bunny, Sintel… comment les films libres de Blender ont formé une génération de studios",
        lead="Les courts métrages libres de la Blender Foundation ont servi d'école à des milliers d'artistes 3D. Beaucoup travaillent aujourd'hui dans le jeu vidéo.",
        body=md("""
            Demandez à un artiste 3D d'un studio de jeux français comment il a appris son métier : il y a de bonnes chances qu'il cite un lapin. Big Buck Bunny, court métrage d'animation produit en 2008 par la Blender Foundation, fait partie d'une série de films dont les fichiers de production ont été publiés sous licence libre.

            ## Des fichiers de production ouverts

            L'idée était simple : montrer ce que permettait le logiciel libre [Blender](https://www.blender.org/) en produisant de vrais films, puis publier tous les fichiers. Modèles, textures, animations : tout pouvait être ouvert, étudié, modifié.

            {image:pixels-atelier}

            > « J'ai passé des nuits à décortiquer les personnages de Big Buck Bunny. C'était la seule façon de voir comment un pro organisait son travail », raconte Yanis, animateur dans un studio lyonnais.

            ## Du cinéma au jeu vidéo

            Blender s'est depuis imposé dans de nombreux studios de jeux, en particulier indépendants, pour la modélisation et l'animation. Plusieurs écoles françaises l'enseignent désormais en première année.

            Pour les studios, l'intérêt est aussi économique : pas de licence à payer par poste, et des outils que l'on peut adapter. Retrouvez nos articles sur l'[open source]({tag:open-source}).
        """),
        authors=("ines-morel",),
        tags=("open-source", "jeu-independant"),
        days_ago=14,
        time="16:40",
        hero_word="Blender",
        hero_caption="Les films libres de la Blender Foundation ont servi d'école à des milliers d'artistes",
        video=(
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "Big Buck Bunny, court métrage libre de la Blender Foundation (2008)",
        ),
        images=(
            InlineImage(
                key="pixels-atelier",
                kind="pixels",
                title="Atelier",
                alt="Illustration : un paysage de montagnes en pixels, avec l'inscription « Atelier »",
                caption="Beaucoup d'artistes ont appris en étudiant des fichiers de production ouverts",
            ),
        ),
    ),
    ArticleData(
        slug="galion-interactive-crunch-syndicat",
        section="jeux-video",
        title="Crunch chez Galion Interactive : un syndicat dénonce des semaines de 60 heures",
        lead="Témoignages à l'appui, le syndicat des travailleurs du jeu vidéo accuse l'éditeur d'imposer des heures supplémentaires massives avant chaque sortie.",
        body=md("""
            Le mot revient dans tous les témoignages : « crunch ». Ces périodes de travail intensif avant la sortie d'un jeu seraient devenues la norme chez Galion Interactive, selon un syndicat du secteur qui publie aujourd'hui un rapport basé sur 37 témoignages de salariés et d'anciens salariés.

            ## Ce que décrit le rapport

            - des semaines de 55 à 60 heures pendant les trois mois précédant chaque sortie ;
            - des heures supplémentaires rarement déclarées comme telles ;
            - des arrêts maladie en hausse dans les équipes concernées.

            > « On nous disait que c'était exceptionnel. C'était exceptionnel tous les ans », témoigne une ancienne programmeuse.

            ## La direction conteste

            Galion Interactive affirme respecter « scrupuleusement » le droit du travail et met en avant un accord d'entreprise sur le temps de travail signé il y a deux ans. L'éditeur reconnaît toutefois « des tensions » sur certains projets et annonce un audit externe.

            L'inspection du travail aurait été saisie. Retrouvez nos articles sur l'[emploi]({tag:emploi}) dans la tech.
        """),
        authors=("ines-morel",),
        tags=("emploi",),
        days_ago=29,
        time="10:00",
        hero_word="60 h",
        hero_caption="Le rapport s'appuie sur 37 témoignages de salariés et d'anciens salariés",
        source=("Rapport syndical", "https://syndicat-jeu-video.example/rapport-galion"),
    ),
    ArticleData(
        slug="orbital-league-finale-europeenne-lyon",
        section="jeux-video",
        title="Esport : la finale européenne d'« Orbital League » a réuni 12 000 spectateurs à Lyon",
        lead="Une salle comble, un record d'audience en ligne et une victoire française au bout du suspense : retour sur un week-end historique pour la discipline.",
        body=md("""
            Douze mille personnes dans les gradins, plus de 800 000 en ligne au moment du dernier match : la finale européenne d'« Orbital League » a battu tous les records d'audience du jeu ce week-end à Lyon.

            ## Une finale au bout du suspense

            L'équipe lyonnaise Nébula l'a emporté face aux Danois de Fjord en cinq manches, après avoir été menée deux à zéro. Un retournement que le public a salué d'une ovation de plusieurs minutes.

            > « À deux manches à zéro, on s'est regardés et on a décidé de jouer comme à l'entraînement, sans penser au score », a raconté le capitaine de Nébula.

            ## Une économie encore fragile

            Derrière le succès populaire, les équipes restent dépendantes des sponsors et des droits de diffusion. Plusieurs structures européennes ont réduit leurs effectifs cette année, faute de revenus suffisants.

            La prochaine finale européenne aura lieu à Madrid. Retrouvez nos articles sur l'[esport]({tag:esport}).
        """),
        authors=("ines-morel",),
        tags=("esport",),
        days_ago=42,
        time="19:30",
        hero_word="Finale",
        hero_caption="La finale d'« Orbital League » s'est jouée devant 12 000 spectateurs",
        source=("La Gazette du jeu", "https://gazette-du-jeu.example/orbital-league-finale-lyon"),
    ),
    ArticleData(
        slug="moteurs-de-jeu-tournages-effets-speciaux",
        section="jeux-video",
        title="Effets spéciaux : les outils du jeu vidéo s'invitent sur les tournages",
        lead="Décors en temps réel, prévisualisation, rendu libre : la frontière entre cinéma et jeu vidéo s'amincit. Tears of Steel en avait donné un avant-goût.",
        body=md("""
            En 2012, la Blender Foundation tournait Tears of Steel, un court métrage de science-fiction mêlant prises de vues réelles et effets numériques, entièrement finalisé avec des outils libres. Une décennie plus tard, les outils du jeu vidéo sont devenus courants sur les plateaux.

            ## Des décors qui réagissent

            Sur certains tournages, les acteurs jouent devant des murs d'écrans LED qui affichent un décor calculé en temps réel par un moteur de jeu. Quand la caméra bouge, la perspective du décor suit.

            > « On voit le résultat sur le plateau, pas six mois plus tard en postproduction. Ça change la façon de diriger », explique une cheffe opératrice qui a travaillé sur plusieurs séries.

            ## Des métiers qui se croisent

            Conséquence directe : les studios de cinéma recrutent des profils issus du jeu vidéo, en particulier des artistes techniques et des spécialistes de l'éclairage en temps réel.

            - les écoles de jeu vidéo ouvrent des options « production virtuelle » ;
            - les salaires de ces profils ont nettement augmenté ;
            - des studios de jeux proposent leurs services aux productions audiovisuelles.

            Vous pouvez revoir Tears of Steel ci-dessous. Retrouvez nos articles sur l'[open source]({tag:open-source}).
        """),
        authors=("ines-morel", "mehdi-benali"),
        tags=("open-source", "emploi"),
        days_ago=55,
        time="14:30",
        hero_word="Temps réel",
        hero_caption="Les décors calculés en temps réel se multiplient sur les tournages",
        video=(
            "https://www.youtube.com/watch?v=R6MlUcmOul8",
            "Tears of Steel, court métrage libre de la Blender Foundation (2012)",
        ),
    ),
)
