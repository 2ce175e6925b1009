"""What a member sees when what they send cannot be published: a clear French message, a 4xx,
and their text still in the composer."""

import io
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.forms import MAX_POST_LENGTH
from kiosque.community.models import Post, PostImage, Topic
from kiosque.community.tests.factories import CategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return actions.start_topic(
        author=UserFactory(username="alice"),
        category=CategoryFactory(),
        title="Quel écran choisir ?",
        source="Je cherche un écran.",
    )


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def reply_url(topic):
    return reverse("community:topic-reply", args=[topic.pk])


def text_of(response):
    return unescape(response.content.decode()).replace("\xa0", " ")


def png(width=40, height=30):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile("capture-ecran.png", buffer.getvalue(), content_type="image/png")


def assert_draft_kept(response, draft):
    assert f"{draft}</textarea>" in text_of(response)


@pytest.mark.parametrize("source", ["", "   \n\t  "])
def test_an_empty_message_is_refused(member_client, topic, source):
    response = member_client.post(reply_url(topic), {"source": source})

    assert response.status_code == 400
    html = text_of(response)
    assert "Votre message est vide" in html
    assert 'role="alert"' in html
    assert 'aria-describedby="composer-errors composer-help"' in html
    assert Topic.objects.get(pk=topic.pk).post_count == 1


def test_a_message_over_the_limit_is_refused_and_kept(member_client, topic):
    draft = "a" * (MAX_POST_LENGTH + 1)

    response = member_client.post(reply_url(topic), {"source": draft})

    assert response.status_code == 400
    assert "la limite est de 20000" in text_of(response).replace("\u202f", "")
    assert_draft_kept(response, draft)


def test_control_characters_are_refused_not_stripped(member_client, topic):
    response = member_client.post(reply_url(topic), {"source": "Bonjour\x07 à tous"})

    assert response.status_code == 400
    html = text_of(response)
    assert "caractères de contrôle invisibles" in html
    assert_draft_kept(response, "Bonjour\ufffd à tous")
    assert "\x07" not in html
    assert not Post.objects.filter(source__startswith="Bonjour").exists()


def test_a_reply_to_a_closed_topic_is_refused_and_kept(member_client, topic):
    Topic.objects.filter(pk=topic.pk).update(is_closed=True)

    response = member_client.post(reply_url(topic), {"source": "Trop tard ?"})

    assert response.status_code == 409
    assert "Cette discussion est fermée" in text_of(response)
    assert_draft_kept(response, "Trop tard ?")


def test_a_reply_to_a_hidden_topic_is_not_found_and_kept_without_its_title(member_client):
    hidden = TopicFactory(hidden=True, title="Article pas encore publié")

    response = member_client.post(reply_url(hidden), {"source": "Je commente en avance."})

    assert response.status_code == 404
    html = text_of(response)
    assert "Cette discussion n’est pas ouverte." in html
    assert "Article pas encore publié" not in html
    assert_draft_kept(response, "Je commente en avance.")


def test_a_comment_on_an_unpublished_article_is_refused(member_client, draft_article):
    draft_article.topic = actions.open_discussion_topic(
        title=draft_article.title, visible_from=None
    )
    Topic.objects.filter(pk=draft_article.topic.pk).update(is_hidden=True)
    draft_article.save(update_fields=["topic"])

    response = member_client.post(
        reply_url(draft_article.topic),
        {"source": "Premier !", "next": f"{draft_article.get_absolute_url()}#discussion"},
    )

    assert response.status_code == 404
    assert_draft_kept(response, "Premier !")
    assert not Post.objects.exists()


def test_a_signed_out_reply_keeps_the_text_for_after_signing_in(client, topic, member):
    response = client.post(reply_url(topic), {"source": "Mon long message.", "next": ""})

    assert response.status_code == 403
    html = text_of(response)
    assert "votre message n’a pas été publié" in html
    assert "csrfmiddlewaretoken" not in html
    assert_draft_kept(response, "Mon long message.")
    assert f'href="{reverse("account_login")}?next=%2Fforum%2Ft%2F{topic.pk}%2Frepondre%2F"' in html

    client.force_login(member)  # allauth keeps the session's data when signing in
    html = text_of(client.get(reply_url(topic)))

    assert 'id="composer-source"' in html
    assert "Mon long message.</textarea>" in html


def test_an_expired_form_comes_back_with_its_text(member, topic):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post(reply_url(topic), {"source": "Texte à ne pas perdre."})

    assert response.status_code == 403
    html = text_of(response)
    assert "Cette page avait expiré" in html
    assert_draft_kept(response, "Texte à ne pas perdre.")
    assert "csrfmiddlewaretoken" in html, "a fresh form to send it again"


def test_an_expired_edit_form_shows_its_text(member, topic):
    post = topic.posts.get()
    client = Client(enforce_csrf_checks=True)
    client.force_login(post.author)

    response = client.post(reverse("community:post-edit", args=[post.pk]), {"source": "Corrigé."})

    assert response.status_code == 403
    assert "Cette page avait expiré" in text_of(response)
    assert_draft_kept(response, "Corrigé.")


