"""The pages that hold a composer, and the drafts that come back to them.

A composer's form can leave its page without publishing: an image sent without JavaScript, a
page that had expired, a member signed out meanwhile. Its hidden `topic` (a reply), `category`
(a new topic) or `post` (an edit) names the composer, so that its page comes back with
everything typed in it; the draft waits in the session until the page is shown again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views import csrf

from ..forms import CONTROL_CHARACTERS, EditPostForm, TopicForm
from ..models import Category, Post, Topic
from .shared import form_errors, refusal_page, safe_next

# What a member types into a composer; kept whenever the form leaves its page.
DRAFT_FIELDS = ("title", "source")
# The composer pages, and the hidden field that names their composer as their address does.
COMPOSER_IN_URL = {"topic-reply": "topic", "topic-new": "category", "post-edit": "post"}


# The three composer pages -----------------------------------------------------------------


def reply_page(
    request: HttpRequest,
    topic: Topic,
    *,
    draft: str,
    reply_to: Post | None = None,
    next_url: str = "",
    errors: Sequence[str] = (),
    upload_errors: Sequence[str] = (),
    preview: str | None = None,
    status: int = 200,
) -> HttpResponse:
    is_visible = Topic.objects.visible().filter(pk=topic.pk).exists()
    next_url = safe_next(request, next_url)
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
        "preview": preview,
        "reply_url": reply_page_url(
            topic, reply_to=reply_to.pk if reply_to else None, next_url=next_url
        ),
    }
    return render(request, "community/topic_reply.html", context, status=status)


def reply_page_url(topic: Topic, *, reply_to: int | None = None, next_url: str = "") -> str:
    query = urlencode({k: v for k, v in (("reply_to", reply_to), ("next", next_url)) if v})
    url = reverse("community:topic-reply", args=[topic.pk])
    return f"{url}?{query}" if query else url


def topic_new_page(
    request: HttpRequest,
    category: Category,
    form: TopicForm,
    *,
    errors: Sequence[str] = (),
    upload_errors: Sequence[str] = (),
    preview: str | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "category": category,
        "form": form,
        "errors": [*form.non_field_errors(), *errors],
        "upload_errors": upload_errors,
        "preview": preview,
    }
    return render(request, "community/topic_new.html", context, status=status)


def post_edit_page(
    request: HttpRequest,
    post: Post,
    form: EditPostForm,
    *,
    next_url: str = "",
    errors: Sequence[str] = (),
    upload_errors: Sequence[str] = (),
    preview: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The edit page; `next_url` (already checked safe) is where saving leads back to."""
    context = {
        "post": post,
        "topic": post.topic,
        "draft": form["source"].value() or "",
        "errors": [*form_errors(form), *errors],
        "upload_errors": upload_errors,
        "preview": preview,
        "next": next_url,
    }
    return render(request, "community/post_edit.html", context, status=status)


def reply_target(topic: Topic, value: str | None) -> Post | None:
    """The visible post of `topic` numbered `value`, if any."""
    pk = _pk(value)
    return Post.objects.visible().for_display().filter(topic=topic, pk=pk).first() if pk else None


# A composer found again from what its form sent ------------------------------------------


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

    def add_image(self, request: HttpRequest, draft: Mapping[str, str], image: str) -> HttpResponse:
        """Back to the composer with `draft` and the Markdown of an image sent without
        JavaScript at its end."""
        source = draft.get("source", "")
        request.session[self.draft_key] = {
            **draft,
            "source": f"{source.rstrip()}\n\n{image}\n".lstrip(),
        }
        return HttpResponseRedirect(self.url)


def composer_of(request: HttpRequest, fields: Mapping[str, Any]) -> Composer | None:
    """The composer a form was sent from, or None (the script's upload names none)."""
    if topic := _reply_topic(fields.get("topic")):
        return _reply_composer(request, topic, fields)
    slug = fields.get("category")
    if slug and (category := new_topic_category(slug)):
        return _new_topic_composer(request, category)
    if post := _editable_post(request, fields.get("post")):
        return _edit_composer(request, post, next_url=safe_next(request, fields.get("next")))
    return None


def _reply_composer(request: HttpRequest, topic: Topic, fields: Mapping[str, Any]) -> Composer:
    reply_to = reply_target(topic, fields.get("reply_to"))
    next_url = safe_next(request, fields.get("next"))

    def show(draft: Mapping[str, str], **page: Any) -> HttpResponse:
        # Signed out or not: the reply page says what happened itself.
        source = draft.get("source", "")
        return reply_page(
            request, topic, draft=source, reply_to=reply_to, next_url=next_url, **page
        )

    url = reply_page_url(topic, reply_to=reply_to.pk if reply_to else None, next_url=next_url)
    return Composer(url=url, draft_key=draft_key(topic), show=show)


def _new_topic_composer(request: HttpRequest, category: Category) -> Composer:
    url = reverse("community:topic-new", args=[category.slug])

    def show(draft: Mapping[str, str], **page: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return signed_out(request, back_url=url, draft=draft)
        return topic_new_page(request, category, TopicForm(initial=dict(draft)), **page)

    return Composer(url=url, draft_key=new_topic_key(category), show=show)


def _edit_composer(request: HttpRequest, post: Post, *, next_url: str) -> Composer:
    url = reverse("community:post-edit", args=[post.pk])
    if next_url:
        url = f"{url}?{urlencode({'next': next_url})}"

    def show(draft: Mapping[str, str], **page: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return signed_out(request, back_url=url, draft=draft)
        form = EditPostForm(initial=dict(draft))
        return post_edit_page(request, post, form, next_url=next_url, **page)

    return Composer(url=url, draft_key=edit_key(post), show=show)


def _reply_topic(value: str | None) -> Topic | None:
    pk = _pk(value)
    return Topic.objects.visible().filter(pk=pk).first() if pk else None


def new_topic_category(slug: str) -> Category | None:
    """The category `slug` if members open topics in it: article discussions are opened by the
    newsroom, one per article."""
    return Category.objects.filter(slug=slug, is_article_discussions=False).first()


def _editable_post(request: HttpRequest, value: str | None) -> Post | None:
    """The readable post numbered `value`, if the member may edit it.

    A signed-out member's draft may wait under any post: only its author can open the page
    that takes it back."""
    pk = _pk(value)
    if not pk:
        return None
    posts = Post.objects.readable().select_related("topic")
    if request.user.is_authenticated:
        posts = posts.filter(author=request.user)
    return posts.filter(pk=pk).first()


def _pk(value: str | None) -> int | None:
    try:
        return int(value or 0) or None
    except ValueError:
        return None


# Drafts -------------------------------------------------------------------------------------


def draft_of(fields: Mapping[str, Any]) -> dict[str, str]:
    """What the member typed into the composer `fields` come from."""
    return {name: str(fields[name]) for name in DRAFT_FIELDS if name in fields}


def take_draft(request: HttpRequest, key: str) -> dict[str, str]:
    """The draft waiting in the session under `key`, if any; it is then forgotten."""
    draft = request.session.pop(key, None)
    return draft if isinstance(draft, dict) else {}


def draft_key(topic: Topic) -> str:
    # The same names as the script's drafts kept in the browser (the composers' data-topic).
    return f"community:draft:{topic.pk}"


def new_topic_key(category: Category) -> str:
    return f"community:draft:new-{category.pk}"


def edit_key(post: Post) -> str:
    return f"community:draft:edit-{post.pk}"


def signed_out(request: HttpRequest, *, back_url: str, draft: Mapping[str, str]) -> HttpResponse:
    message = _("You are signed out: sign in again.")
    return refusal_page(
        request, message, back_url=back_url, draft=draft.get("source", ""), status=403
    )


# An expired form ----------------------------------------------------------------------------


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A forum form that expired comes back with its text: in a fresh form for a composer,
    to copy for other forms. Other CSRF failures get Django's page (CSRF_FAILURE_VIEW)."""
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
    draft = draft_of(fields)
    if composer := composer_of(request, fields):
        return composer.answer(request, draft, errors=[message], status=403)
    return refusal_page(request, message, draft=draft.get("source", ""), status=403)
