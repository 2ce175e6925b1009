"""The article list and the article editor: where the newsroom writes.

Every write goes through `newsroom.actions` (and `media.actions` for the hero image's own text
and focal point) with `by=request.user`; the role checks are theirs and `newsroom.roles`'.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kiosque.media import actions as media_actions
from kiosque.media.models import Image
from kiosque.newsroom import actions, roles
from kiosque.newsroom.actions import revisions as revision_actions
from kiosque.newsroom.models import Article, ArticleRevision, Tag

from .. import acting
from ..forms.articles import ArticleFilterForm, ArticleForm, TagSearchForm

if TYPE_CHECKING:
    from kiosque.accounts.models import User

ARTICLES_PER_PAGE = 30
# Enough to choose from while typing; the rest is one more letter away.
TAG_SUGGESTIONS = 10
STEPS = ("save", "submit", "return", "schedule", "publish", "unpublish")


@login_required
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    user = acting.newsroom_member(request)
    filters = ArticleFilterForm(request.GET)
    articles = _listed_articles(user, filters.cleaned_data if filters.is_valid() else {})
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(article, state_of(article)) for article in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "is_editor": roles.is_editor(user),
    }
    return render(request, "desk/article_list.html", {**context, "desk_area": "articles"})


@login_required
def article_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = acting.newsroom_member(request)
    article = get_object_or_404(_editable(user), pk=pk) if pk else Article(created_by=user)
    roles.require(roles.can_edit(user, article))
    if request.method != "POST":
        return _editor(request, ArticleForm(instance=article), article)
    form = ArticleForm(request.POST, instance=article)
    step = request.POST.get("step", "save")
    if not form.is_valid() or step not in STEPS:
        return _editor(request, form, article, status=400)
    was_new = article.pk is None
    try:
        with transaction.atomic():
            _save(form, by=user)
            _take_step(article, step, by=user, at=form.cleaned_data.get("published_at"))
    except actions.EditConflict as conflict:
        return _conflict(request, form, article, conflict.current)
    except ValidationError as refusal:
        if was_new:
            article.pk = None
        _show_refusal(form, refusal)
        return _editor(request, form, article, status=400)
    messages.success(request, _done_message(step, article))
    return HttpResponseRedirect(reverse("desk:article-edit", kwargs={"pk": article.pk}))


@login_required
@require_POST
def article_preview(request: HttpRequest) -> HttpResponse:
    """The article as readers will see it, from the editor's form as it is now (not saved)."""
    acting.newsroom_member(request)
    form = ArticleForm(request.POST, instance=Article())
    form.is_valid()  # a half-written article previews too: what validated is shown
    article = form.instance
    actions.render_article(article)
    cleaned = getattr(form, "cleaned_data", {})
    hero = cleaned.get("hero")
    if hero is not None:  # as typed in the form, shown and never saved from here
        hero.alt = cleaned.get("hero_alt", "")
        hero.caption = cleaned.get("hero_caption", "")
        hero.credit = cleaned.get("hero_credit", "")
    article.hero = hero
    context = {
        "article": article,
        "authors": form.ordered_authors() if cleaned else [],
        "tags": [Tag(name=name) for name in cleaned.get("tag_names") or []],
    }
    if request.POST.get("step") == "preview":  # the form's own button: a whole page
        return render(request, "desk/article_preview.html", context)
    return render(request, "desk/_article_preview.html", context)


@require_POST
def article_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Keep what the writer is typing (JSON); says whether someone else saved meanwhile."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "session_expired"}, status=401)
    if not roles.is_in_newsroom(request.user):
        return JsonResponse({"error": "forbidden"}, status=403)
    article = _editable(request.user).filter(pk=pk).first()
    if article is None:
        return JsonResponse({"error": "not_found"}, status=404)
    read_version = request.POST.get("read_version", "")
    if not read_version.isdigit():
        return JsonResponse({"error": "read_version"}, status=400)
    kept: dict[str, object] = {k: v for k, v in request.POST.lists() if k not in _AUTOSAVE_TEXT}
    try:
        revision = revision_actions.autosave_article(
            article,
            by=request.user,
            title=request.POST.get("title", "")[:200],
            lead=request.POST.get("lead", ""),
            body=request.POST.get("body", ""),
            fields=kept,
            read_version=int(read_version),
        )
    except PermissionDenied:
        return JsonResponse({"error": "forbidden"}, status=403)
    return JsonResponse(_autosave_answer(article, revision, int(read_version)))


