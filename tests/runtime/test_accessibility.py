"""WCAG 2.2 AA checks with axe-core on every page, both colour schemes, phone and desktop."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.runtime.learner import (
    assert_same_origin_only,
    current_page_id,
    go_to,
    open_course,
    pages_in_order,
    use_recording_adapter,
)

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def serious_violations(page) -> list[str]:
    # The other pages are display:none; leaving them out halves axe's time and changes nothing.
    context = {"exclude": [".cf-page[hidden]"]}
    violations = page.evaluate(
        "([context, options]) => axe.run(context, options)", [context, AXE_OPTIONS]
    )["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def answer_everything_mixed(page, page_id: str) -> None:
    """Check every question on a quiz page, alternating answers, so feedback of both kinds shows."""
    page.eval_on_selector(
        f"#page-{page_id}",
        """section => section.querySelectorAll('.cf-question').forEach((question, n) => {
          const options = question.querySelectorAll('input[type=radio], input[type=checkbox]');
          if (options.length) options[n % options.length].checked = true;
          const text = question.querySelector('input[type=text]');
          if (text) text.value = n % 2 ? '4' : 'Docker';
          question.querySelectorAll('select').forEach(select => { select.selectedIndex = 1 + n % 2; });
          question.querySelector('form').requestSubmit();
        })""",
    )


@pytest.mark.parametrize(
    ("width", "scheme"), [(375, "light"), (375, "dark"), (1280, "light"), (1280, "dark")]
)
def test_every_page_has_no_serious_axe_violations(
    new_browser_session, seed_server, seed_course, js_deps, width, scheme
):
    session = new_browser_session(viewport=(width, 900), color_scheme=scheme)
    page = session.page
    open_course(page, seed_server + "/index.html")
    page.add_script_tag(path=str(js_deps / "axe-core" / "axe.min.js"))
    quiz_ids = {quiz.id for quiz in seed_course.quizzes()}

    problems: dict[str, list[str]] = {}
    for page_id in pages_in_order(seed_course):
        go_to(page, page_id)
        assert current_page_id(page) == page_id
        problems[page_id] = serious_violations(page)
        if page_id in quiz_ids:
            answer_everything_mixed(page, page_id)
            problems[f"{page_id} (answered)"] = serious_violations(page)
    if width < 1280:
        page.click(".cf-menu-button")
        problems["menu open"] = serious_violations(page)

    assert {where: found for where, found in problems.items() if found} == {}
    session.assert_no_console_errors()
    assert_same_origin_only(session.requests, seed_server)


@pytest.mark.parametrize(
    ("width", "scheme"), [(375, "light"), (375, "dark"), (1280, "light"), (1280, "dark")]
)
def test_rich_lesson_blocks_have_no_serious_axe_violations(
    new_browser_session, starter_server, starter_course, js_deps, artifacts_dir, width, scheme
):
    """The starter course shows every rich block once (callouts, details, figure, footnotes,
    definition list, highlighted code, MathML): the same axe check as the seed course."""
    session = new_browser_session(viewport=(width, 900), color_scheme=scheme)
    page = session.page
    open_course(page, starter_server + "/index.html")
    page.add_script_tag(path=str(js_deps / "axe-core" / "axe.min.js"))
    go_to(page, "blocks")
    section = "#page-blocks"
    for selector in (".cf-callout", "details", "figure", ".cf-footnotes", "dl", "pre.cf-code"):
        assert page.locator(f"{section} {selector}").first.is_visible(), selector
    assert page.locator(f"{section} math[display=block]").count() == 1
    closed = serious_violations(page)
    page.click(f"{section} details > summary")
    opened = serious_violations(page)
    page.screenshot(path=str(artifacts_dir / f"blocks-{width}-{scheme}.png"), full_page=True)

    assert closed == [] and opened == []
    session.assert_no_console_errors()
    assert_same_origin_only(session.requests, starter_server)


def test_rich_blocks_work_from_the_keyboard(new_browser_session, starter_server):
    session = new_browser_session()
    page = session.page
    open_course(page, starter_server + "/index.html")
    go_to(page, "blocks")
    details = page.locator("#page-blocks details")
    details.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    page.keyboard.press("Space")
    expect(details).not_to_have_attribute("open", "")

    reference = page.locator("#page-blocks sup a").first
    reference.focus()
    page.keyboard.press("Enter")  # to the note, then back to where the learner was reading
    note = page.locator("#cf-fn-blocks-why")
    expect(note).to_be_in_viewport()
    note.locator(".cf-footnote-back").focus()
    page.keyboard.press("Enter")
    expect(reference).to_be_in_viewport()
    assert page.evaluate("location.hash") == "#cf-fn-blocks-ref-0"
    # The code block scrolls sideways on a phone: it takes focus so the keyboard can scroll it.
    page.locator("#page-blocks pre.cf-code").focus()
    assert page.evaluate("document.activeElement.matches('pre.cf-code')")


def test_pages_reflow_at_320_px_without_sideways_scrolling(
    new_browser_session, seed_server, seed_course
):
    session = new_browser_session(viewport=(320, 640))
    page = session.page
    open_course(page, seed_server + "/index.html")

    too_wide = []
    for page_id in pages_in_order(seed_course):
        go_to(page, page_id)
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            too_wide.append(page_id)

    assert too_wide == []


def test_every_page_has_one_h1_and_headings_in_order(new_browser_session, seed_server, seed_course):
    session = new_browser_session()
    page = session.page
    open_course(page, seed_server + "/index.html")

    for page_id in pages_in_order(seed_course):
        go_to(page, page_id)
        levels = page.eval_on_selector_all(
            "main :is(h1,h2,h3,h4,h5,h6):not(:is([hidden], [hidden] *))",
            "hs => hs.map(h => Number(h.tagName[1]))",
        )
        assert levels.count(1) == 1 and levels[0] == 1, page_id
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (page_id, levels)


def test_landmarks_skip_link_and_focus_on_navigation(new_browser_session, seed_server):
    session = new_browser_session()
    page = session.page
    open_course(page, seed_server + "/index.html")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "cf-main"
    roles = page.evaluate(
        """[...document.querySelectorAll('header, nav, main, footer')]
           .filter(el => el.parentElement === document.body || el.closest('.cf-layout'))
           .map(el => el.tagName.toLowerCase() + (el.getAttribute('aria-label') ? ':' + el.getAttribute('aria-label') : ''))"""
    )
    assert roles == [
        "header",
        "nav:Course menu",
        "main",
        "nav:Previous and next page",
        "footer",
    ]
    page.click(".cf-next")
    assert page.evaluate("document.activeElement.id") == "h-what-the-role-is"
    assert page.get_attribute("#cf-menu a[href='#page-what-the-role-is']", "aria-current") == "page"


def test_small_screen_menu_opens_closes_with_escape_and_print_hides_chrome(
    new_browser_session, seed_server
):
    session = new_browser_session(viewport=(375, 800), reduced_motion="reduce")
    page = session.page
    open_course(page, seed_server + "/index.html")

    assert not page.is_visible("#cf-menu")
    page.focus(".cf-menu-button")
    page.keyboard.press("Enter")
    assert page.get_attribute(".cf-menu-button", "aria-expanded") == "true"
    assert page.is_visible("#cf-menu")
    page.keyboard.press("Escape")
    assert not page.is_visible("#cf-menu")
    assert page.evaluate("document.activeElement.matches('.cf-menu-button')")
    assert (
        page.eval_on_selector(".cf-progress-fill", "el => getComputedStyle(el).transitionDuration")
        == "0s"
    )

    page.emulate_media(media="print")
    hidden_when_printed = page.eval_on_selector_all(
        ".cf-header, .cf-menu, .cf-pager, .cf-footer",
        "els => els.map(el => getComputedStyle(el).display)",
    )
    assert hidden_when_printed == ["none"] * 4
    assert page.is_visible("#page-what-youll-learn h1")


def test_axe_check_catches_a_real_violation_on_the_visible_page(
    new_browser_session, seed_server, js_deps
):
    session = new_browser_session()
    page = session.page
    open_course(page, seed_server + "/index.html")
    page.add_script_tag(path=str(js_deps / "axe-core" / "axe.min.js"))
    page.wait_for_selector("#page-what-the-role-is", state="attached")  # the next, prefetched

    page.eval_on_selector("#page-what-youll-learn p", "p => { p.style.color = '#ddd'; }")
    page.eval_on_selector("#page-what-the-role-is p", "p => { p.style.color = '#eee'; }")

    found = serious_violations(page)
    # One: the visible page's faint text. The hidden page's is never shown, so it never counts.
    assert len(found) == 1 and found[0].startswith("color-contrast (serious)")


def test_feedback_and_moves_are_announced_and_focus_follows(new_browser_session, seed_server):
    session = new_browser_session()
    page = session.page
    open_course(page, seed_server + "/index.html")
    announcer = page.locator("#cf-announce")
    go_to(page, "stage-1-check")

    page.click("[data-question=stage-1-container-tool] .cf-check")
    expect(announcer).to_have_text("Answer the question, then check it.")
    page.fill("#q-stage-1-container-tool-answer", "Podman")
    page.click("[data-question=stage-1-container-tool] .cf-check")
    expect(announcer).to_have_text(
        "Incorrect: 0 of 1 point. The Stage 1 key action is: Learn container fundamentals with Docker."
    )
    expect(page.locator("[data-question=stage-1-container-tool] .cf-feedback")).to_be_focused()

    go_to(page, "stage-4-check")
    first = page.locator("[data-question=stage-order] .cf-item").first
    name = first.locator(".cf-item-text").text_content()
    first.locator("[data-move='1']").click()
    expect(announcer).to_have_text(f"{name}: position 2 of 4.")
    expect(page.locator("[data-question=stage-order] .cf-item").nth(1)).to_contain_text(name)


@pytest.mark.parametrize("mode", ["review", "browse"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_review_and_browse_notices_have_no_serious_axe_violations(
    new_browser_session, seed_server, js_deps, mode, scheme
):
    session = new_browser_session(viewport=(375, 900), color_scheme=scheme)
    page = session.page
    use_recording_adapter(
        session, {"state": None, "location": "final-quiz", "mode": mode, "learnerName": None}
    )
    open_course(page, seed_server + "/index.html")
    page.add_script_tag(path=str(js_deps / "axe-core" / "axe.min.js"))

    expect(page.locator(".cf-mode-notice")).to_be_visible()
    problems = {"final-quiz": serious_violations(page)}
    go_to(page, "_results")
    problems["_results"] = serious_violations(page)
    assert {where: found for where, found in problems.items() if found} == {}
    session.assert_no_console_errors()
