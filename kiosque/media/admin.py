from django.contrib import admin
from django.http import HttpRequest

from .models import Image, Rendition


class RenditionInline(admin.TabularInline[Rendition, Image]):
    model = Rendition
    extra = 0
    fields = ["use", "format", "width", "height", "file", "created_at"]
    readonly_fields = ["use", "format", "width", "height", "file", "created_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Image | None = None) -> bool:
        return False


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin[Image]):
    """Read-only: uploads, descriptions, focal points and deletions go through the library's
    pages, whose actions clean the file, remake the renditions and keep images in use."""

    list_display = ["__str__", "width", "height", "credit", "uploaded_by", "uploaded_at"]
    search_fields = ["alt", "caption", "credit", "file"]
    date_hierarchy = "uploaded_at"
    readonly_fields = [
        "file",
        "width",
        "height",
        "alt",
        "caption",
        "credit",
        "focal_x",
        "focal_y",
        "uploaded_by",
        "uploaded_at",
    ]
    inlines = [RenditionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Image | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Image | None = None) -> bool:
        return False  # the library's page refuses an image still in use, and deletes the files