@login_required
@require_GET
def tag_search(request: HttpRequest) -> JsonResponse:
    """Existing tags whose name starts with (or contains) what is typed, for the type-ahead."""
    acting.newsroom_member(request)
    form = TagSearchForm(request.GET)
    typed = form.cleaned_data["q"].strip() if form.is_valid() else ""
    tags = Tag.objects.filter(name__icontains=typed) if typed else Tag.objects.none()
    found = sorted(
        tags[:50], key=lambda tag: (not tag.name.lower().startswith(typed.lower()), tag.name)
    )
    return JsonResponse(
        {"results": [{"id": t.pk, "name": t.name} for t in found[:TAG_SUGGESTIONS]]}
    )


# --- What the views share --------------------------------------------------------------------

_AUTOSAVE_TEXT = {"title", "lead", "body", "csrfmiddlewaretoken", "read_version", "step"}


def _editable(user: Any) -> Any:
    """The articles `user` may open, through the one gate, with what the editor shows."""
    return Article.objects.visible_to(user).select_related(
        "hero", "section", "story", "last_edited_by"
    )


def _listed_articles(user: User, chosen: dict[str, Any]) -> Any:
    """The articles `user` works on: every one for editors; their own for other members
    (the rest of the newsroom's work is the editors' business until it is published)."""
    articles = (
        Article.objects.for_listing()
        .with_bylines()
        .select_related("last_edited_by")
        .order_by("-modified_at", "-pk")
    )
    own = Q(created_by=user) | Q(bylines__author__user=user)
    if not roles.is_editor(user) or chosen.get("mine"):
        articles = articles.filter(pk__in=Article.objects.filter(own).values("pk"))
    if chosen.get("q"):
        articles = articles.filter(Q(title__icontains=chosen["q"]) | Q(lead__icontains=chosen["q"]))
    if chosen.get("state"):
        articles = articles.filter(status=chosen["state"])
    if chosen.get("section"):
        articles = articles.filter(section=chosen["section"])
    if chosen.get("author"):
        articles = articles.filter(
            pk__in=Article.objects.filter(bylines__author=chosen["author"]).values("pk")
        )
    return articles


def state_of(article: Article) -> str:
    """The article's state as the newsroom says it, with its time where it matters."""
    when = (
        date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
        if article.published_at
        else ""
    )
    if article.status == Article.Status.SCHEDULED:
        return _("Scheduled for %(when)s") % {"when": when}
    if article.status == Article.Status.PUBLISHED:
        return _("Published on %(when)s") % {"when": when}
    return str(article.get_status_display())


def _save(form: ArticleForm, *, by: User) -> Article:
    """The form's article saved, with its tags (new ones created) and its hero image's text."""
    article = form.instance
    tags = [_tag_named(name, by=by) for name in form.cleaned_data["tag_names"]]
    hero = form.cleaned_data.get("hero")
    if hero is not None:
        _update_hero(form, hero, by=by)
    authors = form.ordered_authors()
    return actions.save_article(
        article,
        by=by,
        tags=tags,
        authors=authors if authors or article.pk else None,
        read_version=form.cleaned_data.get("read_version") if article.pk else None,
    )


def _tag_named(name: str, *, by: User) -> Tag:
    tag = (
        Tag.objects.filter(name__iexact=name).first()
        or Tag.objects.filter(slug=slugify(name)).first()
    )
    if tag is None:
        tag = Tag(name=name, slug=slugify(name)[:60])
        actions.save_listing(tag, by=by)
    return tag


