# ruff: noqa: E501  (French phrases: one per line reads better than wrapped strings)
"""The words `kiosque generate` writes with: French news and comment phrases, made up here.

Every company, product, studio and person is invented. Templates hold `{slots}` that
`kiosque.demo.prose` fills. Names that follow « de » or « le » in a template (companies,
products, cities) start with a consonant, so that no template has to elide (« d'Axone »).
A subject is written twice: with its article (« les puces ») and after « de » (« des puces »),
so that templates never build « de les ».

Spaces before « : ; ! ? » are plain here; the writer of each text decides whether they become
non-breaking (the newsroom and careful members do, others do not).
"""

from __future__ import annotations

from typing import NamedTuple


class Subject(NamedTuple):
    """A noun phrase as it reads alone (« les puces ») and after « de » (« des puces »)."""

    plain: str
    of: str


class Theme(NamedTuple):
    """What one section writes and talks about. `section` is a demo section slug."""

    section: str
    share: float  # of the generated articles
    subjects: tuple[Subject, ...]
    products: tuple[str, ...]
    tags: tuple[tuple[str, str], ...]  # (slug, name)
    titles: tuple[str, ...]
    facts: tuple[str, ...]  # newsroom sentences
    opinions: tuple[str, ...]  # members' sentences


def _names(listing: str) -> tuple[str, ...]:
    return tuple(listing.split(", "))


def _subjects(*pairs: tuple[str, str]) -> tuple[Subject, ...]:
    return tuple(Subject(plain, of) for plain, of in pairs)


