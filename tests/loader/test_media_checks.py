"""Media in lessons: caption files checked with webvtt-py, located; warnings for what is missing."""

from __future__ import annotations

import sys

import pytest
from tests.loader.course_factory import author_errors, write_course

from courseforge.build import plan
from courseforge.errors import BuildError
from courseforge.loader import load_course, media_checks
from courseforge.loader.course_checks import course_warnings
from courseforge.loader.media_checks import caption_problems

VIDEO_LESSON = """\
---
id: hello
title: Hello
---
Some text.

![A talk](talk.mp4)
"""
GOOD_VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello\n"


def media_course(tmp_path, **files):
    course = write_course(tmp_path, **{"modules/intro/hello.md": VIDEO_LESSON, **files})
    (course / "modules/intro/talk.mp4").write_bytes(b"\0" * 64)
    return course


pytestmark = pytest.mark.usefixtures("in_tmp")  # messages name files as course/...


def errors_of(course) -> list[str]:
    return author_errors(course)


def test_a_video_without_captions_is_a_located_warning_and_strict_fails(tmp_path):
    course = media_course(tmp_path)
    warnings = [str(w) for w in course_warnings(load_course(course))]
    assert any(
        w.startswith(
            "course/modules/intro/hello.md:7:1: captions: video 'talk.mp4' has no captions"
        )
        and "WCAG 1.2.2" in w
        and "talk.en.vtt" in w
        for w in warnings
    ), warnings
    with pytest.raises(BuildError, match="has no captions"):
        plan(course, strict=True)


def test_captions_beside_the_video_are_packaged_and_silence_the_warning(tmp_path):
    course = media_course(
        tmp_path,
        **{"modules/intro/talk.en.vtt": GOOD_VTT, "modules/intro/talk.pt-BR.vtt": GOOD_VTT},
    )
    loaded = load_course(course)
    assert sorted(loaded.assets) == [
        "modules/intro/talk.en.vtt",
        "modules/intro/talk.mp4",
        "modules/intro/talk.pt-BR.vtt",
    ]
    assert not [w for w in course_warnings(loaded) if "captions" in str(w)]


@pytest.mark.parametrize(
    ("vtt", "expected"),
    [
        ("nope\n", "talk.en.vtt:1:1: expected a WebVTT file starting with 'WEBVTT', got 'nope'"),
        (
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nok\n\n00:00:0x --> 00:00:02.000\nbad\n",
            "talk.en.vtt:6:1: expected a cue: an optional id line, then 'HH:MM:SS.mmm --> "
            "HH:MM:SS.mmm', then its text, and a blank line after it; got '00:00:0x --> "
            "00:00:02.000'",
        ),
        (
            "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nbackwards\n",
            "talk.en.vtt:3:1: expected a cue to end after it starts, got 00:00:05.000 --> "
            "00:00:02.000",
        ),
    ],
)
def test_a_malformed_caption_file_is_a_located_error(tmp_path, vtt, expected):
    course = media_course(tmp_path, **{"modules/intro/talk.en.vtt": vtt})
    assert errors_of(course) == [f"course/modules/intro/{expected}"]


def test_every_bad_caption_file_is_reported_at_once(tmp_path):
    course = media_course(
        tmp_path,
        **{
            "modules/intro/talk.en.vtt": "nope\n",
            "modules/intro/talk.fr.vtt": "WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nx\n",
            "modules/intro/talk.en_GB.vtt": GOOD_VTT,
        },
    )
    errors = errors_of(course)
    assert len(errors) == 3
    assert errors[0].startswith("course/modules/intro/hello.md:7:1: captions: caption file ")
    assert "expected a BCP 47 language tag" in errors[0]


def test_captions_that_are_not_utf8_are_a_located_error(tmp_path):
    course = media_course(tmp_path)
    (course / "modules/intro/talk.en.vtt").write_bytes(b"WEBVTT\n\n\xff\xfe")
    assert errors_of(course) == [
        "course/modules/intro/talk.en.vtt:1:1: expected UTF-8 text, got an undecodable byte at offset 8"
    ]


