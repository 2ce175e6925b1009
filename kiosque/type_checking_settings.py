"""The settings mypy's Django plugin loads (pyproject.toml, [tool.django-stubs]).

The settings module refuses to load in production without a real SECRET_KEY, and the type checker
has none: it reads development's, which declare the same names with the same types.
"""

import os

os.environ.setdefault("KIOSQUE_ENV", "development")

from kiosque.settings import *  # noqa: F403  (the one module of settings, as it is)
