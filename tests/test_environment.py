"""Smoke tests for the test environment itself (scripts/setup-test-env.sh)."""

from __future__ import annotations

import json
import urllib.request
import uuid

from support.lrs import start_ralph


def test_chromium_serves_and_renders_a_page(browser_page, static_server, tmp_path):
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>courseforge smoke</title><link rel='stylesheet' href='style.css'></head>"
        "<body><h1 id='h'>Hello</h1><script src='app.js'></script></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "style.css").write_text("h1 { color: rgb(1, 2, 3); }", encoding="utf-8")
    (tmp_path / "app.js").write_text(
        "document.getElementById('h').dataset.ready = 'yes';", encoding="utf-8"
    )
    base = static_server(tmp_path)

    page = browser_page.page
    response = page.goto(f"{base}/index.html")
    assert response is not None and response.ok
    assert page.title() == "courseforge smoke"
    assert page.get_attribute("#h", "data-ready") == "yes"
    assert page.eval_on_selector("#h", "e => getComputedStyle(e).color") == "rgb(1, 2, 3)"
    assert f"{base}/app.js" in browser_page.requests
    browser_page.assert_no_console_errors()


def test_console_errors_are_collected(new_browser_session):
    session = new_browser_session(viewport=(400, 300), color_scheme="dark")
    # The session's own listener runs first: it was on the context before this one.
    with session.context.expect_event("weberror"):
        session.page.set_content(
            "<script>console.error('boom'); setTimeout(() => { throw new Error('kaput') });</script>"
        )
    assert session.page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    assert session.page.viewport_size == {"width": 400, "height": 300}
    assert any("boom" in e for e in session.console_errors), session.console_errors
    assert any("kaput" in e for e in session.console_errors), session.console_errors


def test_node_dependencies_installed(js_deps):
    scorm_dist = js_deps / "scorm-again" / "dist"
    for name in ("scorm-again.js", "scorm12.js", "scorm2004.js"):
        assert (scorm_dist / name).is_file(), name
    assert (js_deps / "axe-core" / "axe.min.js").is_file()

    xapi = js_deps / "xapi-validation"
    main = json.loads((xapi / "package.json").read_text(encoding="utf-8"))["main"]
    assert (xapi / main).is_file()

    pinned = {"scorm-again": "3.4.3", "axe-core": "4.14.1", "xapi-validation": "2.1.4"}
    for package, version in pinned.items():
        meta = json.loads((js_deps / package / "package.json").read_text(encoding="utf-8"))
        assert meta["version"] == version, package


def _statement() -> dict:
    return {
        "id": str(uuid.uuid4()),
        "actor": {"mbox": "mailto:learner@example.com", "objectType": "Agent"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": "https://courseforge.example.com/smoke", "objectType": "Activity"},
    }


def test_ralph_lrs_accepts_repeated_posts(tmp_path):
    lrs = start_ralph(tmp_path / "lrs")
    try:
        ids = []
        for _ in range(2):  # the 2nd POST is the one stock Ralph (CREATE mode) fails
            statement = _statement()
            request = urllib.request.Request(
                f"{lrs.endpoint}statements",
                data=json.dumps(statement).encode(),
                headers=lrs.headers(),
                method="POST",
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 200
                assert json.load(response) == [statement["id"]]
            ids.append(statement["id"])
        request = urllib.request.Request(f"{lrs.endpoint}statements", headers=lrs.headers())
        with urllib.request.urlopen(request, timeout=10) as response:
            stored = json.load(response)["statements"]
        assert sorted(s["id"] for s in stored) == sorted(ids)
    finally:
        lrs.stop()