def test_audio_without_a_transcript_is_a_warning(tmp_path):
    lesson = VIDEO_LESSON.replace("talk.mp4", "talk.mp3")
    course = write_course(tmp_path, **{"modules/intro/hello.md": lesson})
    (course / "modules/intro/talk.mp3").write_bytes(b"\0" * 64)
    warnings = [str(w) for w in course_warnings(load_course(course))]
    assert [w for w in warnings if "transcript" in w] == [
        "course/modules/intro/hello.md:7:1: transcript: audio 'talk.mp3' has no transcript "
        "(WCAG 1.2.1); add talk.transcript.md beside it"
    ]
    (course / "modules/intro/talk.transcript.md").write_text("Words.")
    assert not [w for w in course_warnings(load_course(course)) if "transcript" in str(w)]


def test_embeds_warn_that_the_package_depends_on_another_site(tmp_path):
    lesson = VIDEO_LESSON.replace(
        "![A talk](talk.mp4)",
        "![A talk](https://youtu.be/abcdefghijk)\n\n"
        '<iframe src="https://maps.example.org/embed?x=1" title="Map"></iframe>\n\n'
        '<iframe src="http://insecure.example.org/x"></iframe>',
    )
    course = write_course(tmp_path, **{"modules/intro/hello.md": lesson})
    warnings = [str(w) for w in course_warnings(load_course(course))]
    assert warnings == [
        "course/modules/intro/hello.md:7:1: embed: the package depends on another site: this "
        "embed loads from youtube.com when a learner asks for it (a click-to-load placeholder "
        "until then); it is missing offline",
        "course/modules/intro/hello.md:9:1: embed: the package depends on another site: this "
        "embed loads from maps.example.org when a learner asks for it (a click-to-load "
        "placeholder until then); it is missing offline",
        "course/modules/intro/hello.md:11:1: embed: <iframe src='http://insecure.example.org/x'> "
        "is left out: only https:// embeds are shown",
    ]


def test_a_large_video_is_not_an_asset_warning(tmp_path):
    course = media_course(tmp_path, **{"modules/intro/talk.en.vtt": GOOD_VTT})
    (course / "modules/intro/talk.mp4").write_bytes(b"\0" * 2_000_000)
    assert [str(w) for w in course_warnings(load_course(course))] == []


def test_a_package_over_the_course_size_limit_warns_and_strict_fails(tmp_path):
    course = media_course(tmp_path, **{"modules/intro/talk.en.vtt": GOOD_VTT})
    text = (course / "course.yaml").read_text()
    (course / "course.yaml").write_text(text + "package_size_limit_mb: 1\n")
    (course / "modules/intro/talk.mp4").write_bytes(b"\0" * 1_200_000)
    too_large = [w for w in plan(course).warnings if "package_size_limit_mb" in w]
    assert len(too_large) == 1
    assert too_large[0].startswith("web: demo-web.zip holds 1.3 MB of files, over the 1 MB set by")
    assert "; largest: content/modules/intro/talk.mp4 (1.2 MB), runtime/" in too_large[0]
    with pytest.raises(BuildError, match="package_size_limit_mb"):
        plan(course, strict=True)


@pytest.mark.parametrize("sidecar", ["talk.poster.png", "talk.en.vtt", "talk.transcript.md"])
def test_a_sidecar_leading_out_of_the_course_is_a_located_error(tmp_path, sidecar):
    course = media_course(tmp_path)
    outside = tmp_path / "secret.txt"
    outside.write_text("WEBVTT\n")
    (course / "modules/intro" / sidecar).symlink_to(outside)
    field = {"png": "poster", "vtt": "captions", "md": "transcript"}[sidecar.rsplit(".", 1)[1]]
    assert errors_of(course) == [
        f"course/modules/intro/hello.md:7:1: {field}: expected {sidecar!r} to be a file inside "
        "the course folder"
    ]


def test_a_transcript_over_the_text_file_limit_is_an_error(tmp_path):
    course = media_course(tmp_path, **{"modules/intro/talk.en.vtt": GOOD_VTT})
    (course / "modules/intro/talk.transcript.md").write_text("x" * (1024 * 1024 + 1))
    assert errors_of(course) == [
        "course/modules/intro/hello.md:7:1: transcript: 'talk.transcript.md' is larger than the "
        "1,048,576-byte limit for a text file"
    ]


