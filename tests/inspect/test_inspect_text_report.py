"""The text `courseforge inspect` prints, line for line, and the one-line verdict of `validate`.

The admin reads these before uploading a package: what it is, its units, its sizes by file type
(human units), how many rules ran, and each problem as `file:line: severity: message [rule]`.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from click.testing import CliRunner
from inspect_packages import (
    PAGE,
    SECOND_ACTIVITY,
    cmi5_files,
    qti21_files,
    scorm12_files,
    tincan_files,
    zip_bytes,
)

from courseforge.cli import main
from courseforge.inspect import RULES, inspect_package
from courseforge.inspect.text_report import full_report, human_size, verdict


def rule_count(kind: str) -> int:
    """The zip's own rules plus the kind's (inspect_package runs exactly these on a read manifest)."""
    return sum(rule.kinds is None or kind in rule.kinds for rule in RULES)


def report_of(files: dict[str, bytes], expect: str = "any"):
    return inspect_package(io.BytesIO(zip_bytes(files)), expect=expect, name="course.zip")


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 B"),
        (1, "1 B"),
        (1023, "1,023 B"),
        (1024, "1.0 KB"),
        (1536, "1.5 KB"),
        (10 * 1024 + 512, "10.5 KB"),
        (1024**2, "1.0 MB"),
        (3 * 1024**2 + 1024**2 // 4, "3.2 MB"),
        (1024**3, "1.0 GB"),
        (5 * 1024**3, "5.0 GB"),
        (3 * 1024**4, "3,072.0 GB"),  # GB is the largest unit
        # The unit is chosen on the figure as shown: never "1,024.0 KB" or "1,024.0 MB".
        (1024**2 - 1, "1.0 MB"),
        (1024**2 - 52, "1,023.9 KB"),
        (1024**2 - 51, "1.0 MB"),
        (1024**3 - 1, "1.0 GB"),
    ],
)
def test_sizes_are_shown_in_the_largest_unit_below_1024(size, shown):
    assert human_size(size) == shown


def test_a_plain_site_report_line_by_line():
    files = {"index.html": PAGE, "img/photo.png": b"x" * (3 * 1024**2), "app.js": b"1" * 1536}
    report = report_of(files, expect="web")
    assert full_report(report).splitlines() == [
        "course.zip",
        "  kind      plain web site",
        "  launch    index.html",
        "  files     3, 3.0 MB (3.0 MB zipped)",
        "    .png         1     3.0 MB     3.0 MB zipped",
        "    .js          1     1.5 KB     1.5 KB zipped",
        "    .html        1       34 B       34 B zipped",
        f"  rules     {rule_count('web')} checked",
        "  problems  none",
    ]
    assert verdict(report) == "course.zip: OK — plain web site, launch index.html"


def test_a_scorm_report_line_by_line():
    files = scorm12_files()
    manifest = human_size(len(files["imsmanifest.xml"]))
    report = report_of(files)
    assert full_report(report).splitlines() == [
        "course.zip",
        "  kind      SCORM 1.2",
        "  version   1.2",
        "  title     Foreign course",
        "  id        com.example.foreign12",
        "  launch    shared/launch.html",
        "  units     1 SCO",
        "    item-1: Lesson one -> shared/launch.html [sco] masteryscore=75",
        f"  files     3, {human_size(len(files['imsmanifest.xml']) + 34 + 6)} ({manifest} zipped)",
        f"    .xml         1 {manifest:>10} {manifest:>10} zipped",
        "    .html        1       34 B       34 B zipped",
        "    .css         1        6 B        6 B zipped",
        f"  rules     {rule_count('scorm12')} checked",
        "  problems  none",
    ]
    assert verdict(report) == ("course.zip: OK — SCORM 1.2 (1.2), 1 SCO, launch shared/launch.html")


def test_a_failing_tincan_report_lists_its_problem_with_its_line():
    files = {**tincan_files(), "notes.txt": b"x" * 3000}
    del files["index.html"]
    report = report_of(files)
    lines = full_report(report).splitlines()
    assert lines[:7] == [
        "course.zip",
        "  kind      xAPI (TinCan)",
        "  title     Golf example",
        "  id        https://example.com/courses/golf",
        "  launch    index.html",
        "  units     1 activity",
        "    https://example.com/courses/golf: Golf example -> index.html [activity]",
    ]
    assert lines[8] == "    .txt         1     2.9 KB     2.9 KB zipped"
    assert lines[-3:] == [
        f"  rules     {rule_count('tincan')} checked",
        "  problems  1",
        "    tincan.xml:7: error: activity 'https://example.com/courses/golf' launches "
        "index.html, which is not in the zip [launch-file-missing]",
    ]
    assert verdict(report) == ("course.zip: 1 error — xAPI (TinCan), 1 activity, launch index.html")


def test_a_question_package_has_no_launch_and_counts_tests():
    report = report_of(qti21_files(), expect="lms")
    lines = full_report(report).splitlines()
    assert lines[1:7] == [
        "  kind      QTI 2.1 question package",
        "  title     Foreign item bank",
        "  id        bank-1",
        "  launch    -",
        "  units     1 test",
        "    test-1: Capitals -> tests/test1.xml [test]",
    ]
    assert lines[-2:] == [
        "  problems  1",
        "    error: expected an LMS package, found a QTI 2.1 question package: import it into "
        "the question bank of an LMS that reads QTI 2.1, not as a SCORM activity "
        "[package-kind-mismatch]",
    ]
    assert verdict(report) == "course.zip: 1 error — QTI 2.1 question package, 1 test"


def test_errors_and_warnings_are_counted_apart_in_the_verdict():
    files = {**scorm12_files(), "a.js": b"1", "b.js": b"1"}
    del files["shared/style.css"]
    assert verdict(report_of(files)) == (
        "course.zip: 1 error, 2 warnings — SCORM 1.2 (1.2), 1 SCO, launch shared/launch.html"
    )


def test_beyond_ten_problems_of_a_rule_the_text_summarises(tmp_path):
    extra = {f"x{number:02}.js": b"1" for number in range(13)}
    package = tmp_path / "course.zip"
    package.write_bytes(zip_bytes({**scorm12_files(), **extra}))
    result = CliRunner().invoke(main, ["inspect", str(package)], catch_exceptions=False)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "  problems  13" in lines
    shown = [line.strip().split(":")[0] for line in lines if line.endswith("[file-undeclared]")]
    assert shown == sorted(extra)[:10]
    assert lines[-1] == "    ... and 3 more [file-undeclared] (see --json)"


def test_zipped_sizes_are_the_compressed_ones():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", PAGE)
        archive.writestr("blank.txt", b"\0" * 100 * 1024)
        infos = {info.filename: info for info in archive.infolist()}
    report = inspect_package(io.BytesIO(buffer.getvalue()), expect="web", name="course.zip")
    zipped = {name: human_size(info.compress_size) for name, info in infos.items()}
    total = human_size(sum(info.compress_size for info in infos.values()))
    assert (
        infos["blank.txt"].compress_size < 1024
    )  # a hundred KB of zeros deflate to almost nothing
    assert full_report(report).splitlines()[3:6] == [
        f"  files     2, 100.0 KB ({total} zipped)",
        f"    .txt         1   100.0 KB {zipped['blank.txt']:>10} zipped",
        f"    .html        1       34 B {zipped['index.html']:>10} zipped",
    ]


def test_file_types_of_equal_size_are_listed_by_extension():
    files = {"index.html": PAGE, "b.css": b"12345", "a.js": b"12345", "c.svg": b"12345"}
    rows = full_report(report_of(files, expect="web")).splitlines()[4:8]
    assert [row.split()[0] for row in rows] == [".html", ".css", ".js", ".svg"]


def test_a_file_that_is_no_package_reads_as_such(tmp_path):
    report = inspect_package(io.BytesIO(b"not a zip"), name="course.zip")
    assert full_report(report).splitlines() == [
        "course.zip",
        "  kind      unknown",
        "  launch    -",
        "  files     0, 0 B (0 B zipped)",
        "  rules     2 checked",
        "  problems  1",
        "    error: not a readable zip archive: File is not a zip file [zip-invalid]",
    ]
    assert verdict(report) == "course.zip: 1 error — unknown"


def test_units_are_counted_in_the_plural_beyond_one():
    report = report_of(tincan_files(more=SECOND_ACTIVITY))
    assert verdict(report) == "course.zip: 1 error — xAPI (TinCan), 2 activities, launch index.html"
    assert "  units     2 activities" in full_report(report).splitlines()


def test_files_without_extension_and_in_capitals_are_grouped_by_lower_case_type():
    files = {"index.html": PAGE, "LICENSE": b"1" * 2000, "IMG.PNG": b"1" * 1500, "b.png": b"1"}
    rows = full_report(report_of(files, expect="web")).splitlines()[4:7]
    assert rows == [
        "    (none)       1     2.0 KB     2.0 KB zipped",
        "    .png         2     1.5 KB     1.5 KB zipped",
        "    .html        1       34 B       34 B zipped",
    ]


def test_a_unit_line_lists_its_kind_and_every_mastery_setting():
    lines = full_report(report_of(cmi5_files())).splitlines()
    assert (
        "    https://example.com/courses/foreign/au1: The AU -> index.html [au] "
        "moveOn=CompletedAndPassed masteryScore=0.8"
    ) in lines


def test_a_manifest_with_nothing_to_launch_shows_no_launch():
    manifest = scorm12_files()["imsmanifest.xml"].replace(b'identifierref="res-1"', b"")
    report = report_of({**scorm12_files(), "imsmanifest.xml": manifest})
    assert (report.launch, report.units) == ("", [])
    lines = full_report(report).splitlines()
    assert "  launch    -" in lines
    assert not [line for line in lines if line.startswith("  units")]
    assert verdict(report) == "course.zip: 1 error — SCORM 1.2 (1.2)"


def test_a_problem_reads_as_the_preview_lists_it():
    """The preview's build panel shows str(problem): place, severity, message, rule id."""
    files = {**scorm12_files(), "extra.js": b"1"}
    del files["shared/style.css"]
    report = report_of(files)
    assert [str(problem) for problem in report.problems] == [
        "extra.js: warning: extra.js is in the zip but no resource declares it (<file href>); "
        "SCORM content packaging lists every file (ADL's test suite checks it) [file-undeclared]",
        "imsmanifest.xml:24: error: resource 'res-1' declares shared/style.css, which is not in "
        "the zip [file-missing]",
    ]
    whole = inspect_package(io.BytesIO(b"not a zip"), name="course.zip").problems[0]
    assert str(whole) == "error: not a readable zip archive: File is not a zip file [zip-invalid]"
