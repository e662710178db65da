"""The inspect report as a user reads it: the words of a refusal, the unit rows, the size
table's zipped column, a launch URL with a query, one problem per mistake, and JSON that shows
a title as written."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from click.testing import CliRunner
from hostile_zips import claim_entry_count, deflated_zip
from inspect_packages import scorm12_files, tincan_files, zip_bytes

from courseforge.cli import main


def _inspect(tmp_path: Path, package: bytes, *options: str) -> tuple[int, str]:
    path = tmp_path / "package.zip"
    path.write_bytes(package)
    result = CliRunner().invoke(main, ["inspect", *options, str(path)], catch_exceptions=False)
    return result.exit_code, result.stdout


def _problems(tmp_path: Path, package: bytes) -> list[str]:
    code, text = _inspect(tmp_path, package)
    assert code == 1, text
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  problems"))
    return [line.strip() for line in lines[start + 1 :]]


def _manifest_with(old: str, new: str) -> dict[str, bytes]:
    files = scorm12_files()
    manifest = files["imsmanifest.xml"].decode()
    changed = re.sub(old, new, manifest, flags=re.S)
    assert changed != manifest
    return {**files, "imsmanifest.xml": changed.encode()}


def _tincan_launching(url: str) -> dict[str, bytes]:
    files = tincan_files()
    xml = files["tincan.xml"].replace(b">index.html</launch>", f">{url}</launch>".encode())
    return {**files, "tincan.xml": xml}


def test_a_zip_claiming_too_many_entries_is_refused_in_words(tmp_path):
    code, text = _inspect(tmp_path, claim_entry_count(zip_bytes(scorm12_files()), 60_000), "--json")
    assert [p["message"] for p in json.loads(text)["problems"]] == [
        "the zip declares 60,000 entries, more than 50,000; not read"
    ]


def test_an_entry_climbing_out_of_the_folder_is_told_what_unpacking_would_do(tmp_path):
    files = {**scorm12_files(), "../evil.html": b"x"}
    code, text = _inspect(tmp_path, zip_bytes(files), "--json")
    assert [(p["rule"], p["message"], p["where"]) for p in json.loads(text)["problems"]] == [
        (
            "zip-unsafe-name",
            "entry name '../evil.html' contains a `..` segment; unpacking this zip could write "
            "outside its folder",
            "../evil.html",
        )
    ]


def test_a_launch_url_with_a_query_finds_its_file(tmp_path):
    code, text = _inspect(tmp_path, zip_bytes(_tincan_launching("index.html?mode=review")))
    assert code == 0, text
    assert (
        "    https://example.com/courses/golf: Golf example -> index.html?mode=review [activity]"
        in text.splitlines()
    )


def test_a_launch_above_the_package_is_one_problem_not_two(tmp_path):
    assert _problems(tmp_path, zip_bytes(_tincan_launching("../index.html"))) == [
        "tincan.xml:7: error: activity 'https://example.com/courses/golf' launches "
        "../index.html, which points above the package root: an LMS serves only what is inside "
        "the zip [launch-file-missing]"
    ]


def test_a_scorm_launch_and_file_above_the_package_are_told_so_not_called_missing(tmp_path):
    files = _manifest_with('href="shared/launch.html">', 'href="../launch.html">')
    files = _manifest_with_files(
        files, '<file href="shared/style.css"/>', '<file href="../style.css"/>'
    )
    problems = _problems(tmp_path, zip_bytes(files))
    above = "which points above the package root: an LMS serves only what is inside the zip"
    launch_line = _line_of(files, 'href="../launch.html"')
    file_line = _line_of(files, '<file href="../style.css"')
    assert [p for p in problems if "above" in p] == [
        f"imsmanifest.xml:{launch_line}: error: resource 'res-1' "
        f"launches ../launch.html, {above} [launch-file-missing]",
        f"imsmanifest.xml:{file_line}: error: resource "
        f"'res-1' declares ../style.css, {above} [file-missing]",
    ]
    # A file that is merely absent keeps its plain words.
    absent = _manifest_with('<file href="shared/style.css"/>', '<file href="shared/gone.css"/>')
    assert any(
        p.endswith(
            "resource 'res-1' declares shared/gone.css, which is not in the zip [file-missing]"
        )
        for p in _problems(tmp_path, zip_bytes(absent))
    )


def _manifest_with_files(files: dict[str, bytes], old: str, new: str) -> dict[str, bytes]:
    manifest = files["imsmanifest.xml"].decode()
    assert old in manifest
    return {**files, "imsmanifest.xml": manifest.replace(old, new).encode()}


def _line_of(files: dict[str, bytes], text: str) -> int:
    manifest = files["imsmanifest.xml"].decode()
    return manifest[: manifest.index(text)].count("\n") + 1


def test_a_manifest_without_organizations_is_told_there_is_nothing_to_launch(tmp_path):
    files = _manifest_with(r"<organizations.*</organizations>", "<organizations/>")
    assert _problems(tmp_path, zip_bytes(files)) == [
        "imsmanifest.xml:12: error: no <organization>: there is no course structure for an "
        "LMS to launch [scorm-organization]"
    ]


def test_an_item_referring_to_a_missing_resource_is_told_at_the_item(tmp_path):
    files = _manifest_with('identifierref="res-1"', 'identifierref="res-9"')
    assert _problems(tmp_path, zip_bytes(files)) == [
        "imsmanifest.xml:15: error: item 'item-1' refers to resource 'res-9', which the "
        "manifest does not have [scorm-item-reference]"
    ]


def test_a_unit_without_a_kind_is_listed_without_brackets(tmp_path):
    files = _manifest_with(' adlcp:scormtype="sco"', "")
    code, text = _inspect(tmp_path, zip_bytes(files))
    assert "    item-1: Lesson one -> shared/launch.html masteryscore=75" in text.splitlines()


def test_the_size_table_adds_up_each_types_zipped_bytes(tmp_path):
    files = {**scorm12_files(), "shared/b.html": b"<p>" + b"a" * 5000 + b"</p>"}
    package = deflated_zip(files)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        html = [i for i in archive.infolist() if i.filename.endswith(".html")]
    code, text = _inspect(tmp_path, package, "--json")
    (row,) = [r for r in json.loads(text)["sizes"] if r["extension"] == ".html"]
    assert row == {
        "extension": ".html",
        "files": 2,
        "size": sum(i.file_size for i in html),
        "compressed": sum(i.compress_size for i in html),
    }


def test_json_shows_a_title_as_written(tmp_path):
    files = _manifest_with("Foreign course", "Cours d’été")
    code, text = _inspect(tmp_path, zip_bytes(files), "--json")
    assert '  "title": "Cours d’été",' in text.splitlines()  # not "Cours d\\u2019\\u00e9t\\u00e9"


def _launch_row(tmp_path: Path, href: str, parameters: str) -> str:
    files = _manifest_with(
        'identifierref="res-1"', f'identifierref="res-1" parameters="{parameters}"'
    )
    manifest = (
        files["imsmanifest.xml"].decode().replace('href="shared/launch.html">', f'href="{href}">')
    )
    code, text = _inspect(tmp_path, zip_bytes({**files, "imsmanifest.xml": manifest.encode()}))
    return next(line for line in text.splitlines() if line.startswith("    item-1:"))


def test_an_items_parameters_start_the_query_moodle_opens(tmp_path):
    assert _launch_row(tmp_path, "shared/launch.html", "?mode=review") == (
        "    item-1: Lesson one -> shared/launch.html?mode=review [sco] masteryscore=75"
    )


def test_an_items_parameters_join_a_query_the_href_already_has(tmp_path):
    assert _launch_row(tmp_path, "shared/launch.html?lang=en", "mode=review") == (
        "    item-1: Lesson one -> shared/launch.html?lang=en&mode=review [sco] masteryscore=75"
    )


def test_a_masteryscore_of_zero_is_valid(tmp_path):
    code, text = _inspect(tmp_path, zip_bytes(scorm12_files(masteryscore="0")))
    assert code == 0 and "  problems  none" in text.splitlines(), text


def test_json_gives_a_missing_identifier_as_an_empty_string_never_null(tmp_path):
    files = scorm12_files()
    manifest = files["imsmanifest.xml"].decode()
    manifest = manifest.replace('identifier="com.example.foreign12" ', "")
    manifest = manifest.replace('<item identifier="item-1" ', "<item ")
    package = zip_bytes({**files, "imsmanifest.xml": manifest.encode()})
    report = json.loads(_inspect(tmp_path, package, "--json")[1])
    assert report["identifier"] == "" and [u["identifier"] for u in report["units"]] == [""]