@pytest.mark.parametrize(
    ("vtt", "line", "found"),
    [
        # Strict parsing: a cue must end with a blank line before the next one starts ...
        (
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nA\n00:00:01.000 --> 00:00:02.000\nB\n",
            3,
            "00:00:00.000 --> 00:00:01.000",
        ),
        # ... and its times need every field (players differ on short ones).
        ("WEBVTT\n\n0:0:1.000 --> 0:0:2.000\nshort\n", 3, "0:0:1.000 --> 0:0:2.000"),
    ],
    ids=["no-blank-line-between-cues", "short-timestamps"],
)
def test_a_caption_file_webvtt_reads_only_leniently_is_refused_at_the_cue(
    tmp_path, vtt, line, found
):
    course = media_course(tmp_path, **{"modules/intro/talk.en.vtt": vtt})
    assert errors_of(course) == [
        f"course/modules/intro/talk.en.vtt:{line}:1: expected a cue: an optional id line, then "
        "'HH:MM:SS.mmm --> HH:MM:SS.mmm', then its text, and a blank line after it; got "
        f"{found!r}"
    ]


def test_a_caption_file_without_the_header_shows_its_first_line_only(tmp_path):
    vtt = "Subtitles for the talk\nWEBVTT\n\n00:00:00.000 --> 00:00:01.000\nA\n"
    course = media_course(tmp_path, **{"modules/intro/talk.en.vtt": vtt})
    assert errors_of(course) == [
        "course/modules/intro/talk.en.vtt:1:1: expected a WebVTT file starting with 'WEBVTT', "
        "got 'Subtitles for the talk'"
    ]


SEVERAL_MEDIA = """\
---
id: hello
title: Hello
---
Text.

[Site](https://example.org) and ![Dot](dot.png) and ![Far](https://example.org/x.png)

![Loop](loop.mp4)

![A talk](talk.mp4)

![A song](song.mp3)

![Clip](clip.mp4)
"""


def several_media_course(tmp_path, **files):
    course = write_course(tmp_path, **{"modules/intro/hello.md": SEVERAL_MEDIA, **files})
    for name in ("talk.mp4", "song.mp3", "dot.png", "clip.mp4"):
        (course / "modules/intro" / name).write_bytes(b"\0" * 8)
    return course


def test_each_media_block_of_a_lesson_is_checked_after_links_images_and_a_broken_one(tmp_path):
    course = several_media_course(
        tmp_path,
        **{"modules/intro/talk.en.vtt": "nope\n", "modules/intro/clip.xx_YY.vtt": GOOD_VTT},
    )
    (course / "modules/intro/loop.mp4").symlink_to("loop.mp4")
    assert errors_of(course) == [
        "course/modules/intro/hello.md:9:1: image: expected 'loop.mp4' to lead to a file, got a "
        "symlink loop",
        "course/modules/intro/hello.md:15:1: captions: caption file 'clip.xx_YY.vtt': expected "
        "a BCP 47 language tag such as en or pt-BR, got 'xx_YY'",
        "course/modules/intro/talk.en.vtt:1:1: expected a WebVTT file starting with 'WEBVTT', "
        "got 'nope'",
    ]


def test_each_media_block_of_a_lesson_is_warned_about(tmp_path):
    course = several_media_course(
        tmp_path, **{"modules/intro/hello.md": SEVERAL_MEDIA.replace("![Loop](loop.mp4)", "")}
    )
    assert [str(w) for w in course_warnings(load_course(course))] == [
        "course/modules/intro/hello.md:7:1: image: image loads from another site "
        "('https://example.org/x.png'); it is missing offline and may be blocked inside an LMS: "
        "put the file next to the lesson",
        "course/modules/intro/hello.md:11:1: captions: video 'talk.mp4' has no captions (WCAG "
        "1.2.2); add talk.en.vtt beside it",
        "course/modules/intro/hello.md:13:1: transcript: audio 'song.mp3' has no transcript "
        "(WCAG 1.2.1); add song.transcript.md beside it",
        "course/modules/intro/hello.md:15:1: captions: video 'clip.mp4' has no captions (WCAG "
        "1.2.2); add clip.en.vtt beside it",
    ]


