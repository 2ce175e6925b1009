# ruff: noqa: E501
"""Articles of the Entreprises section (invented people and companies; see masthead.py)."""

from __future__ import annotations

from .base import ArticleData, md

ARTICLES = (
    ArticleData(
        slug="hexacloud-exige-des-explications-a-aurore-ia",
        section="entreprises",
        title="Hexacloud, premier actionnaire d'Aurore IA, exige des explications",
        lead="Le géant américain du cloud, qui détient 38 % du laboratoire, dit avoir appris le limogeage de Margaux Delorme « quelques minutes » avant l'annonce.",
        body=md("""
            Au lendemain de l'éviction de la fondatrice d'Aurore IA, son principal investisseur sort du silence. Dans une déclaration transmise à la presse, Hexacloud se dit « surpris et profondément préoccupé » par une décision prise « sans consultation » de ses partenaires.

            ## Des milliards en jeu

            L'enjeu est considérable. Hexacloud a investi au total 4,2 milliards d'euros dans Aurore IA, en grande partie sous forme de crédits de calcul dans ses centres de données. Les modèles Aube sont au cœur de plusieurs de ses offres professionnelles, et le groupe comptait sur eux pour rattraper ses concurrents dans l'IA générative.

            > « Nous restons attachés à la mission d'Aurore IA et à ses équipes. Nous attendons du conseil qu'il nous explique, rapidement, ce qui justifie une décision de cette gravité. »

            ## Pas de droit de vote

            Paradoxe de la situation : malgré sa participation, Hexacloud ne dispose d'aucun siège au conseil d'administration. Les statuts d'Aurore IA, rédigés pour garantir son indépendance, réservent les décisions stratégiques à un conseil majoritairement composé de chercheurs et de personnalités extérieures.

            En coulisses, plusieurs sources affirment que le groupe américain a déjà proposé à Margaux Delorme de l'accueillir avec les équipes qui voudraient la suivre. L'action Hexacloud a reculé de 3,1 % à l'ouverture de la Bourse de New York. Suivez notre [dossier sur la crise]({story:crise-aurore-ia}).
        """),
        authors=("julien-kerbrat",),
        tags=("hexacloud", "aurore-ia", "gouvernance"),
        days_ago=39,
        time="11:05",
        hero_word="Hexacloud",
        hero_caption="Hexacloud a investi 4,2 milliards d'euros dans Aurore IA",
        source=("Déclaration d'Hexacloud", "https://hexacloud.example/newsroom/declaration-aurore"),
        story="crise-aurore-ia",
    ),
    ArticleData(
        slug="norvane-pdg-frank-adler-quitte-l-entreprise",
        section="entreprises",
        title="Norvane : le PDG Frank Adler quitte l'entreprise avec effet immédiat",
        lead="Après deux reports du procédé 2 nm et une action divisée par deux, le dirigeant du fondeur européen cède sa place à la directrice financière.",
        body=md("""
            Il n'aura pas survécu à l'année la plus difficile de Norvane. Le conseil de surveillance du fondeur européen a annoncé ce matin le départ de son président du directoire, Frank Adler, « d'un commun accord ». Élodie Chassagne, directrice financière depuis trois ans, assure l'intérim.

            ## Deux reports de trop

            Arrivé il y a six ans avec la promesse de ramener en Europe la production des puces les plus avancées, Frank Adler avait fait du procédé N2, une gravure de classe 2 nm, la pièce maîtresse de sa stratégie. Mais le calendrier a glissé à deux reprises, et les rendements de production restent très inférieurs aux objectifs.

            > « La confiance des clients est la seule chose qu'un fondeur ne peut pas se permettre de perdre », résume un analyste qui suit la valeur depuis dix ans.

            ## La question des clients

            Deux grands clients, dont le fabricant de smartphones Orka, auraient récemment réduit leurs commandes de plaquettes N2 pour l'an prochain. Norvane refuse de commenter « des relations commerciales confidentielles ».

            **Mise à jour :** l'action Norvane a terminé la séance en hausse de 6,4 %, les investisseurs saluant un changement de direction qu'ils réclamaient depuis plusieurs mois.

            Tous nos articles sur le sujet sont réunis dans notre [feuilleton Norvane]({story:norvane-fondeur-tourmente}).
        """),
        authors=("julien-kerbrat",),
        tags=("norvane", "semi-conducteurs", "gouvernance"),
        days_ago=33,
        time="07:58",
        hero_word="Départ",
        hero_caption="Frank Adler dirigeait Norvane depuis six ans",
        source=("Le Courrier des puces", "https://courrier-des-puces.example/norvane-depart-pdg"),
        story="norvane-fondeur-tourmente",
        updated_after_hours=9,
    ),
    ArticleData(
        slug="usine-norvane-grenoble-aides-publiques",
        section="entreprises",
        title="L'usine grenobloise de Norvane obtient 1,8 milliard d'euros d'aides publiques",
        lead="L'État et la Commission européenne valident un soutien massif au site isérois, en échange d'engagements sur l'emploi et la production.",
        body=md("""
            Bouffée d'oxygène pour Norvane. Le fondeur européen a obtenu le feu vert pour 1,8 milliard d'euros d'aides publiques destinées à son usine de l'agglomération grenobloise, où doit être produite la future génération de puces gravées en 2 nm.

            ## Des contreparties précises

            L'aide, versée sur cinq ans, est conditionnée à plusieurs engagements :

            - maintenir au moins 2 400 emplois sur le site pendant dix ans ;
            - réserver 20 % de la capacité de production à des clients européens ;
            - atteindre la production en volume du procédé N2 avant la fin de l'an prochain ;
            - réduire de 30 % la consommation d'eau par plaquette produite.

            > « Sans cette aide, nous aurions dû revoir nos plans d'investissement à la baisse », reconnaît Élodie Chassagne, qui dirige l'entreprise par intérim.

            ## Un pari politique

            Pour les pouvoirs publics, l'enjeu dépasse Norvane : il s'agit de conserver en Europe au moins un fondeur capable de produire des puces de pointe. Les critiques, elles, rappellent que l'entreprise a déjà bénéficié de soutiens importants sans tenir son calendrier.

            Un rapporteur parlementaire s'interroge sur « la capacité réelle de contrôle » des engagements pris. Les syndicats du site saluent une décision qui « sécurise l'emploi à moyen terme ». Retrouvez le [feuilleton Norvane]({story:norvane-fondeur-tourmente}).
        """),
        authors=("julien-kerbrat", "mehdi-benali"),
        tags=("norvane", "semi-conducteurs", "union-europeenne"),
        days_ago=19,
        time="12:40",
        hero_word="1,8 Md€",
        hero_caption="Le site grenoblois de Norvane doit produire les puces gravées en 2 nm",
        source=(
            "Le Courrier des puces",
            "https://courrier-des-puces.example/norvane-aides-publiques",
        ),
        story="norvane-fondeur-tourmente",
    ),
    ArticleData(
        slug="hexacloud-supprime-1200-postes-en-europe",
        section="entreprises",
        title="Hexacloud supprime 1 200 postes en Europe et mise tout sur ses centres de données",
        lead="Le géant du cloud réduit ses équipes commerciales et de support pour financer la construction de trois nouveaux centres de données dédiés à l'IA.",
        body=md("""
            Hexacloud taille dans ses effectifs européens. Le groupe a annoncé hier soir la suppression de 1 200 postes sur le continent, dont environ 300 en France, principalement dans les équipes commerciales, le support technique et les fonctions administratives.

            ## Trois centres de données géants

            En parallèle, Hexacloud confirme la construction de trois centres de données consacrés à l'intelligence artificielle, en Irlande, en Espagne et dans le nord de la France. Un investissement de 9 milliards d'euros sur quatre ans.

            > « Nous réallouons nos ressources vers ce que nos clients nous demandent : de la puissance de calcul », justifie la direction dans un message interne que nous avons pu consulter.

            ## Colère des syndicats

            En France, les représentants du personnel dénoncent une annonce faite « par communiqué, avant même d'informer les instances ». Une intersyndicale appelle à un rassemblement devant le siège francilien du groupe.

            Le plan intervient alors qu'Hexacloud affiche des résultats en hausse, portés notamment par les offres construites sur les modèles d'[Aurore IA]({tag:aurore-ia}), dont il est le premier actionnaire.

            **Mise à jour :** la direction française précise que des propositions de reclassement interne seront faites « à chaque salarié concerné ».
        """),
        authors=("julien-kerbrat",),
        tags=("hexacloud", "emploi", "cloud"),
        days_ago=1,
        time="07:30",
        hero_word="−1 200",
        hero_caption="Hexacloud réduit ses équipes commerciales et de support en Europe",
        source=("Tech Hebdo", "https://tech-hebdo.example/hexacloud-plan-social"),
        updated_after_hours=2,
    ),
    ArticleData(
        slug="voltane-leve-85-millions-batteries-sodium-ion",
        section="entreprises",
        title="La start-up lyonnaise Voltane lève 85 millions d'euros pour ses batteries sodium-ion",
        lead="Sans lithium ni cobalt, ses cellules visent le stockage stationnaire et les petits véhicules urbains. Une première ligne pilote ouvrira dans l'Ain.",
        body=md("""
            Voltane change de dimension. La jeune pousse lyonnaise, fondée il y a quatre ans par deux anciens chercheurs en électrochimie, annonce une levée de fonds de 85 millions d'euros, l'une des plus importantes de l'année dans la filière des batteries en France.

            ## Le sodium plutôt que le lithium

            Voltane développe des cellules sodium-ion, une technologie qui se passe de lithium, de cobalt et de nickel. Leur densité d'énergie est plus faible, mais elles coûtent moins cher, supportent mieux le froid et posent moins de risques d'incendie.

            Les cibles visées sont donc précises :

            - le stockage d'électricité pour les bâtiments et les réseaux ;
            - les scooters et petits utilitaires électriques ;
            - les batteries de secours des centres de données.

            > « Nous ne cherchons pas à concurrencer le lithium sur les voitures haut de gamme. Nous voulons être la batterie raisonnable de tout le reste », résume la cofondatrice, Camille Roux.

            ## Une usine pilote dans l'Ain

            L'argent financera une ligne de production pilote d'une capacité d'un gigawattheure par an, qui doit démarrer d'ici dix-huit mois et créer 180 emplois. Le tour de table est mené par un fonds d'investissement public, accompagné de deux industriels de l'énergie. Retrouvez nos articles sur les [batteries]({tag:batteries}).
        """),
        authors=("julien-kerbrat",),
        tags=("levee-de-fonds", "batteries", "climat"),
        days_ago=9,
        time="11:50",
        hero_word="85 M€",
        hero_caption="Voltane fabriquera ses cellules sodium-ion dans l'Ain",
        source=("Communiqué de Voltane", "https://voltane.example/presse/levee-serie-b"),
    ),
    ArticleData(
        slug="cloud-souverain-trois-hebergeurs-s-allient",
        section="entreprises",
        title="Cloud souverain : trois hébergeurs français s'allient face aux géants américains",
        lead="Nuage Public, Armorique Data et Ventoux Hosting mettent en commun leurs centres de données et lancent une offre unique pour les administrations.",
        body=md("""
            Seuls, ils pesaient trop peu. Ensemble, ils espèrent compter. Trois hébergeurs français de taille moyenne, Nuage Public, Armorique Data et Ventoux Hosting, annoncent la création d'une alliance commerciale et technique baptisée Triskell.

            ## Une offre commune

            Concrètement, un client pourra répartir ses machines entre les onze centres de données des trois entreprises, avec une console d'administration unique et une facture unique. L'alliance vise en priorité les administrations, les hôpitaux et les collectivités, soumis à des exigences croissantes sur la localisation de leurs données.

            > « Aucun de nous ne pouvait répondre seul à un appel d'offres national. À trois, nous le pouvons », affirme le président d'Armorique Data, Yann Le Goff.

            ## Les limites du modèle

            Les trois partenaires restent indépendants et concurrents sur leurs autres marchés, ce qui interroge certains clients sur la solidité de l'ensemble dans la durée. Surtout, leur catalogue reste loin de celui des géants américains, notamment pour les services d'intelligence artificielle.

            L'alliance promet de combler ce retard avec des offres de calcul sur processeurs graphiques dès l'an prochain. Retrouvez nos articles sur le [cloud]({tag:cloud}).
        """),
        authors=("julien-kerbrat",),
        tags=("cloud", "union-europeenne"),
        days_ago=27,
        time="18:30",
        hero_word="Triskell",
        hero_caption="L'alliance Triskell réunit onze centres de données français",
        source=("Tech Hebdo", "https://tech-hebdo.example/triskell-cloud-souverain"),
    ),
    ArticleData(
        slug="rachat-de-pixelis-par-orka-enquete-approfondie",
        section="entreprises",
        title="Rachat de Pixelis par Orka : Bruxelles ouvre une enquête approfondie",
        lead="La Commission européenne craint que le fabricant de smartphones ne verrouille l'accès aux capteurs photo de sa nouvelle filiale.",
        body=md("""
            Le rachat ne sera pas une formalité. La Commission européenne a ouvert une enquête approfondie sur le projet d'acquisition de Pixelis, spécialiste des capteurs d'images pour smartphones, par le fabricant Orka, pour 3,4 milliards d'euros.

            ## La crainte d'un verrouillage

            Pixelis fournit aujourd'hui les capteurs photo de nombreux fabricants concurrents d'Orka. Bruxelles redoute qu'une fois l'opération conclue, Orka ne réserve à ses propres téléphones les meilleurs capteurs, ou ne les vende plus cher à ses rivaux.

            > « Le capteur photo est devenu l'argument de vente numéro un. Celui qui le contrôle tient une bonne partie du marché », observe Laure Fontanel, consultante spécialiste des composants mobiles.

            ## 90 jours d'enquête

            L'enquête doit durer au moins 90 jours ouvrables. Orka se dit « confiant » et prêt à prendre des engagements, par exemple garantir pendant dix ans l'approvisionnement de ses concurrents aux mêmes conditions.

            Plusieurs fabricants de smartphones ont déjà fait part de leurs inquiétudes à Bruxelles. Retrouvez tous nos articles sur les [smartphones]({tag:smartphones}).
        """),
        authors=("julien-kerbrat", "claire-vasseur"),
        tags=("smartphones", "union-europeenne", "regulation"),
        days_ago=50,
        time="08:40",
        hero_word="Orka",
        hero_caption="Orka veut racheter le spécialiste des capteurs photo Pixelis",
        source=("Le Courrier des puces", "https://courrier-des-puces.example/orka-pixelis-enquete"),
    ),
)