THEMES = (
    Theme(
        section="ia",
        share=0.28,
        subjects=_subjects(
            ("les modèles de langage", "des modèles de langage"),
            ("l'IA générative", "de l'IA générative"),
            ("les agents autonomes", "des agents autonomes"),
            ("les assistants de code", "des assistants de code"),
            ("la reconnaissance faciale", "de la reconnaissance faciale"),
            ("la traduction automatique", "de la traduction automatique"),
            ("les images de synthèse", "des images de synthèse"),
            ("les voix clonées", "des voix clonées"),
            ("l'entraînement des modèles", "de l'entraînement des modèles"),
            ("les centres de données", "des centres de données"),
            ("les modèles ouverts", "des modèles ouverts"),
            ("la détection des contenus générés", "de la détection des contenus générés"),
            ("le règlement européen sur l'IA", "du règlement européen sur l'IA"),
            ("les chatbots d'entreprise", "des chatbots d'entreprise"),
        ),
        products=_names(
            "Lumen 4, Boréal, Sextant, Calliope 2, Cantilène, Vigie, Parole Pro, Scribe, Fanal 3, Colibri, Lueur 7, Pénombre, Sémaphore, Tisserand"
        ),
        tags=(
            ("modeles-de-langage", "Modèles de langage"),
            ("regulation", "Régulation"),
            ("ia-generative", "IA générative"),
            ("centres-de-donnees", "Centres de données"),
            ("vie-privee", "Vie privée"),
            ("recherche", "Recherche"),
        ),
        titles=(
            "{entreprise} présente {produit}, un modèle capable de {capacite}",
            "{produit} : le nouveau modèle de {entreprise} passe notre batterie de tests",
            "Un modèle d'IA de {entreprise} accusé de {faute}",
            "{entreprise} ouvre les poids de {produit} : ce que cela change",
            "Les laboratoires européens misent sur {sujet}",
            "Règlement européen sur l'IA : {entreprise} demande un délai",
            "Une étude mesure l'empreinte énergétique {de_sujet}",
            "Les syndicats de traducteurs s'inquiètent {de_sujet}",
        ),
        facts=(
            "Le modèle a été entraîné sur {nombre} milliards de mots, selon la fiche technique publiée par {entreprise}.",
            "Sur les tests de raisonnement, {produit} dépasse la version précédente de {pourcentage} %, un écart que des chercheurs indépendants jugent encore fragile.",
            "L'entraînement aurait mobilisé plusieurs milliers de cartes graphiques pendant {duree}.",
            "{entreprise} assure que les données des clients professionnels ne servent pas à entraîner ses modèles.",
            "Le laboratoire refuse de détailler la composition de son corpus, invoquant le secret des affaires.",
            "Les premiers utilisateurs signalent des réponses plus courtes, mais aussi plus prudentes.",
            "L'autorité de protection des données a demandé des précisions sur la base légale de la collecte.",
            "Une version allégée doit fonctionner directement sur un ordinateur portable récent.",
        ),
        opinions=(
            "Un modèle qui « raisonne », c'est surtout un modèle qui a vu beaucoup de raisonnements.",
            "J'utilise un assistant de code tous les jours au boulot et honnêtement, il me fait gagner du temps sur le code répétitif, pas sur le reste.",
            "Tant qu'on ne saura pas sur quoi ces modèles ont été entraînés, je resterai méfiant.",
            "Les benchmarks, tout le monde finit par s'entraîner dessus. Ça ne veut plus dire grand-chose.",
            "Le vrai sujet, c'est la consommation électrique des centres de données, pas le énième score sur un test.",
            "Ma fille fait ses devoirs avec ce genre d'outil et je ne sais pas trop quoi en penser.",
            "J'ai essayé {produit} sur des textes juridiques : bluffant sur la forme, approximatif sur le fond.",
            "Des poids ouverts, c'est déjà ça. Mais sans les données d'entraînement, on ne peut rien vérifier.",
            "Traducteur de métier, je vois mes tarifs baisser depuis deux ans. Personne n'en parle.",
        ),
    ),
    Theme(
        section="entreprises",
        share=0.22,
        subjects=_subjects(
            ("le télétravail", "du télétravail"),
            ("les start-up françaises", "des start-up françaises"),
            ("le cloud souverain", "du cloud souverain"),
            ("les levées de fonds", "des levées de fonds"),
            ("la cybersécurité", "de la cybersécurité"),
            ("les abonnements", "des abonnements"),
            ("la publicité en ligne", "de la publicité en ligne"),
            ("les plateformes de livraison", "des plateformes de livraison"),
            ("la fibre optique", "de la fibre optique"),
            ("les paiements mobiles", "des paiements mobiles"),
            ("la French Tech", "de la French Tech"),
            ("les logiciels libres", "des logiciels libres"),
        ),
        products=_names(
            "Portail Plus, Caisse Nomade, Guichet Pay, Relais, Nuage Pro, Bureau 360, Passerelle, Registre, Marelle, Parc Auto, Comptoir, Vigile Pro"
        ),
        tags=(
            ("levee-de-fonds", "Levée de fonds"),
            ("emploi", "Emploi"),
            ("cloud", "Cloud"),
            ("cybersecurite", "Cybersécurité"),
            ("telecoms", "Télécoms"),
            ("bourse", "Bourse"),
        ),
        titles=(
            "{entreprise} entre en Bourse et vise une valorisation de {montant} millions d'euros",
            "Chez {entreprise}, la fin du télétravail passe mal",
            "{entreprise} annonce {nombre} embauches à {ville}",
            "Les salariés de {entreprise} en grève à {ville}",
            "Fuite de données chez {entreprise} : {nombre} clients concernés",
            "Le patron de {entreprise} quitte ses fonctions après six mois de crise",
            "{entreprise} relève le prix de ses abonnements de {pourcentage} %",
            "Le marché {de_sujet} ralentit pour la première fois depuis dix ans",
        ),
        facts=(
            "Le chiffre d'affaires de {entreprise} a progressé de {pourcentage} % sur un an, porté par les contrats publics.",
            "La direction évoque un « plan de transformation » ; les syndicats parlent de suppressions de postes déguisées.",
            "Le tour de table est mené par un fonds d'investissement public, rejoint par deux assureurs.",
            "L'entreprise emploie {nombre} personnes, dont un tiers à {ville}.",
            "Les comptes annuels, déposés avec trois mois de retard, font apparaître une perte nette.",
            "Les clients ont été prévenus par courriel, près de deux semaines après la découverte de l'intrusion.",
            "Le rachat doit encore être validé par l'Autorité de la concurrence.",
            "Une assemblée générale extraordinaire est convoquée pour le mois prochain.",
        ),
        opinions=(
            "Une valorisation pareille pour une boîte qui ne gagne pas d'argent, on a déjà vu comment ça finit.",
            "J'ai bossé deux ans chez un concurrent : le problème, ce n'est jamais la techno, c'est le management.",
            "Encore une augmentation de tarif. Je résilie à la fin du mois.",
            "Un plan de transformation, en bon français, ça veut dire des licenciements.",
            "Fuite de données, deux semaines pour prévenir les clients… et l'amende sera ridicule, comme d'habitude.",
            "Les fonds publics qui renflouent une boîte privée, j'aimerais bien voir les contreparties.",
            "Le télétravail a tenu trois ans sans que la productivité s'effondre. Le retour forcé, c'est surtout une question de contrôle.",
            "Client de {produit} depuis le début : le service client a clairement baissé depuis le rachat.",
        ),
    ),
    Theme(
        section="sciences",
        share=0.15,
        subjects=_subjects(
            ("les exoplanètes", "des exoplanètes"),
            ("le réchauffement climatique", "du réchauffement climatique"),
            ("la fusion nucléaire", "de la fusion nucléaire"),
            ("les ordinateurs quantiques", "des ordinateurs quantiques"),
            ("les lanceurs réutilisables", "des lanceurs réutilisables"),
            ("la biodiversité", "de la biodiversité"),
            ("les batteries au sodium", "des batteries au sodium"),
            ("le séquençage du génome", "du séquençage du génome"),
            ("les satellites en orbite basse", "des satellites en orbite basse"),
            ("l'hydrogène vert", "de l'hydrogène vert"),
            ("les glaciers alpins", "des glaciers alpins"),
        ),
        products=_names(
            "Sirius, Tournesol, Pégase, Phare, Boussole, Nébuleuse, Cassiopée, Vesta, Zénith, Borée 2, Polaris, Lucane"
        ),
        tags=(
            ("espace", "Espace"),
            ("climat", "Climat"),
            ("quantique", "Quantique"),
            ("energie", "Énergie"),
            ("sante", "Santé"),
            ("astronomie", "Astronomie"),
        ),
        titles=(
            "La mission {produit} a décollé : cap sur {sujet}",
            "Une équipe de {ville} publie une avancée sur {sujet}",
            "{entreprise} promet un ordinateur quantique utile d'ici {annee}",
            "Climat : les glaciers alpins ont perdu {pourcentage} % de leur volume en vingt ans",
            "Le satellite {produit} transmet ses premières images",
            "Une start-up de {ville} veut ouvrir les données {de_sujet}",
            "Les chercheurs alertent sur le financement {de_sujet}",
            "Pourquoi la recherche sur {sujet} avance plus vite que prévu",
        ),
        facts=(
            "Les résultats ont été publiés dans une revue à comité de lecture, après dix-huit mois d'évaluation.",
            "L'instrument, développé à {ville}, mesure des variations de l'ordre du milliardième.",
            "Le lancement avait été repoussé deux fois à cause de la météo.",
            "Les auteurs reconnaissent que l'échantillon reste limité et appellent à d'autres mesures.",
            "Le programme a coûté {montant} millions d'euros, financés en partie par l'Agence spatiale européenne.",
            "Les premières données seront rendues publiques dans un an, comme le prévoit l'accord entre les laboratoires.",
            "Selon les modélisations, l'effet pourrait doubler d'ici {annee}.",
            "Une équipe concurrente avait annoncé un résultat proche l'an dernier, sans parvenir à le reproduire.",
        ),
        opinions=(
            "Un résultat sur un échantillon aussi petit, j'attends la réplication avant de m'emballer.",
            "Ça fait trente ans que la fusion, c'est « dans trente ans ».",
            "Superbe mission. On oublie trop souvent le travail des équipes au sol.",
            "Les glaciers, je les vois fondre depuis mon village. Pas besoin d'un satellite pour le constater, mais c'est bien d'avoir les chiffres.",
            "Le vrai problème de la recherche en France, c'est le temps passé à remplir des dossiers de financement.",
            "Quelqu'un a le lien vers l'article original ? Le résumé de presse me paraît un peu optimiste.",
            "Ma fille est doctorante dans ce domaine, elle dit que le vrai verrou reste la correction d'erreurs.",
            "Je ne comprends pas tout, mais c'est le genre d'article qui donne envie d'en savoir plus.",
        ),
    ),
    Theme(
        section="hardware",
        share=0.20,
        subjects=_subjects(
            ("les cartes graphiques", "des cartes graphiques"),
            ("les processeurs ARM", "des processeurs ARM"),
            ("les smartphones pliables", "des smartphones pliables"),
            ("la mémoire vive", "de la mémoire vive"),
            ("les écrans OLED", "des écrans OLED"),
            ("les semi-conducteurs", "des semi-conducteurs"),
            ("les ordinateurs portables", "des ordinateurs portables"),
            ("les pièces détachées", "des pièces détachées"),
            ("les montres connectées", "des montres connectées"),
            ("le stockage SSD", "du stockage SSD"),
            ("les casques de réalité virtuelle", "des casques de réalité virtuelle"),
        ),
        products=_names(
            "Vortex X9, Nova Fold, Photon 14, Kelvin 5, Prisme S, Titan R7, Zéphyr Book, Quartz Pro, Mosaïque 2, Sonde Air, Volt 12, Rubis Max"
        ),
        tags=(
            ("cartes-graphiques", "Cartes graphiques"),
            ("semi-conducteurs", "Semi-conducteurs"),
            ("smartphones", "Smartphones"),
            ("reparabilite", "Réparabilité"),
            ("ordinateurs-portables", "Ordinateurs portables"),
            ("tests", "Tests"),
        ),
        titles=(
            "Test du {produit} : {verdict}",
            "{produit} : {entreprise} dévoile sa nouvelle carte graphique",
            "{entreprise} ouvre une usine de semi-conducteurs près de {ville}",
            "Pénurie de mémoire : les prix des ordinateurs portables repartent à la hausse",
            "Le {produit} obtient {note} sur 10 à l'indice de réparabilité",
            "{entreprise} repousse encore la sortie du {produit}",
            "Processeurs : {entreprise} promet {pourcentage} % de performances en plus",
            "Pourquoi le prix {de_sujet} ne baissera pas cette année",
        ),
        facts=(
            "Le {produit} sera vendu {prix} euros dans sa version de base, sans chargeur dans la boîte.",
            "Sur notre banc, la consommation en charge plafonne à {nombre} watts, un chiffre raisonnable pour la catégorie.",
            "La gravure passe à trois nanomètres, ce qui permet de loger davantage de transistors sur la même surface.",
            "L'écran affiche une luminosité maximale de {nombre} nits, mesurée en plein soleil.",
            "L'autonomie atteint {heures} heures en lecture vidéo, une heure de plus que la génération précédente.",
            "Le constructeur garantit sept ans de mises à jour de sécurité.",
            "La batterie se change en une dizaine de minutes avec un simple tournevis.",
            "Le ventilateur reste audible dès que la charge dépasse la moitié de la puissance.",
        ),
        opinions=(
            "{prix} euros pour une carte graphique milieu de gamme, c'est non.",
            "J'ai le {produit} depuis {duree}, aucun souci de chauffe, mais l'autonomie est loin des chiffres annoncés.",
            "Sans chargeur dans la boîte, au prix où ils le vendent… c'est vraiment se moquer du monde.",
            "Sept ans de mises à jour, enfin ! Ça devrait être la norme depuis longtemps.",
            "Mon vieux portable de 2016 tourne encore très bien avec un SSD et de la mémoire en plus.",
            "L'indice de réparabilité, c'est bien, mais encore faut-il trouver les pièces détachées.",
            "Je monte des PC pour mes proches : en ce moment, je conseille d'attendre la prochaine génération.",
            "Un smartphone pliable à ce prix-là, pour un écran qui marque au bout d'un an, non merci.",
        ),
    ),
    Theme(
        section="jeux-video",
        share=0.15,
        subjects=_subjects(
            ("les jeux indépendants", "des jeux indépendants"),
            ("le jeu en nuage", "du jeu en nuage"),
            ("les consoles portables", "des consoles portables"),
            ("l'esport", "de l'esport"),
            ("les microtransactions", "des microtransactions"),
            ("les remakes", "des remakes"),
            ("la préservation des jeux", "de la préservation des jeux"),
            (
                "les conditions de travail dans les studios",
                "des conditions de travail dans les studios",
            ),
            ("la réalité virtuelle", "de la réalité virtuelle"),
            ("les jeux de rôle", "des jeux de rôle"),
        ),
        products=_names(
            "Crépuscule, Terres Brûlées, Bocage, Solstice, Ballast, Lanterne Noire, Marée Haute, Sortilège, Vagabonde, Forteresse, Pixel Rallye, Nocturne"
        ),
        tags=(
            ("consoles", "Consoles"),
            ("jeu-independant", "Jeu indépendant"),
            ("esport", "Esport"),
            ("studios", "Studios"),
            ("rpg", "Jeu de rôle"),
            ("sorties", "Sorties"),
        ),
        titles=(
            "{produit} repoussé à {annee} : le studio s'explique",
            "Test de {produit} : {verdict}",
            "Le studio {entreprise} licencie {nombre} personnes après l'échec de {produit}",
            "{produit} dépasse le million de joueurs en une semaine",
            "Une console portable signée {entreprise} annoncée à {prix} euros",
            "Microtransactions : {entreprise} fait marche arrière après la colère des joueurs",
            "À {ville}, un festival célèbre {sujet}",
            "Enquête sur {sujet} : les témoignages se multiplient",
        ),
        facts=(
            "Le jeu a été développé en quatre ans par une équipe d'une trentaine de personnes installée à {ville}.",
            "La version console sortira trois mois après la version PC, sans date précise pour l'instant.",
            "Le studio promet une mise à jour corrigeant les problèmes de fréquence d'images dès la semaine prochaine.",
            "Le prix de lancement est fixé à {prix} euros, une édition collector étant proposée en précommande.",
            "Selon l'éditeur, {pourcentage} % des joueurs ont terminé le premier chapitre.",
            "Plusieurs anciens salariés décrivent des périodes de surcharge de travail de plusieurs mois.",
            "Le code source du premier épisode doit être confié à une bibliothèque nationale.",
            "Le tournoi final se tiendra à {ville} devant huit mille spectateurs.",
        ),
        opinions=(
            "Je préfère mille fois un jeu repoussé qu'un jeu sorti cassé.",
            "J'ai fini {produit} en {heures} heures, et j'y retourne déjà pour la fin alternative.",
            "Des microtransactions dans un jeu à {prix} euros, c'est non. J'attendrai les soldes, ou rien.",
            "Le crunch, ça fait vingt ans qu'on en parle et rien ne change.",
            "La direction artistique est sublime, mais le gameplay m'a perdu au bout de trois heures.",
            "Vive les studios indépendants, franchement : plus de créativité que dans les grosses licences.",
            "Mon fils y joue en ce moment, et pour une fois on y joue ensemble.",
            "La préservation des jeux est un vrai sujet : des pans entiers de l'histoire du jeu vidéo ont déjà disparu.",
        ),
    ),
)

