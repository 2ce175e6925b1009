from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("regles/", views.house_rules, name="house-rules"),
    path("signaler/<int:pk>/", views.report, name="report"),
    path("mes-signalements/", views.my_reports, name="my-reports"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("messages/<int:pk>/decider/", views.decide_post, name="decide-post"),
    path("appels/<int:pk>/decider/", views.decide_appeal, name="decide-appeal"),
    path("membres/<str:username>/", views.member_standing, name="member"),
    path("discussions/<int:pk>/", views.discussion_rules, name="discussion"),
    path("journal/", views.log, name="log"),
    path("journal-public/", views.public_log, name="public-log"),
]
