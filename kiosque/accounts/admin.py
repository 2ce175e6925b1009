from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Profile"), {"fields": ("bio", "avatar")}),
        (
            _("E-mail notifications"),
            {"fields": ("email_on_reply", "email_on_quote", "email_on_mention", "email_on_like")},
        ),
        # Deletion goes through accounts.actions.delete_account (the member's own page).
        (_("Deletion"), {"fields": ("is_deleted", "deleted_at")}),
    )
    readonly_fields = ("is_deleted", "deleted_at")
    list_display = ("username", "email", "date_joined", "is_staff", "is_active", "is_deleted")
    list_filter = (*DjangoUserAdmin.list_filter, "is_deleted")
