"""Writing on the forum: a new topic, a reply (a comment, under an article), a quote, an edit, a
deletion, an image for a post. Each view binds a form and calls one action; a refusal keeps
everything typed (kiosque/community/views/composers.py)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kiosque import markup
from kiosque.security import client_address

from .. import actions, uploads
from ..forms import EditPostForm, ImageUploadForm, ReplyForm, TopicForm
from ..models import Category, Moderation, Post, Topic
from ..paging import post_page_url
from .assist import preview_html
from .composers import (
    composer_of,
    draft_key,
    draft_of,
    edit_key,
    new_topic_key,
    post_edit_page,
    reply_page,
    reply_target,
    take_draft,
    topic_new_page,
)
from .shared import (
    check_rate,
    form_errors,
    member_of,
    readable_post,
    refusal_page,
    refusal_status,
    safe_next,
    tell_held,
    wants_json,
)

# Bigger requests are refused before they are read; the image's own limit (uploads.py) is
# checked after, with the draft kept. Generous so that only absurd uploads lose the draft.
UPLOAD_REQUEST_MAX_BYTES = 64 * 1024 * 1024


@login_required
def topic_new(request: HttpRequest, slug: str) -> HttpResponse:
    # Article discussions are opened by the newsroom, one per article.
    category = get_object_or_404(Category, slug=slug, is_article_discussions=False)
    form = TopicForm(request.POST or None, initial=take_draft(request, new_topic_key(category)))
    if not (form.is_bound and form.is_valid()):
        return topic_new_page(request, category, form, status=400 if form.is_bound else 200)
    if request.POST.get("preview"):
        preview = preview_html(form.cleaned_data["source"])
        return topic_new_page(request, category, form, preview=preview)
    try:
        check_rate(request, "topic")
        topic = actions.start_topic(
            author=member_of(request),
            category=category,
            title=form.cleaned_data["title"],
            source=form.cleaned_data["source"],
            address=client_address(request),
        )
    except ValidationError as refusal:
        form.add_error(None, refusal)
        return topic_new_page(request, category, form, status=refusal_status(refusal, 400))
    if topic.moderation == Moderation.PENDING:
        tell_held(request)
        return redirect(category)
    return redirect(topic)


def topic_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the reply page (a draft kept in the session comes back). POST: publish the reply."""
    if request.method == "POST":
        return _submit_reply(request, get_object_or_404(Topic, pk=pk))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    topic = get_object_or_404(Topic.objects.visible(), pk=pk)
    return reply_page(
        request,
        topic,
        draft=take_draft(request, draft_key(topic)).get("source", ""),
        reply_to=reply_target(topic, request.GET.get("reply_to")),
        next_url=request.GET.get("next", ""),
    )


def _submit_reply(request: HttpRequest, topic: Topic) -> HttpResponse:
    form = ReplyForm(request.POST, topic=topic)
    is_valid = form.is_valid()
    draft = request.POST.get("source", "")
    page = partial(
        reply_page,
        request,
        topic,
        draft=draft,
        reply_to=form.cleaned_data.get("reply_to"),
        next_url=form.cleaned_data.get("next", ""),
    )
    if not request.user.is_authenticated:
        # Signed out meanwhile (or never signed in): the text waits in the session.
        request.session[draft_key(topic)] = {"source": draft}
        return page(status=403)
    if not is_valid:
        return page(errors=form_errors(form), status=400)
    if request.POST.get("preview"):
        # "Preview" without JavaScript: the same page, the text kept, shown as it would be.
        return page(preview=preview_html(form.cleaned_data["source"]))
    try:
        check_rate(request, "post")
        post = actions.post_reply(
            topic,
            author=member_of(request),
            source=form.cleaned_data["source"],
            reply_to=form.cleaned_data["reply_to"],
            address=client_address(request),
        )
    except ValidationError as refusal:
        return page(errors=refusal.messages, status=refusal_status(refusal))
    return _after_reply(request, post, next_url=safe_next(request, form.cleaned_data["next"]))


def _after_reply(request: HttpRequest, post: Post, *, next_url: str) -> HttpResponse:
    """Where a reply leads: the page it was sent from (an article), else its topic's page,
    scrolled to it; a held reply is not shown yet, so the page is not scrolled."""
    page_url = next_url.split("#")[0]
    if post.moderation == Moderation.PENDING:
        tell_held(request)
        return redirect(page_url or post.topic.get_absolute_url())
    return redirect(f"{page_url}#post-{post.pk}" if page_url else post_page_url(post))


