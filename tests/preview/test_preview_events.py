"""The preview's event stream: what a rebuild pushes to open pages, broken or not, however fast."""

from __future__ import annotations

import pytest
from preview_helpers import (
    FIRST_LESSON,
    FIRST_LESSON_FILE,
    FIRST_SENTENCE,
    copy_seed_course,
    running_preview,
)
from sse_client import EventStream


@pytest.fixture
def course(tmp_path):
    return copy_seed_course(tmp_path)


def status_of_build_after(number: int):
    return lambda event: event.name == "status" and event.data["build"] > number


def test_a_page_is_told_the_current_build_on_connecting(course):
    with running_preview(course) as preview:
        stream = EventStream(preview.server.port)
        try:
            assert stream.response.status == 200
            assert stream.response.getheader("Content-Type") == "text/event-stream"
            first = stream.next()
            assert first.name == "status"
            assert first.data["build"] == preview.builder.current.number
            assert first.data["error"] is None
        finally:
            stream.close()


def test_a_broken_edit_is_pushed_with_its_file_and_line_and_the_fix_clears_it(course):
    lesson = course / FIRST_LESSON
    good = lesson.read_text(encoding="utf-8")
    with running_preview(course) as preview:
        stream = EventStream(preview.server.port)
        try:
            stream.next()
            good_build = preview.builder.current.number
            lesson.write_text(good.replace("title: ", "title: [", 1), encoding="utf-8")
            failed = stream.until(lambda event: event.name == "status" and event.data["error"])
            assert f"{lesson}:4:1: YAML syntax error" in failed.data["error"]["messages"][0]
            assert failed.data["build"] == good_build  # the last good build is still served

            lesson.write_text(good.replace(FIRST_SENTENCE, "Fixed again"), encoding="utf-8")
            swapped = stream.until(lambda event: event.name == "swap")
            assert [page["id"] for page in swapped.data["pages"]] == ["what-the-role-is"]
            assert "Fixed again" in swapped.data["pages"][0]["html"]
            cleared = stream.until(status_of_build_after(good_build))
            assert cleared.data["error"] is None
        finally:
            stream.close()


def test_rapid_saves_are_coalesced_and_the_latest_wins(course):
    lesson = course / FIRST_LESSON
    good = lesson.read_text(encoding="utf-8")
    saves = 40
    with running_preview(course) as preview:
        builder = preview.builder
        stream = EventStream(preview.server.port)
        try:
            stream.next()
            attempts = builder.attempts
            # Saved while a rebuild cannot start: they pile up as one batch of changes.
            with builder.rebuilds_held():
                for n in range(saves):
                    if n % 10 == 5:  # a broken save among them, overwritten by the next one
                        lesson.write_text("---\ntitle: [\n---\n", encoding="utf-8")
                    lesson.write_text(
                        good.replace(FIRST_SENTENCE, f"Version {n}"), encoding="utf-8"
                    )
            final = f"Version {saves - 1}"
            event = stream.until(
                lambda e: (
                    e.name == "status"
                    and final.encode() in builder.current.files[FIRST_LESSON_FILE]
                )
            )
            assert event.data["error"] is None
            assert builder.failure is None
            # At most: the rebuild that waited for the first change, then one for the rest.
            assert 1 <= builder.attempts - attempts <= 2
            html = builder.current.files[FIRST_LESSON_FILE].decode()
            assert final in html and "Version 0<" not in html and "Version 38" not in html
        finally:
            stream.close()
