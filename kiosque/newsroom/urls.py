from django.urls import path

from . import views

app_name = "newsroom"

urlpatterns = [
    path("", views.home, name="home"),
    path("article/<int:pk>-<slug:slug>/", views.article_detail, name="article-detail"),
    path(
        "article/<int:pk>-<slug:slug>/commentaires/",
        views.article_comments,
        name="article-comments",
    ),
    path("rubrique/<slug:slug>/", views.section_detail, name="section-detail"),
    path("sujet/<slug:slug>/", views.tag_detail, name="tag-detail"),
    path("auteur/<slug:slug>/", views.author_detail, name="author-detail"),
    path("feuilleton/<slug:slug>/", views.story_detail, name="story-detail"),
    path("apercu/<str:signed>/", views.article_preview, name="article-preview"),
    path("corrections/", views.corrections, name="corrections"),
    path("page/<slug:slug>/", views.page_detail, name="page-detail"),
    path("article/<int:pk>/signaler-une-erreur/", views.report_error, name="report-error"),
]
