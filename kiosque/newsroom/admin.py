from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kiosque.accounts.models import User

from . import actions
from .models import Article, Author, Byline, Section, Story, Tag


def _acting(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # the admin lets in signed-in staff alone
    return request.user


class SlugHistoryAdmin(admin.ModelAdmin[Any]):
    """Renaming a slug keeps the old address alive as a 301."""

    prepopulated_fields = {"slug": ("name",)}

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        renamed = change and "slug" in form.changed_data
        actions.save_listing(
            obj, by=_acting(request), old_slug=form.initial.get("slug", "") if renamed else ""
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        actions.delete_listing(obj, by=_acting(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            actions.delete_listing(obj, by=_acting(request))


@admin.register(Section)
class SectionAdmin(SlugHistoryAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]


@admin.register(Tag)
class TagAdmin(SlugHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(SlugHistoryAdmin):
    list_display = ["name", "job_title", "user"]
    search_fields = ["name"]
    autocomplete_fields = ["user"]


@admin.register(Story)
class StoryAdmin(SlugHistoryAdmin):
    list_display = ["title", "created_at"]
    prepopulated_fields = {"slug": ("title",)}
    search_fields = ["title"]


class BylineInline(admin.TabularInline[Byline, Article]):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = ["title", "section", "status", "published_at", "is_featured"]
    list_filter = ["status", "section", "is_featured", "story"]
    search_fields = ["title", "lead"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["tags", "story"]
    # The library holds thousands of images: chosen by number or through the library's search.
    raw_id_fields = ["hero"]
    inlines = [BylineInline]
    actions = ["publish_now", "unpublish"]
    view_on_site = True
    # The workflow (review, schedule, publish) is the desk's, through its actions.
    readonly_fields = ["status", "published_at"]
    # An editor typing "wired.com" means the secure site.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("title", "slug", "section", "lead", "body")}),
        (
            _("Hero image"),
            {"fields": ("hero",)},
        ),
        (
            _("Publication"),
            {"fields": ("status", "published_at", "updated_at", "is_featured", "story", "tags")},
        ),
        (
            _("Source and video"),
            {"fields": ("source_name", "source_url", "video_url", "video_title")},
        ),
    )

    def save_model(
        self, request: HttpRequest, obj: Article, form: ModelForm[Article], change: bool
    ) -> None:
        actions.save_article(obj, by=_acting(request))

    def save_related(
        self, request: HttpRequest, form: ModelForm[Article], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        actions.announce_article(form.instance)

    @admin.action(description=_("Publish now"))
    def publish_now(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            actions.publish_article(article, by=_acting(request))
        count = queryset.count()
        message = ngettext("%(count)d article published.", "%(count)d articles published.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            actions.unpublish_article(article, by=_acting(request))
        count = queryset.count()
        message = ngettext(
            "%(count)d article unpublished.", "%(count)d articles unpublished.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
