"""Running stories: their page's title, summary and image, their articles and the order of their
timeline (the editors' work)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, F
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kiosque.newsroom.actions import stories as actions
from kiosque.newsroom.models import Article, Story

from .. import acting
from ..forms.stories import StoryArticleForm, StoryArticleSearchForm, StoryForm

# Enough to pick from; a more precise title finds the rest.
SEARCH_RESULTS_SHOWN = 15


def _timeline_of(story: Story) -> list[Article]:
    """The story's articles in the order its public page shows them."""
    return list(
        story.articles.select_related("section").order_by(
            F("story_position").asc(nulls_last=True), "-published_at", "-pk"
        )
    )


def _search(request: HttpRequest, story: Story) -> dict[str, object]:
    """Articles outside the story whose title holds the words asked for (`?q=`)."""
    search = StoryArticleSearchForm(request.GET)
    words = search.cleaned_data["q"].strip() if search.is_valid() else ""
    found = (
        Article.objects.filter(title__icontains=words).exclude(story=story).newest_first()
        if words
        else Article.objects.none()
    )
    return {
        "search": search,
        "words": words,
        "found": list(found.select_related("story")[:SEARCH_RESULTS_SHOWN]),
    }


def _back_to_timeline(story: Story) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("desk:story-edit", args=[story.pk]) + "#timeline")


@login_required
@require_GET
def story_list(request: HttpRequest) -> HttpResponse:
    acting.editor(request)
    stories = Story.objects.annotate(article_count=Count("articles")).select_related("image")
    return render(request, "desk/story_list.html", {"stories": stories, "desk_area": "stories"})


@login_required
def story_new(request: HttpRequest) -> HttpResponse:
    editor = acting.editor(request)
    form = StoryForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        story = actions.save_story(form.save(commit=False), by=editor)
        messages.success(request, _("The running story is created: add its articles."))
        return redirect("desk:story-edit", pk=story.pk)
    context = {"form": form, "story": None, "desk_area": "stories"}
    return render(request, "desk/story_form.html", context, status=400 if form.is_bound else 200)


@login_required
def story_edit(request: HttpRequest, pk: int) -> HttpResponse:
    editor = acting.editor(request)
    story = get_object_or_404(Story, pk=pk)
    old_slug = story.slug
    form = StoryForm(request.POST if request.method == "POST" else None, instance=story)
    if form.is_valid():
        actions.save_story(form.save(commit=False), by=editor, old_slug=old_slug)
        messages.success(request, _("The running story is saved."))
        return redirect("desk:story-edit", pk=story.pk)
    context = {"form": form, "story": story, "timeline": _timeline_of(story)}
    context |= _search(request, story) | {"desk_area": "stories"}
    return render(request, "desk/story_form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_POST
def story_attach(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_articles(request, pk, attach=True)


@login_required
@require_POST
def story_detach(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_articles(request, pk, attach=False)


def _change_articles(request: HttpRequest, pk: int, *, attach: bool) -> HttpResponse:
    editor = acting.editor(request)
    story = get_object_or_404(Story, pk=pk)
    form = StoryArticleForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("This article no longer exists."), status=400)
    chosen: Article = form.cleaned_data["article"]
    articles = [article for article in story.articles.all() if article.pk != chosen.pk]
    actions.save_story(story, by=editor, articles=[*articles, chosen] if attach else articles)
    if attach:
        messages.success(request, _("“%(title)s” is in the story.") % {"title": chosen.title})
    else:
        messages.success(
            request, _("“%(title)s” is no longer in the story.") % {"title": chosen.title}
        )
    return _back_to_timeline(story)


@login_required
@require_POST
def story_move(request: HttpRequest, pk: int) -> HttpResponse:
    editor = acting.editor(request)
    story = get_object_or_404(Story, pk=pk)
    form = StoryArticleForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["direction"]:
        return HttpResponse(_("Choose an article and a direction."), status=400)
    step = -1 if form.cleaned_data["direction"] == "up" else 1
    try:
        actions.move_in_story(
            story, by=editor, article_id=form.cleaned_data["article"].pk, step=step
        )
    except ValidationError as refusal:
        return HttpResponse(" ".join(refusal.messages), status=400)
    return _back_to_timeline(story)


urlpatterns: list[URLPattern] = [
    path("feuilletons/", story_list, name="story-list"),
    path("feuilletons/nouveau/", story_new, name="story-new"),
    path("feuilletons/<int:pk>/", story_edit, name="story-edit"),
    path("feuilletons/<int:pk>/ajouter/", story_attach, name="story-attach"),
    path("feuilletons/<int:pk>/retirer/", story_detach, name="story-detach"),
    path("feuilletons/<int:pk>/deplacer/", story_move, name="story-move"),
]