# Companies and studios: invented, none starting with a vowel (see the module docstring).
COMPANIES = (
    "Néovia", "Solvène", "Quartzine", "Brumaire Labs", "Pixelune", "Kalix", "Datagone",
    "Vermeil", "Tramontane", "Silvane", "Corvus Systèmes", "Fibrane", "Pexalis", "Monolithe",
    "Nordel", "Paroli", "Rivéo", "Talisman", "Vélin", "Zircon", "Bastide", "Cobalt Studio",
    "Fjord", "Granite Games", "Lucarne", "Maraîche", "Nacelle", "Périgée", "Quillon", "Rameau",
    "Sillage", "Tessel", "Vantail", "Wagram Data", "Xylo", "Yeuse", "Zodiaque", "Brisant",
    "Cairn", "Dolmen", "Falaise", "Girouette", "Solaride", "Jalon", "Kérys", "Lagune", "Mascaret",
    "Nivôse", "Pampille", "Rocaille", "Sémaphore Tech", "Tumulus", "Vigne Digitale",
)  # fmt: skip

# Cities without an article, all starting with a consonant: « à Nantes », « de Nantes ».
CITIES = (
    "Rennes", "Lyon", "Nantes", "Toulouse", "Bordeaux", "Lille", "Grenoble", "Strasbourg",
    "Montpellier", "Brest", "Dijon", "Tours", "Nancy", "Metz", "Poitiers", "Limoges",
    "Marseille", "Nice", "Clermont-Ferrand", "Besançon", "Caen", "Rouen", "Reims", "Pau",
    "Bayonne", "Quimper", "Lorient", "Valence", "Perpignan", "Toulon", "Saint-Étienne",
)  # fmt: skip

