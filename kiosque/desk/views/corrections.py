"""Corrections and update notes on published articles, and the queue of readers' error reports:
the editors' work (`newsroom.roles.can_keep_lists`)."""

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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kiosque.newsroom.actions import corrections as actions
from kiosque.newsroom.models import Article, Correction, ErrorReport

from .. import acting
from ..forms.corrections import CorrectionForm, ResolveErrorReportForm

if TYPE_CHECKING:
    pass

CORRECTIONS_PER_PAGE = 30
REPORTS_PER_PAGE = 20
# How much of the article's text is shown on each side of a reported passage.
PASSAGE_CONTEXT_CHARACTERS = 160


@dataclass(frozen=True)
class PassageInText:
    """Where a reported passage sits in the article's text, to show it highlighted."""

    before: str
    passage: str
    after: str


def find_passage(text: str, passage: str) -> PassageInText | None:
    """The passage in `text` with a little of what surrounds it; None if the text no longer
    holds it (corrected since, or quoted loosely)."""
    start = text.casefold().find(passage.strip().casefold()) if passage.strip() else -1
    if start < 0:
        return None
    end = start + len(passage.strip())
    before = text[max(0, start - PASSAGE_CONTEXT_CHARACTERS) : start]
    after = text[end : end + PASSAGE_CONTEXT_CHARACTERS]
    return PassageInText(
        before=("…" if start > PASSAGE_CONTEXT_CHARACTERS else "") + before,
        passage=text[start:end],
        after=after + ("…" if end + PASSAGE_CONTEXT_CHARACTERS < len(text) else ""),
    )


@login_required
@require_GET
def correction_list(request: HttpRequest) -> HttpResponse:
    acting.editor(request)
    notes = Correction.objects.select_related("article", "created_by")
    page = Paginator(notes, CORRECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "desk_area": "corrections"}
    return render(request, "desk/correction_list.html", context)


@login_required
def correction_add(request: HttpRequest, pk: int) -> HttpResponse:
    editor = acting.editor(request)
    article = get_object_or_404(Article, pk=pk)
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            actions.add_correction(article, by=editor, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The note is published under the article's title."))
            return redirect("desk:correction-add", pk=article.pk)
    notes = article.corrections.select_related("created_by")
    context = {"article": article, "form": form, "notes": notes, "desk_area": "corrections"}
    status = 400 if form.is_bound else 200
    return render(request, "desk/correction_form.html", context, status=status)


@login_required
@require_POST
def correction_delete(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    editor = acting.editor(request)
    correction = get_object_or_404(Correction.objects.select_related("article"), pk=pk)
    actions.delete_correction(correction, by=editor)
    messages.success(request, _("The note is deleted; readers no longer see it."))
    back = request.POST.get("back") == "article"
    if back:
        return redirect("desk:correction-add", pk=correction.article.pk)
    return redirect("desk:correction-list")


@login_required
@require_GET
def error_report_list(request: HttpRequest) -> HttpResponse:
    acting.editor(request)
    reports = ErrorReport.objects.filter(state=ErrorReport.State.OPEN).select_related(
        "article", "reporter"
    )
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        (report, find_passage(report.article.body, report.passage), ResolveErrorReportForm())
        for report in page.object_list
    ]
    context = {"page": page, "rows": rows, "desk_area": "error-reports"}
    return render(request, "desk/error_report_list.html", context)


@login_required
@require_POST
def error_report_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    editor = acting.editor(request)
    report = get_object_or_404(ErrorReport.objects.select_related("article"), pk=pk)
    form = ResolveErrorReportForm(request.POST)
    if form.is_valid():
        try:
            actions.resolve_error_report(report, by=editor, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The report is closed."))
            return redirect(reverse("desk:error-report-list"))
    rows = [(report, find_passage(report.article.body, report.passage), form)]
    context = {"page": None, "rows": rows, "desk_area": "error-reports"}
    return render(request, "desk/error_report_list.html", context, status=400)


urlpatterns: list[URLPattern] = [
    path("corrections/", correction_list, name="correction-list"),
    path("articles/<int:pk>/corrections/", correction_add, name="correction-add"),
    path("corrections/<int:pk>/supprimer/", correction_delete, name="correction-delete"),
    path("signalements/", error_report_list, name="error-report-list"),
    path("signalements/<int:pk>/", error_report_resolve, name="error-report-resolve"),
]
