"""How the open preview follows a rebuild: swap only what provably changed, else relaunch."""

from __future__ import annotations

from markupsafe import Markup

from courseforge.preview.updates import build_change
from courseforge.render.site import PageView


def pages(*bodies: tuple[str, str]) -> list[PageView]:
    return [
        PageView(
            i,
            page_id,
            page_id.title(),
            "quiz" if page_id.startswith("q") else "lesson",
            "M",
            Markup(html),
        )
        for i, (page_id, html) in enumerate(bodies)
    ]


def launch_page(*htmls: str) -> bytes:
    sections = "".join(f"<section><h1>t</h1>\n{html}\n</section>" for html in htmls)
    return f"<html><body>{sections}<script>data</script></body></html>".encode()


OLD_PAGES = pages(
    ("intro", "<p>Hello</p>"), ("more", "<p>More text</p>"), ("quiz", "<form>q</form>")
)
OLD_FILES = {
    "index.html": launch_page("<p>Hello</p>", "<p>More text</p>", "<form>q</form>"),
    "runtime/courseforge.js": b"js",
}


def test_nothing_changed_is_nothing_to_do():
    assert build_change(OLD_FILES, dict(OLD_FILES), OLD_PAGES, OLD_PAGES).action == "none"


def test_a_lesson_whose_html_alone_changed_is_swapped():
    new_pages = pages(
        ("intro", "<p>Hello!</p>"), ("more", "<p>More text</p>"), ("quiz", "<form>q</form>")
    )
    new_files = {
        **OLD_FILES,
        "index.html": launch_page("<p>Hello!</p>", "<p>More text</p>", "<form>q</form>"),
    }
    change = build_change(OLD_FILES, new_files, OLD_PAGES, new_pages)
    assert change.action == "swap"
    assert [(page.id, page.html) for page in change.pages] == [("intro", "<p>Hello!</p>")]


def test_anything_else_that_changed_in_the_launch_page_relaunches():
    new_pages = pages(
        ("intro", "<p>Hello!</p>"), ("more", "<p>More text</p>"), ("quiz", "<form>q</form>")
    )
    shell = launch_page("<p>Hello!</p>", "<p>More text</p>", "<form>q</form>").replace(
        b"data", b"new data"
    )
    new_files = {**OLD_FILES, "index.html": shell}
    assert build_change(OLD_FILES, new_files, OLD_PAGES, new_pages).action == "relaunch"


def test_another_file_changing_relaunches():
    new_pages = pages(
        ("intro", "<p>Hello!</p>"), ("more", "<p>More text</p>"), ("quiz", "<form>q</form>")
    )
    new_files = {
        "index.html": launch_page("<p>Hello!</p>", "<p>More text</p>", "<form>q</form>"),
        "runtime/courseforge.js": b"js2",
    }
    assert build_change(OLD_FILES, new_files, OLD_PAGES, new_pages).action == "relaunch"
    added = {**OLD_FILES, "content/new.png": b"png"}
    assert build_change(OLD_FILES, added, OLD_PAGES, OLD_PAGES).action == "relaunch"


def test_a_quiz_page_or_a_new_page_order_relaunches():
    new_pages = pages(
        ("intro", "<p>Hello</p>"), ("more", "<p>More text</p>"), ("quiz", "<form>r</form>")
    )
    new_files = {
        **OLD_FILES,
        "index.html": launch_page("<p>Hello</p>", "<p>More text</p>", "<form>r</form>"),
    }
    assert build_change(OLD_FILES, new_files, OLD_PAGES, new_pages).action == "relaunch"
    reordered = pages(
        ("more", "<p>More text</p>"), ("intro", "<p>Hello</p>"), ("quiz", "<form>q</form>")
    )
    moved = {
        **OLD_FILES,
        "index.html": launch_page("<p>More text</p>", "<p>Hello</p>", "<form>q</form>"),
    }
    assert build_change(OLD_FILES, moved, OLD_PAGES, reordered).action == "relaunch"


def test_an_old_page_html_found_twice_is_not_guessed_at():
    old_pages = pages(("intro", "<p>Same</p>"), ("more", "<p>Same</p>"))
    old_files = {"index.html": launch_page("<p>Same</p>", "<p>Same</p>")}
    new_pages = pages(("intro", "<p>Other</p>"), ("more", "<p>Same</p>"))
    new_files = {"index.html": launch_page("<p>Other</p>", "<p>Same</p>")}
    assert build_change(old_files, new_files, old_pages, new_pages).action == "relaunch"


def test_pages_in_files_of_their_own_are_swapped_too():
    old_files = {
        "index.html": b"shell",
        "pages/intro.js": b"<p>Hello</p>",
        "pages/more.js": b"<p>More</p>",
    }
    old_pages = pages(("intro", "<p>Hello</p>"), ("more", "<p>More</p>"))
    new_files = {
        "index.html": b"shell",
        "pages/intro.js": b"<p>Hi</p>",
        "pages/more.js": b"<p>Less</p>",
    }
    new_pages = pages(("intro", "<p>Hi</p>"), ("more", "<p>Less</p>"))
    change = build_change(old_files, new_files, old_pages, new_pages)
    assert change.action == "swap"
    assert [page.id for page in change.pages] == ["intro", "more"]


def test_a_changed_pages_plain_copy_does_not_decide_the_swap():
    """pages/<id>.html (web, for readers without scripts) rewrites links; the course loads
    pages/<id>.js. Another page's plain copy changing still relaunches."""
    old_files = {
        "pages/intro.js": b'courseforgePage("intro","<p>Hello <a href=\\"#page-more\\">more</a></p>");',
        "pages/intro.html": b'<p>Hello <a href="more.html">more</a></p>',
        "pages/more.html": b"<p>More</p>",
    }
    old_pages = pages(
        ("intro", '<p>Hello <a href="#page-more">more</a></p>'), ("more", "<p>More</p>")
    )
    new_pages = pages(("intro", '<p>Hi <a href="#page-more">more</a></p>'), ("more", "<p>More</p>"))
    new_files = {
        **old_files,
        "pages/intro.js": b'courseforgePage("intro","<p>Hi <a href=\\"#page-more\\">more</a></p>");',
        "pages/intro.html": b'<p>Hi <a href="more.html">more</a></p>',
    }
    change = build_change(old_files, new_files, old_pages, new_pages)
    assert change.action == "swap"
    assert [page.id for page in change.pages] == ["intro"]
    other = {**new_files, "pages/more.html": b"<p>More!</p>"}
    assert build_change(old_files, other, old_pages, new_pages).action == "relaunch"
