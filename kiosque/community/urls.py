from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("", views.forum_index, name="index"),
    path("c/<slug:slug>/", views.category_detail, name="category-detail"),
    path("c/<slug:slug>/nouveau-sujet/", views.topic_new, name="topic-new"),
    path("t/<int:pk>-<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("t/<int:pk>/repondre/", views.topic_reply, name="topic-reply"),
    path("p/<int:pk>/", views.post_permalink, name="post-permalink"),
    path("p/<int:pk>/citer/", views.post_quote, name="post-quote"),
    path("p/<int:pk>/modifier/", views.post_edit, name="post-edit"),
    path("p/<int:pk>/supprimer/", views.post_delete, name="post-delete"),
    path("p/<int:pk>/aimer/", views.post_like, name="post-like"),
    path("images/", views.image_upload, name="image-upload"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification-open"),
]
