"""The forum as members meet it: reading pages, and thin views that each call one action.

Reading pages are shared pages (kiosque/pagecache/): one document for every reader, rendered
as an anonymous reader sees it (no form, no CSRF token, nothing personal) and kept until an
announcement of what it shows. A member gets the same document with their personal blocks (the
composer, like buttons, "new" marks) rendered in, marked private.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, partial
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Q, Subquery
from django.forms import Form
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import csrf
from django.views.decorators.http import require_POST

from kiosque import markup, ratelimits
from kiosque.accounts.models import User
from kiosque.announcements import FORUM, key_of
from kiosque.pagecache.shared import shared_page, stored_page_first
from kiosque.security import client_address

from . import actions, uploads
from .forms import CONTROL_CHARACTERS, EditPostForm, ImageUploadForm, ReplyForm, TopicForm
from .models import Category, Moderation, Notification, Post, Topic, as_page
from .posting_rules import PostingRefused

TOPICS_PER_PAGE = 30
# A page of a topic: enough to read for a while, few enough to render fast on a phone.
POSTS_PER_PAGE = 20
# A post opened by its link shows under a few of the posts before it: what it answers.
POSTS_SHOWN_BEFORE = 4
NOTIFICATIONS_SHOWN = 50
# Bigger requests are refused before they are read; the image's own limit (uploads.py) is
# checked after, with the draft kept. Generous so that only absurd uploads lose the draft.
UPLOAD_REQUEST_MAX_BYTES = 64 * 1024 * 1024

# What a refused post answers, by the refusal's code.
REFUSAL_STATUS = {
    "topic_closed": 409,
    "topic_not_visible": 404,
    "account_inactive": 403,
    "account_silenced": 403,
    "blocked_term": 400,
    "too_many_links": 400,
    "too_many_images": 400,
    "too_many_mentions": 400,
    "too_many_posts_per_minute": 429,
    "too_many_posts_per_day": 429,
    "too_many_topics_per_day": 429,
    "rate_limited": 429,
}


# Reading ---------------------------------------------------------------------------------


@stored_page_first
def forum_index(request: HttpRequest) -> HttpResponse:
    def context() -> dict[str, Any]:
        last_activity = (
            Topic.objects.visible()
            .filter(category=OuterRef("pk"))
            .order_by(F("last_posted_at").desc(nulls_last=True))
            .values("last_posted_at")[:1]
        )
        categories = Category.objects.with_counts().annotate(
            last_activity_at=Subquery(last_activity)
        )
        return {"categories": list(categories)}

    return shared_page(
        request,
        "community/forum_index.html",
        context,
        keys=lambda context: {FORUM},
        fresh_until=Topic.objects.next_visible_at,
    )


@stored_page_first
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)

    def context() -> dict[str, Any]:
        topics = Topic.objects.visible().filter(category=category).for_listing()
        page = Paginator(topics, TOPICS_PER_PAGE).get_page(request.GET.get("page"))
        return {"category": category, "page": page}

    def keys(context: Mapping[str, Any]) -> set[str]:
        topics = context["page"].object_list
        shown = [topic.author for topic in topics]
        shown += [topic.last_post.author for topic in topics if topic.last_post is not None]
        return {key_of(category), *member_keys(shown)}

    return shared_page(
        request,
        "community/category_detail.html",
        context,
        keys=keys,
        fresh_until=Topic.objects.next_visible_at,
    )


@stored_page_first(for_members=False)
def topic_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic.objects.visible().select_related("category", "article"), pk=pk)
    if slug != topic.slug:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return HttpResponsePermanentRedirect(topic.get_absolute_url() + query)
    window = _window(request.GET)
    visit = _visit(request, topic)
    if window is None and visit is not None and (jump := _first_unread(topic, visit)):
        return redirect(post_page_url(jump))

    # Read once, whether the page is rendered now or only the member's visit needs it.
    post_page = cache(partial(_post_page, topic, window or Window()))

    def context() -> dict[str, Any]:
        page = post_page()
        return {
            "topic": topic,
            "article": getattr(topic, "article", None),
            "page": page,
            "posts": page.posts,
        }

    def keys(context: Mapping[str, Any]) -> set[str]:
        keys = {key_of(topic), key_of(topic.category), *post_keys(context["posts"])}
        if context["article"] is not None:
            keys.add(key_of(context["article"]))
        return keys

    response = shared_page(
        request,
        "community/topic_detail.html",
        context,
        keys=keys,
        extras={"last_read_post_id": visit.last_read_post_id if visit else None},
        topic_id=topic.pk,
    )
    if request.user.is_authenticated:
        actions.record_visit(topic, user=_member(request), last_seen_post=post_page().last_post)
    return response


def member_keys(members: Iterable[User | None]) -> set[str]:
    """The keys of the members a page names (None: a topic opened by the newsroom)."""
    return {key_of(member) for member in members if member is not None}


def post_keys(posts: Iterable[Post]) -> set[str]:
    """The members whose names a list of posts shows: authors, and those they answer."""
    keys = {f"member:{post.author_id}" for post in posts}
    keys |= {f"member:{post.reply_to.author_id}" for post in posts if post.reply_to is not None}
    return keys


def post_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """A post's stable address: the page of its topic that holds it, scrolled to it."""
    return redirect(post_page_url(_visible_post(pk)))