@login_required
def post_quote(request: HttpRequest, pk: int) -> HttpResponse:
    """The reply page with the composer holding a quote of the post (works without JavaScript)."""
    post = readable_post(pk)
    quote = markup.quote_markdown(username=post.author.username, post_id=post.pk, text=post.source)
    next_url = safe_next(request, request.GET.get("next"))
    return reply_page(request, post.topic, draft=quote, reply_to=post, next_url=next_url)


@login_required
def post_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    """GET: the edit page (JSON: the post's Markdown, for editing in place). POST: save; back
    where the member was (`next`: the comment on its article page), or JSON for the script."""
    post = _own_post(request, pk)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "GET" and wants_json(request):
        return JsonResponse({"source": post.source})
    kept = take_draft(request, edit_key(post))
    form = EditPostForm(request.POST or None, initial={"source": kept.get("source", post.source)})
    page = partial(post_edit_page, request, post, form, next_url=next_url)
    if not (form.is_bound and form.is_valid()):
        if form.is_bound and wants_json(request):
            return JsonResponse({"errors": form_errors(form)}, status=400)
        return page(status=400 if form.is_bound else 200)
    if request.POST.get("preview"):
        return page(preview=preview_html(form.cleaned_data["source"]))
    try:
        actions.edit_post(post, editor=member_of(request), source=form.cleaned_data["source"])
    except ValidationError as refusal:
        if wants_json(request):
            return JsonResponse({"errors": refusal.messages}, status=refusal_status(refusal))
        form.add_error(None, refusal)
        return page(status=refusal_status(refusal))
    if post.moderation == Moderation.PENDING:
        tell_held(request)
        back = next_url.split("#")[0] or post.topic.get_absolute_url()
        return JsonResponse({"redirect": back}) if wants_json(request) else redirect(back)
    if wants_json(request):
        return JsonResponse({"html": post.html})
    return redirect(next_url or post_page_url(post))


@login_required
def post_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: "delete it?"; POST: delete, and back where the member was (`next`) or the topic."""
    post = _own_post(request, pk)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST":
        actions.delete_post(post, by=member_of(request))
        messages.success(request, _("Your message was deleted."))
        # The comment is gone: back to its discussion on the page it was on.
        return redirect(f"{next_url.split('#')[0]}#discussion" if next_url else post.topic)
    context = {"post": post, "topic": post.topic, "next": next_url}
    return render(request, "community/post_delete.html", context)


def _own_post(request: HttpRequest, pk: int) -> Post:
    post = readable_post(pk)
    if post.author_id != request.user.pk:
        raise Http404
    return post


@require_POST
def image_upload(request: HttpRequest) -> HttpResponseBase:
    """Store an image for a post. With JavaScript: JSON with its Markdown. Without: back to the
    composer it was sent from, everything typed kept and the image's Markdown appended."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > UPLOAD_REQUEST_MAX_BYTES:
        return _upload_refused(request, _("This file is far too large for an image."), status=413)
    form = ImageUploadForm(request.POST, request.FILES)
    composer = None if wants_json(request) else composer_of(request, form.data)
    draft = draft_of(form.data)
    if not request.user.is_authenticated:
        if composer is None:
            message = _("You are signed out: sign in again.")
            return _upload_refused(request, message, draft=draft, status=403)
        return composer.answer(request, draft, status=403)
    try:
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        check_rate(request, "upload")
        image = actions.upload_post_image(by=member_of(request), upload=form.cleaned_data["image"])
    except ValidationError as refusal:
        status = refusal_status(refusal, 400)
        if composer is None:
            return _upload_refused(request, " ".join(refusal.messages), draft=draft, status=status)
        return composer.answer(request, draft, upload_errors=refusal.messages, status=status)
    if composer is None:
        return JsonResponse({"markdown": uploads.image_markdown(image)}, status=201)
    return composer.add_image(request, draft, uploads.image_markdown(image))


def _upload_refused(
    request: HttpRequest, message: str, *, draft: Mapping[str, str] | None = None, status: int
) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return refusal_page(request, message, draft=(draft or {}).get("source", ""), status=status)
