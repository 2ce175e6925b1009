"""The ASGI application `kiosque serve` runs: the page cache's fast path in front of Django."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiosque.settings")

django_application = get_asgi_application()

from kiosque.community.view_counts import count_view  # noqa: E402  (needs Django set up)
from kiosque.live import LiveStreams  # noqa: E402
from kiosque.pagecache.fastpath import FastPath  # noqa: E402

application = FastPath(LiveStreams(django_application), count_view=count_view)
