from typing import Any

from django.conf import settings
from django.http import HttpRequest

from kiosque.newsroom.remembered import all_sections, footer_pages


def site(request: HttpRequest) -> dict[str, Any]:
    """Publication-wide values every page template may use."""
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "nav_sections": all_sections,  # called by the template only if it shows the menu
        "footer_pages": footer_pages,  # likewise, by the footer
        "site_logo": settings.KIOSQUE_LOGO,
        "site_favicon": settings.KIOSQUE_FAVICON,
        "google_news_url": settings.KIOSQUE_GOOGLE_NEWS_URL,
        "whatsapp_url": settings.KIOSQUE_WHATSAPP_URL,
    }