DURATIONS = (
    "trois semaines", "un mois", "deux mois", "six mois", "un an", "deux ans", "dix jours",
    "quinze jours", "trois mois", "huit mois",
)  # fmt: skip

CAPABILITIES = (
    "résumer un roman en quelques secondes", "écrire du code à partir d'un croquis",
    "traduire une conversation en temps réel", "décrire une image pour les malvoyants",
    "planifier seul une suite de tâches", "lire des radiographies", "répondre au téléphone",
    "générer une vidéo à partir d'un texte",
)  # fmt: skip

FAULTS = (
    "plagiat", "discrimination à l'embauche", "réponses diffamatoires",
    "collecte illégale de données", "violation du droit d'auteur",
)  # fmt: skip

VERDICTS = (
    "une belle réussite, à un détail près", "le meilleur de sa catégorie, mais à quel prix",
    "des promesses tenues à moitié", "une déception", "solide, sans surprise",
    "la bonne surprise de l'année", "trop cher pour ce qu'il propose",
    "presque parfait, si l'on oublie l'autonomie",
)  # fmt: skip

YEARS = ("2027", "2028", "2029", "2030", "2032", "2035")
SMALL_NUMBERS = ("deux", "trois", "cinq", "dix", "quinze", "vingt")

# --- The newsroom -------------------------------------------------------------------------

SUBHEADS = (
    "Un marché sous tension", "Ce que disent les chiffres", "Des critiques venues de l'intérieur",
    "Une stratégie assumée", "Le précédent de {annee_passee}", "Un calendrier serré",
    "Ce qui change pour les utilisateurs", "Les concurrents en embuscade", "Une régulation à venir",
    "Des questions sans réponse", "Le prix de l'ambition", "Côté utilisateurs",
    "Une bataille juridique", "Ce qu'il faut surveiller", "Les limites de l'exercice",
    "Une promesse à vérifier", "Le rôle de {entreprise}", "À {ville}, on reste prudent",
    "Des salariés inquiets", "Et maintenant ?", "Une course contre la montre",
    "Les chiffres clés", "Notre avis", "Un modèle économique fragile",
)  # fmt: skip

