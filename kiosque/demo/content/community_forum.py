# ruff: noqa: E501  (French prose: one line per sentence reads better than wrapped strings)
"""The demo forum's open categories and their topics, written by the demo members.

The "Articles" category is not here: the newsroom opens its topics, one per article.
"""

from __future__ import annotations

from .base import md
from .community_base import CategoryData, Message, TopicData

CATEGORIES = (
    CategoryData(
        slug="aide-et-depannage",
        name="Aide et dépannage",
        description="Un ordinateur qui ne démarre plus, un Wi-Fi capricieux, des photos à sauver ? Décrivez votre problème, la communauté vous aide.",
        position=1,
    ),
    CategoryData(
        slug="conseils-d-achat-materiel",
        name="Conseils d'achat matériel",
        description="Ordinateurs, cartes graphiques, smartphones, stockage : demandez conseil avant de sortir la carte bancaire.",
        position=2,
    ),
    CategoryData(
        slug="jeux-video",
        name="Jeux vidéo",
        description="Vos parties, vos attentes, vos coups de cœur et vos coups de gueule.",
        position=3,
    ),
    CategoryData(
        slug="le-cafe",
        name="Le café",
        description="Hors sujet bienvenu : présentez-vous, discutez de tout et de rien, dans la bonne humeur.",
        position=4,
    ),
)

