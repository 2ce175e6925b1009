from django.urls import path

from . import views

app_name = "media"

urlpatterns = [
    path("", views.library, name="library"),
    path("recherche/", views.search, name="search"),
    path("envoyer/", views.upload, name="upload"),
    path("<int:pk>/", views.image_detail, name="image"),
    path("<int:pk>/supprimer/", views.image_delete, name="delete"),
]
