"""The same pages work opened from disk, from a static host, and inside an LMS's iframe."""

from __future__ import annotations

from playwright.sync_api import expect
from tests.runtime.learner import (
    assert_same_origin_only,
    current_page_id,
    open_course,
    wait_for_page,
)


def test_opened_from_file_url_navigates_and_resumes(new_browser_session, seed_web_dir):
    session = new_browser_session()
    page = session.page
    url = (seed_web_dir / "index.html").as_uri()

    open_course(page, url)
    page.click(".cf-next")
    page.click(".cf-next")
    page.reload()
    page.wait_for_selector(".cf-page:not([hidden])")

    assert current_page_id(page) == "career-at-a-glance"
    assert all(request.startswith("file://") for request in session.requests)
    session.assert_no_console_errors()


def test_runs_inside_a_cross_origin_lms_iframe(
    new_browser_session, seed_server, static_server, tmp_path
):
    (tmp_path / "lms.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>LMS</title></head>"
        f"<body><iframe title='Course' src='{seed_server}/index.html' width='900' height='700'>"
        "</iframe></body></html>",
        encoding="utf-8",
    )
    lms = static_server(tmp_path)
    session = new_browser_session()
    page = session.page

    page.goto(lms + "/lms.html")
    course = page.frame_locator("iframe")
    course.locator(".cf-next").click()
    course.locator(".cf-menu-button").click()  # a 900 px frame gets the small-screen menu
    course.locator("#cf-menu a[href='#page-stage-1-check']").click()
    course.locator("#q-stage-1-container-tool-answer").fill("docker")
    course.locator("[data-question=stage-1-container-tool] .cf-check").click()
    expect(course.locator("[data-question=stage-1-container-tool] .cf-verdict")).to_have_text(
        "Correct: 1 of 1 point."
    )
    page.reload()

    expect(course.locator("#page-stage-1-check")).to_be_visible()
    expect(course.locator("#q-stage-1-container-tool-answer")).to_have_value("docker")
    # Framed (and the LMS's window unreadable, cross-origin): no window of ours to close.
    course.locator(".cf-menu-button").click()
    course.locator("#cf-menu a[href='#page-_results']").click()
    course.locator(".cf-exit").click()
    expect(course.locator(".cf-exit-done")).to_have_text(
        "Your progress is saved. Use your learning platform's navigation to leave this course."
    )
    session.assert_no_console_errors()
    assert_same_origin_only([r for r in session.requests if not r.startswith(lms)], seed_server)


def test_served_from_static_host_with_only_its_own_files(
    new_browser_session, seed_server, seed_web_dir
):
    session = new_browser_session()
    open_course(session.page, seed_server + "/index.html")
    session.page.click(".cf-next")
    wait_for_page(session.page, "what-the-role-is")
    # Its neighbour is fetched ahead of need once it is shown.
    session.page.wait_for_selector("#page-career-at-a-glance", state="attached")

    requested = {url.removeprefix(seed_server + "/") for url in session.requests}
    assert {
        "index.html",
        "runtime/courseforge.css",
        "runtime/courseforge.js",
        "runtime/adapters/local.js",
        "pages/what-the-role-is.js",
        "pages/career-at-a-glance.js",
    } <= requested
    assert all((seed_web_dir / path).is_file() for path in requested), requested
    # The first page ships inside index.html; plain pages are for readers without scripts.
    assert not any(path.endswith(".html") and path != "index.html" for path in requested)
    assert "pages/what-youll-learn.js" not in requested
    assert session.failed_requests == []