@dataclass(frozen=True)
class Window:
    """Which posts a topic page shows: those after one post, or those before one (keyset)."""

    after: int = 0
    before: int | None = None


@dataclass(frozen=True)
class PostPage:
    posts: list[Post]
    previous_url: str
    next_url: str

    @property
    def last_post(self) -> Post | None:
        """The last post shown: how far a member reading this page has read."""
        return self.posts[-1] if self.posts else None


def _window(query: QueryDict) -> Window | None:
    """The page asked for in `?after=` / `?before=`, or None for "where I left off"."""
    try:
        if "before" in query:
            return Window(before=_post_id(str(query["before"])))
        if "after" in query:
            return Window(after=_post_id(str(query["after"])))
    except ValueError:
        raise Http404 from None
    return None


def _post_id(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


def _post_page(topic: Topic, window: Window) -> PostPage:
    """One page of a topic by keyset: never an OFFSET, however long the topic."""
    shown = Post.objects.for_display()
    if window.before is not None:
        posts = list(shown.before(topic, window.before, POSTS_PER_PAGE + 1))
        has_previous = len(posts) > POSTS_PER_PAGE
        posts = posts[-POSTS_PER_PAGE:]
        has_next = bool(posts) and Post.objects.after(topic, posts[-1].pk, 1).exists()
    else:
        found = (
            shown.after(topic, window.after, POSTS_PER_PAGE + 1)
            if window.after
            else shown.visible()
            .filter(topic=topic)
            .order_by("created_at", "id")[: POSTS_PER_PAGE + 1]
        )
        posts = list(found)
        has_next = len(posts) > POSTS_PER_PAGE
        posts = posts[:POSTS_PER_PAGE]
        has_previous = bool(posts) and bool(Post.objects.before(topic, posts[0].pk, 1))
    url = topic.get_absolute_url()
    return PostPage(
        posts=as_page(posts),
        previous_url=f"{url}?before={posts[0].pk}" if has_previous else "",
        next_url=f"{url}?after={posts[-1].pk}" if has_next else "",
    )


def post_page_url(post: Post) -> str:
    """The topic page holding `post` a few posts down, scrolled to it; the same URL every time.

    Answers every reply: the keyset is written out from the post's own time, a query much
    cheaper to build than `Post.objects.before`, for the same posts.
    """
    earlier = (
        Post.objects.visible()
        .filter(topic_id=post.topic_id)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, id__lt=post.pk))
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[: POSTS_SHOWN_BEFORE + 1]
    )
    pks = list(earlier)
    after = pks[-1] if len(pks) > POSTS_SHOWN_BEFORE else 0
    return f"{post.topic.get_absolute_url()}?after={after}#post-{post.pk}"


def _visit(request: HttpRequest, topic: Topic) -> Any:
    if not request.user.is_authenticated:
        return None
    return topic.visits.filter(user=request.user).first()


def _first_unread(topic: Topic, visit: Any) -> Post | None:
    """The first post by someone else that the member has not seen; their own posts are read."""
    return (
        Post.objects.visible()
        .filter(topic=topic, pk__gt=visit.last_read_post_id)
        .exclude(author_id=visit.user_id)
        .select_related("topic")
        .order_by("created_at", "id")
        .first()
    )


def _visible_post(pk: int) -> Post:
    """A post readers may see, in a topic readers may see; 404 otherwise."""
    return get_object_or_404(
        Post.objects.visible().select_related("topic", "author"),
        pk=pk,
        topic__in=Topic.objects.visible(),
    )


# Writing ---------------------------------------------------------------------------------