TOPICS = (
    # --- Aide et dépannage -------------------------------------------------------------------
    TopicData(
        category="aide-et-depannage",
        title="À lire avant de poster : comment obtenir de l'aide rapidement",
        author="octet_perdu",
        days_ago=55,
        time="09:10",
        is_pinned=True,
        likes=("Mistinguette", "Kerouan", "PapyGeek", "Mael.B"),
        text=md("""
            Bonjour à toutes et à tous,

            Pour qu'on puisse vous aider vite, pensez à indiquer dans votre message :

            - le modèle exact de l'appareil (ou les composants, pour un PC monté) ;
            - le système et sa version : Windows 11, macOS 14, Android 14, Ubuntu 24.04… ;
            - depuis quand le problème existe, et ce qui a changé juste avant (mise à jour, nouveau matériel, orage) ;
            - le message d'erreur **exact**, recopié ou en capture d'écran ;
            - ce que vous avez déjà essayé.

            Un titre clair aide aussi : « Le Wi-Fi décroche depuis la mise à jour de la box » sera lu bien plus vite que « AU SECOURS ».

            Et quand c'est réglé, dites-nous ce qui a marché : la personne qui aura le même souci dans six mois vous remerciera.
        """),
        replies=(
            Message(
                author="Mistinguette",
                text="Merci pour ce rappel très clair. Je n'aurais jamais pensé à noter ce qui avait changé juste avant la panne, et pourtant c'est souvent là que tout se joue.",
                minutes=310,
            ),
            Message(
                author="Kerouan",
                text="J'ajouterais : pour un problème de PC sous Windows, la commande `winver` donne la version exacte en deux secondes. Ça évite les « j'ai la dernière version » qui datent de deux ans.",
                minutes=1460,
                likes=("octet_perdu", "Mael.B"),
            ),
        ),
    ),
    TopicData(
        category="aide-et-depannage",
        title="Le Wi-Fi décroche toutes les dix minutes depuis la mise à jour de la box",
        author="Mistinguette",
        days_ago=18,
        time="10:24",
        text=md("""
            Bonjour,

            Depuis la mise à jour de ma box la semaine dernière, mon ordinateur portable perd le Wi-Fi toutes les dix minutes environ. Il se reconnecte tout seul au bout d'une minute, mais c'est insupportable en pleine visioconférence avec mes petits-enfants.
            Le téléphone, lui, ne semble pas gêné.

            L'ordinateur est un portable sous Windows 11, acheté il y a quatre ans. J'ai déjà redémarré la box et l'ordinateur, sans effet.
        """),
        replies=(
            Message(
                author="PapyGeek",
                key="questions",
                text=md("""
                    Bonjour Mistinguette,
                    Deux questions pour y voir plus clair :
                    – la box diffuse-t-elle un seul nom de réseau, ou un en 2,4 GHz et un autre en 5 GHz ?
                    – le portable est-il loin de la box, avec des murs épais entre les deux ?
                """),
                minutes=35,
            ),
            Message(
                author="Mistinguette",
                reply_to="questions",
                text=md("""
                    Un seul nom de réseau, il me semble.
                    Le bureau est à l'étage, juste au-dessus de la box. Les murs sont ceux d'une vieille maison en pierre.
                    Avant la mise à jour, tout fonctionnait parfaitement au même endroit.
                """),
                minutes=72,
            ),
            Message(
                author="octet_perdu",
                key="solution",
                text=md("""
                    C'est un classique : beaucoup de box ont activé avec leur dernière mise à jour le « pilotage intelligent des bandes », qui fait passer l'appareil d'une fréquence à l'autre. Certaines cartes Wi-Fi un peu anciennes le supportent très mal et décrochent à chaque bascule.

                    Essayez ceci, dans l'interface de la box :

                    1. séparez les deux bandes, avec deux noms de réseau différents (par exemple « Maison » et « Maison-5G ») ;
                    2. connectez le portable au réseau 2,4 GHz, qui traverse mieux la pierre ;
                    3. mettez à jour le pilote Wi-Fi depuis le site du fabricant du portable, pas seulement par Windows Update.
                """),
                minutes=96,
                likes=("PapyGeek", "Kerouan"),
            ),
            Message(
                author="Mistinguette",
                reply_to="solution",
                text="Ça marche ! Deux noms de réseau, le portable sur le 2,4 GHz, et plus une seule coupure depuis hier après-midi, même pendant une heure et demie de visio. Merci infiniment à vous deux.",
                minutes=1510,
                likes=("octet_perdu", "PapyGeek"),
            ),
        ),
    ),
    TopicData(
        category="aide-et-depannage",
        title="[Résolu] Écran noir au démarrage après la mise à jour du pilote graphique",
        author="Hugo_R",
        days_ago=9,
        time="23:12",
        is_closed=True,
        text=md("""
            Salut,

            J'ai installé le dernier pilote de ma carte graphique ce soir, redémarré, et depuis : logo du fabricant, puis écran noir. Le PC tourne (les ventilateurs soufflent, la LED du disque clignote) mais rien ne s'affiche.
            PC fixe monté l'an dernier, Windows 11. J'ai un partiel à rendre vendredi, évidemment.
        """),
        replies=(
            Message(
                author="Mael.B",
                key="ddu",
                text="Classique. Démarre en mode sans échec, désinstalle le pilote proprement (l'outil DDU fait ça très bien), puis réinstalle la version précédente. Ton partiel est sauvé, ne t'inquiète pas.",
                minutes=21,
            ),
            Message(
                author="Hugo_R",
                reply_to="ddu",
                text="Le souci, c'est que je n'arrive même pas au mode sans échec : F8 ne fait rien, et l'écran reste noir avant que je puisse faire quoi que ce soit.",
                minutes=48,
            ),
            Message(
                author="Kerouan",
                key="astuce",
                text=md("""
                    Sous Windows 11, F8 ne sert plus à rien. Force trois démarrages ratés de suite (appui long sur le bouton dès que le logo apparaît) : au quatrième, Windows ouvre de lui-même l'environnement de récupération.
                    Ensuite : Dépannage, Options avancées, Paramètres, Redémarrer, puis touche 4 pour le mode sans échec.
                    Autre piste : si ta carte mère a une sortie vidéo, branche l'écran dessus le temps de réparer.
                """),
                minutes=79,
                likes=("Mael.B", "Hugo_R", "octet_perdu"),
            ),
            Message(
                author="Hugo_R",
                reply_to="astuce",
                text="C'était exactement ça. Trois démarrages forcés, mode sans échec, DDU, ancien pilote réinstallé : tout est revenu. Merci à vous deux, je note l'astuce quelque part où je la retrouverai.",
                minutes=141,
                likes=("Kerouan", "Mael.B"),
            ),
        ),
    ),
    TopicData(
        category="aide-et-depannage",
        title="Récupérer les photos d'un vieux téléphone qui ne s'allume plus",
        author="Clementine",
        days_ago=33,
        time="14:02",
        text=md("""
            Bonjour,

            Mon ancien téléphone Android, rangé dans un tiroir depuis trois ans, ne s'allume plus du tout. Il contient les photos de la naissance de mon neveu, jamais sauvegardées ailleurs (oui, je sais).
            Il reste branché depuis une heure, aucun signe de vie. Y a-t-il un espoir ?
        """),
        replies=(
            Message(
                author="octet_perdu",
                key="batterie",
                text=md("""
                    Un espoir, oui. Une batterie restée vide si longtemps se met souvent en protection : laissez-le charger toute une nuit, avec un chargeur d'origine et pas un port USB d'ordinateur.
                    S'il affiche un logo de batterie le lendemain, c'est gagné. Sinon, la batterie est sans doute morte, mais les photos, elles, sont dans la mémoire interne : un réparateur peut remplacer la batterie pour une trentaine d'euros, et vous récupérez tout.
                """),
                minutes=44,
                likes=("Clementine",),
            ),
            Message(
                author="PapyGeek",
                text="Et, au passage : regardez dans le compte Google associé au téléphone. Il arrive que la sauvegarde des photos ait été activée sans qu'on s'en souvienne.",
                minutes=118,
            ),
            Message(
                author="Clementine",
                reply_to="batterie",
                text="Nouvelles du front : une nuit de charge n'a rien donné, mais un réparateur du quartier a changé la batterie pour 35 euros. Le téléphone a redémarré, et toutes les photos sont désormais en triple exemplaire. Merci !",
                minutes=2890,
                likes=("octet_perdu", "PapyGeek", "Mistinguette"),
            ),
        ),
    ),
    # --- Conseils d'achat matériel -----------------------------------------------------------
    TopicData(
        category="conseils-d-achat-materiel",
        title="Arcelis R9 ou attendre la R7 pour jouer en 1440p ?",
        author="Lunaire",
        days_ago=3,
        time="20:05",
        text=md("""
            Hello,

            Ma vieille carte graphique commence à souffrir en 1440p, et je diffuse mes parties le week-end, donc l'encodage vidéo compte aussi.
            La R9 à 1 099 € me fait de l'œil, mais c'est un budget. Est-ce que ça vaut le coup d'attendre le test de la R7 ?
        """),
        replies=(
            Message(
                author="Mael.B",
                key="conseil",
                text=md("""
                    Pour du 1440p, la R9 est clairement surdimensionnée, sauf si tu vises les 165 images par seconde partout.
                    Attends le test de la R7 : d'après [l'annonce de la R9]({path:arcelis-r9-carte-graphique-1099-euros}), les deux partagent le même encodeur vidéo, donc pour diffuser tu ne perdrais rien.
                """),
                minutes=26,
                likes=("Lunaire", "Clementine"),
            ),
            Message(
                author="Clementine",
                text="Même avis. Côté rendu 3D, la seule chose qui me ferait craquer pour la R9, c'est la mémoire vidéo : avec de grosses scènes Blender, ça part vite. Pour du jeu en 1440p, c'est une autre histoire.",
                minutes=63,
            ),
            Message(
                author="Hugo_R",
                key="loyer",
                text="1 099 €, c'est plus que mon loyer… Je vais continuer à jouer en 1080p sur ma carte d'occasion, tiens.",
                minutes=182,
                likes=("Lunaire",),
            ),
            Message(
                author="Mael.B",
                reply_to="loyer",
                text="Le marché de l'occasion est justement intéressant en ce moment : avec chaque nouvelle génération, des cartes très correctes reviennent à des prix raisonnables. Passe à la boutique un de ces jours si tu es dans le coin d'Angers.",
                minutes=205,
            ),
            Message(
                author="Lunaire",
                text="Bon, vous m'avez convaincue : j'attends le test de la R7. Mon banquier vous remercie.",
                minutes=990,
                likes=("Mael.B",),
            ),
        ),
    ),
    TopicData(
        category="conseils-d-achat-materiel",
        title="Un ordinateur portable pour des études d'architecture, autour de 1 200 €",
        author="Mistinguette",
        days_ago=26,
        time="16:40",
        text=md("""
            Bonjour,

            Ma petite-fille entre en école d'architecture à la rentrée. L'école demande un portable « capable de faire tourner des logiciels de modélisation 3D », sans plus de précisions.
            Nous avons un budget d'environ 1 200 €. Je suis un peu perdue entre les fiches techniques : que faut-il regarder en priorité ?
        """),
        replies=(
            Message(
                author="Clementine",
                key="priorites",
                text=md("""
                    Bonjour ! Dans l'ordre, pour de la modélisation :

                    1. une vraie carte graphique dédiée, pas seulement la puce intégrée au processeur ;
                    2. 32 Go de mémoire vive si possible, 16 Go au strict minimum ;
                    3. un écran correct (couleurs fidèles, au moins 15 pouces), parce qu'elle va y passer ses nuits.

                    Demandez aussi à l'école la liste exacte des logiciels : certains ne fonctionnent que sous Windows.
                """),
                minutes=52,
                likes=("Mistinguette", "Mael.B", "PapyGeek"),
            ),
            Message(
                author="Mael.B",
                reply_to="priorites",
                text="Tout pareil. J'ajoute : méfiez-vous des portables très fins avec une grosse carte graphique, ils chauffent et deviennent bruyants. À 1 200 €, un modèle un peu plus épais, bien ventilé, tiendra mieux ses cinq ans d'études.",
                minutes=95,
            ),
            Message(
                author="nico_velo",
                text="Et prévoyez un disque externe pour les sauvegardes dès le premier jour. Un projet de fin d'année perdue la veille du rendu, c'est un rite de passage dont on se passe volontiers.",
                minutes=214,
                likes=("octet_perdu",),
            ),
            Message(
                author="Mistinguette",
                text="Merci à tous, j'ai tout noté. L'école a confirmé que les logiciels tournent sous Windows, nous irons voir un modèle bien ventilé avec 32 Go. Et un disque externe, promis.",
                minutes=1520,
                likes=("Clementine",),
            ),
        ),
    ),
    TopicData(
        category="conseils-d-achat-materiel",
        title="Un NAS pour sauvegarder les photos de famille : par où commencer ?",
        author="PapyGeek",
        days_ago=47,
        time="11:15",
        text=md("""
            Bonjour,

            Vingt ans de photos de famille éparpillées entre trois disques durs, deux ordinateurs et une clé USB dont personne ne connaît le contenu. Je voudrais centraliser tout ça sur un NAS à la maison.
            Je me débrouille en technique, mais je ne connais pas ce marché. Des conseils ?
        """),
        replies=(
            Message(
                author="octet_perdu",
                key="regle",
                text=md("""
                    Bonne idée, mais attention : un NAS n'est pas une sauvegarde à lui seul. Retenez la règle du 3-2-1 :

                    - **3** copies de vos données ;
                    - sur **2** supports différents ;
                    - dont **1** hors de la maison (chez un proche, ou dans un stockage en ligne chiffré).

                    Pour le reste, un modèle à deux baies avec deux disques en miroir suffit largement pour des photos.
                """),
                minutes=41,
                likes=("PapyGeek", "Kerouan", "Mistinguette"),
            ),
            Message(
                author="Kerouan",
                reply_to="regle",
                text="Et testez la restauration une fois par an. Une sauvegarde qu'on n'a jamais essayé de relire, c'est une promesse, pas une sauvegarde.",
                minutes=77,
                likes=("octet_perdu",),
            ),
            Message(
                author="PapyGeek",
                text="Commandé : un deux baies avec deux disques de 4 To en miroir, plus un disque externe qui ira dormir chez ma fille. Reste à trier vingt ans de photos floues…",
                minutes=4020,
                likes=("octet_perdu",),
            ),
        ),
    ),
    # --- Jeux vidéo --------------------------------------------------------------------------
    TopicData(
        category="jeux-video",
        title="« Cendres d'Ardoise » : qu'attendez-vous du RPG de Brumes ?",
        author="Lunaire",
        days_ago=1,
        time="19:30",
        text=md("""
            Un RPG en monde ouvert par un studio bordelais de 45 personnes, je n'y croyais pas en lisant le titre de l'article.
            Qu'est-ce que vous en attendez ? Moi, surtout une écriture soignée et un monde qui ne soit pas une carte remplie de points d'interrogation.
        """),
        replies=(
            Message(
                author="Clementine",
                text="La direction artistique m'a scotchée : ces paysages d'ardoise sous la pluie, on sent des gens qui ont regardé la lumière de l'Atlantique. J'espère juste qu'ils ne sacrifieront pas ça pour tourner sur toutes les machines.",
                minutes=38,
                likes=("Lunaire",),
            ),
            Message(
                author="Hugo_R",
                text="Un monde plus petit mais dense, ça me va très bien. Je n'ai plus le temps de passer 150 heures sur un jeu depuis que j'ai des partiels.",
                minutes=95,
            ),
            Message(
                author="Sablier",
                text="Quatre ans de développement et pas de date de sortie : je parie sur deux reports. J'espère avoir tort, sincèrement.",
                minutes=160,
                likes=("Hugo_R",),
            ),
        ),
    ),
    TopicData(
        category="jeux-video",
        title="Vos coups de cœur indépendants de l'année",
        author="Clementine",
        days_ago=40,
        time="21:00",
        text="Je commence : un petit jeu de navigation où l'on cartographie un archipel à la main, au crayon, pendant que la marée monte. Trois heures de bonheur. Et vous ?",
        replies=(
            Message(
                author="Lunaire",
                text="Un jeu de gestion de phare, en noir et blanc, où chaque naufrage évité débloque une lettre de marin. J'ai pleuré à la dernière lettre, je ne m'en cache pas.",
                minutes=25,
                likes=("Clementine", "Zephyrine"),
            ),
            Message(
                author="nico_velo",
                text="Un jeu de programmation où l'on écrit les routines d'une usine de robots en pseudo-assembleur. C'est mon travail, mais en plus amusant.",
                minutes=140,
                likes=("Zephyrine",),
            ),
            Message(
                author="Zephyrine",
                text="@nico_velo je vois très bien lequel, j'y ai laissé mes soirées de rédaction de thèse. Ma directrice ne doit jamais l'apprendre.",
                minutes=176,
                likes=("nico_velo", "Lunaire"),
            ),
            Message(
                author="Mael.B",
                text="Un jeu de course en pixel art avec une bande-son synthwave. Rien de révolutionnaire, mais parfait pour vingt minutes après le travail.",
                minutes=1300,
            ),
        ),
    ),
    TopicData(
        category="jeux-video",
        title="Nexa Portable à 449 € : convaincus ?",
        author="Mael.B",
        days_ago=7,
        time="14:30",
        text=md("""
            Le prix est tombé : 449 € pour la console hybride de Vireo. En boutique, on a déjà des questions tous les jours.
            Pour ma part, la compatibilité avec la bibliothèque PC me tente beaucoup, l'autonomie beaucoup moins. Vous en pensez quoi ?
        """),
        replies=(
            Message(
                author="Lunaire",
                text="Si elle fait tourner correctement ma bibliothèque existante, c'est un achat quasi certain. Je ne rachèterai pas des jeux que je possède déjà.",
                minutes=30,
            ),
            Message(
                author="PapyGeek",
                text="Un écran de 8 pouces pour mes vieux yeux, c'est un argument. J'attendrai quand même les tests d'autonomie.",
                minutes=88,
                likes=("Mael.B",),
            ),
            Message(
                author="Hugo_R",
                text="449 €, c'est presque raisonnable pour ce que c'est. Presque.",
                minutes=190,
            ),
            Message(
                author="Sablier",
                text="Je me méfie des « compatibles avec la bibliothèque PC ». Compatibles avec combien de jeux, et à quelle fluidité ? Les tests nous le diront.",
                minutes=250,
                likes=("PapyGeek",),
            ),
        ),
    ),
    # --- Le café -----------------------------------------------------------------------------
    TopicData(
        category="le-cafe",
        title="Présentez-vous !",
        author="Kerouan",
        days_ago=54,
        time="08:00",
        is_pinned=True,
        text=md("""
            Nouveau ou ancien, dites-nous qui vous êtes, d'où vous nous lisez et ce qui vous amène ici.

            Je commence : ingénieur systèmes à Rennes, lecteur du site depuis longtemps, et grand amateur de communiqués de presse lus entre les lignes.
        """),
        replies=(
            Message(
                author="Mistinguette",
                text="Bonjour à tous ! Professeure de lettres à la retraite, près de Dijon. Je viens ici comprendre ce que mes petits-enfants racontent à table.",
                minutes=95,
                likes=("Kerouan", "PapyGeek"),
            ),
            Message(
                author="Zephyrine",
                text="Doctorante en apprentissage automatique à Grenoble. Je lis surtout la rubrique IA… et les commentaires, pour savoir ce que les gens imaginent de mon travail.",
                minutes=260,
            ),
            Message(
                author="Sablier",
                text="Sablier, quelque part en Normandie. Je lis tout, je crois la moitié, et je commente le reste.",
                minutes=3000,
                likes=("Kerouan",),
            ),
            Message(
                author="Mael.B",
                text="Vendeur dans une boutique d'informatique à Angers. Si vous avez des questions sur du matériel, je traîne souvent dans les conseils d'achat.",
                minutes=21_700,
            ),
            Message(
                author="Hugo_R",
                text="Salut ! Étudiant en informatique à Toulouse. Je lisais le forum sans compte depuis des mois, je me suis enfin inscrit. Content d'être là.",
                minutes=48_300,
                likes=("Kerouan", "Mael.B", "Mistinguette"),
            ),
        ),
    ),
    TopicData(
        category="le-cafe",
        title="Votre tout premier ordinateur ?",
        author="PapyGeek",
        days_ago=30,
        time="18:20",
        text="Un soir de nostalgie. Le mien : un Amstrad CPC 464 avec son lecteur de cassettes, en 1985. Il fallait dix minutes pour charger un jeu, et on était ravis. Et vous ?",
        replies=(
            Message(
                author="Mistinguette",
                text="Un Thomson TO7 au collège où j'enseignais, avec son crayon optique. Avant cela, le Minitel de la maison, qui faisait déjà exploser la facture de téléphone.",
                minutes=22,
                likes=("PapyGeek",),
            ),
            Message(
                author="nico_velo",
                text="Un PC familial sous Windows 98, partagé avec mes deux sœurs, avec un planning de réservation scotché sur l'écran. J'y ai écrit ma première page HTML, avec beaucoup trop de texte clignotant.",
                minutes=75,
                likes=("PapyGeek", "Clementine"),
            ),
            Message(
                author="Zephyrine",
                text="Un portable d'occasion acheté avec mon premier salaire d'été. Il s'éteignait dès qu'on le débranchait : j'ai appris à sauvegarder souvent, leçon utile pour une future chercheuse.",
                minutes=130,
            ),
            Message(
                author="Sablier",
                text="Le premier ordinateur dont je me souviens, c'est celui qui m'a fait perdre un mémoire de vingt pages un soir d'orage. Il ne m'a jamais été sympathique.",
                minutes=410,
                likes=("Zephyrine", "octet_perdu"),
            ),
        ),
    ),
    TopicData(
        category="le-cafe",
        title="Qu'écoutez-vous en travaillant ?",
        author="nico_velo",
        days_ago=12,
        time="09:05",
        text="Besoin de renouveler ma playlist de concentration. Moi, c'est du jazz sans paroles et, les jours de mise en production, du métal. Vous ?",
        replies=(
            Message(
                author="Zephyrine",
                text="Des bandes originales de jeux vidéo : elles sont faites pour accompagner sans distraire. Idéal pour relire des articles.",
                minutes=33,
                likes=("nico_velo", "Lunaire"),
            ),
            Message(
                author="Clementine",
                text="Des podcasts pendant les rendus longs, de la musique électronique calme quand je modélise. Et le silence total pour les couleurs.",
                minutes=80,
            ),
            Message(
                author="octet_perdu",
                text="Le ronronnement des ventilateurs de la salle serveur. On s'y fait, et on entend tout de suite quand quelque chose cloche.",
                minutes=150,
                likes=("nico_velo", "Kerouan", "Sablier"),
            ),
            Message(
                author="Hugo_R",
                text="Des radios lo-fi en continu. Efficace, sauf quand je me surprends à hocher la tête au lieu de déboguer.",
                minutes=420,
            ),
        ),
    ),
)
