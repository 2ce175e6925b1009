# ruff: noqa: E501
"""Articles of the IA section (invented people and companies; see masthead.py)."""

from __future__ import annotations

from .base import ArticleData, InlineImage, md

ARTICLES = (
    ArticleData(
        slug="aurore-ia-fondatrice-limogee-par-son-conseil",
        section="ia",
        title="Aurore IA : la fondatrice Margaux Delorme limogée par surprise",
        lead="Le conseil d'administration du laboratoire parisien reproche à sa PDG un « manque de transparence » et confie l'intérim à sa directrice technique.",
        body=md("""
            Coup de tonnerre dans l'écosystème français de l'intelligence artificielle. Le conseil d'administration d'Aurore IA a annoncé ce soir le départ « avec effet immédiat » de Margaux Delorme, qui avait cofondé le laboratoire il y a sept ans et le dirigeait depuis. Dans un communiqué de quelques lignes, le conseil explique avoir « perdu confiance » dans la capacité de sa présidente à « rendre compte de manière franche et constante » de ses décisions.

            ## Une décision prise en visioconférence

            Selon nos informations, Margaux Delorme a été convoquée à une réunion en ligne à 17 heures, sans ordre du jour précis. La décision lui a été notifiée en moins d'un quart d'heure. Le cofondateur et directeur scientifique, Viktor Lindqvist, siège au conseil et aurait voté en faveur du départ.

            > « Personne dans l'équipe de direction n'a été prévenu. Nous l'avons appris par le communiqué, comme tout le monde. »

            C'est ce que nous confie un cadre du laboratoire, qui a requis l'anonymat. L'intérim est confié à Nadia Ferhat, directrice technique, qui a adressé un message rassurant aux 780 salariés en début de soirée.

            ## Hexacloud pris de court

            Le géant américain du cloud Hexacloud, qui détient environ 38 % du capital d'Aurore IA et fournit l'essentiel de sa puissance de calcul, n'aurait été informé que quelques minutes avant l'annonce publique. Une situation inconfortable pour un partenaire qui a investi plusieurs milliards d'euros dans la société.

            Les raisons profondes du limogeage restent floues. Plusieurs sources évoquent des désaccords sur le rythme de commercialisation des modèles Aube, d'autres un projet de filiale dont le conseil n'aurait pas été informé. Nous suivrons cette affaire dans notre [dossier consacré à la crise]({story:crise-aurore-ia}).
        """),
        authors=("claire-vasseur",),
        tags=("aurore-ia", "gouvernance", "hexacloud"),
        days_ago=40,
        time="19:42",
        hero_word="Aurore IA",
        hero_caption="Le conseil d'administration d'Aurore IA a écarté sa fondatrice",
        source=("Communiqué d'Aurore IA", "https://aurore-ia.example/presse/communique-conseil"),
        story="crise-aurore-ia",
    ),
    ArticleData(
        slug="aurore-ia-salaries-menacent-de-partir",
        section="ia",
        title="Chez Aurore IA, 612 salariés menacent de démissionner si le conseil ne part pas",
        lead="Dans une lettre ouverte, plus des trois quarts des effectifs exigent le retour de Margaux Delorme et la démission des administrateurs.",
        body=md("""
            La fronde prend de l'ampleur chez Aurore IA. Deux jours après le limogeage de sa fondatrice, 612 des 780 salariés du laboratoire ont signé une lettre ouverte adressée au conseil d'administration. Leur message tient en une phrase : soit les administrateurs démissionnent, soit ce sont eux qui partent.

            ## Trois exigences

            Les signataires réclament :

            - la démission collective du conseil d'administration ;
            - la nomination de deux administrateurs indépendants choisis avec les représentants du personnel ;
            - le retour de Margaux Delorme au poste de présidente-directrice générale.

            > « Votre décision a mis en danger tout ce que nous avons construit. Nous ne pouvons pas travailler pour des personnes qui traitent la mission de cette entreprise avec une telle légèreté. »

            Le ton est inhabituellement dur. Plusieurs signataires assurent avoir déjà reçu des propositions d'embauche, notamment d'Hexacloud, le premier actionnaire, qui se dit prêt à « accueillir toute personne souhaitant poursuivre ce travail ».

            ## Le revirement de Viktor Lindqvist

            Le détail le plus commenté en interne concerne la liste des signataires : on y trouve le nom de Viktor Lindqvist, cofondateur et directeur scientifique, qui avait pourtant voté le départ de sa présidente. Dans un court message publié sur son compte professionnel, il dit « regretter profondément » sa participation à la décision.

            **Mise à jour :** en fin de matinée, le nombre de signataires est passé de 505 à 612, selon les organisateurs de la lettre. Le conseil d'administration n'a pas répondu à nos sollicitations.
        """),
        authors=("claire-vasseur", "antoine-roussel"),
        tags=("aurore-ia", "gouvernance", "emploi"),
        days_ago=38,
        time="08:30",
        hero_word="612",
        hero_caption="Plus des trois quarts des salariés d'Aurore IA ont signé la lettre ouverte",
        source=("Tech Hebdo", "https://tech-hebdo.example/2024/aurore-ia-lettre-salaries"),
        story="crise-aurore-ia",
        updated_after_hours=3,
    ),
    ArticleData(
        slug="margaux-delorme-reprend-la-tete-d-aurore-ia",
        section="ia",
        title="Margaux Delorme reprend la tête d'Aurore IA, le conseil d'administration remanié",
        lead="Cinq jours après son éviction, la fondatrice retrouve son poste. Trois administrateurs quittent le conseil, dont le directeur scientifique Viktor Lindqvist.",
        body=md("""
            Le feuilleton aura duré cinq jours. Aurore IA a annoncé tard ce soir le retour de Margaux Delorme à la présidence du laboratoire, au terme de négociations menées en grande partie par Hexacloud, son premier actionnaire. L'accord prévoit un conseil d'administration resserré et profondément renouvelé.

            ## Un nouveau conseil de cinq membres

            Trois des six administrateurs quittent leurs fonctions, dont Viktor Lindqvist, qui conserve néanmoins son poste de directeur scientifique. Deux personnalités indépendantes font leur entrée : une ancienne présidente d'autorité de régulation et un chercheur en sécurité des systèmes d'IA. Hexacloud obtient un siège d'observateur, sans droit de vote.

            > « Je reviens avec l'envie de réparer ce qui a été abîmé, à commencer par la confiance entre nous », a écrit Margaux Delorme aux salariés.

            ## Une enquête indépendante

            Le nouveau conseil a confié à un cabinet d'avocats une enquête sur les circonstances du limogeage. Ses conclusions doivent être rendues publiques « dans les prochaines semaines ». Nadia Ferhat, qui assurait l'intérim, redevient directrice technique.

            Reste une question que beaucoup se posent en interne : comment un laboratoire qui ambitionne de construire des systèmes d'IA « sûrs et bénéfiques » a-t-il pu se montrer aussi fragile dans sa propre gouvernance ? Retrouvez l'ensemble de nos articles sur [la crise chez Aurore IA]({story:crise-aurore-ia}).
        """),
        authors=("claire-vasseur",),
        tags=("aurore-ia", "gouvernance", "hexacloud"),
        days_ago=36,
        time="22:48",
        hero_word="Retour",
        hero_caption="Margaux Delorme retrouve la présidence du laboratoire qu'elle a cofondé",
        source=("Communiqué d'Aurore IA", "https://aurore-ia.example/presse/retour-presidente"),
        story="crise-aurore-ia",
    ),
    ArticleData(
        slug="aurore-ia-conclusions-enquete-independante",
        section="ia",
        title="Crise chez Aurore IA : l'enquête indépendante pointe « une rupture de communication », pas une faute",
        lead="Le rapport commandé par le nouveau conseil d'administration écarte toute malversation mais décrit une gouvernance incapable de gérer un désaccord.",
        body=md("""
            Les conclusions étaient attendues depuis plusieurs semaines. Le cabinet chargé d'enquêter sur le limogeage éclair de Margaux Delorme a rendu son rapport, dont Aurore IA a publié une synthèse de douze pages. Verdict : aucune faute de gestion, aucun manquement en matière de sécurité des modèles, mais une « rupture de communication profonde » entre la présidente et une partie de son conseil.

            ## Ce que dit le rapport

            Les enquêteurs ont mené 74 entretiens et analysé plus de 30 000 documents internes. Ils retiennent trois points :

            - le projet de filiale commerciale reproché à la présidente avait bien été présenté au conseil, mais de manière « fragmentaire » ;
            - les administrateurs n'avaient aucun mécanisme pour exprimer un désaccord avant d'en arriver à une révocation ;
            - aucun élément ne permet de penser que la sécurité des modèles Aube ait été compromise.

            > « Le conseil a utilisé l'outil le plus radical dont il disposait parce qu'il n'en avait pas d'autre », résume le rapport.

            ## Des règles nouvelles

            Aurore IA annonce plusieurs changements : un comité des risques présidé par un administrateur indépendant, une procédure écrite pour toute révocation de dirigeant et la publication annuelle d'un rapport de gouvernance. Margaux Delorme, elle, sort confortée. Son contrat a été prolongé de quatre ans.

            Pour relire le déroulé de la crise, consultez notre [dossier complet]({story:crise-aurore-ia}) et tous les articles du sujet [Aurore IA]({tag:aurore-ia}).
        """),
        authors=("claire-vasseur",),
        tags=("aurore-ia", "gouvernance"),
        days_ago=12,
        time="14:20",
        hero_word="Rapport",
        hero_caption="Le rapport d'enquête sur la crise d'Aurore IA compte douze pages de synthèse",
        source=("Communiqué d'Aurore IA", "https://aurore-ia.example/presse/rapport-gouvernance"),
        story="crise-aurore-ia",
    ),
    ArticleData(
        slug="aube-4-aurore-ia-modele-video",
        section="ia",
        title="Aube-4 : Aurore IA dévoile un modèle capable d'analyser des heures de vidéo",
        lead="Le nouveau modèle du laboratoire parisien comprend texte, images et vidéos longues, et sera proposé en version allégée aux chercheurs.",
        body=md("""
            Aurore IA tourne la page de sa crise de gouvernance avec une annonce technique. Le laboratoire a présenté ce matin Aube-4, son nouveau modèle de fondation, capable de traiter du texte, des images et surtout des vidéos de plusieurs heures dans une même requête.

            ## Trois heures de vidéo d'un coup

            Lors de la démonstration, le modèle a résumé l'enregistrement complet d'un conseil municipal de trois heures, puis répondu à des questions précises sur les votes, minute à l'appui. Aurore IA revendique une fenêtre de contexte équivalente à « environ deux millions de jetons », sans préciser le coût de calcul d'une telle requête.

            Le modèle sera décliné en trois versions :

            - **Aube-4**, le modèle complet, accessible par API aux entreprises ;
            - **Aube-4 Mini**, plus rapide, pensé pour les assistants grand public ;
            - **Aube-4 Ouvert**, une version allégée dont les poids seront publiés pour la recherche.

            ## Des questions en suspens

            > « Nous avons fait le choix de publier nos évaluations de sécurité avant la mise en service, et non après », a insisté Margaux Delorme sur scène.

            Le laboratoire n'a en revanche rien dit des données vidéo utilisées pour l'entraînement, un point sur lequel plusieurs organisations d'ayants droit attendent des réponses. Nous reviendrons sur ce sujet dans les prochains jours. Les premiers essais publics sont attendus d'ici la fin du mois.
        """),
        authors=("antoine-roussel",),
        tags=("aurore-ia", "modeles-de-langage"),
        days_ago=0,
        time="08:12",
        hero_word="Aube-4",
        hero_caption="Aube-4 analyse texte, images et vidéos longues dans une même requête",
        source=("Blog d'Aurore IA", "https://aurore-ia.example/blog/aube-4"),
        is_featured=True,
    ),
    ArticleData(
        slug="transparence-des-modeles-pme-guichet-unique",
        section="ia",
        title="Transparence des modèles d'IA : les PME réclament un guichet unique",
        lead="Une fédération de 1 400 éditeurs de logiciels s'inquiète du coût des nouvelles obligations européennes et demande un interlocuteur unique par pays.",
        body=md("""
            Les grandes entreprises ont des juristes, les petites ont des questions. C'est en substance le message de la Fédération des éditeurs numériques indépendants (FENI), qui publie aujourd'hui un livre blanc sur la mise en œuvre du règlement européen sur l'intelligence artificielle.

            ## « Trois guichets pour une même question »

            Selon l'enquête menée auprès de ses adhérents, une PME qui intègre un modèle d'IA dans son produit doit aujourd'hui consulter en moyenne trois administrations différentes pour savoir si son usage est considéré comme « à haut risque ».

            > « Nous ne demandons pas moins de règles, nous demandons de savoir à qui poser nos questions », explique sa présidente, Hélène Castagné.

            La fédération formule quatre propositions :

            - un guichet unique par État membre pour les questions de classification ;
            - des modèles de documentation technique gratuits et traduits ;
            - un délai de mise en conformité allongé pour les entreprises de moins de 50 salariés ;
            - des « bacs à sable » réglementaires ouverts sans appel à projets.

            ## Une inquiétude partagée

            L'enquête montre aussi que 41 % des répondants ont reporté ou abandonné un projet d'IA faute de visibilité juridique. Un chiffre à prendre avec précaution, l'échantillon étant composé uniquement d'adhérents, mais qui rejoint les remontées d'autres organisations professionnelles. Retrouvez nos articles sur la [régulation]({tag:regulation}).
        """),
        authors=("claire-vasseur",),
        tags=("regulation", "union-europeenne"),
        days_ago=6,
        time="10:30",
        hero_word="Règles",
        hero_caption="Les éditeurs de logiciels demandent un interlocuteur unique par pays",
        source=("Livre blanc de la FENI", "https://feni.example/publications/ia-pme"),
    ),
    ArticleData(
        slug="assistants-de-code-un-mois-dans-une-equipe",
        section="ia",
        title="Assistants de code : nous avons suivi une équipe de développeurs pendant un mois",
        lead="Gain de temps réel, revues de code plus longues, juniors désorientés : ce que change vraiment l'IA au quotidien dans une PME lyonnaise.",
        body=md("""
            Les éditeurs promettent des développeurs « deux fois plus productifs ». Pour voir ce qu'il en est, nous avons passé un mois avec l'équipe technique de Tessel, une PME lyonnaise de 60 personnes qui édite un logiciel de gestion pour les artisans. Ses douze développeurs utilisent un assistant de code depuis le début de l'année.

            ## Ce qui va plus vite

            Sans surprise, les tâches répétitives fondent : écriture de tests, migrations de bases de données, conversion de formats. « Tout ce que je faisais en soupirant, je le fais maintenant en relisant », résume Karim, développeur depuis huit ans.

            ## Ce qui ralentit

            La relecture, en revanche, s'allonge. Le responsable technique a mesuré que le temps moyen de revue d'une demande de fusion est passé de 25 à 38 minutes.

            > « Le code généré a l'air propre, donc on baisse la garde. C'est précisément là que les erreurs passent. »

            L'équipe a fini par adopter trois règles simples :

            - tout code généré est signalé comme tel dans la demande de fusion ;
            - aucun code de sécurité ou de facturation n'est accepté sans test écrit à la main ;
            - les développeurs juniors travaillent une semaine par mois sans assistant.

            ## Et les juniors ?

            C'est la principale inquiétude de la direction. Les deux alternants de l'équipe reconnaissent « comprendre moins bien » le code qu'ils livrent. Tessel réfléchit à un programme de mentorat renforcé. Retrouvez nos autres articles sur les [modèles de langage]({tag:modeles-de-langage}).
        """),
        authors=("antoine-roussel",),
        tags=("modeles-de-langage", "emploi"),
        days_ago=15,
        time="15:45",
        hero_word="Code",
        hero_caption="Chez Tessel, douze développeurs utilisent un assistant de code au quotidien",
    ),
    ArticleData(
        slug="lutece-modele-de-langage-frugal-supercalculateur-public",
        section="ia",
        title="Lutèce, un modèle de langage frugal entraîné en France sur un supercalculateur public",
        lead="Un consortium de laboratoires publie un modèle de 7 milliards de paramètres, entraîné sur des textes sous licence libre et pensé pour le français.",
        body=md("""
            Pas besoin d'être un géant pour entraîner un modèle de langage utile : c'est la démonstration que veut faire le consortium Lutèce, qui réunit quatre laboratoires publics et deux associations. Son premier modèle, Lutèce-7B, est publié aujourd'hui sous licence libre, avec ses poids, son code d'entraînement et la liste complète de ses données.

            ## Des données entièrement traçables

            Le corpus compte 1 200 milliards de mots, dont 40 % en français : publications scientifiques en accès ouvert, débats parlementaires, ouvrages du domaine public et encyclopédies libres. Aucun contenu n'a été collecté sans licence explicite, affirme le consortium.

            L'entraînement a duré 19 jours sur un supercalculateur public, pour une consommation annoncée de 310 mégawattheures, soit une fraction de ce que déclarent les modèles commerciaux de taille comparable.

            {image:lutece-scores}

            ## Des performances honnêtes

            Sur notre propre banc de 200 questions en français, Lutèce-7B fait jeu égal avec des modèles ouverts deux fois plus gros sur la grammaire et le résumé, mais reste nettement en retrait en mathématiques.

            > « Nous ne cherchons pas à battre les leaders, mais à prouver qu'on peut faire un modèle correct de façon transparente », explique la coordinatrice du projet, Aurélie Sandoval.

            Le code et les données sont disponibles sur le [dépôt du projet](https://lutece-ia.example/depot). Une version de 30 milliards de paramètres est en préparation. Voir aussi nos articles sur l'[open source]({tag:open-source}).
        """),
        authors=("antoine-roussel", "sophie-marchetti"),
        tags=("modeles-de-langage", "open-source"),
        days_ago=23,
        time="09:00",
        hero_word="Lutèce",
        hero_caption="Lutèce-7B a été entraîné en 19 jours sur un supercalculateur public",
        source=("Consortium Lutèce", "https://lutece-ia.example/annonce"),
        images=(
            InlineImage(
                key="lutece-scores",
                kind="bars",
                title="Score sur notre banc de 200 questions en français (sur 100)",
                alt="Graphique en barres : Lutèce-7B obtient 71 en grammaire, 68 en résumé, 63 en culture générale et 39 en mathématiques",
                caption="Scores de Lutèce-7B sur notre banc de questions en français",
                points=(("Grammaire", 71), ("Résumé", 68), ("Culture", 63), ("Maths", 39)),
            ),
        ),
    ),
    ArticleData(
        slug="deepfakes-vocaux-arnaques-au-faux-conseiller",
        section="ia",
        title="Deepfakes vocaux : les arnaques au faux conseiller bancaire se multiplient",
        lead="Quelques secondes d'enregistrement suffisent désormais pour imiter une voix. Les banques et les associations de consommateurs appellent à la vigilance.",
        body=md("""
            « C'était la voix de ma fille, j'en étais certaine. » Comme des centaines d'autres, Monique, 71 ans, a reçu un appel d'un proche en détresse qui lui demandait un virement urgent. Sauf que la voix avait été générée par une IA à partir d'une vidéo publiée sur un réseau social.

            ## Trois secondes suffisent

            Les outils de clonage vocal se sont démocratisés. Certains services en ligne promettent d'imiter une voix à partir de trois secondes d'audio, pour quelques euros par mois. Les escrocs s'en servent pour deux scénarios principaux : le faux proche en difficulté et le faux conseiller bancaire.

            > « Le faux conseiller est redoutable, car la victime a souvent déjà parlé à son vrai conseiller au téléphone. Elle reconnaît le ton, le vocabulaire, tout », explique Lucie Arnaud, chercheuse en sécurité.

            ## Les bons réflexes

            Les spécialistes rappellent quelques règles simples :

            - une banque ne demande jamais de valider une opération ou de communiquer un code par téléphone ;
            - en cas de doute, raccrochez et rappelez le numéro officiel, inscrit au dos de votre carte ;
            - convenez en famille d'un mot de passe à demander en cas d'appel urgent ;
            - limitez les vidéos publiques où l'on entend longuement votre voix.

            Les plateformes de clonage vocal affirment, de leur côté, renforcer leurs contrôles. Nos articles sur la [cybersécurité]({tag:cybersecurite}) détaillent d'autres arnaques en vogue.
        """),
        authors=("claire-vasseur",),
        tags=("cybersecurite", "modeles-de-langage"),
        days_ago=45,
        time="17:20",
        hero_word="Voix",
        hero_caption="Quelques secondes d'audio suffisent à imiter une voix",
        source=("La Lettre de la cybersécurité", "https://lettre-cyber.example/deepfakes-vocaux"),
    ),
    ArticleData(
        slug="aube-4-comparatif-face-aux-concurrents",
        section="ia",
        title="Aube-4 face à ses concurrents : notre comparatif détaillé",
        lead="Brouillon en cours de rédaction : résultats des tests à compléter.",
        body=md("""
            ## Méthode

            Nous avons soumis Aube-4 et trois modèles concurrents à la même série de 300 questions.

            ## Résultats

            À compléter après la deuxième série de tests.
        """),
        authors=("antoine-roussel",),
        tags=("aurore-ia", "modeles-de-langage"),
        days_ago=0,
        time="09:00",
        hero_word="Comparatif",
        hero_caption="Aube-4 et trois modèles concurrents, soumis aux mêmes questions",
        status="draft",
    ),
)
