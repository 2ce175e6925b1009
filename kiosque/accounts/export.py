"""A member's data, all of it, as JSON files in a ZIP archive (their right of access).

Each app says what it keeps of a member in a *section*: a function `(user) -> data` named by a
dotted path in SECTIONS, so accounts reads the other apps without importing them (the pattern
of `pagecache/personal.py: PREPARERS`). A section returns either a mapping, written as one JSON
object, or an iterable of mappings, written item by item as a JSON array so that a member with
tens of thousands of posts never sits whole in memory. A value may be an `ExportFile` (an
uploaded file): the archive then holds the file under `files/` and the JSON names its path.

The archive is made in the request that asks for it (`views.export_data`): a member's rows are
read in a handful of queries and their images copied as they are, well under a second for a
very active member, and nothing of it is left behind on our disks to expire or to guard.
"""

from __future__ import annotations

import logging
import shutil
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import IO, Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.module_loading import import_string

from .models import User

logger = logging.getLogger(__name__)

# Section name (the file `<name>.json` in the archive) → dotted path of `(user) -> data`.
# Other apps add their own rows here (moderation: reports, appeals, notices).
SECTIONS: dict[str, str] = {
    "profile": "kiosque.accounts.export.profile",
    "email_addresses": "kiosque.accounts.export.email_addresses",
    "topics": "kiosque.community.privacy.topics_started",
    "posts": "kiosque.community.privacy.posts",
    "likes": "kiosque.community.privacy.likes",
    "notifications": "kiosque.community.privacy.notifications",
    "uploads": "kiosque.community.privacy.uploads",
    "topic_visits": "kiosque.community.privacy.topic_visits",
    "bookmarks": "kiosque.community.privacy.bookmarks",
    "follows": "kiosque.community.privacy.follows",
    "reports": "kiosque.moderation.privacy.reports",
    "moderation_decisions": "kiosque.moderation.privacy.decisions",
    "appeals": "kiosque.moderation.privacy.appeals",
}
FILES_FOLDER = "files"
ABOUT_FILE = "about.json"

Section = Callable[[User], Mapping[str, Any] | Iterable[Mapping[str, Any]]]


@dataclass(frozen=True)
class ExportFile:
    """An uploaded file of the member's, to be copied into the archive."""

    storage: Storage
    name: str

    @classmethod
    def of(cls, field_file: File[Any]) -> ExportFile | None:
        """The file behind a FileField's value, or None when the field is empty."""
        name = getattr(field_file, "name", "") or ""
        storage = getattr(field_file, "storage", None)
        return cls(storage=storage, name=name) if name and storage is not None else None

    @property
    def archive_path(self) -> str:
        return f"{FILES_FOLDER}/{self.name}"


def write_archive(user: User, *, into: IO[bytes], at: datetime) -> list[str]:
    """Write the ZIP archive of everything `user` has on the site into `into`.

    Returns the names of the sections written. Files a section names but storage no longer
    holds are left out and listed in `about.json`.
    """
    files: dict[str, ExportFile] = {}
    with zipfile.ZipFile(into, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, path in SECTIONS.items():
            _write_section(archive, f"{name}.json", _section(path)(user), files)
        missing = [path for path, file in files.items() if not _copy(archive, file)]
        about = {
            "site": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "member": user.username,
            "made_at": at,
            "sections": [f"{name}.json" for name in SECTIONS],
            "missing_files": missing,
        }
        archive.writestr(ABOUT_FILE, _encoder(files, indent=2).encode(about))
    return list(SECTIONS)


def profile(user: User) -> dict[str, Any]:
    """The account itself: names, dates, profile, preferences."""
    return {
        "id": user.pk,
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "bio": user.bio,
        "avatar": ExportFile.of(user.avatar),
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "profile_url": settings.SITE_URL + user.get_absolute_url(),
        "email_on_reply": user.email_on_reply,
        "email_on_quote": user.email_on_quote,
        "email_on_mention": user.email_on_mention,
        "email_on_like": user.email_on_like,
        "is_staff": user.is_staff,
    }


def email_addresses(user: User) -> Iterable[dict[str, Any]]:
    """The addresses allauth knows for the member, confirmed or not."""
    for address in EmailAddress.objects.filter(user=user).order_by("pk"):
        yield {"email": address.email, "verified": address.verified, "primary": address.primary}


@cache
def _section(path: str) -> Section:
    section: Section = import_string(path)
    return section


class _ArchiveEncoder(DjangoJSONEncoder):
    """JSON with dates as ISO 8601; an ExportFile becomes its path in the archive."""

    def __init__(self, *, files: dict[str, ExportFile], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.files = files

    def default(self, o: Any) -> Any:
        if isinstance(o, ExportFile):
            self.files.setdefault(o.archive_path, o)
            return o.archive_path
        return super().default(o)


def _encoder(files: dict[str, ExportFile], *, indent: int | None = None) -> _ArchiveEncoder:
    # Arrays are written one compact item a line: indenting costs Python's slow encoder.
    return _ArchiveEncoder(files=files, ensure_ascii=False, indent=indent)


def _write_section(
    archive: zipfile.ZipFile,
    name: str,
    data: Mapping[str, Any] | Iterable[Mapping[str, Any]],
    files: dict[str, ExportFile],
) -> None:
    encoder = _encoder(files)
    with archive.open(name, "w") as raw:
        if isinstance(data, Mapping):
            raw.write(_encoder(files, indent=2).encode(data).encode())
            return
        raw.write(b"[")
        for number, item in enumerate(data):
            raw.write(b",\n" if number else b"\n")
            raw.write(encoder.encode(item).encode())
        raw.write(b"\n]")


def _copy(archive: zipfile.ZipFile, file: ExportFile) -> bool:
    """Copy one uploaded file into the archive as it is; False when storage lacks it."""
    try:
        with (
            file.storage.open(file.name, "rb") as source,
            # Stored, not deflated: the images are compressed already.
            archive.open(zipfile.ZipInfo(file.archive_path), "w") as target,
        ):
            shutil.copyfileobj(source, target)
    except FileNotFoundError:
        logger.warning("export: %s is missing from storage", file.name)
        return False
    return True
