"""/redaction/: one list of paths per part of the desk, each kept in its own views module."""

from .views import articles, corrections, pages, revisions, stories

app_name = "desk"

urlpatterns = [
    *articles.urlpatterns,
    *revisions.urlpatterns,
    *corrections.urlpatterns,
    *stories.urlpatterns,
    *pages.urlpatterns,
]
