# ruff: noqa: E501  (French prose: one line per sentence reads better than wrapped strings)
"""Comments under the demo articles, written by the demo members.

The article that opens the Aurore IA running story carries the long discussion: replies,
a quote, mentions, line breaks, a pasted text with `&nbsp;` entities, an uploaded screenshot
and a preview card of the next article. Other articles get a few comments or none, so the
counts on the cards vary. Careful writers type non-breaking spaces (`\\u00a0`) inside
« guillemets »; others type plain spaces, as people do.
"""

from __future__ import annotations

from .base import md
from .community_base import DiscussionData, Message

# The article at the head of the "crise-aurore-ia" running story.
LONG_DISCUSSION_ARTICLE = "aurore-ia-fondatrice-limogee-par-son-conseil"

# Pictures members upload, drawn by kiosque.demo.community: key -> file name sent.
UPLOADS = {"statut-api-aube": "statut-api-aube.png"}

LONG_DISCUSSION = DiscussionData(
    article=LONG_DISCUSSION_ARTICLE,
    comments=(
        Message(
            author="Sablier",
            key="saison",
            text="Saison 1, épisode 1. Pariez avec moi : dans trois jours, plus personne au conseil ne se souviendra avoir voté quoi que ce soit.",
            minutes=6,
            likes=("nico_velo", "PapyGeek", "Lunaire"),
        ),
        Message(
            author="Zephyrine",
            text=md("""
                Petit rappel pour celles et ceux qui découvrent Aurore IA :
                – fondée il y a sept ans à Paris par Margaux Delorme et Viktor Lindqvist ;
                – environ 780 salariés, dont une bonne moitié en recherche ;
                – la famille de modèles Aube, utilisée par pas mal d'administrations et de PME ;
                – Hexacloud au capital (autour de 38 %) et fournisseur de presque tout le calcul.

                Autrement dit, pas une start-up de garage : un départ pareil, c'est un séisme pour tout l'écosystème européen.
            """),
            minutes=14,
            likes=("Mistinguette", "Kerouan", "Gaspard_M", "octet_perdu"),
        ),
        Message(
            author="nico_velo",
            text="On se croirait dans une série de fin d'après-midi : trahisons, visioconférences et communiqués de quatre lignes.\nIl ne manque que le générique.",
            minutes=21,
            likes=("Sablier",),
        ),
        Message(
            author="PapyGeek",
            text="Sept ans à bâtir la maison, un quart d'heure en visio pour mettre la fondatrice dehors.\nMême ma banque a mis plus de temps pour clôturer mon livret.",
            minutes=29,
            likes=("Lunaire", "Mistinguette"),
        ),
        Message(
            author="Gaspard_M",
            key="juriste",
            text=md("""
                Pour ceux que ça étonne : dans une SAS, le président est souvent révocable à tout moment par l'organe que prévoient les statuts, sans motif grave à justifier. On parle de révocation «\u00a0ad nutum\u00a0».
                Ce qui pourra se discuter, en revanche, ce sont les conditions : délai, droit d'être entendue, indemnité éventuelle. Si la fondatrice n'a pas pu présenter ses observations avant le vote, il y a matière à contentieux.
            """),
            minutes=47,
            likes=("Kerouan", "Clementine", "Zephyrine"),
        ),
        Message(
            author="octet_perdu",
            key="pari",
            text="Et Hexacloud prévenu quelques minutes avant l'annonce, alors qu'il détient 38 % du capital et fait tourner tous les serveurs ? Je parie qu'ils récupèrent la fondatrice et la moitié des équipes avant la fin de la semaine.",
            minutes=58,
            likes=("Sablier", "Mael.B"),
        ),
        Message(
            author="Kerouan",
            reply_to="pari",
            text="Pas si vite : débaucher la moitié d'un labo en France, ce sont des préavis de trois mois, des clauses de non-concurrence et des équipes qui n'ont pas forcément envie de travailler pour un géant américain.\nHexacloud a bien plus intérêt à remettre la fondatrice en place qu'à recruter tout le monde.",
            minutes=73,
            likes=("octet_perdu", "Gaspard_M"),
        ),
        Message(
            author="Mistinguette",
            key="question",
            text="Question sans doute naïve : une directrice technique «\u00a0par intérim\u00a0», concrètement, que fait-elle demain matin ? Elle continue son travail et signe en plus les papiers de la présidente ?",
            minutes=96,
        ),
        Message(
            author="Zephyrine",
            reply_to="question",
            text=md("""
                Pas naïve du tout. Dans un labo de cette taille, la directrice technique dirige déjà les équipes qui entraînent et déploient les modèles.
                En intérim, elle garde ce rôle et prend en plus la représentation de l'entreprise : parler aux salariés, aux clients, à l'actionnaire.
                Et ce soir, surtout, elle doit éviter que les meilleurs chercheurs ne mettent leur CV à jour.
            """),
            minutes=118,
            likes=("Mistinguette", "PapyGeek"),
        ),
        Message(
            author="Lunaire",
            text="Le cofondateur qui vote le départ de sa cofondatrice… Ambiance garantie à la machine à café demain matin.",
            minutes=152,
            likes=("Sablier",),
        ),
        Message(
            author="Clementine",
            key="qui",
            quote=(
                "juriste",
                "Si la fondatrice n'a pas pu présenter ses observations avant le vote, il y a matière à contentieux.",
            ),
            text="Merci pour l'éclairage. Mais qui attaquerait qui, dans ce cas ? La fondatrice contre le conseil, ou les actionnaires contre les administrateurs ?",
            minutes=185,
        ),
        Message(
            author="Gaspard_M",
            reply_to="qui",
            text="@Clementine les deux sont possibles. La fondatrice peut contester les conditions de sa révocation ; les actionnaires peuvent rechercher la responsabilité des administrateurs s'ils estiment que la décision a détruit de la valeur. Avec 38 % du capital, Hexacloud a les moyens de se poser la question.",
            minutes=214,
            likes=("Clementine", "Kerouan"),
        ),
        Message(
            author="octet_perdu",
            text=md("""
                L'API Aube répond en erreur 503 depuis une heure. Capture de leur page d'état :

                {image:statut-api-aube}

                Sûrement une coïncidence. Sûrement.
            """),
            minutes=240,
            likes=("Sablier", "Kerouan", "nico_velo"),
        ),
        Message(
            author="Mael.B",
            text="Hors sujet, mais «\u00a0perdu confiance\u00a0» est déjà un mème sur tous les serveurs Discord que je fréquente.\n@Sablier tu avais vu juste, le feuilleton ne fait que commencer.",
            minutes=262,
            likes=("Lunaire", "nico_velo", "Sablier"),
        ),
        Message(
            author="Kerouan",
            text=md("""
                Ce qui me frappe, c'est le décalage entre le discours et la structure.
                Aurore IA s'est toujours présentée comme un laboratoire «&nbsp;au service de l'intérêt général&nbsp;», avec des publications ouvertes et une R&D partagée avec les universités.
                En parallèle, elle vend l'accès à ses modèles, signe des contrats publics et préparerait une filiale commerciale.

                Je ne dis pas que c'est incompatible. Mais quand un conseil est censé protéger une «&nbsp;mission&nbsp;» et qu'il n'a aucun outil entre «&nbsp;on vous fait confiance&nbsp;» et «&nbsp;dehors ce soir&nbsp;», il ne faut pas s'étonner que ça casse.
            """),
            minutes=318,
            likes=("Zephyrine", "Gaspard_M", "Mistinguette", "Clementine"),
        ),
        Message(
            author="Kerouan",
            text=md("""
                Suite du feuilleton ce matin : le premier actionnaire demande des comptes au conseil.

                {article:hexacloud-exige-des-explications-a-aurore-ia}
            """),
            minutes=965,
            likes=("octet_perdu", "Zephyrine"),
        ),
        Message(
            author="Mistinguette",
            text="Je sens que je vais suivre cette histoire comme un roman-feuilleton. Merci à tous pour vos explications, on apprend plus ici qu'au journal télévisé.",
            minutes=1100,
            likes=("PapyGeek", "Zephyrine"),
        ),
    ),
)

