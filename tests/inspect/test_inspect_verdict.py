"""`courseforge validate package.zip` ends on one line: the package, its problems counted in
words, and what it is; `inspect` shows the whole package as a table."""

from __future__ import annotations

from click.testing import CliRunner
from inspect_packages import cmi5_files, zip_bytes

from courseforge.cli import main


def _verdict(tmp_path, files: dict[str, bytes]) -> tuple[int, str]:
    package = tmp_path / "package.zip"
    package.write_bytes(zip_bytes(files))
    result = CliRunner().invoke(main, ["validate", str(package)])
    return result.exit_code, result.output.splitlines()[-1].replace(str(package), "package.zip")


def test_one_error_is_counted_in_the_singular(tmp_path):
    assert _verdict(tmp_path, cmi5_files(mastery="80")) == (
        1,
        "package.zip: 1 error — cmi5, 1 AU, launch index.html",
    )


def test_a_sound_package_is_ok(tmp_path):
    assert _verdict(tmp_path, cmi5_files()) == (
        0,
        "package.zip: OK — cmi5, 1 AU, launch index.html",
    )


def test_inspect_prints_the_package_as_a_table_an_author_can_read(tmp_path):
    package = tmp_path / "package.zip"
    package.write_bytes(zip_bytes(cmi5_files(mastery="80")))
    lines = CliRunner().invoke(main, ["inspect", str(package)]).output.splitlines()
    assert lines[:6] == [
        str(package),
        "  kind      cmi5",
        "  title     Foreign cmi5 course",
        "  id        https://example.com/courses/foreign",
        "  launch    index.html",
        "  units     1 AU",
    ]
    assert lines[6] == (
        "    https://example.com/courses/foreign/au1: The AU -> index.html [au] "
        "moveOn=CompletedAndPassed masteryScore=80"
    )
    assert "  problems  1" in lines
