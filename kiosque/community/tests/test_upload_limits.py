"""What keeps members' uploads from filling the disk: a quota of stored bytes per member (per day
and in all), and images that no post uses deleted by the worker a day after their upload."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from PIL import Image

from kiosque import worker
from kiosque.community import actions, tasks
from kiosque.community.models import PostImage
from kiosque.community.tests.factories import TopicFactory
from kiosque.community.uploads import UNUSED_IMAGE_KEPT, image_markdown

UPLOADED_AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def picture(seed: int = 0) -> SimpleUploadedFile:
    """A small photo of noise: each a different file, all of about the same encoded size."""
    buffer = io.BytesIO()
    Image.effect_noise((300, 200), 40).convert("RGB").save(buffer, "JPEG")
    return SimpleUploadedFile(f"photo-{seed}.jpg", buffer.getvalue(), "image/jpeg")


# Quota -------------------------------------------------------------------------------------


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def send(client, topic, upload):
    return client.post(
        reverse("community:image-upload"),
        {"topic": topic.pk, "source": "Mon brouillon.", "image": upload},
        headers={"accept": "application/json"},
    )


@pytest.mark.django_db
def test_the_daily_quota_refuses_in_french_then_frees_up_a_day_later(
    member, member_client, settings
):
    topic = TopicFactory()
    with time_machine.travel(UPLOADED_AT, tick=False):
        first = actions.upload_post_image(by=member, upload=picture(1))
        settings.KIOSQUE_UPLOAD_QUOTA_BYTES_PER_DAY = first.byte_size * 3 // 2

        refused = send(member_client, topic, picture(2))

    assert refused.status_code == 400
    message = refused.json()["error"]
    assert message.startswith("Vous avez envoyé ")
    assert "d’images ces dernières 24 heures, et la limite est de " in message
    assert message.endswith(" par jour : réessayez plus tard.")
    assert PostImage.objects.count() == 1

    with time_machine.travel(UPLOADED_AT + timedelta(days=1, minutes=1), tick=False):
        accepted = send(member_client, topic, picture(2))

    assert accepted.status_code == 201, accepted.content.decode()
    assert PostImage.objects.count() == 2


@pytest.mark.django_db
def test_the_total_quota_refuses_in_french_and_counts_every_stored_image(
    member, member_client, settings
):
    topic = TopicFactory()
    with time_machine.travel(UPLOADED_AT, tick=False):
        kept = actions.upload_post_image(by=member, upload=picture(1))
    settings.KIOSQUE_UPLOAD_QUOTA_BYTES_TOTAL = kept.byte_size * 3 // 2

    refused = send(member_client, topic, picture(2))

    assert refused.status_code == 400
    assert "et un membre peut en garder" in refused.json()["error"]
    assert PostImage.objects.count() == 1


@pytest.mark.django_db
def test_a_member_at_the_quota_is_refused_before_the_image_is_decoded(
    member, settings, monkeypatch
):
    from kiosque import images

    actions.upload_post_image(by=member, upload=picture(1))
    settings.KIOSQUE_UPLOAD_QUOTA_BYTES_PER_DAY = 1
    monkeypatch.setattr(images, "reencode_within", pytest.fail)

    with pytest.raises(Exception) as refused:
        actions.upload_post_image(by=member, upload=picture(2))

    assert getattr(refused.value, "code", None) == "quota_per_day"


@pytest.mark.django_db
def test_another_members_images_do_not_count(member, settings):
    from kiosque.accounts.tests.factories import UserFactory

    other = actions.upload_post_image(by=UserFactory(), upload=picture(1))
    settings.KIOSQUE_UPLOAD_QUOTA_BYTES_PER_DAY = other.byte_size * 3
    settings.KIOSQUE_UPLOAD_QUOTA_BYTES_TOTAL = other.byte_size * 3

    assert actions.upload_post_image(by=member, upload=picture(2)).pk


# Unused images -----------------------------------------------------------------------------


@pytest.fixture
def database_tasks(settings) -> None:
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.KIOSQUE_TASK_QUEUES,
        }
    }


def run_worker() -> None:
    worker.run(batch=True, verbosity=0)


def waiting_deletions() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(
            task_path=tasks.delete_unused_image.module_path, status=TaskResultStatus.READY
        )
    )


@pytest.mark.django_db
def test_an_upload_under_a_backend_that_cannot_wait_is_stored_and_left_alone(
    member_client, django_capture_on_commit_callbacks
):
    """The suite's immediate backend (as `kiosque demo` in the browser tests runs) cannot defer
    the day-later clean-up: the upload works, and the image stays."""
    topic = TopicFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = send(member_client, topic, picture(1))

    assert response.status_code == 201
    assert callbacks  # the clean-up's scheduling ran
    assert PostImage.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_image_no_post_uses_is_deleted_a_day_after_its_upload(
    member, database_tasks, media_root
):
    topic = TopicFactory()
    with time_machine.travel(UPLOADED_AT, tick=False):
        unused = actions.upload_post_image(by=member, upload=picture(1))
        used = actions.upload_post_image(by=member, upload=picture(2))
    with time_machine.travel(UPLOADED_AT + timedelta(minutes=5), tick=False):
        actions.post_reply(topic, author=member, source=f"Voyez :\n\n{image_markdown(used)}")
    files = {image.pk: media_root / image.image.name for image in (unused, used)}
    assert all(path.exists() for path in files.values())
    assert [task.run_after for task in waiting_deletions()] == [UPLOADED_AT + UNUSED_IMAGE_KEPT] * 2

    with time_machine.travel(UPLOADED_AT + UNUSED_IMAGE_KEPT - timedelta(minutes=1), tick=False):
        run_worker()

    assert PostImage.objects.count() == 2, "nothing is deleted before a day"

    with time_machine.travel(UPLOADED_AT + UNUSED_IMAGE_KEPT + timedelta(minutes=1), tick=False):
        run_worker()

    assert list(PostImage.objects.values_list("pk", flat=True)) == [used.pk]
    assert not files[unused.pk].exists()
    assert files[used.pk].exists()
    assert not waiting_deletions()


@pytest.mark.django_db(transaction=True)
def test_an_image_added_to_an_older_post_by_an_edit_is_kept(member, database_tasks, media_root):
    topic = TopicFactory()
    with time_machine.travel(UPLOADED_AT - timedelta(days=30), tick=False):
        old_post = actions.post_reply(topic, author=member, source="Un vieux message.")
    with time_machine.travel(UPLOADED_AT, tick=False):
        image = actions.upload_post_image(by=member, upload=picture(1))
        actions.edit_post(
            old_post, editor=member, source=f"Un vieux message.\n\n{image_markdown(image)}"
        )

    with time_machine.travel(UPLOADED_AT + UNUSED_IMAGE_KEPT + timedelta(minutes=1), tick=False):
        run_worker()

    assert PostImage.objects.filter(pk=image.pk).exists()
    assert (media_root / image.image.name).exists()
