# ruff: noqa: E501  (French prose: one line per sentence reads better than wrapped strings)
"""The demo's readers with an account: invented people, each with a voice of their own.

Most have a drawn avatar; two keep the initial the site shows by default. Hugo_R joined three
weeks before the load, so he only appears in recent threads.
"""

from __future__ import annotations

from .community_base import MemberData

MEMBERS = (
    MemberData(
        username="Kerouan",
        bio="Ingénieur systèmes à Rennes. Je lis les communiqués jusqu'à la dernière ligne et les conditions générales aussi, hélas.",
        joined_days_ago=640,
    ),
    MemberData(
        username="Mistinguette",
        bio="Professeure de lettres à la retraite. J'ai découvert l'informatique avec un Minitel et je n'ai jamais cessé de poser des questions.",
        joined_days_ago=510,
    ),
    MemberData(
        username="nico_velo",
        bio="Développeur web à Nantes, vélotaffeur par tous les temps. Je code surtout en Python et je râle surtout contre JavaScript.",
        joined_days_ago=420,
    ),
    MemberData(
        username="Zephyrine",
        bio="Doctorante en apprentissage automatique à Grenoble. Je passe mes journées à entraîner des modèles et mes soirées à expliquer qu'ils ne pensent pas.",
        joined_days_ago=380,
    ),
    MemberData(
        username="PapyGeek",
        bio="Technicien télécoms pendant trente-cinq ans, retraité depuis peu. J'ai tiré du cuivre, puis de la fibre, et maintenant je tire surtout des conclusions.",
        joined_days_ago=300,
        has_avatar=False,
    ),
    MemberData(
        username="Lunaire",
        bio="Joueuse depuis toujours, je diffuse mes parties le week-end. Fan de RPG interminables et de jeux indépendants bizarres.",
        joined_days_ago=260,
    ),
    MemberData(
        username="Gaspard_M",
        bio="Juriste en droit du numérique dans un cabinet lyonnais. Ici à titre personnel : rien de ce que j'écris n'est une consultation.",
        joined_days_ago=210,
    ),
    MemberData(
        username="octet_perdu",
        bio="Administrateur réseau dans une communauté de communes. Je sauvegarde tout, deux fois, et je vous conseille d'en faire autant.",
        joined_days_ago=180,
    ),
    MemberData(
        username="Clementine",
        bio="Graphiste 3D indépendante, Blender depuis la version 2.4. Je parle de rendu, de couleurs et parfois de cartes graphiques trop chères.",
        joined_days_ago=130,
    ),
    MemberData(
        username="Sablier",
        bio="Sceptique de profession, optimiste le dimanche. Je lis tout, je crois la moitié.",
        joined_days_ago=95,
        has_avatar=False,
    ),
    MemberData(
        username="Mael.B",
        bio="Vendeur dans une boutique d'informatique à Angers. Je monte des PC pour mes amis et je réponds volontiers aux questions d'achat.",
        joined_days_ago=75,
    ),
    MemberData(
        username="Hugo_R",
        bio="Étudiant en BUT informatique à Toulouse, nouveau sur le forum. J'apprends vite et je casse beaucoup.",
        joined_days_ago=21,
    ),
)