NEWSROOM_FACTS = (
    "{entreprise} a confirmé l'information mardi, dans un communiqué de quelques lignes.",
    "Contactée, la direction n'a pas souhaité faire de commentaire.",
    "L'annonce intervient dans un contexte de forte concurrence sur {sujet}.",
    "Selon nos informations, le projet était en préparation depuis près de deux ans.",
    "Les détails financiers de l'opération n'ont pas été communiqués.",
    "Plusieurs analystes jugent le calendrier ambitieux, voire irréaliste.",
    "Le sujet sera au menu d'une audition parlementaire le mois prochain.",
    "En interne, le projet est connu sous un nom de code que la direction refuse de confirmer.",
    "Une consultation publique doit s'ouvrir avant la fin de l'année.",
    "Le dossier est suivi de près par la Commission européenne, qui a déjà ouvert une enquête préliminaire.",
    "Les premiers retours des utilisateurs sont contrastés.",
    "Cette décision fait suite à une série de critiques venues des associations de consommateurs.",
    "Les concurrents de {entreprise} ont réagi en quelques heures, baissant leurs propres tarifs.",
    "Le montant de l'investissement atteint {montant} millions d'euros, selon des documents consultés par Kiosque.",
    "À {ville}, où l'entreprise emploie plusieurs centaines de personnes, l'annonce a été accueillie avec prudence.",
    "Rien ne garantit pourtant que l'objectif sera atteint avant {annee}.",
    "L'entreprise dit avoir tiré les leçons de l'échec de {annee_passee}.",
    "Interrogé par Kiosque, un ancien cadre parle d'un « changement de cap brutal ».",
    "Pour l'instant, seuls les clients professionnels sont concernés.",
    "Le déploiement se fera par étapes, en commençant par la France et la Belgique.",
    "Ce choix tranche avec la stratégie suivie jusqu'ici par {entreprise}.",
    "Le calendrier a déjà glissé de plusieurs mois par rapport aux annonces initiales.",
    "{entreprise} revendique {nombre} clients en Europe, un chiffre impossible à vérifier de manière indépendante.",
    "La direction promet un point d'étape dans six mois.",
    "Les syndicats demandent à être associés aux discussions.",
    "Un porte-parole évoque « une étape importante », sans donner de chiffres.",
    "Les associations de consommateurs restent sceptiques.",
    "Cette annonce survient quelques semaines après un premier revers devant la justice.",
    "Les investisseurs ont salué la nouvelle : l'action a pris {pourcentage} % dans la journée.",
    "Le projet avait été présenté une première fois en {annee_passee}, avant d'être mis en sommeil.",
    "Pour les utilisateurs, rien ne change dans l'immédiat.",
    "L'entreprise assure avoir consulté des experts indépendants, dont elle ne donne pas les noms.",
    "À Bruxelles, on suit le dossier de près, sans commentaire officiel pour l'instant.",
    "Reste à savoir si le public suivra.",
)  # fmt: skip

EXPERT_ROLES = (
    "chercheuse au CNRS", "analyste chez un cabinet de conseil", "délégué syndical",
    "porte-parole de {entreprise}", "économiste spécialiste du numérique",
    "avocate spécialisée en droit des données", "ancien ingénieur de {entreprise}",
    "directrice d'un laboratoire à {ville}", "président d'une association d'utilisateurs",
)  # fmt: skip

EXPERT_QUOTES = (
    "On ne pourra juger qu'à l'usage, pas sur une présentation",
    "C'est une bonne nouvelle, à condition que les promesses soient tenues",
    "Personne n'a envie de revivre la crise de {annee_passee}",
    "Le calendrier annoncé me paraît très optimiste",
    "Nous attendons des engagements écrits, pas des intentions",
    "Techniquement, c'est impressionnant ; économiquement, c'est un pari",
    "Les salariés l'ont appris par la presse, comme tout le monde",
    "Ce n'est que le début d'un mouvement beaucoup plus large",
)  # fmt: skip

LIST_INTROS = (
    "Ce qu'il faut retenir :", "Les principales annonces :", "Les points de friction :",
    "Ce que l'on sait à ce stade :", "Les prochaines étapes :",
)  # fmt: skip

LIST_ITEMS = (
    "un lancement prévu en {annee}", "un prix de {prix} euros en entrée de gamme",
    "une disponibilité limitée à la France dans un premier temps", "aucun détail sur le financement",
    "une équipe de {nombre} personnes mobilisée", "des tests menés à {ville}",
    "une version gratuite limitée", "un partenariat avec {entreprise}",
    "des garanties sur les données personnelles", "une consultation des salariés",
)  # fmt: skip

LEADS = (
    "{entreprise} a présenté {produit}, avec l'ambition de s'imposer sur {sujet}. Un pari risqué dans un marché déjà encombré.",
    "Annoncé en grande pompe il y a un an, le projet de {entreprise} prend forme. Mais plusieurs questions restent en suspens.",
    "Les chiffres publiés cette semaine confirment une tendance de fond sur {sujet}. Décryptage.",
    "À {ville}, les équipes de {entreprise} travaillent depuis des mois sur {produit}. Nous avons pu voir le résultat.",
    "Le dossier {de_sujet} revient sur le devant de la scène. Ce qu'il faut savoir.",
    "Après des mois de rumeurs, {entreprise} a fini par confirmer. Les détails de l'annonce, et ce qu'ils changent.",
    "{produit} arrive enfin. Nous l'avons testé pendant {duree}.",
    "Une décision qui pourrait faire date pour {sujet}, et qui ne fait pas que des heureux.",
    "Entre promesses et réalité, le bilan de {entreprise} est plus nuancé qu'il n'y paraît.",
    "Le secteur retient son souffle. L'annonce de {entreprise} pourrait rebattre les cartes {de_sujet}.",
)  # fmt: skip

