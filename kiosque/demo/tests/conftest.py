"""The demo loaded into a scratch media directory at a fixed moment."""

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

# A Wednesday morning in spring, Paris time (UTC+2): what "now" is for every demo test.
NOW = datetime(2025, 4, 16, 7, 45, tzinfo=UTC)


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Demo pictures go to a scratch directory."""
    settings.MEDIA_ROOT = path = tmp_path / "media"
    return path


@pytest.fixture
def frozen_now() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(media_root: Path, frozen_now: None) -> str:
    """The demo, loaded once; its output line."""
    return run_demo()
