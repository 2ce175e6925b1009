"""An article's revisions (list, comparison, restore) and its preview links.

Writes go through `newsroom.actions.revisions` and `newsroom.actions.previews` with
`by=request.user`; who may do what is theirs and `newsroom.roles`' to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kiosque.newsroom import roles
from kiosque.newsroom.actions import previews as preview_actions
from kiosque.newsroom.actions import revisions as revision_actions
from kiosque.newsroom.diffs import TextDiff, count_changes, diff_text, field_changes
from kiosque.newsroom.models import Article, ArticleRevision, PreviewLink

from .. import acting
from ..forms.revisions import CompareForm, PreviewLinkForm

if TYPE_CHECKING:
    from kiosque.accounts.models import User

REVISIONS_PER_PAGE = 30


def kind_name(revision: ArticleRevision) -> str:
    """The kind of a revision as the newsroom says it."""
    return {
        ArticleRevision.Kind.SAVE: pgettext("revision kind", "Save"),
        ArticleRevision.Kind.AUTOSAVE: pgettext("revision kind", "Automatic save"),
        ArticleRevision.Kind.RESTORE: pgettext("revision kind", "Restoration"),
    }[ArticleRevision.Kind(revision.kind)]


def when(revision: ArticleRevision) -> str:
    return date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT")


@dataclass(frozen=True)
class Row:
    """One line of the revision list: the revision, and the words it changed."""

    revision: ArticleRevision
    kind: str
    added: int
    removed: int


def _article_for(request: HttpRequest, pk: int) -> tuple[User, Article]:
    """The signed-in newsroom member and the article they may edit (403 otherwise)."""
    user = acting.newsroom_member(request)
    article = get_object_or_404(Article.objects.select_related("section"), pk=pk)
    roles.require(roles.can_edit(user, article))
    return user, article


def _text(revision: ArticleRevision | None) -> str:
    if revision is None:
        return ""
    return f"{revision.title}\n\n{revision.lead}\n\n{revision.body}"


@login_required
@require_GET
def revision_list(request: HttpRequest, pk: int) -> HttpResponse:
    _user, article = _article_for(request, pk)
    revisions = ArticleRevision.objects.filter(article=article).select_related("created_by")
    page = Paginator(revisions, REVISIONS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    # Each line counts what its revision changed from the one before, on the next page too.
    before: list[ArticleRevision | None] = [
        *shown[1:],
        *revisions[page.end_index() : page.end_index() + 1],
    ]
    before += [None] * (len(shown) - len(before))
    rows = [
        Row(revision, kind_name(revision), *count_changes(_text(older), _text(revision)))
        for revision, older in zip(shown, before, strict=True)
    ]
    context = {
        "article": article,
        "page": page,
        "rows": rows,
        "published": revision_actions.published_revision(article),
        "newest": revisions.first(),
        "desk_area": "articles",
    }
    return render(request, "desk/revision_list.html", context)


@login_required
@require_GET
def revision_compare(request: HttpRequest, pk: int) -> HttpResponse:
    _user, article = _article_for(request, pk)
    if "from" not in request.GET and "to" not in request.GET:
        return _latest_changes(article)
    form = CompareForm(request.GET, article=article)
    if not form.is_valid():
        context = {"article": article, "form": form, "desk_area": "articles"}
        return render(request, "desk/revision_compare.html", context, status=400)
    older, newer = form.cleaned_data["from"], form.cleaned_data["to"]
    context = {
        "article": article,
        "form": form,
        "older": older,
        "newer": newer,
        "older_kind": kind_name(older),
        "newer_kind": kind_name(newer),
        "parts": _compared(older, newer),
        "fields": field_changes(older.fields, newer.fields),
        "desk_area": "articles",
    }
    return render(request, "desk/revision_compare.html", context)


def _latest_changes(article: Article) -> HttpResponse:
    """Without two versions named: the last change, or the list when there is one version."""
    latest = list(
        ArticleRevision.objects.filter(article=article).order_by("-created_at", "-pk")[:2]
    )
    if len(latest) < 2:
        return redirect("desk:revision-list", pk=article.pk)
    newer, older = latest
    url = reverse("desk:revision-compare", kwargs={"pk": article.pk})
    return redirect(f"{url}?from={older.pk}&to={newer.pk}")


def _compared(older: ArticleRevision, newer: ArticleRevision) -> list[tuple[str, TextDiff]]:
    return [
        (_("Title"), diff_text(older.title, newer.title)),
        (_("Lead"), diff_text(older.lead, newer.lead)),
        (_("Text"), diff_text(older.body, newer.body)),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def revision_restore(request: HttpRequest, pk: int, revision_pk: int) -> HttpResponse:
    user, article = _article_for(request, pk)
    revision = get_object_or_404(ArticleRevision, pk=revision_pk, article=article)
    missing = revision_actions.unrestorable(revision)
    if request.method == "POST":
        revision_actions.restore_revision(revision, by=user)
        messages.success(
            request, _("The version of %(when)s is restored.") % {"when": when(revision)}
        )
        if missing:
            messages.warning(
                request,
                _("Not restored, as it no longer exists: %(what)s.") % {"what": ", ".join(missing)},
            )
        return HttpResponseRedirect(reverse("desk:article-edit", args=[article.pk]))
    return _confirm_restore(request, article, revision, missing)


def _confirm_restore(
    request: HttpRequest, article: Article, revision: ArticleRevision, missing: list[str]
) -> HttpResponse:
    """What restoring `revision` would change: the article as it is now against it."""
    current = ArticleRevision(
        article=article,
        title=article.title,
        lead=article.lead,
        body=article.body,
        fields=revision_actions.revised_fields(article),
    )
    context = {
        "article": article,
        "revision": revision,
        "kind": kind_name(revision),
        "missing": missing,
        "parts": _compared(current, revision),
        "fields": field_changes(current.fields, revision.fields),
        "desk_area": "articles",
    }
    return render(request, "desk/revision_restore.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def preview_links(request: HttpRequest, pk: int) -> HttpResponse:
    user, article = _article_for(request, pk)
    form = PreviewLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link = preview_actions.create_preview_link(article, by=user, valid_for=form.validity())
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(
                request,
                _("Preview link created: it works until %(when)s.")
                % {"when": date_format(timezone.localtime(link.expires_at), "DATETIME_FORMAT")},
            )
            return HttpResponseRedirect(reverse("desk:preview-links", args=[article.pk]))
    links = [
        (link, _state_of(link), request.build_absolute_uri(preview_actions.preview_path(link)))
        for link in PreviewLink.objects.filter(article=article).select_related("created_by")
    ]
    context = {"article": article, "form": form, "links": links, "desk_area": "articles"}
    return render(request, "desk/preview_links.html", context, status=400 if form.errors else 200)


def _state_of(link: PreviewLink) -> str:
    """ "active", "expired" or "revoked" (the template says it in words)."""
    if link.revoked_at is not None:
        return "revoked"
    return "active" if preview_actions.is_live(link) else "expired"


@login_required
@require_POST
def preview_link_revoke(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    user, article = _article_for(request, pk)
    link = get_object_or_404(PreviewLink, pk=link_pk, article=article)
    if preview_actions.revoke_preview_link(link, by=user):
        messages.success(request, _("The preview link is revoked: it no longer opens the article."))
    return HttpResponseRedirect(reverse("desk:preview-links", args=[article.pk]))


urlpatterns: list[URLPattern] = [
    path("articles/<int:pk>/revisions/", revision_list, name="revision-list"),
    path("articles/<int:pk>/revisions/comparer/", revision_compare, name="revision-compare"),
    path(
        "articles/<int:pk>/revisions/<int:revision_pk>/restaurer/",
        revision_restore,
        name="revision-restore",
    ),
    path("articles/<int:pk>/apercus/", preview_links, name="preview-links"),
    path(
        "articles/<int:pk>/apercus/<int:link_pk>/revoquer/",
        preview_link_revoke,
        name="preview-link-revoke",
    ),
]
