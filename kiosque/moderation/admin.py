"""The moderation app in the admin: the log (read only), reports, appeals, blocked terms, and
the moderation verbs on posts. Every button calls `moderation.actions`, as the queue does."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kiosque.accounts.models import User
from kiosque.community.admin import PostAdmin
from kiosque.community.models import Post

from . import actions
from .models import Appeal, BlockedTerm, Decision, HouseRule, Report


def _moderator(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    """The log is append-only: nobody edits or deletes a line, even in the admin."""

    list_display = ["created_at", "verb", "moderator", "is_automated", "member", "post", "rule"]
    list_filter = ["verb", "is_automated", "rule"]
    list_select_related = ["moderator", "member", "post"]
    search_fields = ["moderator__username", "member__username", "note"]
    date_hierarchy = "created_at"


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "reason", "post", "reporter", "weight", "outcome"]
    list_filter = ["reason", "outcome"]
    list_select_related = ["post", "reporter"]
    search_fields = ["reporter__username", "note", "legal_ground"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "member", "decision", "outcome"]
    list_filter = ["outcome"]
    list_select_related = ["member", "decision"]


@admin.register(BlockedTerm)
class BlockedTermAdmin(admin.ModelAdmin[BlockedTerm]):
    list_display = ["term", "is_domain", "effect", "replacement", "created_by", "created_at"]
    list_filter = ["effect", "is_domain"]
    search_fields = ["term"]
    fields = ["term", "is_domain", "effect", "replacement"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return actions.can_moderate(_moderator(request))

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return actions.can_moderate(_moderator(request))

    has_add_permission = has_module_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def save_model(
        self, request: HttpRequest, obj: BlockedTerm, form: object, change: bool
    ) -> None:
        if change:
            actions.remove_blocked_term(
                BlockedTerm.objects.get(pk=obj.pk), moderator=_moderator(request)
            )
        actions.add_blocked_term(
            moderator=_moderator(request),
            term=obj.term,
            effect=obj.effect,
            is_domain=obj.is_domain,
            replacement=obj.replacement,
        )

    def delete_model(self, request: HttpRequest, obj: BlockedTerm) -> None:
        actions.remove_blocked_term(obj, moderator=_moderator(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[BlockedTerm]) -> None:
        for blocked in queryset:
            actions.remove_blocked_term(blocked, moderator=_moderator(request))


admin.site.unregister(Post)


@admin.register(Post)
class ModeratedPostAdmin(PostAdmin):
    """The forum's post admin, with the moderation verbs (logged, announced, stated)."""

    actions = ["hide_posts", "approve_posts", *PostAdmin.actions]

    @admin.action(description=_("Hide the selected posts"), permissions=["change"])
    def hide_posts(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        moderator = _moderator(request)
        changed = sum(
            actions.hide_post(post, moderator=moderator, rule=HouseRule.OTHER) is not None
            for post in queryset
        )
        self.message_user(
            request,
            ngettext("%(count)d post hidden.", "%(count)d posts hidden.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Approve (show) the selected posts"), permissions=["change"])
    def approve_posts(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        moderator = _moderator(request)
        changed = sum(
            actions.approve_post(post, moderator=moderator) is not None for post in queryset
        )
        self.message_user(
            request,
            ngettext("%(count)d post shown.", "%(count)d posts shown.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )
