"""The media library's pages under /redaction/medias/, for the newsroom (`media.view_image`):
the library (search, upload), one image (description, focal point, renditions), and the JSON
the article editor's picker reads and uploads through."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kiosque.accounts.models import User

from . import actions
from .forms import ImageForm, SearchForm, UploadForm
from .models import Image
from .renditions import CARD, USE_LABELS, WEBP

# Four rows of a wide grid; the search narrows the rest.
IMAGES_PER_PAGE = 24
RESULTS_PER_PAGE = 20

member_of_newsroom = permission_required("media.view_image", raise_exception=True)


@login_required
@member_of_newsroom
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    search = SearchForm(request.GET)
    page = _page_of(request, search, IMAGES_PER_PAGE)
    return render(request, "media/library.html", _library_context(search, page, UploadForm()))


@login_required
@member_of_newsroom
@require_GET
def search(request: HttpRequest) -> JsonResponse:
    page = _page_of(request, SearchForm(request.GET), RESULTS_PER_PAGE)
    results = [image_json(image) for image in page]
    return JsonResponse({"results": results, "has_next": page.has_next()})


@login_required
@member_of_newsroom
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    wants_json = "application/json" in request.headers.get("Accept", "")
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            image = actions.upload_image(
                by=_signed_in(request), upload=form.cleaned_data["file"], **_described(form)
            )
        except ValidationError as refusal:
            form.add_error("file", refusal)
        except PermissionDenied:
            if wants_json:
                return JsonResponse({"error": _("You may not add images.")}, status=403)
            raise
        else:
            if wants_json:
                return JsonResponse(image_json(image), status=201)
            messages.success(request, _("The image is in the library."))
            return redirect(image)
    status = 413 if form.has_error("file", "too_large") else 400
    if wants_json:
        errors = [str(error) for field in form.errors.values() for error in field]
        return JsonResponse({"error": " ".join(errors), "errors": form.errors}, status=status)
    search = SearchForm()
    page = _page_of(request, search, IMAGES_PER_PAGE)
    return render(
        request, "media/library.html", _library_context(search, page, form), status=status
    )


@login_required
@member_of_newsroom
def image_detail(request: HttpRequest, pk: int) -> HttpResponse:
    image = get_object_or_404(Image.objects.with_renditions(), pk=pk)
    form = ImageForm(request.POST if request.method == "POST" else None, image=image)
    if request.method == "POST" and form.is_valid():
        changed = actions.update_image(
            image,
            by=_signed_in(request),
            **_described(form),
            focal_x=form.cleaned_data["focal_x"],
            focal_y=form.cleaned_data["focal_y"],
        )
        if changed:
            messages.success(request, _("The image is saved."))
        return redirect(image)
    return render(
        request,
        "media/image_detail.html",
        _image_context(request, image, form),
        status=400 if form.is_bound else 200,
    )


@login_required
@member_of_newsroom
@require_POST
def image_delete(request: HttpRequest, pk: int) -> HttpResponse:
    image = get_object_or_404(Image.objects.with_renditions(), pk=pk)
    try:
        actions.delete_image(image, by=_signed_in(request))
    except ValidationError as refusal:
        context = _image_context(request, image, ImageForm(image=image))
        context["delete_refusal"] = refusal.messages[0]
        return render(request, "media/image_detail.html", context, status=409)
    messages.success(request, _("The image is deleted."))
    return redirect("media:library")


def image_json(image: Image) -> dict[str, Any]:
    """What the article editor's picker knows of an image."""
    thumbnails = [r for r in image.renditions.all() if r.use == CARD and r.format == WEBP]
    thumbnail = min(thumbnails, key=lambda r: r.width).file.url if thumbnails else image.file.url
    return {
        "id": image.pk,
        "page": image.get_absolute_url(),
        "thumbnail": thumbnail,
        "url": image.file.url,
        "alt": image.alt,
        "caption": image.caption,
        "credit": image.credit,
        "width": image.width,
        "height": image.height,
        "markdown": image_markdown(image),
    }


def image_markdown(image: Image) -> str:
    """`![alt](image:ID "caption")`, as the article editor inserts it (markup.py reads it)."""
    alt = " ".join(image.alt.replace("[", "(").replace("]", ")").split())
    caption = " ".join(image.caption.replace('"', "”").split())
    return f'![{alt}](image:{image.pk} "{caption}")' if caption else f"![{alt}](image:{image.pk})"


def _signed_in(request: HttpRequest) -> User:
    if not isinstance(request.user, User):  # login_required let no one else in
        raise PermissionDenied
    return request.user


def _described(form: UploadForm | ImageForm) -> dict[str, str]:
    return {name: form.cleaned_data[name] for name in ("alt", "caption", "credit")}


def _page_of(request: HttpRequest, search: SearchForm, per_page: int) -> Any:
    images = Image.objects.matching(search.words()).select_related("uploaded_by").with_renditions()
    return Paginator(images, per_page).get_page(request.GET.get("page"))


def _library_context(search: SearchForm, page: Any, form: UploadForm) -> dict[str, Any]:
    words = search.words()
    return {
        "search": search,
        "words": words,
        "page": page,
        "query": urlencode({"q": words}) if words else "",
        "upload_form": form,
        "desk_area": "media",
    }


def _image_context(request: HttpRequest, image: Image, form: ImageForm) -> dict[str, Any]:
    return {
        "image": image,
        "form": form,
        "markdown": image_markdown(image),
        "renditions": [
            (USE_LABELS.get(r.use, r.use), r)
            for r in sorted(image.renditions.all(), key=lambda r: (r.use, r.format, r.width))
        ],
        "may_change": actions.may_change(_signed_in(request), image),
        "may_delete": request.user.has_perm("media.delete_image"),
        "desk_area": "media",
    }
