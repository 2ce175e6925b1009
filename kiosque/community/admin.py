"""The forum in the admin: counters are read-only, and every change goes through
kiosque.community.actions (a category saved, a topic edited, a post edited or deleted), as on
the site, so that it is announced."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kiosque.accounts.models import User

from . import actions
from .models import Category, LinkPreview, Notification, Post, PostRevision, Topic


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    """Categories are saved and deleted through the actions, which announce the forum's pages."""

    list_display = ["name", "slug", "position", "is_article_discussions"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def save_model(
        self, request: HttpRequest, obj: Category, form: ModelForm[Category], change: bool
    ) -> None:
        actions.save_category(obj, by=_staff(request))

    def delete_model(self, request: HttpRequest, obj: Category) -> None:
        actions.delete_category(obj, by=_staff(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Category]) -> None:
        for category in queryset:
            actions.delete_category(category, by=_staff(request))


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    list_display = [
        "title",
        "category",
        "author",
        "post_count",
        "last_posted_at",
        "is_pinned",
        "is_closed",
        "is_hidden",
        "moderation",
    ]
    list_filter = ["category", "is_pinned", "is_closed", "is_hidden", "moderation"]
    list_select_related = ["category", "author"]
    search_fields = ["title"]
    date_hierarchy = "created_at"
    fields = [
        "title",
        "slug",
        "category",
        "author",
        "is_pinned",
        "is_closed",
        "is_hidden",
        "moderation",
        "discussion_mode",
        "closes_at",
        "visible_from",
        "post_count",
        "last_posted_at",
        "last_post",
        "view_count",
        "created_at",
    ]
    readonly_fields = [
        "author",
        # Publication follows the article; moderation is decided through the moderation
        # actions (the queue, or the moderation app's admin), which log and announce it.
        "is_hidden",
        "moderation",
        "is_closed",
        "discussion_mode",
        "closes_at",
        "post_count",
        "last_posted_at",
        "last_post",
        "view_count",
        "created_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A topic starts with its first post (actions.start_topic), or with its article.
        return False

    def save_model(
        self, request: HttpRequest, obj: Topic, form: ModelForm[Topic], change: bool
    ) -> None:
        # The form set the fields on `obj`: the action writes them, and announces the change.
        actions.edit_topic(
            obj,
            by=_staff(request),
            title=obj.title,
            slug=obj.slug,
            category=obj.category,
            is_pinned=obj.is_pinned,
            visible_from=obj.visible_from,
        )


class PostRevisionInline(admin.TabularInline[PostRevision, Post]):
    model = PostRevision
    fields = ["created_at", "source"]
    readonly_fields = ["created_at", "source"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Post | None = None) -> bool:
        return False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin[Post]):
    list_display = [
        "excerpt",
        "author",
        "topic",
        "created_at",
        "like_count",
        "moderation",
        "is_deleted",
    ]
    list_filter = ["moderation", "is_deleted", "topic__category"]
    list_select_related = ["author", "topic"]
    search_fields = ["source", "author__username"]
    date_hierarchy = "created_at"
    fields = [
        "topic",
        "author",
        "reply_to",
        "created_at",
        "edited_at",
        "source",
        "rendered",
        "like_count",
        "moderation",
        "is_deleted",
    ]
    readonly_fields = [
        "topic",
        "author",
        "reply_to",
        "created_at",
        "edited_at",
        "rendered",
        "like_count",
        "moderation",
        "is_deleted",
    ]
    inlines = [PostRevisionInline]
    # Hiding and showing are moderation decisions: the moderation app's admin adds them.
    actions = ["delete_posts"]

    @admin.display(description=_("text"))
    def excerpt(self, post: Post) -> str:
        return Truncator(post.source).chars(80)

    @admin.display(description=_("as shown"))
    def rendered(self, post: Post) -> SafeString:
        # Sanitised by kiosque.markup when it was written: safe to show as it is on the site.
        return format_html('<div class="post-body">{}</div>', mark_safe(post.html))

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Members post on the site (actions.post_reply); nobody writes in someone else's name.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Post | None = None) -> bool:
        # Removing rows would break the counters and the discussion: use "delete" or "hide".
        return False

    def save_model(
        self, request: HttpRequest, obj: Post, form: ModelForm[Post], change: bool
    ) -> None:
        if "source" in form.changed_data:
            original = Post.objects.get(pk=obj.pk)
            actions.edit_post(original, editor=_staff(request), source=obj.source)

    @admin.action(description=_("Delete the selected posts"), permissions=["change"])
    def delete_posts(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        by = _staff(request)
        changed = sum(actions.delete_post(post, by=by) for post in queryset)
        self.message_user(
            request,
            ngettext("%(count)d post deleted.", "%(count)d posts deleted.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["recipient", "kind", "actor", "post", "created_at", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient", "actor", "post__author", "post__topic"]
    search_fields = ["recipient__username", "actor__username"]
    readonly_fields = ["recipient", "actor", "kind", "post", "created_at", "read_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False


@admin.register(LinkPreview)
class LinkPreviewAdmin(admin.ModelAdmin[LinkPreview]):
    """Deleting a preview makes the next post with its link fetch it again."""

    list_display = ["url", "title", "site_name", "is_ok", "fetched_at"]
    list_filter = ["is_ok"]
    search_fields = ["url", "title"]
    readonly_fields = ["url", "fetched_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


def _staff(request: HttpRequest) -> User:
    """The signed-in staff member (the admin lets nobody else in)."""
    user = request.user
    assert isinstance(user, User)
    return user