def test_a_double_submit_publishes_one_post(member_client, topic):
    for _ in range(2):
        response = member_client.post(reply_url(topic), {"source": "Un seul, s’il vous plaît."})
        assert response.status_code == 302

    assert Post.objects.filter(source="Un seul, s’il vous plaît.").count() == 1
    assert Topic.objects.get(pk=topic.pk).post_count == 2


def test_a_reply_to_a_post_of_another_topic_becomes_a_plain_reply(member_client, topic):
    elsewhere = actions.start_topic(
        author=UserFactory(), category=topic.category, title="Autre", source="Ailleurs."
    )

    member_client.post(
        reply_url(topic), {"source": "Réponse.", "reply_to": elsewhere.posts.get().pk}
    )

    assert Post.objects.get(source="Réponse.").reply_to is None


# --- Images -----------------------------------------------------------------------------------


def upload(client, topic, image, *, draft="Mon brouillon.", **headers):
    return client.post(
        reverse("community:image-upload"),
        {"image": image, "topic": topic.pk, "source": draft, "next": ""},
        headers=headers,
    )


def test_an_image_without_javascript_comes_back_in_the_draft(member_client, topic, media):
    response = upload(member_client, topic, png())

    assert response.status_code == 302
    assert response["Location"] == reply_url(topic)
    image = PostImage.objects.get()
    html = text_of(member_client.get(response["Location"]))
    assert f"Mon brouillon.\n\n![capture ecran]({image.image.url})\n</textarea>" in html


def test_an_image_with_javascript_answers_its_markdown(member_client, topic, media):
    response = upload(member_client, topic, png(), accept="application/json")

    assert response.status_code == 201
    image = PostImage.objects.get()
    assert response.json() == {"markdown": f"![capture ecran]({image.image.url})"}


def test_a_file_that_is_not_an_image_is_refused_and_the_draft_kept(member_client, topic, media):
    fake = SimpleUploadedFile("notes.png", b"pas une image du tout", content_type="image/png")

    response = upload(member_client, topic, fake)

    assert response.status_code == 400
    assert "n’est pas une image" in text_of(response)
    assert_draft_kept(response, "Mon brouillon.")
    assert not PostImage.objects.exists()


def test_an_image_over_the_size_limit_is_refused_and_the_draft_kept(
    member_client, topic, media, settings
):
    settings.KIOSQUE_POST_IMAGE_MAX_BYTES = 100

    response = upload(member_client, topic, png(200, 200))

    assert response.status_code == 400
    assert "trop lourde" in text_of(response)
    assert_draft_kept(response, "Mon brouillon.")


def test_a_missing_image_is_refused_in_json(member_client, topic, media):
    response = member_client.post(
        reverse("community:image-upload"),
        {"topic": topic.pk},
        headers={"accept": "application/json"},
    )

    assert response.status_code == 400
    assert response.json() == {"error": "Choisissez une image à envoyer."}


def test_an_absurdly_large_request_is_refused_before_reading(member_client, topic, media):
    response = member_client.post(
        reverse("community:image-upload"),
        {"topic": topic.pk},
        headers={"accept": "application/json"},
        CONTENT_LENGTH=str(10**9),
    )

    assert response.status_code == 413
    assert "bien trop lourd" in response.json()["error"]


def test_a_signed_out_upload_keeps_the_draft(client, topic, media):
    response = upload(client, topic, png())

    assert response.status_code == 403
    assert_draft_kept(response, "Mon brouillon.")
    assert not PostImage.objects.exists()


# The new-topic and edit pages send images through the reply composer's path (one partial,
# one view): each form names its composer in a hidden field and comes back to its own page.


@pytest.fixture
def category():
    return CategoryFactory(name="Matériel", slug="materiel")


def new_topic_url(category):
    return reverse("community:topic-new", args=[category.slug])


def upload_from_new_topic(client, category, image, **headers):
    return client.post(
        reverse("community:image-upload"),
        {
            "image": image,
            "category": category.slug,
            "title": "Mon titre de sujet",
            "source": "Mon brouillon.",
        },
        headers=headers,
    )


def upload_from_edit(client, post, image):
    return client.post(
        reverse("community:image-upload"),
        {"image": image, "post": post.pk, "source": "Mon texte corrigé."},
    )


def assert_title_kept(response, title="Mon titre de sujet"):
    assert f'name="title" value="{title}"' in text_of(response)


def test_the_new_topic_and_edit_pages_offer_an_image_without_javascript(
    member_client, category, member
):
    own = actions.start_topic(author=member, category=category, title="À moi", source="Texte.")
    pages = [new_topic_url(category), reverse("community:post-edit", args=[own.posts.get().pk])]

    for url in pages:
        html = text_of(member_client.get(url))
        assert 'for="composer-image">Ajouter une image (JPEG, PNG, GIF ou WebP)</label>' in html
        assert f'formaction="{reverse("community:image-upload")}"' in html
        assert "Envoyer l’image</button>" in html


