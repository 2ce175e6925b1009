from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("", views.forum_index, name="index"),
    path("c/<slug:slug>/", views.category_detail, name="category-detail"),
    path("t/<int:pk>-<slug:slug>/", views.topic_detail, name="topic-detail"),
]