def _update_hero(form: ArticleForm, hero: Image, *, by: User) -> None:
    alt, caption, credit = (
        str(form.cleaned_data.get(f"hero_{name}") or "") for name in ("alt", "caption", "credit")
    )
    focal_x, focal_y = form.cleaned_data.get("focal_x"), form.cleaned_data.get("focal_y")
    if "hero" in form.changed_data and not (alt or caption or credit):
        return  # an image newly chosen by its number: its own text stands
    moves = focal_x is not None and focal_y is not None
    if (alt, caption, credit) == (hero.alt, hero.caption, hero.credit) and (
        not moves or (focal_x, focal_y) == (hero.focal_x, hero.focal_y)
    ):
        return  # unchanged: nothing to ask of the library (nor of its rights)
    try:
        media_actions.update_image(
            hero,
            by=by,
            alt=alt,
            caption=caption,
            credit=credit,
            focal_x=focal_x if moves else None,
            focal_y=focal_y if moves else None,
        )
    except PermissionDenied as refusal:
        raise ValidationError(
            {
                "hero_alt": _(
                    "Only the editors and whoever uploaded this image may change its text "
                    "or focal point."
                )
            },
            code="image_locked",
        ) from refusal


def _take_step(article: Article, step: str, *, by: User, at: Any) -> None:
    if step == "submit":
        actions.submit_for_review(article, by=by)
    elif step == "return":
        actions.return_to_draft(article, by=by)
    elif step == "schedule":
        actions.schedule_article(article, by=by, at=at)
    elif step == "publish":
        now = timezone.now() if article.status == Article.Status.SCHEDULED else None
        actions.publish_article(article, by=by, at=now)
    elif step == "unpublish":
        actions.unpublish_article(article, by=by)


def _show_refusal(form: ArticleForm, refusal: ValidationError) -> None:
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refusal)


def _done_message(step: str, article: Article) -> str:
    done = {
        "save": _("Saved."),
        "submit": _("Submitted for review: the editors have it."),
        "return": _("Sent back to draft."),
        "unpublish": _("Unpublished: readers no longer see it."),
    }
    if step in done:
        return str(done[step])
    return _("%(state)s.") % {"state": state_of(article)}


def _buttons(user: User, article: Article) -> dict[str, bool]:
    """Which workflow buttons the editor shows `user` for `article`."""
    may_publish = roles.can_publish(user, article)
    status = article.status
    return {
        "submit": roles.can_submit(user, article)
        and status in (Article.Status.DRAFT, Article.Status.UNPUBLISHED),
        "return": status == Article.Status.IN_REVIEW,
        "schedule": may_publish and status != Article.Status.PUBLISHED,
        "publish": may_publish and status != Article.Status.PUBLISHED,
        "unpublish": may_publish and article.is_released,
    }


def _newer_autosave(user: User, article: Article) -> ArticleRevision | None:
    """`user`'s autosave made after the article's last save, if any: offered to resume."""
    if article.pk is None:
        return None
    autosave = article.revisions.filter(kind=ArticleRevision.Kind.AUTOSAVE, created_by=user).first()
    if autosave is None:
        return None
    last_save = article.revisions.exclude(kind=ArticleRevision.Kind.AUTOSAVE).first()
    if last_save is not None and last_save.created_at >= autosave.created_at:
        return None
    return autosave


def _editor(
    request: HttpRequest, form: ArticleForm, article: Article, *, status: int = 200
) -> HttpResponse:
    user = acting.newsroom_member(request)
    autosave = _newer_autosave(user, article) if request.method != "POST" else None
    if autosave is not None and request.GET.get("resume") == str(autosave.pk):
        form = ArticleForm(instance=article, initial=_resumed(autosave))
        autosave = None
    context = {
        "form": form,
        "article": article,
        "state": state_of(article) if article.pk else _("New article"),
        "buttons": _buttons(user, article),
        "authors": form.author_choices_in_order(),
        "autosave": autosave,
        "editor_texts": _editor_texts(),
        "desk_area": "articles",
    }
    return render(request, "desk/article_edit.html", context, status=status)