@login_required
def topic_new(request: HttpRequest, slug: str) -> HttpResponse:
    # Article discussions are opened by the newsroom, one per article.
    category = get_object_or_404(Category, slug=slug, is_article_discussions=False)
    form = TopicForm(request.POST or None, initial=_take_draft(request, _new_topic_key(category)))
    if form.is_bound and form.is_valid():
        try:
            _check_rate(request, "topic")
            topic = actions.start_topic(
                author=_member(request),
                category=category,
                title=form.cleaned_data["title"],
                source=form.cleaned_data["source"],
                address=client_address(request),
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
            return _topic_new_page(request, category, form, status=_refusal_status(refusal, 400))
        if topic.moderation == Moderation.PENDING:
            _tell_held(request)
            return redirect(category)
        return redirect(topic)
    return _topic_new_page(request, category, form, status=400 if form.is_bound else 200)


def _topic_new_page(
    request: HttpRequest,
    category: Category,
    form: TopicForm,
    *,
    errors: Sequence[str] = (),
    upload_errors: Sequence[str] = (),
    status: int = 200,
) -> HttpResponse:
    context = {
        "category": category,
        "form": form,
        "errors": [*form.non_field_errors(), *errors],
        "upload_errors": upload_errors,
    }
    return render(request, "community/topic_new.html", context, status=status)


def topic_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the reply page (a draft kept in the session comes back). POST: publish the reply."""
    if request.method == "POST":
        return _submit_reply(request, get_object_or_404(Topic, pk=pk))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    topic = get_object_or_404(Topic.objects.visible(), pk=pk)
    return _reply_page(
        request,
        topic,
        draft=_take_draft(request, _draft_key(topic)).get("source", ""),
        reply_to=_reply_target(topic, request.GET.get("reply_to")),
        next_url=request.GET.get("next", ""),
    )


def _submit_reply(request: HttpRequest, topic: Topic) -> HttpResponse:
    form = ReplyForm(request.POST, topic=topic)
    is_valid = form.is_valid()
    draft = request.POST.get("source", "")
    page = partial(
        _reply_page,
        request,
        topic,
        draft=draft,
        reply_to=form.cleaned_data.get("reply_to"),
        next_url=form.cleaned_data.get("next", ""),
    )
    if not request.user.is_authenticated:
        # Signed out meanwhile (or never signed in): the text waits in the session.
        request.session[_draft_key(topic)] = {"source": draft}
        return page(status=403)
    if not is_valid:
        return page(errors=_errors(form), status=400)
    try:
        _check_rate(request, "post")
        post = actions.post_reply(
            topic,
            author=_member(request),
            source=form.cleaned_data["source"],
            reply_to=form.cleaned_data["reply_to"],
            address=client_address(request),
        )
    except ValidationError as refusal:
        return page(errors=refusal.messages, status=_refusal_status(refusal))
    next_url = _safe_next(request, form.cleaned_data["next"])
    if post.moderation == Moderation.PENDING:
        _tell_held(request)
        return redirect(next_url.split("#")[0] if next_url else topic.get_absolute_url())
    return redirect(f"{next_url.split('#')[0]}#post-{post.pk}" if next_url else post_page_url(post))


def _reply_target(topic: Topic, value: str | None) -> Post | None:
    """The visible post of `topic` numbered `value`, if any."""
    try:
        pk = int(value or 0)
    except ValueError:
        return None
    return Post.objects.visible().for_display().filter(topic=topic, pk=pk).first() if pk else None


@login_required
def post_quote(request: HttpRequest, pk: int) -> HttpResponse:
    """The reply page with the composer holding a quote of the post (works without JavaScript)."""
    post = _visible_post(pk)
    quote = markup.quote_markdown(username=post.author.username, post_id=post.pk, text=post.source)
    return _reply_page(
        request,
        post.topic,
        draft=quote,
        reply_to=post,
        next_url=_safe_next(request, request.GET.get("next")),
    )


def _reply_page(
    request: HttpRequest,
    topic: Topic,
    *,
    draft: str,
    reply_to: Post | None = None,
    next_url: str = "",
    errors: Sequence[str] = (),
    upload_errors: Sequence[str] = (),
    status: int = 200,
) -> HttpResponse:
    is_visible = Topic.objects.visible().filter(pk=topic.pk).exists()
    next_url = _safe_next(request, next_url)
    reply_to = reply_to if is_visible else None
    context = {
        "topic": topic,
        "is_visible": is_visible,
        # Refused control characters come back visible, so the member can find and remove them.
        "draft": CONTROL_CHARACTERS.sub("\ufffd", draft),
        "reply_to": reply_to,
        "next": next_url,
        "errors": errors,
        "upload_errors": upload_errors,
        "reply_url": reply_page_url(
            topic, reply_to=reply_to.pk if reply_to else None, next_url=next_url
        ),
    }
    return render(request, "community/topic_reply.html", context, status=status)


def reply_page_url(topic: Topic, *, reply_to: int | None = None, next_url: str = "") -> str:
    query = urlencode({k: v for k, v in (("reply_to", reply_to), ("next", next_url)) if v})
    url = reverse("community:topic-reply", args=[topic.pk])
    return f"{url}?{query}" if query else url


@login_required
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = _own_post(request, pk)
    kept = _take_draft(request, _edit_key(post))
    form = EditPostForm(request.POST or None, initial={"source": kept.get("source", post.source)})
    status = 400 if form.is_bound else 200
    if form.is_bound and form.is_valid():
        try:
            actions.edit_post(post, editor=_member(request), source=form.cleaned_data["source"])
        except ValidationError as refusal:
            form.add_error(None, refusal)
            status = _refusal_status(refusal)
        else:
            if post.moderation == Moderation.PENDING:
                _tell_held(request)
                return redirect(post.topic)
            return redirect(post_page_url(post))
    return _post_edit_page(request, post, form, status=status)


def _post_edit_page(
    request: HttpRequest,
    post: Post,
    form: EditPostForm,
    *,
    errors: Sequence[str] = (),
    upload_errors: Sequence[str] = (),
    status: int = 200,
) -> HttpResponse:
    context = {
        "post": post,
        "topic": post.topic,
        "draft": form["source"].value() or "",
        "errors": [*_errors(form), *errors],
        "upload_errors": upload_errors,
    }
    return render(request, "community/post_edit.html", context, status=status)


@login_required
def post_delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = _own_post(request, pk)
    if request.method == "POST":
        actions.delete_post(post, by=_member(request))
        messages.success(request, _("Your message was deleted."))
        return redirect(post.topic)
    return render(request, "community/post_delete.html", {"post": post, "topic": post.topic})


def _own_post(request: HttpRequest, pk: int) -> Post:
    post = _visible_post(pk)
    if post.author_id != request.user.pk:
        raise Http404
    return post


@require_POST
def post_like(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Like (`like=1`) or unlike (`like=0`) a post; JSON for the page's script, else a redirect."""
    next_url = _safe_next(request, request.POST.get("next"))
    if not request.user.is_authenticated:
        return redirect_to_login(next_url or reverse("community:post-permalink", args=[pk]))
    post = _visible_post(pk)
    wants_like = request.POST.get("like", "1") == "1"
    try:
        _check_rate(request, "like")
        (actions.like_post if wants_like else actions.unlike_post)(post, user=_member(request))
    except ValidationError as refusal:
        status = _refusal_status(refusal)
        if _wants_json(request):
            return JsonResponse({"error": " ".join(refusal.messages)}, status=status)
        message = " ".join(refusal.messages)
        return _refusal(request, message, back_url=post_page_url(post), status=status)
    if _wants_json(request):
        post.refresh_from_db(fields=["like_count"])
        return JsonResponse({"liked": wants_like, "like_count": post.like_count})
    return redirect(next_url or post_page_url(post))


@require_POST
def image_upload(request: HttpRequest) -> HttpResponseBase:
    """Store an image for a post. With JavaScript: JSON with its Markdown. Without: back to the
    composer it was sent from, everything typed kept and the image's Markdown appended."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > UPLOAD_REQUEST_MAX_BYTES:
        return _upload_refused(request, _("This file is far too large for an image."), status=413)
    form = ImageUploadForm(request.POST, request.FILES)
    composer = None if _wants_json(request) else _composer_of(request, form.data)
    draft = _draft_of(form.data)
    if not request.user.is_authenticated:
        if composer is None:
            message = _("You are signed out: sign in again.")
            return _upload_refused(request, message, draft=draft, status=403)
        return composer.answer(request, draft, status=403)
    try:
        if not form.is_valid():
            raise ValidationError(_errors(form))
        _check_rate(request, "upload")
        image = uploads.store_post_image(
            uploader=_member(request), upload=form.cleaned_data["image"]
        )
    except ValidationError as refusal:
        status = _refusal_status(refusal, 400)
        if composer is None:
            return _upload_refused(request, " ".join(refusal.messages), draft=draft, status=status)
        return composer.answer(request, draft, upload_errors=refusal.messages, status=status)
    image_text = uploads.image_markdown(image)
    if composer is None:
        return JsonResponse({"markdown": image_text}, status=201)
    source = draft.get("source", "")
    request.session[composer.draft_key] = draft | {
        "source": f"{source.rstrip()}\n\n{image_text}\n".lstrip()
    }
    return HttpResponseRedirect(composer.url)


def _upload_refused(
    request: HttpRequest, message: str, *, draft: Mapping[str, str] | None = None, status: int
) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return _refusal(request, message, draft=(draft or {}).get("source", ""), status=status)


# Composers ---------------------------------------------------------------------------------
# A composer's form can leave its page without publishing: an image sent without JavaScript,
# a page that had expired. Its hidden `topic` (a reply), `category` (a new topic) or `post`
# (an edit) names the composer, so that its page comes back with everything typed in it.

# What a member types into a composer; kept whenever the form leaves its page.
DRAFT_FIELDS = ("title", "source")
# The composer pages, and the hidden field that names their composer as their address does.
COMPOSER_IN_URL = {"topic-reply": "topic", "topic-new": "category", "post-edit": "post"}


@dataclass(frozen=True)
class Composer:
    """A page with a composer, found again from what its form sent."""

    url: str
    # Where its typed fields wait in the session until the page is shown again.
    draft_key: str
    # show(draft, *, errors=(), upload_errors=(), status=200): the page holding `draft`.
    show: Callable[..., HttpResponse]

    def answer(self, request: HttpRequest, draft: Mapping[str, str], **page: Any) -> HttpResponse:
        """The page holding `draft`; for a member signed out meanwhile, the draft also waits
        in the session, to come back once they have signed in again."""
        if not request.user.is_authenticated:
            request.session[self.draft_key] = dict(draft)
        return self.show(draft, **page)


def _composer_of(request: HttpRequest, fields: Mapping[str, Any]) -> Composer | None:
    """The composer a form was sent from, or None (the script's upload names none)."""
    if topic := _reply_topic(fields.get("topic")):
        return _reply_composer(request, topic, fields)
    slug = fields.get("category")
    if slug and (category := _new_topic_category(slug)):
        return _new_topic_composer(request, category)
    if post := _editable_post(request, fields.get("post")):
        return _edit_composer(request, post)
    return None


def _reply_composer(request: HttpRequest, topic: Topic, fields: Mapping[str, Any]) -> Composer:
    reply_to = _reply_target(topic, fields.get("reply_to"))
    next_url = _safe_next(request, fields.get("next"))

    def show(draft: Mapping[str, str], **page: Any) -> HttpResponse:
        # Signed out or not: the reply page says what happened itself.
        source = draft.get("source", "")
        return _reply_page(
            request, topic, draft=source, reply_to=reply_to, next_url=next_url, **page
        )

    url = reply_page_url(topic, reply_to=reply_to.pk if reply_to else None, next_url=next_url)
    return Composer(url=url, draft_key=_draft_key(topic), show=show)


def _new_topic_composer(request: HttpRequest, category: Category) -> Composer:
    url = reverse("community:topic-new", args=[category.slug])

    def show(draft: Mapping[str, str], **page: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return _signed_out(request, back_url=url, draft=draft)
        return _topic_new_page(request, category, TopicForm(initial=dict(draft)), **page)

    return Composer(url=url, draft_key=_new_topic_key(category), show=show)


def _edit_composer(request: HttpRequest, post: Post) -> Composer:
    url = reverse("community:post-edit", args=[post.pk])

    def show(draft: Mapping[str, str], **page: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return _signed_out(request, back_url=url, draft=draft)
        return _post_edit_page(request, post, EditPostForm(initial=dict(draft)), **page)

    return Composer(url=url, draft_key=_edit_key(post), show=show)


def _reply_topic(value: str | None) -> Topic | None:
    pk = _pk(value)
    return Topic.objects.visible().filter(pk=pk).first() if pk else None


def _new_topic_category(slug: str) -> Category | None:
    # Article discussions are opened by the newsroom, one per article.
    return Category.objects.filter(slug=slug, is_article_discussions=False).first()


def _editable_post(request: HttpRequest, value: str | None) -> Post | None:
    """The visible post numbered `value`, if the member may edit it.

    A signed-out member's draft may wait under any post: only its author can open the page
    that takes it back."""
    pk = _pk(value)
    if not pk:
        return None
    posts = Post.objects.visible().select_related("topic").filter(topic__in=Topic.objects.visible())
    if request.user.is_authenticated:
        posts = posts.filter(author=request.user)
    return posts.filter(pk=pk).first()


def _pk(value: str | None) -> int | None:
    try:
        return int(value or 0) or None
    except ValueError:
        return None


def _draft_of(fields: Mapping[str, Any]) -> dict[str, str]:
    """What the member typed into the composer `fields` come from."""
    return {name: str(fields[name]) for name in DRAFT_FIELDS if name in fields}


def _take_draft(request: HttpRequest, key: str) -> dict[str, str]:
    """The draft waiting in the session under `key`, if any; it is then forgotten."""
    draft = request.session.pop(key, None)
    return draft if isinstance(draft, dict) else {}


def _draft_key(topic: Topic) -> str:
    # The same names as the script's drafts kept in the browser (the composers' data-topic).
    return f"community:draft:{topic.pk}"


def _new_topic_key(category: Category) -> str:
    return f"community:draft:new-{category.pk}"


def _edit_key(post: Post) -> str:
    return f"community:draft:edit-{post.pk}"


def _signed_out(request: HttpRequest, *, back_url: str, draft: Mapping[str, str]) -> HttpResponse:
    message = _("You are signed out: sign in again.")
    return _refusal(request, message, back_url=back_url, draft=draft.get("source", ""), status=403)


# Notifications -----------------------------------------------------------------------------


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        actions.mark_notifications_read(_member(request))
        messages.success(request, _("All your notifications are marked as read."))
        return redirect("community:notifications")
    shown = Notification.objects.filter(recipient=_member(request)).for_display()
    context = {"notifications": shown[:NOTIFICATIONS_SHOWN]}
    return render(request, "community/notification_list.html", context)


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """A notification followed from the list: it is read now, and the post it names opens."""
    member = _member(request)
    notification = get_object_or_404(Notification, pk=pk, recipient=member)
    actions.mark_notifications_read(member, ids=[notification.pk])
    if notification.post_id is None:
        return redirect(notification.link or "community:notifications")
    return redirect("community:post-permalink", notification.post_id)


# Refusals and shared bits ------------------------------------------------------------------


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A forum form that expired comes back with its text: in a fresh form for a composer,
    to copy for other forms. Other CSRF failures get Django's page."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    if request.method != "POST" or match is None or match.namespace != "community":
        return csrf.csrf_failure(request, reason)
    message = _("This page had expired, so your message was not sent. Send it again.")
    fields = request.POST.copy()
    if name := COMPOSER_IN_URL.get(match.url_name or ""):
        # The composer's own address names it too (a form sent without its hidden field).
        fields[name] = str(next(iter(match.kwargs.values())))
    draft = _draft_of(fields)
    if composer := _composer_of(request, fields):
        return composer.answer(request, draft, errors=[message], status=403)
    return _refusal(request, message, draft=draft.get("source", ""), status=403)


def _refusal(
    request: HttpRequest, message: str, *, back_url: str = "", draft: str = "", status: int = 409
) -> HttpResponse:
    context = {"message": message, "back_url": back_url, "draft": draft}
    return render(request, "community/refusal.html", context, status=status)


def _refusal_status(refusal: ValidationError, default: int = 409) -> int:
    return REFUSAL_STATUS.get(getattr(refusal, "code", None) or "", default)


def _check_rate(request: HttpRequest, scope: str) -> None:
    """Refuse a member's request over the rate limit named `scope` (kiosque/ratelimits.py), per
    account and per address, as a refusal the page shows with everything typed kept."""
    try:
        ratelimits.check_request(request, scope)
    except ratelimits.RateLimited as limited:
        raise PostingRefused(limited.message, code="rate_limited") from None


def _tell_held(request: HttpRequest) -> None:
    messages.info(
        request,
        _(
            "Your message was received: it will appear once a moderator has read it. "
            "You will be notified."
        ),
    )


def _errors(form: Form) -> list[str]:
    """Every message of a form, field errors first, for one announced list."""
    return [str(message) for errors in form.errors.values() for message in errors]


def _member(request: HttpRequest) -> User:
    """The signed-in member making the request (the view has checked they are signed in)."""
    assert isinstance(request.user, User)
    return request.user


def _safe_next(request: HttpRequest, url: str | None) -> str:
    """`url` if it stays on this site, else ''."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")