GENERIC_TITLES = (
    "{entreprise} dévoile {produit}, sa réponse à la concurrence",
    "{entreprise} lève {montant} millions d'euros pour accélérer sur {sujet}",
    "Pourquoi les régulateurs européens s'inquiètent {de_sujet}",
    "{produit} : notre test après {duree} d'utilisation",
    "{entreprise} supprime {nombre} postes en France",
    "Panne géante chez {entreprise} : des milliers d'utilisateurs privés de service",
    "Amende de {montant} millions d'euros pour {entreprise}",
    "Ce que change la nouvelle directive européenne pour {sujet}",
    "{entreprise} rachète {entreprise2} pour {montant} millions d'euros",
    "À {ville}, une start-up parie sur {sujet}",
    "{Sujet} : ce qu'il faut retenir de l'annonce de {entreprise}",
    "Enquête : comment {entreprise} a raté le virage {de_sujet}",
    "Les utilisateurs de {produit} dénoncent une mise à jour forcée",
    "Entretien : « Nous avons sous-estimé {sujet} », reconnaît le patron de {entreprise}",
    "{entreprise} mise tout sur {sujet}",
    "Bruxelles ouvre une enquête sur {entreprise}",
    "{entreprise} et {entreprise2} s'allient autour {de_sujet}",
    "Le marché {de_sujet} devrait doubler d'ici {annee}",
    "{Petit_nombre} ans après, que reste-t-il {de_sujet} ?",
    "{entreprise} ouvre un centre de recherche à {ville}",
)  # fmt: skip

FIRST_NAMES = (
    # (name, feminine?)
    ("Claire", True), ("Antoine", False), ("Mehdi", False), ("Julien", False), ("Sophie", True),
    ("Inès", True), ("Camille", True), ("Thomas", False), ("Léa", True), ("Hugo", False),
    ("Manon", True), ("Nicolas", False), ("Chloé", True), ("Lucas", False), ("Emma", True),
    ("Mathieu", False), ("Sarah", True), ("Romain", False), ("Laura", True), ("Karim", False),
    ("Élodie", True), ("Yann", False), ("Nadia", True), ("Pierre", False), ("Margaux", True),
    ("Bastien", False), ("Fatima", True), ("Gaël", False), ("Juliette", True), ("Samir", False),
    ("Anaïs", True), ("Maxime", False), ("Louise", True), ("Benoît", False), ("Aïcha", True),
    ("Quentin", False), ("Mathilde", True), ("Florian", False), ("Pauline", True), ("Olivier", False),
    ("Agathe", True), ("Rémi", False), ("Zoé", True), ("Damien", False), ("Lina", True),
    ("Erwan", False), ("Marion", True), ("Théo", False), ("Salomé", True), ("Kevin", False),
    ("Jeanne", True), ("Adrien", False), ("Clémence", True), ("Loïc", False), ("Hélène", True),
    ("Vincent", False), ("Nora", True), ("Arthur", False), ("Elsa", True), ("Gabriel", False),
    ("Océane", True), ("Raphaël", False), ("Justine", True), ("Sébastien", False), ("Yasmine", True),
    ("Guillaume", False), ("Charlotte", True), ("Jérémy", False), ("Alice", True), ("Fabien", False),
    ("Morgane", True), ("Cédric", False), ("Lucie", True), ("Étienne", False), ("Maëlle", True),
    ("François", False), ("Bérénice", True), ("Malo", False), ("Noémie", True), ("Tristan", False),
)  # fmt: skip

LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert",
    "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc",
    "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément",
    "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez",
    "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger",
    "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Jean", "Perez", "Marchand", "Dufour",
    "Blanchard", "Marie", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin",
    "Kerbrat", "Le Goff", "Benali", "Haddad", "Cohen", "Pereira", "Marchetti", "Vasseur",
)  # fmt: skip

# (masculine, feminine)
AUTHOR_JOBS = (
    ("Journaliste", "Journaliste"),
    ("Reporter", "Reporter"),
    ("Rédacteur", "Rédactrice"),
    ("Chef de rubrique", "Cheffe de rubrique"),
)
AUTHOR_BIO_SENTENCES = (
    "Je couvre {sujet} depuis {annees} ans, d'abord en agence, puis à Kiosque.",
    "Avant de devenir journaliste, j'ai passé {duree} dans l'industrie, à {ville}.",
    "J'aime comprendre qui décide, qui paie et qui en subit les conséquences.",
    "Mes enquêtes commencent souvent par un document que personne n'a pris le temps de lire.",
    "Je teste tout ce que je peux moi-même, chiffres à l'appui.",
    "On me trouve souvent dans les conférences techniques, un carnet à la main.",
    "J'ai grandi à {ville}, où je retourne dès que l'actualité me laisse souffler.",
    "Je m'intéresse autant aux produits qu'aux gens qui les fabriquent.",
)  # fmt: skip

STORY_TITLES = (
    ("Le rachat de {entreprise2} par {entreprise}", "Une offre hostile, une bataille d'actionnaires et des salariés inquiets : le feuilleton du rachat, étape par étape."),
    ("{entreprise} face à la justice européenne", "Amendes, recours et audiences : le long bras de fer entre {entreprise} et la Commission européenne."),
    ("La crise sociale chez {entreprise}", "Grèves, plan de départs et changement de direction : comment {entreprise} est entrée en crise."),
    ("Le lancement mouvementé de {produit}", "Retards, polémiques et premiers tests : l'histoire d'un lancement qui ne s'est pas passé comme prévu."),
    ("La cyberattaque contre {entreprise}", "Intrusion, rançon et données dans la nature : le récit d'une attaque et de ses suites."),
    ("{entreprise}, une licorne en sursis", "Levée de fonds géante, croissance éclair puis doutes : la trajectoire de {entreprise}."),
)  # fmt: skip

