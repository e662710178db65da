"""The starter's media page in Chromium: players, captions, transcripts, embeds, glossary terms.

axe-core (as test_accessibility.py runs it) in light and dark at 375 and 1280 px, captions that
Chromium actually loads, and no request to another origin until the learner asks for an embed.
The starter shows an embed's syntax only (a live one makes every new course's build warn), so
these tests build it with the sample made live.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from tests.runtime.conftest import STARTER_COURSE
from tests.runtime.learner import go_to, open_course, pages_in_order
from tests.runtime.test_accessibility import serious_violations

from courseforge.build import build
from courseforge.loader import load_course
from courseforge.model import Course
from support.http import StaticServer

SECTION = "#page-media"
EMBED = "![A talk on YouTube](https://www.youtube.com/watch?v=aqz-KE-bpKQ)"


@pytest.fixture(scope="module")
def embed_course(tmp_path_factory) -> Course:
    """The starter course with its YouTube sample as a live embed."""
    course = tmp_path_factory.mktemp("starter-embed") / "course"
    shutil.copytree(STARTER_COURSE, course)
    lesson = course / "modules" / "basics" / "media.md"
    sample = f"```markdown\n{EMBED}\n```"
    text = lesson.read_text(encoding="utf-8")
    assert sample in text  # the starter still shows the sample this test makes live
    lesson.write_text(text.replace(sample, EMBED), encoding="utf-8")
    loaded = load_course(course)
    return loaded


@pytest.fixture(scope="module")
def embed_server(embed_course, tmp_path_factory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("starter-embed-web")
    build(embed_course.root, out, ["web"])
    server = StaticServer(out / "my-course-web")
    yield server.url
    server.close()


def _foreign_recorder(session, base_url: str) -> list[str]:
    """Intercept every request: record and answer those to another origin (empty page), so a
    leak is seen without ever reaching the network."""
    foreign: list[str] = []
    origin = urlsplit(base_url).netloc

    def handle(route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == origin:
            route.continue_()
            return
        foreign.append(url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>x</title>")

    session.context.route("**/*", handle)
    return foreign


@pytest.mark.parametrize(
    ("width", "scheme"), [(375, "light"), (375, "dark"), (1280, "light"), (1280, "dark")]
)
def test_media_page_has_no_serious_axe_violations(
    new_browser_session, embed_server, js_deps, artifacts_dir, width, scheme
):
    session = new_browser_session(viewport=(width, 900), color_scheme=scheme)
    page = session.page
    open_course(page, embed_server + "/index.html")
    page.add_script_tag(path=str(js_deps / "axe-core" / "axe.min.js"))
    go_to(page, "media")
    for selector in ("video", "audio", ".cf-embed", ".cf-transcript", "button.cf-term"):
        assert page.locator(f"{SECTION} {selector}").first.is_visible(), selector
    closed = serious_violations(page)
    for summary in page.locator(f"{SECTION} .cf-transcript > summary").all():
        summary.click()
    page.locator(f"{SECTION} button.cf-term").first.click()
    expect(page.locator(f"{SECTION} .cf-term-popover").first).to_be_visible()
    opened = serious_violations(page)
    page.screenshot(path=str(artifacts_dir / f"media-{width}-{scheme}.png"), full_page=True)

    assert closed == [] and opened == []
    session.assert_no_console_errors()


def test_captions_load_and_show_in_chromium(new_browser_session, starter_server):
    session = new_browser_session()
    page = session.page
    open_course(page, starter_server + "/index.html")
    go_to(page, "media")
    video = page.locator(f"{SECTION} video")
    page.wait_for_function(
        "v => v.textTracks.length && v.textTracks[0].cues && v.textTracks[0].cues.length > 0",
        arg=video.element_handle(),
    )
    tracks = video.evaluate(
        """v => [...v.textTracks].map(t => ({
            kind: t.kind, language: t.language, label: t.label, mode: t.mode,
            cues: t.cues ? [...t.cues].map(c => c.text) : null }))"""
    )
    assert tracks[0] == {
        "kind": "captions",
        "language": "en",
        "label": "English",
        "mode": "showing",
        "cues": [
            "Captions come from talk.en.vtt, next to the video.",
            "Replace the video and its captions with your own.",
        ],
    }
    assert [(t["language"], t["label"], t["mode"]) for t in tracks[1:]] == [
        ("fr", "Français", "disabled")
    ]
    # The sample media decode: the player is a real one, not a broken box.
    page.wait_for_function("v => v.readyState >= 1 && v.duration > 1.9", arg=video.element_handle())
    audio = page.locator(f"{SECTION} audio")
    page.wait_for_function("a => a.readyState >= 1 && a.duration > 0.9", arg=audio.element_handle())
    assert not session.failed_requests


def test_no_request_leaves_the_package_until_the_placeholder_is_clicked(
    new_browser_session, embed_server, embed_course
):
    session = new_browser_session()
    foreign = _foreign_recorder(session, embed_server)
    page = session.page
    open_course(page, embed_server + "/index.html")
    for page_id in pages_in_order(embed_course):
        go_to(page, page_id)
    go_to(page, "media")
    page.locator(f"{SECTION} .cf-transcript > summary").first.click()
    page.locator(f"{SECTION} video").evaluate("v => v.play().catch(() => {})")
    page.wait_for_function(
        "() => document.querySelector('#page-media video').currentTime > 0"
        " || document.querySelector('#page-media video').ended"
    )
    assert foreign == []

    load = page.locator(f"{SECTION} .cf-embed-load")
    load.focus()
    page.keyboard.press("Enter")  # the placeholder works from the keyboard
    frame = page.locator(f"{SECTION} iframe.cf-embed-frame")
    expect(frame).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ")
    expect(frame).to_be_focused()
    assert frame.get_attribute("title") == "A talk on YouTube"
    assert frame.get_attribute("sandbox") == (
        "allow-scripts allow-same-origin allow-presentation allow-popups"
    )
    # The frame's document is the answer to the one foreign request: it has loaded when seen.
    expect(frame.content_frame.locator("title")).to_have_count(1)
    assert [urlsplit(url).netloc for url in foreign] == ["www.youtube-nocookie.com"]


def test_a_term_opens_its_definition_from_the_keyboard(new_browser_session, starter_server):
    session = new_browser_session()
    page = session.page
    open_course(page, starter_server + "/index.html")
    go_to(page, "media")
    terms = page.locator(f"{SECTION} button.cf-term")
    assert terms.all_inner_texts() == ["lesson"]  # the first use only, as written
    popover = page.locator(f"{SECTION} .cf-term-popover")
    terms.first.focus()
    page.keyboard.press("Enter")
    expect(popover).to_be_visible()
    assert "A Markdown page of reading in a module." in popover.inner_text()
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    popover.evaluate("p => p.showPopover()")
    popover.locator("a.cf-term-more").click()
    expect(page.locator("#page-glossary")).to_be_visible()
    assert page.locator("#page-glossary dt").all_inner_texts() == ["Lesson", "Quiz"]