OTHER_DISCUSSIONS = (
    DiscussionData(
        article="aurore-ia-salaries-menacent-de-partir",
        comments=(
            Message(
                author="Sablier",
                text="Trois jours. J'avais dit trois jours.",
                minutes=12,
                likes=("Mael.B", "Lunaire", "nico_velo"),
            ),
            Message(
                author="Zephyrine",
                key="lettre",
                text="612 sur 780, c'est énorme. Dans la recherche, des collègues qui signent une lettre ouverte sous leur propre nom, ça n'arrive presque jamais : ils savent que tout le secteur la lira.",
                minutes=40,
                likes=("Kerouan",),
            ),
            Message(
                author="Gaspard_M",
                reply_to="lettre",
                text="Et c'est un vrai rapport de force : un laboratoire d'IA, ce sont ses équipes. Sans elles, les 38 % d'Hexacloud ne valent plus grand-chose.",
                minutes=75,
            ),
            Message(
                author="PapyGeek",
                text="Le directeur scientifique qui vote le départ lundi et signe la lettre pour son retour mercredi. On appelle ça comment, un « revirement agile » ?",
                minutes=110,
                likes=("Sablier", "Lunaire"),
            ),
            Message(
                author="nico_velo",
                text="Je me demande surtout comment on travaille dans une boîte pareille cette semaine. Les modèles continuent de tourner, les clients continuent d'appeler…",
                minutes=190,
            ),
            Message(
                author="Mistinguette",
                text="Une lettre signée par 612 personnes, c'est beau. J'espère pour eux que la suite sera moins agitée.",
                minutes=420,
            ),
        ),
    ),
    DiscussionData(
        article="margaux-delorme-reprend-la-tete-d-aurore-ia",
        comments=(
            Message(
                author="octet_perdu",
                key="retour",
                text="Cinq jours. J'avais parié sur une semaine, je m'incline.",
                minutes=18,
                likes=("Sablier",),
            ),
            Message(
                author="Sablier",
                reply_to="retour",
                text="Saison 1 terminée. Vivement la saison 2, celle de l'enquête indépendante.",
                minutes=31,
                likes=("octet_perdu", "Lunaire"),
            ),
            Message(
                author="Gaspard_M",
                text="Le vrai changement est dans la composition du nouveau conseil : deux administrateurs indépendants et un observateur sans droit de vote pour l'actionnaire. C'est beaucoup plus classique, et beaucoup plus sain.",
                minutes=95,
                likes=("Kerouan", "Zephyrine"),
            ),
            Message(
                author="Zephyrine",
                text="Mes anciens camarades de master qui travaillent là-bas sont soulagés. Épuisés, mais soulagés.",
                minutes=640,
                likes=("Mistinguette",),
            ),
            Message(
                author="Clementine",
                text="Et Viktor Lindqvist qui reste directeur scientifique… les réunions d'équipe vont être intéressantes.",
                minutes=900,
            ),
        ),
    ),
    DiscussionData(
        article="aurore-ia-conclusions-enquete-independante",
        comments=(
            Message(
                author="Kerouan",
                text="«\u00a0Une rupture de communication\u00a0», soit le diagnostic de la moitié des entreprises de France. Mais c'est rassurant de lire qu'il n'y avait aucun problème de sécurité des modèles.",
                minutes=55,
                likes=("Zephyrine", "Gaspard_M"),
            ),
            Message(
                author="Gaspard_M",
                text="Le point le plus utile du rapport : aucun mécanisme pour exprimer un désaccord avant la révocation. C'est exactement ce qu'il faudra corriger dans les statuts.",
                minutes=130,
            ),
            Message(
                author="Hugo_R",
                text="74 entretiens et 30 000 documents pour conclure que personne ne se parlait. J'aurais pu le leur dire gratuitement, à la lecture des articles.",
                minutes=300,
                likes=("Sablier",),
            ),
        ),
    ),
    DiscussionData(
        article="hexacloud-exige-des-explications-a-aurore-ia",
        comments=(
            Message(
                author="Gaspard_M",
                text="Le communiqué est très poli, mais chaque phrase rappelle qui détient 38 % du capital.",
                minutes=35,
                likes=("Kerouan",),
            ),
            Message(
                author="Mael.B",
                text="L'action qui recule de 3 % à New York, c'est aussi un message au conseil d'Aurore IA.",
                minutes=160,
            ),
        ),
    ),
    DiscussionData(
        article="aube-4-aurore-ia-modele-video",
        comments=(
            Message(
                author="Zephyrine",
                text="La version allégée pour les chercheurs, c'est la vraie bonne nouvelle. On pourra enfin comparer sur nos propres vidéos, et pas seulement sur leurs démonstrations.",
                minutes=25,
                likes=("nico_velo",),
            ),
            Message(
                author="Hugo_R",
                text="Des heures de vidéo analysées d'un coup ? Je demande pour mes cours magistraux enregistrés.",
                minutes=70,
            ),
        ),
    ),
    DiscussionData(
        article="assistants-de-code-un-mois-dans-une-equipe",
        comments=(
            Message(
                author="nico_velo",
                key="revues",
                text=md("""
                    Ça correspond à ce que je vis : j'écris plus vite, mais je relis beaucoup plus.
                    Le code proposé est plausible, et c'est justement le problème : il faut le lire deux fois pour repérer ce qui cloche.
                """),
                minutes=30,
                likes=("Kerouan", "Zephyrine", "Hugo_R"),
            ),
            Message(
                author="Hugo_R",
                text="Le passage sur les juniors désorientés m'a parlé. On nous dit de ne pas l'utiliser pour les TP, puis en stage tout le monde s'en sert.",
                minutes=90,
            ),
            Message(
                author="Kerouan",
                reply_to="revues",
                text="Même constat de notre côté. On a ajouté une règle simple : le code généré passe en revue comme celui d'un stagiaire brillant mais distrait.",
                minutes=150,
                likes=("nico_velo",),
            ),
            Message(
                author="Zephyrine",
                text="@Hugo_R apprends d'abord à t'en passer, ensuite à t'en servir. C'est le seul moyen de savoir quand il se trompe.",
                minutes=200,
                likes=("Hugo_R", "nico_velo"),
            ),
        ),
    ),
    DiscussionData(
        article="lutece-modele-de-langage-frugal-supercalculateur-public",
        comments=(
            Message(
                author="Zephyrine",
                text="Enfin un modèle entraîné sur des textes sous licence libre et documentés. Sept milliards de paramètres, c'est modeste, mais on sait ce qu'il y a dedans.",
                minutes=45,
                likes=("Kerouan", "nico_velo"),
            ),
            Message(
                author="nico_velo",
                text="Je l'ai fait tourner sur ma machine personnelle ce midi : lent, mais ça fonctionne, et son français est bien meilleur que ce que je craignais.",
                minutes=240,
            ),
            Message(
                author="Sablier",
                text="Un supercalculateur public pour un modèle public, pour une fois que l'argent du contribuable revient au contribuable.",
                minutes=400,
                likes=("PapyGeek",),
            ),
        ),
    ),
    DiscussionData(
        article="deepfakes-vocaux-arnaques-au-faux-conseiller",
        comments=(
            Message(
                author="Mistinguette",
                key="appel",
                text="Une amie a reçu la semaine dernière un appel de sa «\u00a0conseillère\u00a0», avec la voix exacte de sa vraie conseillère. Elle a raccroché par réflexe, heureusement.",
                minutes=50,
                likes=("PapyGeek", "octet_perdu"),
            ),
            Message(
                author="octet_perdu",
                reply_to="appel",
                text=md("""
                    Bon réflexe. La règle que je répète à tout le monde :
                    raccrocher, puis rappeler soi-même le numéro inscrit au dos de la carte bancaire.
                    Une banque ne vous demandera jamais un code par téléphone.
                """),
                minutes=85,
                likes=("Mistinguette", "Kerouan", "PapyGeek"),
            ),
            Message(
                author="PapyGeek",
                text="Dans la famille, on a convenu d'un mot de passe à demander en cas d'appel urgent pour de l'argent. Mes petits-enfants trouvent ça ridicule. Moi, je trouve ça prudent.",
                minutes=180,
                likes=("Mistinguette",),
            ),
            Message(
                author="Sablier",
                text="Quelques secondes d'enregistrement suffisent. Je vais arrêter de laisser des messages vocaux, et ce n'est pas une grande perte.",
                minutes=300,
            ),
        ),
    ),
    DiscussionData(
        article="hexacloud-supprime-1200-postes-en-europe",
        comments=(
            Message(
                author="Kerouan",
                text="Supprimer le support pour financer des centres de données : on verra dans un an si les clients apprécient de parler à des robots.",
                minutes=60,
                likes=("nico_velo",),
            ),
            Message(
                author="nico_velo",
                text="Pensée pour les équipes concernées. On parle de chiffres, mais derrière il y a 1 200 personnes qui apprennent la nouvelle par la presse.",
                minutes=120,
                likes=("Mistinguette",),
            ),
            Message(
                author="Hugo_R",
                text="Et dans le même temps, ils cherchent des ingénieurs partout. Drôle d'époque.",
                minutes=230,
            ),
        ),
    ),
    DiscussionData(
        article="norvane-premieres-puces-2-nm",
        comments=(
            Message(
                author="Mael.B",
                text="Un rendement supérieur à 60 % annoncé sur scène, c'est bien. Sur des millions de puces, on en reparle dans six mois.",
                minutes=90,
            ),
        ),
    ),
    DiscussionData(
        article="cloud-souverain-trois-hebergeurs-s-allient",
        comments=(
            Message(
                author="octet_perdu",
                text="Côté collectivités, on attend ce genre d'offre depuis des années. Reste à voir les tarifs, et surtout la qualité du support.",
                minutes=65,
                likes=("Kerouan",),
            ),
            Message(
                author="Gaspard_M",
                text="L'intérêt juridique est réel : des données hébergées par des sociétés européennes échappent aux lois extraterritoriales. C'est un argument qui compte dans les marchés publics.",
                minutes=210,
            ),
        ),
    ),
    DiscussionData(
        article="orka-12-usb-c-batterie-remplacable",
        comments=(
            Message(
                author="PapyGeek",
                text="Une batterie qui se change en deux minutes sans outil, comme sur mon premier téléphone portable. Le progrès consiste parfois à revenir en arrière.",
                minutes=20,
                likes=("octet_perdu", "Mistinguette", "Mael.B"),
            ),
            Message(
                author="Mael.B",
                key="prix",
                text="39 € la batterie, c'est correct. En boutique, la question qu'on nous pose le plus, c'est justement le coût d'un remplacement.",
                minutes=75,
            ),
            Message(
                author="Clementine",
                reply_to="prix",
                text="Et pour l'appareil photo, il vaut quoi ? Je garde mes téléphones cinq ans, mais je n'achète jamais sans savoir comment il se débrouille la nuit.",
                minutes=140,
            ),
            Message(
                author="Mael.B",
                text="@Clementine les premiers retours sont bons de jour, moyens la nuit. Attendez les tests complets.",
                minutes=220,
                likes=("Clementine",),
            ),
        ),
    ),
    DiscussionData(
        article="arcelis-r9-carte-graphique-1099-euros",
        comments=(
            Message(
                author="Sablier",
                text="35 % de performances en plus et 100 € de plus. La prochaine coûtera un rein, la suivante les deux.",
                minutes=15,
                likes=("Lunaire", "Hugo_R"),
            ),
            Message(
                author="Clementine",
                text="La consommation en légère baisse, c'est la vraie bonne nouvelle pour moi. Mes rendus de nuit font tourner le compteur électrique plus que le chauffage.",
                minutes=60,
            ),
            Message(
                author="Lunaire",
                text="J'hésitais avec la R7, j'ai ouvert un sujet dans les conseils d'achat. Les avis y sont unanimes : attendre.",
                minutes=1900,
                likes=("Mael.B",),
            ),
            Message(
                author="Mael.B",
                text="Les précommandes démarrent fort en boutique. Comme à chaque fois, les premiers stocks partiront en quelques heures.",
                minutes=1950,
            ),
            Message(
                author="Hugo_R",
                text="Je l'ajoute à ma liste de Noël. Pour 2030.",
                minutes=2010,
                likes=("Sablier", "Lunaire"),
            ),
        ),
    ),
    DiscussionData(
        article="canicules-centres-de-donnees-consommation-d-eau",
        comments=(
            Message(
                author="octet_perdu",
                text="Notre petite salle serveur a déjà dû tourner au ralenti deux après-midi l'été dernier. À l'échelle d'un centre de données, je n'ose pas imaginer.",
                minutes=70,
            ),
            Message(
                author="Zephyrine",
                text="Et l'entraînement des modèles n'arrange rien. On commence enfin à publier la consommation d'énergie dans les articles de recherche ; l'eau devrait suivre.",
                minutes=150,
                likes=("octet_perdu", "Kerouan"),
            ),
        ),
    ),
    DiscussionData(
        article="nanosatellite-etudiant-lyra-1-premieres-images",
        comments=(
            Message(
                author="PapyGeek",
                text="Un cube de dix centimètres conçu par des étudiants, qui photographie la Terre depuis l'orbite. Bravo à eux, ça donne le sourire.",
                minutes=100,
                likes=("Zephyrine", "Mistinguette"),
            ),
        ),
    ),
    DiscussionData(
        article="galion-interactive-crunch-syndicat",
        comments=(
            Message(
                author="Lunaire",
                text="On achète les jeux le jour de la sortie sans savoir ce qu'ils ont coûté à ceux qui les ont faits. Merci pour cette enquête.",
                minutes=40,
                likes=("Clementine", "nico_velo"),
            ),
            Message(
                author="nico_velo",
                text="Des semaines de 60 heures avant chaque sortie, c'est un problème d'organisation, pas de motivation. On connaît ça aussi dans le développement web, en moins spectaculaire.",
                minutes=120,
            ),
            Message(
                author="Clementine",
                text="J'ai des amis graphistes qui ont quitté le jeu vidéo pour cette raison précise. Ils travaillent aujourd'hui dans l'animation, pour moins cher et avec des horaires.",
                minutes=260,
                likes=("Lunaire",),
            ),
        ),
    ),
    DiscussionData(
        article="films-libres-blender-generation-de-studios",
        comments=(
            Message(
                author="Clementine",
                text="J'ai appris Blender en décortiquant les fichiers de production de ces films, comme beaucoup de gens de ma génération. Le fait qu'ils soient libres a tout changé.",
                minutes=50,
                likes=("Lunaire", "nico_velo", "Zephyrine"),
            ),
            Message(
                author="Lunaire",
                text="Je ne savais pas que tant de studios de jeux venaient de là. Ça donne envie de revoir Big Buck Bunny ce soir.",
                minutes=170,
            ),
        ),
    ),
    DiscussionData(
        article="orbital-league-finale-europeenne-lyon",
        comments=(
            Message(
                author="Lunaire",
                text="J'y étais ! L'ambiance dans la salle pendant la dernière manche, je ne suis pas près de l'oublier.",
                minutes=150,
                likes=("Mael.B",),
            ),
        ),
    ),
)

DISCUSSIONS = (LONG_DISCUSSION, *OTHER_DISCUSSIONS)