SOURCE_NAMES = (
    "Communiqué de {entreprise}",
    "Dossier de presse de {entreprise}",
    "Rapport annuel de {entreprise}",
)

# --- Members ------------------------------------------------------------------------------

# Short reactions: a whole comment on their own, never quoted.
REACTIONS = (
    "+1", "Merci pour l'article, très clair.", "Excellent papier !", "Source ?", "Pas convaincu.",
    "Enfin une bonne nouvelle !", "On en reparle dans six mois.", "Ça sent le rachat…",
    "Bien vu.", "Merci pour ce résumé.", "Quelle surprise… (non)", "Intéressant, merci.",
    "Tout à fait d'accord.", "Je n'y crois pas une seconde.", "Article passionnant, merci !",
    "Bon courage aux équipes.", "C'était prévisible.", "Hâte de voir la suite.",
    "Rien de nouveau sous le soleil.", "Joli travail d'enquête.", "Ah, enfin !",
    "Je plussoie.", "Triste nouvelle.", "Merci Kiosque pour le suivi de ce dossier.",
    "Quel gâchis.", "Bravo à eux !", "Ça va coûter cher…", "Je me demande qui va payer.",
    "C'est une blague ?", "Vivement la suite du feuilleton.",
    "Enfin un peu de bon sens.", "Merci pour les sources.", "Affaire à suivre…",
    "Ça ne m'étonne pas.", "Je n'aurais pas dit mieux.", "Bien dit !",
)  # fmt: skip

# Sentences any member may write under any article.
OPINIONS = (
    "Franchement, je ne vois pas l'intérêt {de_sujet} quand on a déjà tout ce qu'il faut à la maison.",
    "Ça me rappelle l'époque du Minitel : tout le monde promettait une révolution, et on a eu… le 3615.",
    "Le problème, ce n'est pas la technique, c'est le modèle économique derrière.",
    "Je suis plutôt d'accord avec l'article, mais il manque l'avis des utilisateurs.",
    "Encore un abonnement de plus, non merci.",
    "Dans ma boîte, on a tenté l'expérience il y a deux ans. Résultat : retour en arrière au bout de six mois.",
    "Chez moi à {ville}, on en parle beaucoup, mais personne ne l'utilise vraiment.",
    "Il faudrait quand même rappeler que {entreprise} avait promis exactement la même chose il y a trois ans.",
    "Je trouve l'article un peu sévère : tout n'est pas à jeter.",
    "Je travaille dans le secteur et je peux vous dire que la réalité est beaucoup moins rose.",
    "Ce qui m'inquiète, c'est la dépendance à une poignée d'acteurs américains.",
    "Personne ne parle de l'impact environnemental, comme d'habitude.",
    "On verra dans un an. Les annonces, c'est facile ; tenir les promesses, beaucoup moins.",
    "Pour une fois, une décision qui va dans le bon sens.",
    "Je ne comprends pas pourquoi les pouvoirs publics laissent faire.",
    "Les commentaires sont encore plus intéressants que l'article, merci à tous.",
    "J'ai lu le rapport en entier : il est beaucoup plus nuancé que ce qu'en disent les gros titres.",
    "Le vrai scandale, c'est que les utilisateurs n'aient pas été prévenus.",
    "C'est toujours la même histoire : on privatise les bénéfices et on mutualise les pertes.",
    "Ça fait plaisir de voir une entreprise française dans la course.",
    "Petit rappel : {sujet}, ça consomme de l'énergie, beaucoup d'énergie.",
    "Je ne suis pas expert, mais les chiffres annoncés me paraissent bien optimistes.",
    "À titre personnel, je suis passé à une solution libre il y a deux ans et je ne le regrette pas.",
    "Mon père travaillait dans ce secteur dans les années quatre-vingt, il en rigolerait bien.",
    "On nous refait le coup tous les cinq ans.",
    "Je serais curieux de connaître l'avis de la rédaction sur la suite.",
    "Ce genre d'annonce tombe toujours pile avant les résultats trimestriels, curieusement.",
    "La concurrence a du bon : les prix finiront par baisser.",
    "J'ai testé pendant {duree} : ça fonctionne, mais sans plus.",
    "{entreprise} a au moins le mérite d'être transparente sur ses chiffres.",
    "Il y a une erreur dans le troisième paragraphe : ce n'est pas {ville} mais {ville2}.",
    "Quelqu'un sait si c'est disponible en Belgique ?",
    "Est-ce que quelqu'un a un retour concret, au-delà du communiqué ?",
    "Question naïve : qui contrôle tout ça, concrètement ?",
    "Et les petites entreprises, elles font comment ?",
    "Rien compris au dernier paragraphe, quelqu'un peut m'expliquer ?",
    "Je me demande combien de temps ça va tenir.",
    "Au fond, le sujet, c'est la confiance. Et elle est sérieusement entamée.",
    "On parle de {montant} millions d'euros, quand même. Ce n'est pas rien.",
    "Dix ans que je lis ce site, et c'est un des meilleurs articles sur {sujet}.",
    "Le titre est un peu racoleur, mais le fond de l'article est solide.",
    "J'aurais aimé un encadré sur ce que ça change concrètement pour nous.",
    "Comme disait ma grand-mère : « qui trop embrasse mal étreint ».",
    "Tout le monde s'extasie, moi j'attends de voir la facture.",
    "C'est exactement ce que je disais dans un autre fil la semaine dernière.",
    "Je nuance : ce n'est pas si simple, il y a aussi des contraintes réglementaires.",
    "Pour avoir vécu la même chose chez mon ancien employeur, je compatis.",
    "Les ingénieurs ont sûrement fait du bon boulot ; c'est la direction qui pose problème.",
    "Vu la tendance, on en reparlera en {annee}.",
    "Et pendant ce temps, le service client ne répond toujours pas.",
    "Je me souviens de l'annonce de {annee_passee}, c'était exactement le même discours.",
    "Quelqu'un a essayé ? J'hésite à franchir le pas.",
    "Dans mon entourage, personne n'en a entendu parler. Ça en dit long.",
    "Ce serait bien que la rédaction fasse un suivi dans quelques mois.",
    "Les chiffres sont intéressants, mais il manque la comparaison avec l'an dernier.",
    "Je suis partagé : l'idée est bonne, l'exécution beaucoup moins.",
    "Tant mieux pour eux, mais je ne vois pas ce que ça change pour nous.",
    "Encore une fois, ce sont les utilisateurs qui paieront la note.",
    "J'ai travaillé avec eux il y a quelques années : des gens compétents, mais une direction qui change d'avis tous les six mois.",
    "Avec {montant} millions d'euros, on pourrait financer bien des choses plus utiles.",
    "Il était temps ! On attendait ça depuis des années.",
    "C'est amusant de voir tout le monde découvrir ce que les spécialistes disent depuis longtemps.",
    "Je garde mon vieux matériel et mes vieilles habitudes, merci bien.",
    "L'article est clair, mais j'aurais aimé entendre l'autre camp.",
    "À {ville}, on a eu le même problème l'an dernier. Personne n'en a parlé.",
)  # fmt: skip

