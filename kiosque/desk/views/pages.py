"""The site's own pages (À propos, Mentions légales…), kept by the editors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kiosque.newsroom.actions import pages as actions
from kiosque.newsroom.models import Page

from .. import acting
from ..forms.pages import PageForm

if TYPE_CHECKING:
    from kiosque.accounts.models import User


@login_required
@require_GET
def page_list(request: HttpRequest) -> HttpResponse:
    acting.editor(request)
    pages = Page.objects.select_related("updated_by")
    return render(request, "desk/page_list.html", {"pages": pages, "desk_area": "pages"})


@login_required
def page_new(request: HttpRequest) -> HttpResponse:
    return _page_form(request, acting.editor(request), None)


@login_required
def page_edit(request: HttpRequest, pk: int) -> HttpResponse:
    editor = acting.editor(request)  # before the lookup: who is refused learns nothing
    return _page_form(request, editor, get_object_or_404(Page, pk=pk))


def _page_form(request: HttpRequest, editor: User, page: Page | None) -> HttpResponse:
    form = PageForm(request.POST if request.method == "POST" else None, instance=page)
    if form.is_valid():
        saved = actions.save_page(form.save(commit=False), by=editor)
        messages.success(request, _("The page is saved."))
        return redirect("desk:page-edit", pk=saved.pk)
    context = {"form": form, "page": page, "desk_area": "pages"}
    return render(request, "desk/page_form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_POST
def page_delete(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    editor = acting.editor(request)
    page = get_object_or_404(Page, pk=pk)
    actions.delete_page(page, by=editor)
    messages.success(request, _("The page “%(title)s” is deleted.") % {"title": page.title})
    return redirect("desk:page-list")


urlpatterns: list[URLPattern] = [
    path("pages/", page_list, name="page-list"),
    path("pages/nouvelle/", page_new, name="page-new"),
    path("pages/<int:pk>/", page_edit, name="page-edit"),
    path("pages/<int:pk>/supprimer/", page_delete, name="page-delete"),
]
