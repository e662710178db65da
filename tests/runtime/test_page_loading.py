"""Pages load when needed: deep links, Back/Forward, file://, a 1,000-lesson course, no scripts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.runtime.learner import (
    STORAGE_KEY,
    current_page_id,
    go_to,
    open_course,
    saved_state,
    wait_for_page,
)

from courseforge.build import build
from courseforge.render.state import decode_state


def saved_location(page) -> str:
    """Return the page id the local adapter last saved (what a reload resumes at)."""
    return page.evaluate(f"JSON.parse(localStorage.getItem('{STORAGE_KEY}')).location")


def page_files_requested(requests: list[str]) -> list[str]:
    return [url.rsplit("/", 1)[1] for url in requests if "/pages/" in url]


def test_deep_link_opens_its_page_and_back_forward_move_between_pages(
    new_browser_session, seed_server
):
    session = new_browser_session()
    page = session.page

    page.goto(seed_server + "/index.html#certifications-check")
    wait_for_page(page, "certifications-check")
    assert saved_location(page) == "certifications-check"
    page.select_option("#q-cert-why-it-matters-s1", "1")  # a draft on the linked quiz page
    page.click(".cf-next")
    wait_for_page(page, "frequently-asked-questions")
    assert page.evaluate("location.hash") == "#frequently-asked-questions"
    go_to(page, "what-youll-learn")

    page.go_back()
    wait_for_page(page, "frequently-asked-questions")
    page.go_back()
    wait_for_page(page, "certifications-check")
    expect(page.locator("#q-cert-why-it-matters-s1")).to_have_value("1")
    assert page.evaluate("location.hash") == "#certifications-check"
    assert saved_location(page) == "certifications-check"  # Back is a page change like any
    page.go_forward()
    wait_for_page(page, "frequently-asked-questions")
    # The menu's own form of link (#page-<id>) names a page too.
    page.goto(seed_server + "/index.html#page-final-quiz")
    wait_for_page(page, "final-quiz")
    session.assert_no_console_errors()
    assert session.failed_requests == []


def test_a_shared_link_wins_over_saved_progress_in_the_web_target(new_browser_session, seed_server):
    session = new_browser_session()
    page = session.page
    open_course(page, seed_server + "/index.html")
    go_to(page, "stage-1-check")
    page.fill("#q-stage-1-container-tool-answer", "Docker")
    page.click("[data-question=stage-1-container-tool] .cf-check")

    # A bookmark of another page, opened in the same browser: the link decides, answers stay.
    page.goto(seed_server + "/index.html#career-at-a-glance")
    page.reload()
    wait_for_page(page, "career-at-a-glance")
    go_to(page, "stage-1-check")
    expect(page.locator("[data-question=stage-1-container-tool] .cf-verdict")).to_have_text(
        "Correct: 1 of 1 point."
    )
    # An unknown or malformed page id is no link: the saved page is shown.
    for hash_ in ("#no-such-page", "#%E0%A4%A", "#__proto__", "#constructor"):
        page.goto(seed_server + "/index.html" + hash_)
        page.reload()
        wait_for_page(page, "stage-1-check")
    session.assert_no_console_errors()


def test_quiz_answers_resume_on_a_page_loaded_later(new_browser_session, seed_server, seed_course):
    session = new_browser_session()
    page = session.page
    open_course(page, seed_server + "/index.html")
    go_to(page, "final-quiz")
    first = page.eval_on_selector("#page-final-quiz .cf-question", "q => q.dataset.question")
    page.locator(f"[data-question={first}] input").first.check()
    page.click(f"[data-question={first}] .cf-check")
    verdict = page.locator(f"[data-question={first}] .cf-verdict").text_content()
    go_to(page, "what-youll-learn")

    page.goto(seed_server + "/index.html")  # no link: resumes where the learner was
    page.reload()
    wait_for_page(page, "what-youll-learn")
    assert page.locator("#page-final-quiz").count() == 0  # not loaded until needed
    go_to(page, "final-quiz")

    form = page.locator(f"[data-question={first}] form")
    expect(form.locator(".cf-verdict")).to_have_text(verdict)
    expect(form.locator("input").first).to_be_disabled()
    decoded = decode_state(seed_course, saved_state(page))
    assert decoded is not None and decoded.page == current_index(seed_course, "final-quiz")
    session.assert_no_console_errors()


def current_index(course, page_id: str) -> int:
    return [page.id for page in course.pages()].index(page_id)


def test_web_target_from_file_url_loads_pages_and_follows_links(new_browser_session, seed_web_dir):
    session = new_browser_session()
    page = session.page

    page.goto((seed_web_dir / "index.html").as_uri() + "#stage-1-check")
    wait_for_page(page, "stage-1-check")
    page.fill("#q-stage-1-container-tool-answer", "docker")
    page.click("[data-question=stage-1-container-tool] .cf-check")
    page.click(".cf-next")
    wait_for_page(page, "gain-production-experience")
    page.go_back()
    wait_for_page(page, "stage-1-check")
    page.reload()
    wait_for_page(page, "stage-1-check")
    expect(page.locator("#q-stage-1-container-tool-answer")).to_have_value("docker")

    assert all(request.startswith("file://") for request in session.requests)
    assert "stage-1-check.js" in page_files_requested(session.requests)
    assert session.failed_requests == []
    session.assert_no_console_errors()


def test_a_page_file_that_cannot_load_leaves_the_learner_where_they_were(
    new_browser_session, seed_server
):
    session = new_browser_session()
    page = session.page
    broken = {"on": True}

    def refuse(route):
        if broken["on"]:
            route.fulfill(status=404, body="gone")
        else:
            route.continue_()

    page.route("**/pages/final-quiz.js", refuse)
    open_course(page, seed_server + "/index.html")
    go_to(page, "frequently-asked-questions")
    page.click(".cf-next")  # final-quiz.js answers 404

    expect(page.locator(".cf-status")).to_contain_text("could not be loaded")
    assert current_page_id(page) == "frequently-asked-questions"
    assert saved_location(page) == "frequently-asked-questions"
    broken["on"] = False
    page.click(".cf-next")  # tried again, not remembered as failed
    wait_for_page(page, "final-quiz")


def test_the_runtime_hook_replaces_a_page_in_place_keeping_answers(
    new_browser_session, seed_server
):
    session = new_browser_session()
    page = session.page
    open_course(page, seed_server + "/index.html")
    go_to(page, "stage-1-check")
    page.fill("#q-stage-1-container-tool-answer", "Podman")  # a draft
    html = page.eval_on_selector("#page-stage-1-check", "el => el.outerHTML")
    edited = html.replace("</h1>", "</h1><p id='edited'>Edited in place</p>", 1)

    page.evaluate("html => window.courseforgePage('stage-1-check', html)", edited)

    expect(page.locator("#edited")).to_be_visible()
    assert current_page_id(page) == "stage-1-check"
    expect(page.locator("#q-stage-1-container-tool-answer")).to_have_value("Podman")
    assert page.locator("#page-stage-1-check").count() == 1
    # Ids the course does not have, and the results page, are not replaced.
    count = page.locator("section.cf-page").count()
    page.evaluate("window.courseforgePage('_results', '<section class=\"cf-page\">x</section>')")
    page.evaluate("window.courseforgePage('nope', '<section class=\"cf-page\">x</section>')")
    page.evaluate("window.courseforgePage('what-the-role-is', '<p>no section</p>')")
    assert page.locator("section.cf-page").count() == count
    expect(page.locator("#page-_results h1")).to_have_text("Your results")
    session.assert_no_console_errors()


def test_readers_without_javascript_reach_every_page_as_plain_html(
    new_browser_session, seed_server, seed_course
):
    session = new_browser_session(java_script_enabled=False)
    page = session.page
    page.goto(seed_server + "/index.html")

    links = page.locator(".cf-plain-pages a")
    expect(links.first).to_be_visible()
    hrefs = links.evaluate_all("links => links.map((a) => a.getAttribute('href'))")
    pages = list(seed_course.pages())
    assert hrefs == [f"pages/{p.id}.html" for p in pages]
    links.nth(1).click()
    expect(page.locator("h1")).to_have_text(pages[1].title)
    page.click("a[rel=next]")
    expect(page.locator("h1")).to_have_text(pages[2].title)
    assert page.url.endswith("/pages/career-at-a-glance.html")
    # An in-course link of a lesson leads to the plain page it names.
    page.goto(seed_server + "/pages/what-youll-learn.html")
    lesson_link = page.locator("main section a[href$='.html']").first
    target = lesson_link.get_attribute("href")
    lesson_link.click()
    assert page.url.endswith("/pages/" + target)
    assert session.failed_requests == []


def test_plain_pages_find_their_images_and_downloads(new_browser_session, starter_server):
    session = new_browser_session(java_script_enabled=False)
    page = session.page
    refused = []
    page.on("response", lambda r: refused.append(r.url) if r.status >= 400 else None)
    page.goto(starter_server + "/index.html")
    hrefs = page.locator(".cf-plain-pages a").evaluate_all(
        "links => links.map((a) => a.getAttribute('href'))"
    )
    packaged = 0
    for href in hrefs:
        page.goto(f"{starter_server}/{href}", wait_until="load")
        for image in page.locator("main img").all():
            packaged += 1
            assert image.evaluate("img => img.complete && img.naturalWidth > 0"), href
        for download in page.locator("main a.cf-download").all():
            packaged += 1
            assert page.request.get(download.evaluate("a => a.href")).ok, href
    assert packaged > 0  # the starter course shows an image and a download
    assert refused == []
    assert session.failed_requests == []


LESSON_COUNT = 1000
PER_MODULE = 100


@pytest.fixture(scope="module")
def large_course_server(tmp_path_factory):
    """A 1,000-lesson course with a quiz at its end, built for the web target and served."""
    from support.http import StaticServer

    root = tmp_path_factory.mktemp("large")
    course = root / "course"
    modules = [f"m{m:02d}" for m in range(LESSON_COUNT // PER_MODULE)]
    (course / "modules").mkdir(parents=True)
    (course / "course.yaml").write_text(
        "id: large\ntitle: Large course\ndescription: A thousand lessons.\n"
        "base_iri: https://example.org/large\ntargets: [web]\ncompletion: all_lessons\n"
        f"modules: [{', '.join(modules)}]\n",
        encoding="utf-8",
    )
    for m, module in enumerate(modules):
        folder = course / "modules" / module
        folder.mkdir()
        pages = []
        for n in range(PER_MODULE):
            lesson = f"lesson-{m * PER_MODULE + n:04d}"
            pages.append(f"{lesson}.md")
            (folder / f"{lesson}.md").write_text(
                f"---\nid: {lesson}\ntitle: Lesson {m * PER_MODULE + n}\n---\n"
                f"Body of {lesson}. " * 20 + "\n",
                encoding="utf-8",
            )
        if m == len(modules) - 1:
            pages.append("last.quiz.yaml")
            (folder / "last.quiz.yaml").write_text(
                "id: last-quiz\ntitle: Last quiz\nquestions:\n  - id: q1\n    type: true_false\n"
                "    prompt: Is this the end?\n    answer: true\n",
                encoding="utf-8",
            )
        (folder / "module.yaml").write_text(
            f"id: {module}\ntitle: Module {m}\npages: [{', '.join(pages)}]\n", encoding="utf-8"
        )
    build(course, root / "out", ["web"])
    site = root / "out" / "large-web"
    server = StaticServer(site)
    yield server.url, site
    server.close()


def test_a_thousand_lesson_course_loads_only_the_pages_it_shows(
    new_browser_session, large_course_server
):
    url, site = large_course_server
    session = new_browser_session()
    page = session.page
    launch = (site / "index.html").read_text(encoding="utf-8")
    assert "Body of lesson-0500" not in launch  # bodies live in pages/<id>.js
    assert len(list((site / "pages").glob("*.js"))) == LESSON_COUNT + 1

    open_course(page, url + "/index.html")
    assert current_page_id(page) == "lesson-0000"
    go_to(page, "lesson-0999")
    page.click(".cf-next")
    wait_for_page(page, "last-quiz")
    page.check("#q-q1-1")
    page.click("[data-question=q1] .cf-check")
    expect(page.locator("[data-question=q1] .cf-verdict")).to_have_text("Correct: 1 of 1 point.")
    page.goto(url + "/index.html#lesson-0500")
    wait_for_page(page, "lesson-0500")
    expect(page.locator("#page-lesson-0500")).to_contain_text("Body of lesson-0500")
    page.go_back()
    wait_for_page(page, "last-quiz")
    expect(page.locator("[data-question=q1] .cf-verdict")).to_have_text("Correct: 1 of 1 point.")

    requested = page_files_requested(session.requests)
    # The shown pages and their neighbours, never the course.
    assert set(requested) <= {f"lesson-{n:04d}.js" for n in (1, 998, 999, 499, 500, 501)} | {
        "last-quiz.js"
    }, requested
    session.assert_no_console_errors()
