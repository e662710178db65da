"""Checks of lessons' video, audio and embeds: caption files, missing captions, other sites."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from courseforge.errors import AuthorError, SourceLocation, display_path, not_utf8
from courseforge.loader.limits import MAX_FILE_BYTES
from courseforge.model.course import Course, Lesson
from courseforge.model.identifiers import language_tag
from courseforge.render.media import (
    IFRAME_SRC,
    MediaSidecars,
    embed_for_iframe,
    embed_for_link,
    media_sidecars,
    media_type,
)
from courseforge.render.paths import is_file

_BLOCK_START = re.compile(r"\n[ \t]*\n")


def lesson_media(lesson: Lesson) -> Iterator[tuple[int, str, Path, MediaSidecars]]:
    """Yield (line, kind, resolved media file, sidecars) for each course media file a lesson
    plays (existing files only: a missing one is the reference checks' error)."""
    from courseforge.loader.lesson_references import lesson_references  # late: it imports this

    for reference in lesson_references(lesson):
        if reference.kind != "image" or reference.target is None:
            continue
        kind = media_type(reference.target.name)
        if kind is None:
            continue
        try:
            resolved = reference.target.resolve()
        except (OSError, RuntimeError):
            continue
        if is_file(resolved):
            yield reference.line, kind[0], resolved, media_sidecars(resolved)


def media_errors(lesson: Lesson, root: Path) -> list[AuthorError]:
    """Return the located errors of a lesson's caption and transcript files."""
    errors: list[AuthorError] = []
    for line, _kind, _media, sidecars in lesson_media(lesson):
        where = SourceLocation(display_path(lesson.source), line, 1)
        for caption in sidecars.captions:
            if caption.language is not None:
                try:
                    language_tag(caption.language)
                except ValueError as exc:
                    message = f"caption file {caption.path.name!r}: {exc}"
                    errors.append(AuthorError(where, "captions", message))
                    continue
            problems = _file_problems(caption.path, root, where, "captions")
            errors += problems or caption_problems(caption.path)
        if sidecars.transcript is not None:
            errors += _file_problems(sidecars.transcript, root, where, "transcript")
        if sidecars.poster is not None:
            errors += _outside_problems(sidecars.poster, root, where, "poster")
    return errors


def _outside_problems(
    path: Path, root: Path, where: SourceLocation, field: str
) -> list[AuthorError]:
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        message = f"expected {path.name!r} to lead to a file, got a symlink loop"
        return [AuthorError(where, field, message)]
    if not resolved.is_relative_to(root.resolve()) or not is_file(resolved):
        message = f"expected {path.name!r} to be a file inside the course folder"
        return [AuthorError(where, field, message)]
    return []


def _file_problems(path: Path, root: Path, where: SourceLocation, field: str) -> list[AuthorError]:
    outside = _outside_problems(path, root, where, field)
    if outside:
        return outside
    resolved = path.resolve()
    if resolved.stat().st_size > MAX_FILE_BYTES:
        message = f"{path.name!r} is larger than the {MAX_FILE_BYTES:,}-byte limit for a text file"
        return [AuthorError(where, field, message)]
    try:
        resolved.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return [not_utf8(path, exc)]
    return []


def caption_problems(path: Path) -> list[AuthorError]:
    """Return where a WebVTT file is malformed, read with webvtt-py in its strict mode."""
    import webvtt  # late: only courses with captions pay for it
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    text = path.read_text(encoding="utf-8")  # universal newlines: CRLF and CR read as \n
    shown = display_path(path)
    try:
        webvtt.from_string(text, strict=True)
    except MalformedFileError:
        found = text.split("\n", 1)[0][:40]
        message = f"expected a WebVTT file starting with 'WEBVTT', got {found!r}"
        return [AuthorError(SourceLocation(shown, 1, 1), "", message)]
    except MalformedCaptionError:
        pass  # found block by block below, with its line
    problems = []
    for line, block in _blocks(text):
        if "-->" not in block:
            continue
        try:
            cues = webvtt.from_string(f"WEBVTT\n\n{block}\n", strict=True).captions
        except (MalformedCaptionError, MalformedFileError):
            problems.append(
                AuthorError(
                    SourceLocation(shown, line, 1),
                    "",
                    "expected a cue: an optional id line, then 'HH:MM:SS.mmm --> HH:MM:SS.mmm', "
                    f"then its text, and a blank line after it; got {block.splitlines()[0]!r}",
                )
            )
            continue
        for cue in cues:
            if cue.end_in_seconds <= cue.start_in_seconds:
                problems.append(
                    AuthorError(
                        SourceLocation(shown, line, 1),
                        "",
                        f"expected a cue to end after it starts, got {cue.start} --> {cue.end}",
                    )
                )
    return problems


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """Yield (1-based line, text) of each blank-line-separated block of a WebVTT file."""
    position = 0
    for match in [*_BLOCK_START.finditer(text), None]:
        end = match.start() if match else len(text)
        block = text[position:end]
        if block.strip():
            leading = len(block) - len(block.lstrip("\n"))
            yield text.count("\n", 0, position + leading) + 1, block.strip("\n")
        if match:
            position = match.end()


def media_warnings(course: Course) -> list[AuthorError]:
    """Return what a build warns about a course's media: missing captions, other sites."""
    warnings: list[AuthorError] = []
    for lesson in course.lessons():
        shown = display_path(lesson.source)
        for line, kind, media, sidecars in lesson_media(lesson):
            if kind == "video" and not sidecars.captions:
                warnings.append(
                    AuthorError(
                        SourceLocation(shown, line, 1),
                        "captions",
                        f"video {media.name!r} has no captions (WCAG 1.2.2); add "
                        f"{media.stem}.{course.language}.vtt beside it",
                    )
                )
            if kind == "audio" and sidecars.transcript is None:
                warnings.append(
                    AuthorError(
                        SourceLocation(shown, line, 1),
                        "transcript",
                        f"audio {media.name!r} has no transcript (WCAG 1.2.1); add "
                        f"{media.stem}.transcript.md beside it",
                    )
                )
        warnings += _embed_warnings(lesson)
    return warnings


def _embed_warnings(lesson: Lesson) -> list[AuthorError]:
    from courseforge.loader.lesson_references import lesson_references  # late: it imports this

    def at(line: int) -> SourceLocation:
        return SourceLocation(display_path(lesson.source), line, 1)

    warnings = []
    depends = (
        "the package depends on another site: this embed loads from {site} when a learner "
        "asks for it (a click-to-load placeholder until then); it is missing offline"
    )
    for reference in lesson_references(lesson):
        embed = embed_for_link(reference.ref) if reference.kind == "image" else None
        if embed is not None:
            warnings.append(
                AuthorError(at(reference.line), "embed", depends.format(site=embed.site))
            )
    for match in IFRAME_SRC.finditer(lesson.body):
        line = lesson.body_line + lesson.body.count("\n", 0, match.start())
        embed = embed_for_iframe(match.group(1))
        if embed is None:
            message = f"<iframe src={match.group(1)!r}> is left out: only https:// embeds are shown"
            warnings.append(AuthorError(at(line), "embed", message))
        else:
            warnings.append(AuthorError(at(line), "embed", depends.format(site=embed.site)))
    return warnings


def is_embed_image(ref: str) -> bool:
    """Whether an image reference is another site's video, shown as a placeholder."""
    return embed_for_link(ref) is not None
