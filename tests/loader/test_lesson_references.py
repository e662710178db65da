"""A lesson's own checks (loader/lesson_references.py): Markdown depth, formulas, images and
links, each error pinned as the author reads it (file:line:col, field, message)."""

from __future__ import annotations

import sys

import pytest
from tests.loader.course_factory import author_errors, write_course

from courseforge.loader import load_course
from courseforge.loader.limits import MAX_MARKDOWN_DEPTH

LESSON = "modules/intro/hello.md"
AT = f"course/{LESSON}"
HEAD = "---\nid: hello\ntitle: Hello\n---\n"  # the body starts at line 5
TOO_DEEP = (
    f"Markdown nested deeper than {MAX_MARKDOWN_DEPTH} levels (lists, quotes, emphasis inside "
    "one another); flatten it"
)
DEEP = "> " * (MAX_MARKDOWN_DEPTH + 1) + "deep"
OUTSIDE = "expected a file inside the course folder, got"
UNPACKABLE = (
    "expected an asset file name that a package can hold (no control characters, ':' or '\\'), got"
)


pytestmark = pytest.mark.usefixtures("in_tmp")  # messages name files as course/...


def lesson_errors(tmp_path, body: str, *assets: str) -> list[str]:
    """The errors of a lesson with this body (its assets written beside it)."""
    course = write_course(tmp_path, **{LESSON: HEAD + body})
    for name in assets:
        path = course / "modules/intro" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\x89PNG")
    return author_errors("course")


@pytest.mark.parametrize(
    ("body", "assets", "expected"),
    [
        ("Intro.\n\nMore.\n\n" + DEEP + "\n", (), f"{AT}:9:1: {TOO_DEEP}"),
        (
            "Intro.\n\nSolve $\\foo$ now.\n",
            (),
            f"{AT}:7:1: math: unknown command \\foo in formula '\\\\foo'",
        ),
        (
            "Text.\n\n![Up](../../../outside.png)\n",
            (),
            f"{AT}:7:1: image: {OUTSIDE} '../../../outside.png'",
        ),
        (
            "Text.\n\n[Up](../../../outside.txt)\n",
            (),
            f"{AT}:7:1: link: {OUTSIDE} '../../../outside.txt'",
        ),
        ("Text.\n\n![Root](/etc/hostname)\n", (), f"{AT}:7:1: image: {OUTSIDE} '/etc/hostname'"),
        (
            "Text.\n\n![Colon](a%3Ab.png)\n",
            ("a:b.png",),
            f"{AT}:7:1: image: {UNPACKABLE} 'modules/intro/a:b.png'",
        ),
        (
            "Text.\n\n![Bell](a%07b.png)\n",
            ("a\x07b.png",),
            f"{AT}:7:1: image: {UNPACKABLE} 'modules/intro/a\\x07b.png'",
        ),
        (
            "Text.\n\n[Notes](notes.txt)\n",
            (),
            f"{AT}:7:1: link: missing asset; expected course/modules/intro/notes.txt to exist",
        ),
    ],
    ids=[
        "deep",
        "math",
        "image-outside",
        "link-outside",
        "absolute",
        "colon",
        "control",
        "missing",
    ],
)
def test_each_reference_fault_is_told_at_its_line(tmp_path, body, assets, expected):
    assert lesson_errors(tmp_path, body, *assets) == [expected]


def test_a_line_too_deep_with_a_bad_formula_is_told_both(tmp_path):
    # Two errors at one place: both reported, sorted, no crash comparing them.
    assert lesson_errors(tmp_path, f"Intro.\n\n{DEEP} $\\foo$\n") == [
        f"{AT}:7:1: {TOO_DEEP}",
        f"{AT}:7:1: math: unknown command \\foo in formula '\\\\foo'",
    ]