def test_an_image_on_the_new_topic_page_comes_back_with_the_title_and_the_draft(
    member_client, category, media
):
    response = upload_from_new_topic(member_client, category, png())

    assert response.status_code == 302
    assert response["Location"] == new_topic_url(category)
    image = PostImage.objects.get()
    page = member_client.get(response["Location"])
    assert page.status_code == 200
    assert_title_kept(page)
    assert_draft_kept(page, f"Mon brouillon.\n\n![capture ecran]({image.image.url})\n")
    assert not Topic.objects.exists(), "nothing is published before the member says so"


def test_a_bad_image_on_the_new_topic_page_is_refused_with_the_title_and_draft_kept(
    member_client, category, media
):
    fake = SimpleUploadedFile("notes.png", b"pas une image du tout", content_type="image/png")

    response = upload_from_new_topic(member_client, category, fake)

    assert response.status_code == 400
    html = text_of(response)
    assert "Nouveau sujet dans Matériel" in html
    assert "n’est pas une image" in html
    assert 'aria-describedby="composer-image-errors" autofocus' in html
    assert_title_kept(response)
    assert_draft_kept(response, "Mon brouillon.")
    assert "csrfmiddlewaretoken" in html, "a fresh form to go on"


def test_an_image_on_the_edit_page_comes_back_in_the_new_text(member_client, member, media):
    topic = actions.start_topic(
        author=member, category=CategoryFactory(), title="À moi", source="Premier jet."
    )
    post = topic.posts.get()

    response = upload_from_edit(member_client, post, png())

    assert response.status_code == 302
    assert response["Location"] == reverse("community:post-edit", args=[post.pk])
    image = PostImage.objects.get()
    page = member_client.get(response["Location"])
    assert_draft_kept(page, f"Mon texte corrigé.\n\n![capture ecran]({image.image.url})\n")
    assert Post.objects.get(pk=post.pk).source == "Premier jet.", "saved only on Save"
    assert_draft_kept(member_client.get(response["Location"]), "Premier jet.")


def test_an_oversized_image_on_the_edit_page_is_refused_and_the_text_kept(
    member_client, member, media, settings
):
    settings.KIOSQUE_POST_IMAGE_MAX_BYTES = 100
    topic = actions.start_topic(
        author=member, category=CategoryFactory(), title="À moi", source="Premier jet."
    )
    post = topic.posts.get()

    response = upload_from_edit(member_client, post, png(200, 200))

    assert response.status_code == 400
    html = text_of(response)
    assert "Modifier votre message" in html
    assert "trop lourde" in html
    assert_draft_kept(response, "Mon texte corrigé.")


def test_an_image_never_opens_the_edit_page_of_someone_elses_post(member_client, topic, media):
    fake = SimpleUploadedFile("notes.png", b"pas une image du tout", content_type="image/png")

    response = upload_from_edit(member_client, topic.posts.get(), fake)

    assert response.status_code == 400
    html = text_of(response)
    assert "n’est pas une image" in html
    assert reverse("community:post-edit", args=[topic.posts.get().pk]) not in html
    assert_draft_kept(response, "Mon texte corrigé.")


def test_a_signed_out_image_from_the_new_topic_page_keeps_title_and_text(
    client, category, member, media
):
    response = upload_from_new_topic(client, category, png())

    assert response.status_code == 403
    assert "Vous êtes déconnecté" in text_of(response)
    assert_draft_kept(response, "Mon brouillon.")
    assert not PostImage.objects.exists()

    client.force_login(member)
    page = client.get(new_topic_url(category))

    assert_title_kept(page)
    assert_draft_kept(page, "Mon brouillon.")


def test_an_expired_new_topic_form_comes_back_with_its_title_and_text(member, category):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post(
        new_topic_url(category),
        {"category": category.slug, "title": "Mon titre de sujet", "source": "Mon brouillon."},
    )

    assert response.status_code == 403
    html = text_of(response)
    assert "Cette page avait expiré" in html
    assert "Nouveau sujet dans Matériel" in html
    assert_title_kept(response)
    assert_draft_kept(response, "Mon brouillon.")
    assert "csrfmiddlewaretoken" in html, "a fresh form to send it again"
    assert not Topic.objects.exists()


# --- Other forms ------------------------------------------------------------------------------


def test_an_empty_edit_is_refused_and_the_text_kept(client, topic):
    post = topic.posts.get()
    client.force_login(post.author)

    response = client.post(reverse("community:post-edit", args=[post.pk]), {"source": " "})

    assert response.status_code == 400
    assert "Votre message est vide" in text_of(response)
    assert Post.objects.get(pk=post.pk).source == "Je cherche un écran."


def test_a_new_topic_with_control_characters_in_the_title_is_refused(member_client):
    category = CategoryFactory()

    response = member_client.post(
        reverse("community:topic-new", args=[category.slug]),
        {"title": "Titre\x1b[31m", "source": "Texte gardé."},
    )

    assert response.status_code == 400
    assert "caractères de contrôle invisibles" in text_of(response)
    assert "Texte gardé.</textarea>" in text_of(response)


def test_a_like_from_a_signed_out_reader_leads_to_sign_in(client, topic):
    post = topic.posts.get()

    response = client.post(reverse("community:post-like", args=[post.pk]), {"like": "1"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
