"""Author text that tries to run code stays inert in a real browser."""

from __future__ import annotations

from tests.runtime.hostile_course import write_hostile_course
from tests.runtime.learner import assert_same_origin_only, open_course

from courseforge.build import build

# Every load and error event any element fires, seen (capture phase) before the element's own
# handlers would run: once each image and frame has fired one, its handlers have had their turn.
SETTLED_EVENTS = """
window.__settled = new Set();
for (const kind of ["load", "error"]) {
  addEventListener(kind, (event) => { if (event.target.tagName) __settled.add(event.target); }, true);
}
"""
EVERYTHING_SETTLED = """() => [...document.querySelectorAll('img, iframe, svg image')]
  .every((el) => __settled.has(el) || (el.tagName === 'IMG' && el.complete && !el.src))"""


def test_scripts_handlers_and_javascript_urls_never_run(
    new_browser_session, static_server, tmp_path
):
    build(write_hostile_course(tmp_path), tmp_path / "dist", ["web"])
    base = static_server(tmp_path / "dist" / "demo-web")
    session = new_browser_session()
    page = session.page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(SETTLED_EVENTS)

    open_course(page, base + "/index.html")
    for link in page.locator("#page-hello a").all():
        link.click()
        page.locator("#cf-menu a[href='#page-hello']").click()
    page.hover("#page-hello div")
    page.click("#cf-menu a[href='#page-check']")
    page.check("#q-q1-0")
    page.click("[data-question=q1] .cf-check")
    for link in page.locator("#page-check .cf-feedback a, #page-check .cf-option-feedback a").all():
        link.click()
    page.wait_for_function(EVERYTHING_SETTLED)
    # The broken images did fire "error": an onerror left on them would have run by now.
    assert page.evaluate("[...__settled].filter(e => e.tagName === 'IMG').length") >= 2

    assert page.evaluate("window.pwned") is None
    assert dialogs == []
    handlers = page.evaluate(
        """[...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
             .filter(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))
             .map(a => el.tagName + ' ' + a.name))"""
    )
    assert handlers == []
    assert page.title().endswith("– Demo </script><script>window.pwned = 'title'</script>")
    assert_same_origin_only(session.requests, base)