# Openers of a member answering another by name: `{membre}` is replaced by the username.
MENTION_OPENERS = (
    "@{membre}, tu as parfaitement raison.", "@{membre} je ne suis pas d'accord du tout.",
    "@{membre} merci pour le retour !", "@{membre} pas faux.", "@{membre}, source ?",
    "@{membre} exactement ce que je voulais dire.", "@{membre}, tu exagères un peu, non ?",
    "@{membre} je nuancerais.", "@{membre} bien vu.", "@{membre}, je te rejoins sur ce point.",
    "@{membre} tu as un lien ?", "@{membre}, c'est plus compliqué que ça.",
    "@{membre} j'allais écrire la même chose.", "@{membre} merci, je ne savais pas.",
    "@{membre} on n'a pas lu le même article, visiblement.",
)  # fmt: skip

EMPHASIS_WORDS = ("vraiment", "jamais", "toujours", "rien", "tout", "surtout", "enfin", "déjà")

AFTERTHOUGHTS = (
    "Edit : faute de frappe.", "Edit : merci pour les réponses.", "PS : merci pour l'article.",
    "Edit : je corrige, c'était en {annee_passee}.", "PS : vivement la suite.",
)  # fmt: skip

# --- Usernames (ASCII: they appear in profile URLs and after « @ ») ------------------------

USERNAME_WORDS = (
    "Sablier", "Lunaire", "Boussole", "Mistral", "Girafe", "Grenadine", "Lanterne", "Corsaire",
    "Pissenlit", "Caramel", "Fougere", "Hibou", "Ecureuil", "Azimut", "Cerf_volant", "Chouette",
    "Marmotte", "Zephyr", "Brindille", "Castor", "Coquelicot", "Farfadet", "Galopin", "Harfang",
    "Kayak", "Loutre", "Mirabelle", "Nuage", "Orage", "Pingouin", "Quetzal", "Renard", "Sirocco",
    "Tournesol", "Vagabond", "Yeti", "Albatros", "Blaireau", "Chamois", "Dromadaire", "Falbala",
    "Gribouille", "Hirondelle", "Iguane", "Javelot", "Koala", "Libellule", "Manchot", "Narval",
    "Ocelot", "Papillon", "Ricochet", "Salamandre", "Toucan", "Ouistiti", "Vermicelle",
)  # fmt: skip

USERNAME_HOBBIES = (
    "velo", "rando", "geek", "pixel", "octet", "rail", "jardin", "photo", "ski", "surf", "vinyle",
    "retro", "code", "linux", "bricole", "cuisine", "astro", "manga", "rugby", "echecs", "jazz",
    "polar", "kayak", "velib", "ferroviaire", "moto", "bd", "radio", "tricot", "peche",
)  # fmt: skip

USERNAME_PREFIXES = (
    "Papy",
    "Tonton",
    "Mamie",
    "Tata",
    "Captain",
    "Docteur",
    "Maitre",
    "Petit",
    "Grand",
)
USERNAME_SUFFIXES = (
    "Geek",
    "Bidouille",
    "Pixel",
    "Octet",
    "Clavier",
    "Nomade",
    "Rebelle",
    "Curieux",
    "Bavard",
)
USERNAME_ADJECTIVES = (
    "perdu",
    "fou",
    "libre",
    "breton",
    "sudiste",
    "nordiste",
    "tranquille",
    "malin",
    "discret",
    "curieux",
)

MEMBER_BIOS = (
    "Développeur à {ville}. Je lis tout, je commente parfois.",
    "Enseignante, curieuse de tout ce qui touche au numérique.",
    "Ingénieur réseau le jour, joueur la nuit.",
    "Retraité des télécoms, toujours branché.",
    "Étudiant à {ville}, j'apprends en cassant des choses.",
    "Graphiste indépendante, fan de logiciels libres.",
    "Technicien de maintenance, je répare plus que je ne remplace.",
    "Juriste, ici à titre personnel.",
    "Sceptique de profession, optimiste le dimanche.",
    "Je monte des PC pour mes proches et je réponds volontiers aux questions d'achat.",
)  # fmt: skip
