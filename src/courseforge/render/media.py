"""Video, audio and external embeds: which files go with a media file, and how each is shown.

Author syntax is Markdown's image syntax, so nothing new to learn:

- `![A talk on X](talk.mp4 "Optional caption")` with a course file (.mp4 .webm .mp3 .m4a .ogg)
  is a player. Files beside it with the same stem go with it: `talk.en.vtt`, `talk.fr.vtt`
  (captions, one per language; `talk.vtt` is in the course's language), `talk.poster.jpg`
  (or .jpeg .png .webp .svg) and `talk.transcript.md` (shown below the player).
- `![A talk on X](https://www.youtube.com/watch?v=…)` (YouTube, Vimeo), or an `<iframe>` an
  author pasted, is a placeholder that loads the other site only when the learner asks.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg"}
POSTER_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".svg")
CAPTION_SUFFIX = ".vtt"
TRANSCRIPT_SUFFIX = ".transcript.md"


def media_type(name: str) -> tuple[str, str] | None:
    """Return ("video" | "audio", MIME type) for a media file name, or None."""
    suffix = os.path.splitext(name)[1].lower()
    if suffix in VIDEO_TYPES:
        return "video", VIDEO_TYPES[suffix]
    if suffix in AUDIO_TYPES:
        return "audio", AUDIO_TYPES[suffix]
    return None


@dataclass(frozen=True)
class CaptionFile:
    """A WebVTT file beside a media file; `language` is None for `<stem>.vtt`."""

    language: str | None
    path: Path


@dataclass(frozen=True)
class MediaSidecars:
    """The files that go with one media file, found by name beside it."""

    captions: tuple[CaptionFile, ...] = ()
    poster: Path | None = None
    transcript: Path | None = None

    def files(self) -> tuple[Path, ...]:
        """Every sidecar file: each is packaged with the media file."""
        found = [caption.path for caption in self.captions]
        return (*found, *(p for p in (self.poster, self.transcript) if p is not None))


def media_sidecars(media: Path) -> MediaSidecars:
    """Return the captions, poster and transcript beside a media file (sorted, so stable)."""
    stem = media.name[: -len(media.suffix)] if media.suffix else media.name
    captions: list[CaptionFile] = []
    poster = transcript = None
    try:
        names = sorted(os.listdir(media.parent))
    except OSError:  # the loader reports the missing media file itself
        return MediaSidecars()
    for name in names:
        if not name.startswith(f"{stem}.") or name == media.name:
            continue
        rest = name[len(stem) + 1 :]
        path = media.parent / name
        if rest == "vtt":
            captions.append(CaptionFile(None, path))
        elif rest.endswith(CAPTION_SUFFIX) and "." not in rest[: -len(CAPTION_SUFFIX)]:
            captions.append(CaptionFile(rest[: -len(CAPTION_SUFFIX)], path))
        elif poster is None and rest.startswith("poster.") and f".{rest[7:]}" in POSTER_SUFFIXES:
            poster = path
        elif f".{rest}" == TRANSCRIPT_SUFFIX:
            transcript = path
    return MediaSidecars(tuple(captions), poster, transcript)


@dataclass(frozen=True)
class Embed:
    """A video on another site: where the player loads from, and a page to open instead."""

    site: str  # as learners know it: youtube.com, vimeo.com, or the iframe's host
    player_url: str  # https only
    page_url: str
    is_video: bool = True  # False: an iframe of a site courseforge does not know


_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{6,20}")
_VIMEO_ID = re.compile(r"[0-9]{3,15}")


def embed_for_link(url: str) -> Embed | None:
    """Return the embed for a YouTube or Vimeo address written as an image, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.strip("/")
    video: str | None = None
    if host == "youtube.com" and path == "watch":
        video = (parse_qs(parts.query).get("v") or [""])[0]
    elif host == "youtube.com" and path.startswith(("embed/", "shorts/")):
        video = path.split("/", 1)[1]
    elif host == "youtu.be":
        video = path
    if video is not None:
        if not _YOUTUBE_ID.fullmatch(video):
            return None
        return Embed(
            "youtube.com",
            f"https://www.youtube-nocookie.com/embed/{video}",
            f"https://www.youtube.com/watch?v={video}",
        )
    if host in ("vimeo.com", "player.vimeo.com"):
        video = path.rsplit("/", 1)[-1]
        if _VIMEO_ID.fullmatch(video):
            return Embed(
                "vimeo.com",
                f"https://player.vimeo.com/video/{video}",
                f"https://vimeo.com/{video}",
            )
    return None


def embed_for_iframe(src: str) -> Embed | None:
    """Return the embed for an author's <iframe src>: https only, or None (it is dropped)."""
    parts = urlsplit(src.strip())
    if parts.scheme != "https" or not parts.hostname:
        return None
    known = embed_for_link(src)
    if known is not None:
        return known
    site = parts.hostname.lower().removeprefix("www.")
    return Embed(site, src.strip(), src.strip(), is_video=False)


# An author's pasted embed code, found in the lesson's text for the build's warning.
IFRAME_SRC = re.compile(r"<iframe\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)


@dataclass(frozen=True)
class CaptionTrack:
    src: str  # packaged path
    language: str
    label: str


@dataclass(frozen=True)
class MediaView:
    """A media file of a lesson as its player shows it (every path is a packaged one)."""

    kind: str  # "video" or "audio"
    mime: str
    src: str
    captions: tuple[CaptionTrack, ...]
    poster: str | None
    transcript_html: str | None  # sanitized
    transcript_href: str | None
