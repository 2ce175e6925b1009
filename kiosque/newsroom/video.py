"""Recognise a video address and say how to embed it once the reader asks for it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse


@dataclass(frozen=True)
class Video:
    provider: str
    watch_url: str
    embed_url: str


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_DAILYMOTION_ID = re.compile(r"^[A-Za-z0-9]{5,12}$")
_VIMEO_ID = re.compile(r"^\d{5,12}$")


def video_from_url(url: str) -> Video | None:
    """The embeddable video behind `url`, or None for an address we do not know how to embed."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").removeprefix("www.").removeprefix("m.")
    path = parsed.path.strip("/")
    video_id = ""
    if host in {"youtube.com", "youtube-nocookie.com"}:
        video_id = parse_qs(parsed.query).get("v", [""])[0] or path.removeprefix("embed/")
        provider, embed = "YouTube", "https://www.youtube-nocookie.com/embed/{}?autoplay=1"
        valid = _YOUTUBE_ID
    elif host == "youtu.be":
        video_id, provider, valid = path, "YouTube", _YOUTUBE_ID
        embed = "https://www.youtube-nocookie.com/embed/{}?autoplay=1"
    elif host in {"dailymotion.com", "dai.ly"}:
        video_id = path.removeprefix("video/").split("_")[0]
        provider, embed = "Dailymotion", "https://www.dailymotion.com/embed/video/{}?autoplay=1"
        valid = _DAILYMOTION_ID
    elif host == "vimeo.com":
        video_id, provider, valid = path, "Vimeo", _VIMEO_ID
        embed = "https://player.vimeo.com/video/{}?autoplay=1"
    else:
        return None
    if not valid.match(video_id):
        return None
    return Video(provider=provider, watch_url=url, embed_url=embed.format(video_id))
