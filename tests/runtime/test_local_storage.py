"""The web target's localStorage entry: an unreadable one is set aside, never a dead end."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect
from tests.runtime.learner import STORAGE_KEY, current_page_id, open_course

UNREADABLE = "Your earlier progress in this browser could not be read, so the course starts from the beginning."


@pytest.mark.parametrize(
    "stored",
    ['{"state": "1~trunc', "not json at all", '{"state": 5, "location": []}', "[1, 2]", "null"],
)
def test_an_unreadable_entry_is_set_aside_and_saving_goes_on(
    new_browser_session, seed_server, stored
):
    session = new_browser_session()
    page = session.page
    # Before the course's scripts, on the first load only (a page going away saves its state).
    page.add_init_script(
        f"""if (!sessionStorage.getItem("planted")) {{
          sessionStorage.setItem("planted", "1");
          localStorage.setItem({json.dumps(STORAGE_KEY)}, {json.dumps(stored)});
        }}"""
    )
    open_course(page, seed_server + "/index.html")

    expect(page.locator(".cf-status")).to_have_text(UNREADABLE)
    assert current_page_id(page) == "what-youll-learn"
    aside = page.evaluate("key => localStorage.getItem(key + ':unreadable')", STORAGE_KEY)
    assert aside == stored  # kept for support
    page.click(".cf-next")
    second = current_page_id(page)
    saved = json.loads(page.evaluate("key => localStorage.getItem(key)", STORAGE_KEY))
    assert saved["location"] == second

    page.reload()  # and the new entry reads back: no warning this time
    page.wait_for_selector(".cf-page:not([hidden])")
    assert current_page_id(page) == second
    expect(page.locator(".cf-status")).to_have_text("")
    session.assert_no_console_errors()


def test_blocked_storage_still_says_so(new_browser_session, seed_server):
    session = new_browser_session()
    page = session.page
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('no', 'SecurityError'); }});"
    )
    open_course(page, seed_server + "/index.html")
    expect(page.locator(".cf-status")).to_have_text(
        "This browser does not allow saving: your progress lasts until you close the page."
    )
    page.click(".cf-next")
    session.assert_no_console_errors()