BAD_CUE = (
    "expected a cue: an optional id line, then 'HH:MM:SS.mmm --> HH:MM:SS.mmm', then its text, "
    "and a blank line after it; got '00:00:0x --> 00:00:02.000'"
)


@pytest.mark.parametrize(
    ("vtt", "expected"),
    [
        (
            "WEBVTT\r\n\r\n00:00:00.000 --> 00:00:01.000\r\nok\r\n\r\n00:00:0x --> 00:00:02.000\r\n",
            f"6:1: {BAD_CUE}",
        ),
        (
            "WEBVTT\r\r00:00:05.000 --> 00:00:01.000\rbackwards\r",
            "3:1: expected a cue to end after it starts, got 00:00:05.000 --> 00:00:01.000",
        ),
        ("WEBVTT\n\n\n\n00:00:0x --> 00:00:02.000\nbad\n", f"5:1: {BAD_CUE}"),
        (
            "WEBVTT\n\nid1\n00:00:02.000 --> 00:00:01.000\nx\n\n00:00:03.000 --> 00:00:04.000\n",
            "3:1: expected a cue to end after it starts, got 00:00:02.000 --> 00:00:01.000",
        ),
        ("", "1:1: expected a WebVTT file starting with 'WEBVTT', got ''"),
    ],
    ids=["crlf", "cr", "blank-lines", "cue-with-id", "empty"],
)
def test_a_caption_problem_is_told_at_the_line_its_cue_starts(tmp_path, vtt, expected):
    path = tmp_path / "talk.en.vtt"
    path.write_bytes(vtt.encode())
    assert [str(e) for e in caption_problems(path)] == [f"talk.en.vtt:{expected}"]  # cwd: tmp_path


@pytest.mark.parametrize("over", [0, 1], ids=["at-the-limit", "one-byte-over"])
def test_a_transcript_is_held_to_the_text_file_limit_to_the_byte(tmp_path, monkeypatch, over):
    monkeypatch.setattr(media_checks, "MAX_FILE_BYTES", 100 - over)
    course = media_course(tmp_path, **{"modules/intro/talk.en.vtt": GOOD_VTT})
    (course / "modules/intro/talk.transcript.md").write_text("x" * 100)
    if not over:
        assert "modules/intro/talk.transcript.md" in load_course(course).assets
    else:
        assert errors_of(course) == [
            "course/modules/intro/hello.md:7:1: transcript: 'talk.transcript.md' is larger than "
            "the 99-byte limit for a text file"
        ]


@pytest.mark.parametrize(
    ("sidecar", "field"),
    [
        ("talk.en.vtt", "captions"),
        ("talk.vtt", "captions"),
        ("talk.poster.png", "poster"),
        ("talk.transcript.md", "transcript"),
    ],
)
def test_a_sidecar_that_is_a_symlink_loop_is_told_not_a_crash(tmp_path, sidecar, field):
    course = media_course(tmp_path)
    (course / "modules/intro" / sidecar).symlink_to(sidecar)  # a link to itself
    (error,) = errors_of(course)
    assert error.startswith(f"course/modules/intro/hello.md:7:1: {field}: expected {sidecar!r}")
    if sys.version_info < (3, 13):  # later Pythons resolve a loop to itself: not a file
        assert error.endswith("to lead to a file, got a symlink loop")


def test_a_transcript_listed_as_a_page_and_not_utf8_is_told_once(tmp_path):
    # Both readers find it (as a page and as a transcript) and say it in the same words: told once.
    lesson = VIDEO_LESSON.replace("talk.mp4", "talk.mp3")
    module = "id: intro\ntitle: I\npages: [hello.md, talk.transcript.md, check.quiz.yaml]\n"
    course = write_course(
        tmp_path, **{"modules/intro/hello.md": lesson, "modules/intro/module.yaml": module}
    )
    (course / "modules/intro/talk.mp3").write_bytes(b"\0" * 64)
    (course / "modules/intro/talk.transcript.md").write_bytes(b"Caf\xe9\n")
    at = "course/modules/intro/talk.transcript.md:1:1:"
    assert errors_of(course) == [f"{at} expected UTF-8 text, got an undecodable byte at offset 3"]
