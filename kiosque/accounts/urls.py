from django.urls import path

from . import views

app_name = "accounts"

# The fixed paths come first: adapter.RESERVED_USERNAMES keeps members from taking their names.
urlpatterns = [
    path("reglages/", views.settings, name="settings"),
    path("reglages/mes-donnees/", views.export_data, name="export"),
    path("supprimer/", views.delete, name="delete"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("desabonnement/<str:token>/reabonner/", views.resubscribe, name="resubscribe"),
    path("<str:username>/", views.profile, name="profile"),
]
