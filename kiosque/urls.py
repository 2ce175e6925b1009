import errno

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import include, path, re_path
from django.views.i18n import set_language
from django.views.static import serve as serve_media

from kiosque.accounts.admin_login import admin_login
from kiosque.discovery.urls import search_urlpatterns
from kiosque.security import csp_report

# A replaced upload gets a new file name, so a day of caching is safe; in production a front
# server or a CDN may serve /media/ instead.
MEDIA_MAX_AGE_SECONDS = 24 * 3600


def media_file(request: HttpRequest, path: str) -> HttpResponseBase:
    try:
        response = serve_media(request, path, document_root=str(settings.MEDIA_ROOT))
    except OSError as error:
        if error.errno != errno.ENAMETOOLONG:
            raise
        raise Http404 from None  # a name longer than the file system allows names no file
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE_SECONDS}"
    return response


def live_elsewhere(request: HttpRequest, source: str, pk: int) -> HttpResponse:
    """Live streams are served by the ASGI application (kiosque/live.py) before Django. Under a
    WSGI server they cannot be: 204 tells the browser's EventSource to stop asking."""
    return HttpResponse(status=204)


admin.site.site_header = f"{settings.SITE_NAME} — administration"
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    re_path(r"^media/(?P<path>.*)$", media_file, name="media"),
    path("live/<slug:source>/<int:pk>/", live_elsewhere, name="live-elsewhere"),
    path("csp-report/", csp_report, name="csp-report"),
    path("", include("kiosque.discovery.urls")),
]

# French pages live at the root, English ones under /en/: each URL is one cacheable document.
urlpatterns += i18n_patterns(
    path("admin/login/", admin_login, name="admin-login"),  # the site's sign-in, throttled
    path("admin/", admin.site.urls),
    path("compte/", include("allauth.urls")),
    path("membres/", include("kiosque.accounts.urls")),
    path("forum/", include("kiosque.community.urls")),
    path("moderation/", include("kiosque.moderation.urls")),
    path("redaction/medias/", include("kiosque.media.urls")),
    path("redaction/", include("kiosque.desk.urls")),
    path("", include(search_urlpatterns)),
    path("", include("kiosque.newsroom.urls")),
    prefix_default_language=False,
)
