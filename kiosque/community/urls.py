from django.urls import path

from .views import assist, bookmarks, composing, following, members, notifications, reading

app_name = "community"

urlpatterns = [
    path("", reading.forum_index, name="index"),
    path("c/<slug:slug>/", reading.category_detail, name="category-detail"),
    path("c/<slug:slug>/nouveau-sujet/", composing.topic_new, name="topic-new"),
    path("c/<slug:slug>/suivi/", following.category_follow, name="category-follow"),
    path("t/<int:pk>-<slug:slug>/", reading.topic_detail, name="topic-detail"),
    path("t/<int:pk>/repondre/", composing.topic_reply, name="topic-reply"),
    path("t/<int:pk>/suivi/", following.topic_follow, name="topic-follow"),
    path("non-lus/", following.unread, name="unread"),
    path("nouveaux/", following.new_topics, name="new-topics"),
    path("tout-lu/", following.mark_read, name="mark-read"),
    path("p/<int:pk>/", reading.post_permalink, name="post-permalink"),
    path("p/<int:pk>/citer/", composing.post_quote, name="post-quote"),
    path("p/<int:pk>/modifier/", composing.post_edit, name="post-edit"),
    path("p/<int:pk>/supprimer/", composing.post_delete, name="post-delete"),
    path("p/<int:pk>/aimer/", members.post_like, name="post-like"),
    path("images/", composing.image_upload, name="image-upload"),
    path("apercu/", assist.post_preview, name="post-preview"),
    path("mentions/", assist.mention_suggestions, name="mention-suggestions"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/menu/", notifications.notification_menu, name="notification-menu"),
    path("notifications/<int:pk>/", notifications.notification_open, name="notification-open"),
    path("signets/", bookmarks.bookmark_list, name="bookmarks"),
    path("p/<int:pk>/signet/", bookmarks.post_bookmark, name="post-bookmark"),
    path("p/<int:pk>/signet/retirer/", bookmarks.bookmark_remove, name="bookmark-remove"),
]
