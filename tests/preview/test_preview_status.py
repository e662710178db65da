"""The preview's builder and request guard, in process: what `/status` reports after good,
broken and crashing builds, and which Host names the guard accepts."""

from __future__ import annotations

import time

import pytest
from tests.loader.course_factory import LESSON_MD, write_course

from courseforge.errors import BuildError
from courseforge.preview import builds
from courseforge.preview.builds import PreviewBuilder
from courseforge.preview.guard import RequestGuard


@pytest.fixture
def course(tmp_path):
    return write_course(tmp_path)


def test_a_good_build_is_served_and_reported(course):
    builder = PreviewBuilder(course, "scorm12")
    before = time.time()
    builder.rebuild()
    status = builder.status()
    assert status == {
        "build": 1,
        "seconds": round(builder.current.seconds, 3),
        "finishedAt": builder.current.finished_at,
        "error": None,
        "package": {"kind": "SCORM 1.2", "launch": "index.html", "problems": []},
    }
    assert before <= status["finishedAt"] <= time.time()
    assert 0 <= builder.current.seconds < 600
    assert "imsmanifest.xml" in builder.current.files
    # inspect read the package under its own name, as an LMS would get it.
    assert builder.current.report.package == "demo-scorm12.zip"
    assert builder.current.number == builder.attempts == 1


def test_the_web_standard_is_inspected_as_a_plain_site(course):
    builder = PreviewBuilder(course, "web")
    builder.rebuild()
    package = builder.status()["package"]
    assert package == {"kind": "plain web site", "launch": "index.html", "problems": []}


def test_a_broken_course_keeps_the_last_good_build_and_says_why(course):
    builder = PreviewBuilder(course, "scorm2004")
    builder.rebuild()
    files = builder.current.files
    (course / "modules/intro/hello.md").write_text("---\nid: hello\n---\nText\n", "utf-8")
    builder.rebuild()
    status = builder.status()
    assert status["build"] == 1 and builder.current.files is files
    assert status["error"]["build"] == 2
    (message,) = status["error"]["messages"]
    assert message.endswith(
        "modules/intro/hello.md:2:1: title: required field is missing; expected a value, got nothing"
    )
    (course / "modules/intro/hello.md").write_text(LESSON_MD, "utf-8")
    builder.rebuild()
    status = builder.status()
    # Fixed back to build 1's very files: nothing to show anew, and the error is gone.
    assert (status["build"], status["error"]) == (1, None)
    assert builder.failure is None


def test_a_build_error_is_shown_line_by_line(course, monkeypatch):
    builder = PreviewBuilder(course, "scorm12")

    def refuse(*_args, **_kwargs):
        raise BuildError("first line\nsecond line")

    monkeypatch.setattr(builds, "plan", refuse)
    builder.rebuild()
    builder.rebuild()
    assert builder.status() == {
        "build": 0,
        "seconds": None,
        "finishedAt": None,
        "error": {"build": 2, "messages": ["first line", "second line"]},
        "package": None,
    }


def test_a_crash_is_shown_as_its_traceback_and_the_preview_goes_on(course, monkeypatch):
    builder = PreviewBuilder(course, "scorm12")
    builder.rebuild()

    def crash(*_args, **_kwargs):
        raise OSError("half-saved file")

    monkeypatch.setattr(builds, "plan", crash)
    builder.rebuild()
    error = builder.status()["error"]
    assert error["build"] == 2
    assert error["messages"][0] == "Traceback (most recent call last):"
    assert error["messages"][-1] == "OSError: half-saved file"
    assert builder.status()["build"] == 1


def test_a_swapped_page_whose_package_check_crashes_still_says_when_it_was_built(
    course, monkeypatch
):
    """The swapped lesson is already on the page when inspect crashes: the status that reports
    the crash is of that build, and the page shows its "built at" time from it."""
    builder = PreviewBuilder(course, "web")
    builder.rebuild()
    lesson = course / "modules/intro/hello.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nA new line.\n", "utf-8")

    def crash(*_args, **_kwargs):
        raise OSError("zip unreadable")

    monkeypatch.setattr(builds, "inspect_package", crash)
    before = time.time()
    builder.rebuild([lesson])
    assert builder.last_change.action == "swap"
    status = builder.status()
    assert status["build"] == 2
    assert status["error"]["messages"][-1] == "OSError: zip unreadable"
    assert before <= status["finishedAt"] <= time.time()


@pytest.mark.parametrize(
    ("host", "port", "hosts"),
    [
        ("127.0.0.1", 8000, {"127.0.0.1:8000", "localhost:8000"}),
        ("127.0.0.2", 8000, {"127.0.0.2:8000"}),  # only 127.0.0.1 is also called localhost
        ("127.0.0.1", 80, {"127.0.0.1:80", "localhost:80", "127.0.0.1", "localhost"}),
        ("127.0.0.1", 81, {"127.0.0.1:81", "localhost:81"}),
    ],
)
def test_the_guard_accepts_the_servers_own_names_only(host, port, hosts):
    guard = RequestGuard(host, port, "token")
    assert guard.hosts == hosts
    assert guard.origins == {f"http://{name}" for name in hosts}
    assert guard.token == "token"


def _headers(*pairs: tuple[str, str]):
    from email.message import Message

    message = Message()
    for name, value in pairs:
        message[name] = value
    return message


def test_the_guard_wants_exactly_one_host_and_says_which_it_answers_to():
    from courseforge.preview.guard import Refusal

    guard = RequestGuard("127.0.0.1", 8000, "token")
    assert guard.origin(_headers(("Host", "LOCALHOST:8000 "))) == "http://localhost:8000"
    for pairs in [(), (("Host", "127.0.0.1:8000"), ("Host", "127.0.0.1:8000"))]:
        with pytest.raises(Refusal) as refused:
            guard.origin(_headers(*pairs))
        assert str(refused.value) == "400 exactly one Host header is required"
    with pytest.raises(Refusal) as refused:
        guard.origin(_headers(("Host", "evil.example:8000")))
    assert str(refused.value) == (
        "421 this preview answers only to 127.0.0.1:8000, localhost:8000, not 'evil.example:8000'"
    )


def test_a_cross_site_state_change_is_refused_even_with_the_token():
    from courseforge.preview.guard import TOKEN_HEADER, Refusal

    guard = RequestGuard("127.0.0.1", 8000, "token")
    guard.check_state_change(
        "POST", _headers(("Sec-Fetch-Site", "same-origin"), (TOKEN_HEADER, "token"))
    )
    with pytest.raises(Refusal) as refused:
        guard.check_state_change(
            "POST", _headers(("Sec-Fetch-Site", "cross-site"), (TOKEN_HEADER, "token"))
        )
    assert str(refused.value) == "403 cross-site request refused (Sec-Fetch-Site: cross-site)"
