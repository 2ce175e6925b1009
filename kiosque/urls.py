from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language
from django.views.static import serve as serve_media

admin.site.site_header = f"{settings.SITE_NAME} — administration"
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT}),
    path("", include("kiosque.discovery.urls")),
]

# French pages live at the root, English ones under /en/: each URL is one cacheable document.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("compte/", include("allauth.urls")),
    path("membres/", include("kiosque.accounts.urls")),
    path("forum/", include("kiosque.community.urls")),
    path("", include("kiosque.newsroom.urls")),
    prefix_default_language=False,
)
