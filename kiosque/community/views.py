from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from kiosque.caching import public_page

from .models import Category, Topic

TOPICS_PER_PAGE = 30


@public_page
def forum_index(request: HttpRequest) -> HttpResponse:
    return render(request, "community/forum_index.html", {"categories": Category.objects.all()})


@public_page
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    topics = Topic.objects.visible().filter(category=category)
    page = Paginator(topics, TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "community/category_detail.html", {"category": category, "page": page})


@public_page
def topic_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic.objects.visible(), pk=pk)
    return render(request, "community/topic_detail.html", {"topic": topic})