@pytest.mark.parametrize("length", [1992, 1993])
def test_an_asset_path_longer_than_a_manifest_href_is_refused(tmp_path, length):
    # content/<path> must fit SCORM 1.2's 2,000-character href: 1,992 characters fit.
    folders = ("d" * 200 + "/") * 9  # 1,809 characters: still a path Linux can open
    name = folders + "x" * (length - len("modules/intro/") - len(folders) - 4) + ".png"
    body = f"Text.\n\n![Long]({name})\n"
    if length == 1992:
        course = write_course(tmp_path, **{LESSON: HEAD + body})
        path = course / "modules/intro" / name
        path.parent.mkdir(parents=True)
        path.write_bytes(b"\x89PNG")
        assert f"modules/intro/{name}" in load_course(course).assets
    else:
        assert lesson_errors(tmp_path, body, name) == [
            f"{AT}:7:1: image: expected an asset path of at most 1992 characters (a manifest's "
            f"file href), got {length}"
        ]


@pytest.mark.parametrize(
    "ref",
    ["a" * 300 + ".png", "d/" * 1500 + "x.png", "a" * 300 + ".mp4"],
    ids=["name-past-255-bytes", "thousands-of-folders", "media-name-past-255-bytes"],
)
def test_a_reference_the_system_cannot_open_is_a_missing_asset_not_a_crash(tmp_path, ref):
    assert lesson_errors(tmp_path, f"Text.\n\n![Far]({ref})\n") == [
        f"{AT}:7:1: image: missing asset; expected course/modules/intro/{ref} to exist"
    ]


def test_a_link_into_a_module_that_failed_to_load_is_trusted_to_the_file_on_disk(tmp_path):
    course_yaml = (
        "id: demo\ntitle: Demo\ndescription: d\nbase_iri: https://e.org/d\n"
        "completion: all_lessons\nmodules: [intro, extra]\n"
    )
    body = "Text.\n\n[Next](../extra/next.md) and [gone](../extra/gone.md)\n"
    course = write_course(
        tmp_path,
        **{
            "course.yaml": course_yaml,
            LESSON: HEAD + body,
            "modules/extra/module.yaml": "id: extra\ntitle: [broken\n",
            "modules/extra/next.md": HEAD.replace("hello", "next") + "Text.\n",
        },
    )
    (course / "modules/intro/check.quiz.yaml").unlink()
    (course / "modules/intro/module.yaml").write_text("id: intro\ntitle: I\npages: [hello.md]\n")
    errors = author_errors("course")
    assert errors[1:] == [
        f"{AT}:7:1: link: expected a link to a lesson or quiz of this course, got "
        "'../extra/gone.md'"
    ]
    assert errors[0].startswith("course/modules/extra/module.yaml:3:1: YAML syntax error")


@pytest.mark.parametrize(
    ("ref", "kind"),
    [("loop.png", "image"), ("loop.mp4", "image"), ("loop.md", "link"), ("loop/in.png", "image")],
)
def test_a_reference_through_a_symlink_loop_is_told_not_a_crash(tmp_path, ref, kind):
    course = write_course(tmp_path)
    for name in ("loop.png", "loop.mp4", "loop.md", "loop"):
        (course / "modules/intro" / name).symlink_to(name)  # each link leads to itself
    body = f"Text.\n\n{'!' if kind == 'image' else ''}[x]({ref})\n"
    (error,) = lesson_errors(tmp_path, body)
    assert error.startswith(f"{AT}:7:1: {kind}: ") and ref in error, error
    if sys.version_info < (3, 13):  # later Pythons resolve a loop to itself: a missing file
        assert error == f"{AT}:7:1: {kind}: expected {ref!r} to lead to a file, got a symlink loop"


def test_references_after_a_web_link_a_page_link_and_a_symlink_loop_are_still_checked(tmp_path):
    # Each of these ends its own reference's checks, not the lesson's: the image after is told.
    course = write_course(tmp_path)
    (course / "modules/intro/loop.png").symlink_to("loop.png")
    body = (
        "Text.\n\n[Web](https://example.org/a)\n\n[Page](hello.md)\n\n![Loop](loop.png)\n\n"
        "![Gone](gone.png)\n"
    )
    errors = lesson_errors(tmp_path, body)
    assert errors[-1] == (
        f"{AT}:13:1: image: missing asset; expected course/modules/intro/gone.png to exist"
    )
    assert len(errors) == 2 and errors[0].startswith(f"{AT}:11:1: image: "), errors