def _editor_texts() -> dict[str, str]:
    """What editor.js says, in the page's language."""
    return {
        "placeholder_text": _("text"),
        "placeholder_heading": _("Subhead"),
        "placeholder_bold": _("bold text"),
        "placeholder_italic": _("italic text"),
        "placeholder_link": _("link text"),
        "ask_link_url": _("Address of the link:"),
        "ask_video_url": _("Address of the video (YouTube, Dailymotion, Vimeo):"),
        "ask_card_url": _("Address of the page to show as a card:"),
        "video_label": _("Watch the video"),
        "tabs_label": _("Text and preview"),
        "tab_write": _("Write"),
        "tab_preview": _("Preview"),
        "restore_offer": _(
            "This browser kept a copy of this article from %(when)s that differs from what is "
            "shown here."
        ),
        "restored": _("Your copy is back in the form: save it to keep it."),
        "session_expired": _(
            "Your session has expired: sign in again in another tab, your text is kept here."
        ),
        "changed_meanwhile": _(
            "%(name)s saved this article on %(when)s, after you opened it: saving will show "
            "both versions."
        ),
        "autosaved": _("Saved automatically on %(when)s."),
        "autosave_failed": _("The automatic save failed; your text is kept in this browser."),
        "author_moved": _("%(name)s is now in position %(position)s."),
        "tag_suggestions": _("Existing tags"),
        "library_failed": _("The media library did not answer."),
        "uploading": _("Uploading the picture…"),
        "uploaded": _("Picture added to the library."),
        "upload_failed": _("The picture could not be uploaded."),
        "ask_alt": _("Describe the picture %(name)s for readers who cannot see it:"),
        "alt_required": _("A picture needs a description: nothing was uploaded."),
        "hero_alt_first": _("Write the alternative text of the hero image first."),
        "characters": _("%(count)s characters of %(max)s"),
    }


def _resumed(autosave: ArticleRevision) -> dict[str, Any]:
    """The form's initial values from an autosave (text and the fields it kept as sent)."""
    initial: dict[str, Any] = {}
    for name, values in autosave.fields.items():
        if isinstance(values, list) and name in ArticleForm.base_fields:
            initial[name] = values if name == "authors" else (values[-1] if values else "")
    initial.update(
        title=autosave.title,
        lead=autosave.lead,
        body=autosave.body,
        read_version=autosave.version,
    )
    return initial


def _conflict(
    request: HttpRequest, form: ArticleForm, article: Article, current: Article
) -> HttpResponse:
    """Someone saved since the form was read: both texts shown, the writer's kept in the form
    (with the stored version as the one read, so that saving it again is a choice)."""
    data = request.POST.copy()
    data["read_version"] = str(current.version)
    mine = ArticleForm(data, instance=Article.objects.get(pk=current.pk))
    mine.is_valid()
    context = {
        "form": mine,
        "article": current,
        "theirs": current,
        "their_editor": current.last_edited_by,
        "state": state_of(current),
        "buttons": _buttons(acting.newsroom_member(request), current),
        "authors": mine.author_choices_in_order(),
        "editor_texts": _editor_texts(),
        "desk_area": "articles",
    }
    return render(request, "desk/article_conflict.html", context, status=409)


def _autosave_answer(
    article: Article, revision: ArticleRevision, read_version: int
) -> dict[str, Any]:
    current = Article.objects.select_related("last_edited_by").get(pk=article.pk)
    answer: dict[str, Any] = {
        "saved_at": revision.created_at.isoformat(),
        "saved_at_text": date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT"),
        "version": current.version,
        "changed_meanwhile": current.version != read_version,
    }
    if answer["changed_meanwhile"]:
        editor = current.last_edited_by
        answer["changed_by"] = editor.get_username() if editor else ""
        answer["changed_at_text"] = date_format(
            timezone.localtime(current.modified_at), "DATETIME_FORMAT"
        )
    return answer


urlpatterns: list[URLPattern] = [
    path("", article_list, name="article-list"),
    path("articles/nouveau/", article_edit, name="article-new"),
    path("articles/<int:pk>/", article_edit, name="article-edit"),
    path("articles/apercu/", article_preview, name="article-preview"),
    path("articles/<int:pk>/sauvegarde/", article_autosave, name="article-autosave"),
    path("etiquettes.json", tag_search, name="tag-search"),
]
