"""What an LMS admin reads in `courseforge inspect`: each finding's wording, place and order.

Each case builds a foreign manifest with one fault (or one setting) and reads the `--json`
report: the exact message, the `imsmanifest.xml:LINE` it points at, the exit code, and the
mastery settings and title the admin checks before uploading the package to Moodle.
Mostly SCORM manifests; also zip names, cmi5 launch URLs and the text report's lines.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from inspect_packages import cmi5_files, scorm12_files, scorm2004_files, tincan_files, zip_bytes

from courseforge.cli import main


def inspect_json(tmp_path: Path, files: dict[str, bytes]) -> tuple[int, dict]:
    package = tmp_path / "package.zip"
    package.write_bytes(zip_bytes(files))
    result = CliRunner().invoke(main, ["inspect", "--json", str(package)], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def replaced(files: dict[str, bytes], old: str, new: str) -> dict[str, bytes]:
    text = files["imsmanifest.xml"].decode()
    assert old in text, old
    return {**files, "imsmanifest.xml": text.replace(old, new).encode()}


def line_of(files: dict[str, bytes], fragment: str) -> int:
    lines = files["imsmanifest.xml"].decode().splitlines()
    return next(number for number, line in enumerate(lines, 1) if fragment in line)


def only_problem(report: dict, rule: str) -> dict:
    found = [problem for problem in report["problems"] if problem["rule"] == rule]
    assert len(found) == 1, report["problems"]
    return found[0]


def test_scorm2004_mastery_settings_are_reported_per_sco(tmp_path):
    files = replaced(
        scorm2004_files(),
        "<title>Only SCO</title>",
        "<title>Only SCO</title>\n"
        "        <adlcp:completionThreshold>0.6</adlcp:completionThreshold>",
    )
    code, report = inspect_json(tmp_path, files)
    assert code == 0
    assert report["units"][0]["mastery"] == {
        "completionThreshold": "0.6",
        "satisfiedByMeasure": "true",
        "minNormalizedMeasure": "0.8",
    }


def test_scorm2004_without_schemaversion_says_moodle_runs_it_as_scorm12(tmp_path):
    files = replaced(scorm2004_files(), "    <schemaversion>2004 4th Edition</schemaversion>\n", "")
    code, report = inspect_json(tmp_path, files)
    assert code == 1
    problem = only_problem(report, "scorm-schemaversion")
    assert problem["message"] == (
        "no <metadata><schemaversion>: Moodle runs this SCORM 2004 package as "
        "SCORM 1.2, so its SCOs never find API_1484_11"
    )


def test_schemaversion_in_the_wrong_case_gets_the_exact_spelling_to_use(tmp_path):
    code, report = inspect_json(tmp_path, scorm2004_files(schemaversion="2004 4th edition"))
    assert code == 1
    message = only_problem(report, "scorm-schemaversion")["message"]
    assert message.endswith('never find API_1484_11; did you mean "2004 4th Edition"?')


def test_missing_launch_file_names_the_resource_and_the_path(tmp_path):
    files = {**scorm2004_files()}
    del files["index.html"]
    code, report = inspect_json(tmp_path, files)
    assert code == 1
    problem = only_problem(report, "launch-file-missing")
    assert problem["message"] == "resource 'res-1' launches index.html, which is not in the zip"
    assert problem["where"] == f"imsmanifest.xml:{line_of(files, '<resource ')}"


def test_missing_declared_file_points_at_its_file_element(tmp_path):
    files = {**scorm12_files()}
    del files["shared/style.css"]
    code, report = inspect_json(tmp_path, files)
    assert code == 1
    problem = only_problem(report, "file-missing")
    assert (
        problem["message"] == "resource 'res-1' declares shared/style.css, which is not in the zip"
    )
    file_line = line_of(files, '<file href="shared/style.css"')
    assert problem["where"] == f"imsmanifest.xml:{file_line}"


def test_undeclared_file_says_why_it_matters(tmp_path):
    files = {**scorm12_files(), "shared/extra.js": b"1"}
    _code, report = inspect_json(tmp_path, files)
    problem = only_problem(report, "file-undeclared")
    assert problem["message"] == (
        "shared/extra.js is in the zip but no resource declares it (<file href>); "
        "SCORM content packaging lists every file (ADL's test suite checks it)"
    )
    assert problem["where"] == "shared/extra.js"


def test_two_names_with_a_wrong_prefix_are_counted_as_two(tmp_path):
    files = replaced(
        scorm2004_files(),
        'xmlns:imsss="http://www.imsglobal.org/xsd/imsss"',
        'xmlns:imsss="http://www.imsglobal.org/xsd/imsss"\n'
        '    xmlns:ss="http://www.imsglobal.org/xsd/imsss"',
    )
    # Two elements (sequencing and objectives) written with ss:, the rest keep imsss:.
    text = files["imsmanifest.xml"].decode()
    text = text.replace("imsss:sequencing", "ss:sequencing").replace(
        "imsss:objectives", "ss:objectives"
    )
    files = {**files, "imsmanifest.xml": text.encode()}
    code, report = inspect_json(tmp_path, files)
    assert code == 1
    problem = only_problem(report, "scorm-prefix")
    assert problem["message"] == (
        "2 names use `ss:` for http://www.imsglobal.org/xsd/imsss, e.g. `ss:sequencing`; "
        "Moodle matches literal names and needs the prefix `imsss:`, so it will not see them"
    )
    assert problem["where"] == f"imsmanifest.xml:{line_of(files, '<ss:sequencing>')}"


def test_without_a_default_the_first_organization_is_the_course(tmp_path):
    files = replaced(
        scorm12_files(),
        '<organizations default="org">',
        "<organizations>\n"
        '    <organization identifier="first">\n'
        "      <title>First course</title>\n"
        '      <item identifier="item-0" identifierref="res-1"><title>Zero</title></item>\n'
        "    </organization>",
    )
    code, report = inspect_json(tmp_path, files)
    assert code == 0, report["problems"]
    assert report["title"] == "First course"
    assert [unit["identifier"] for unit in report["units"]] == ["item-0"]


def test_organization_with_nothing_to_launch_is_pointed_at(tmp_path):
    files = replaced(scorm12_files(), 'identifierref="res-1"', "")
    code, report = inspect_json(tmp_path, files)
    assert code == 1
    problem = only_problem(report, "scorm-organization")
    assert problem["message"] == (
        "the default organization has no item that refers to a resource: nothing to launch"
    )
    assert problem["where"] == f"imsmanifest.xml:{line_of(files, '<organization ')}"


def inspect_text(tmp_path: Path, files: dict[str, bytes]):
    package = tmp_path / "package.zip"
    package.write_bytes(zip_bytes(files))
    return CliRunner().invoke(main, ["inspect", str(package)], catch_exceptions=False)


def test_ten_problems_of_one_rule_are_all_shown_without_a_more_line(tmp_path):
    undeclared = {f"shared/extra{number}.js": b"1" for number in range(10)}
    result = inspect_text(tmp_path, {**scorm12_files(), **undeclared})
    shown = [line for line in result.stdout.splitlines() if line.endswith("[file-undeclared]")]
    assert [line.split(":")[0].strip() for line in shown] == sorted(undeclared)
    assert "... and" not in result.stdout


def test_validate_on_a_package_with_only_warnings_counts_no_errors(tmp_path):
    package = tmp_path / "package.zip"
    package.write_bytes(zip_bytes({**scorm12_files(), "shared/extra.js": b"1"}))
    result = CliRunner().invoke(main, ["validate", str(package)], catch_exceptions=False)
    verdict = next(line for line in result.output.splitlines() if " — SCORM 1.2" in line)
    assert verdict.startswith(f"{package}: 1 warning — SCORM 1.2"), result.output


def test_control_characters_in_a_name_are_listed_escaped(tmp_path):
    files = {**scorm12_files(), "bad\x07name\x1b.txt": b"1"}
    _code, report = inspect_json(tmp_path, files)
    problem = only_problem(report, "zip-name-characters")
    assert problem["message"].startswith(
        "entry name 'bad\\x07name\\x1b.txt' contains \\x07, \\x1b: control characters"
    ), problem["message"]


def test_problems_are_listed_in_file_and_line_order_whatever_their_severity(tmp_path):
    files = {**scorm12_files(), "a.js": b"1", "z.js": b"1"}
    del files["shared/style.css"]
    _code, report = inspect_json(tmp_path, files)
    assert [(problem["where"], problem["severity"]) for problem in report["problems"]] == [
        ("a.js", "warning"),
        (f"imsmanifest.xml:{line_of(files, 'shared/style.css')}", "error"),
        ("z.js", "warning"),
    ]


def test_cmi5_missing_launch_file_points_at_the_url_element(tmp_path):
    files = {"cmi5.xml": cmi5_files()["cmi5.xml"]}
    _code, report = inspect_json(tmp_path, files)
    problem = only_problem(report, "launch-file-missing")
    lines = files["cmi5.xml"].decode().splitlines()
    url_line = next(number for number, line in enumerate(lines, 1) if "<url>" in line)
    assert problem["where"] == f"cmi5.xml:{url_line}"


def test_an_oversized_manifest_is_not_read_and_its_size_is_given(tmp_path):
    files = {**scorm12_files()}
    files["imsmanifest.xml"] += b" " * (16 * 1024 * 1024)
    size = len(files["imsmanifest.xml"])
    code, report = inspect_json(tmp_path, files)
    assert code == 1
    problem = only_problem(report, "xml-malformed")
    assert problem["message"] == (
        f"imsmanifest.xml is {size:,} bytes, larger than any real manifest (16,777,216); not read"
    )
    assert problem["where"] == "imsmanifest.xml"


def test_a_file_that_is_no_zip_is_a_problem_of_the_whole_package(tmp_path):
    package = tmp_path / "package.zip"
    package.write_bytes(b"not a zip at all")
    result = CliRunner().invoke(main, ["inspect", "--json", str(package)], catch_exceptions=False)
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [(p["rule"], p["where"]) for p in report["problems"]] == [("zip-invalid", "")]


def test_tincan_activity_without_an_id_is_shown_as_empty(tmp_path):
    second = '\n    <activity type="http://adlnet.gov/expapi/activities/course">'
    second += "<name>Second</name><launch>index.html</launch></activity>"
    _code, report = inspect_json(tmp_path, tincan_files(more=second))
    message = only_problem(report, "tincan-launch-count")["message"]
    assert message.startswith(
        "2 activities have a <launch>: 'https://example.com/courses/golf', ''; exactly one must"
    ), message
    assert [unit["identifier"] for unit in report["units"]] == [
        "https://example.com/courses/golf",
        "",
    ]


def test_sequencing_in_the_default_namespace_counts_its_elements_not_their_attributes(tmp_path):
    # Unprefixed attributes are in no namespace: only the 4 elements lack the imsss: prefix.
    text = scorm2004_files()["imsmanifest.xml"].decode()
    text = text.replace(
        "<imsss:sequencing>", '<sequencing xmlns="http://www.imsglobal.org/xsd/imsss">'
    )
    text = text.replace("imsss:", "").replace("</imsss:", "</")
    files = {**scorm2004_files(), "imsmanifest.xml": text.encode()}
    code, report = inspect_json(tmp_path, files)
    assert code == 1
    problem = only_problem(report, "scorm-prefix")
    assert problem["message"].startswith(
        "4 names use no prefix for http://www.imsglobal.org/xsd/imsss, e.g. `sequencing`;"
    ), problem["message"]
    assert problem["where"] == f"imsmanifest.xml:{line_of(files, '<sequencing ')}"


def test_a_resource_without_identifier_is_still_named_in_its_finding(tmp_path):
    files = replaced(
        scorm12_files(),
        '<resource identifier="res-1" type="webcontent" adlcp:scormtype="sco"',
        '<resource type="webcontent"',
    )
    _code, report = inspect_json(tmp_path, files)
    problem = only_problem(report, "scorm-scormtype")
    assert problem["message"].startswith("resource '' has no adlcp:scormtype;"), problem
    assert problem["where"] == f"imsmanifest.xml:{line_of(files, '<resource type=')}"


def test_a_file_href_naming_the_package_folder_is_no_missing_file(tmp_path):
    files = replaced(scorm12_files(), '<file href="shared/style.css"/>', '<file href="./"/>')
    _code, report = inspect_json(tmp_path, files)
    assert not [p for p in report["problems"] if p["rule"] == "file-missing"], report["problems"]


def test_a_manifest_of_exactly_the_size_limit_is_read(tmp_path):
    files = {**scorm12_files()}
    manifest = files["imsmanifest.xml"]
    comment = b"<!--" + b"x" * 1000 + b"-->\n"  # many short comments: no text node too long
    room = 16 * 1024 * 1024 - len(manifest)
    padding = comment * (room // len(comment))
    files["imsmanifest.xml"] = manifest + padding + b" " * (room - len(padding))
    assert len(files["imsmanifest.xml"]) == 16 * 1024 * 1024
    code, report = inspect_json(tmp_path, files)
    assert (code, report["problems"], report["title"]) == (0, [], "Foreign course")


def test_scorm12_without_schemaversion_is_run_as_scorm12_with_no_finding(tmp_path):
    files = replaced(scorm12_files(), "    <schemaversion>1.2</schemaversion>\n", "")
    code, report = inspect_json(tmp_path, files)
    assert (code, report["kind"], report["problems"]) == (0, "scorm12", [])


def test_a_masteryscore_too_long_for_the_xsd_is_reported_once_under_its_own_rule(tmp_path):
    # The 1.2 XSD caps it at 200 characters: that xsd-invalid is about the same element.
    files = scorm12_files(masteryscore="9" * 201)
    code, report = inspect_json(tmp_path, files)
    assert code == 1
    assert [(p["rule"], p["where"]) for p in report["problems"]] == [
        ("scorm-masteryscore", f"imsmanifest.xml:{line_of(files, '<adlcp:masteryscore>')}")
    ]


def test_an_empty_completion_threshold_is_reported_as_an_empty_string(tmp_path):
    files = replaced(
        scorm2004_files(),
        "<title>Only SCO</title>",
        "<title>Only SCO</title>\n        <adlcp:completionThreshold/>",
    )
    _code, report = inspect_json(tmp_path, files)
    assert report["units"][0]["mastery"]["completionThreshold"] == ""


def test_schema_files_shipped_undeclared_are_no_finding(tmp_path):
    files = {**scorm12_files(), "adlcp_rootv1p2.xsd": b"<xs/>", "shared/ims_xml.DTD": b""}
    code, report = inspect_json(tmp_path, files)
    assert (code, report["problems"]) == (0, [])


def test_items_after_one_with_a_missing_resource_are_still_listed_and_checked(tmp_path):
    files = replaced(
        scorm12_files(),
        "      </item>\n",
        "      </item>\n"
        '      <item identifier="item-0" identifierref="res-9"><title>Gone</title></item>\n'
        '      <item identifier="item-2" identifierref="res-2"><title>Two</title></item>\n',
    )
    files = replaced(
        files,
        "  </resources>",
        '    <resource identifier="res-2" type="webcontent" adlcp:scormtype="sco" '
        'href="two.html"><file href="two.html"/></resource>\n  </resources>',
    )
    code, report = inspect_json(tmp_path, files)
    assert code == 1
    assert [unit["identifier"] for unit in report["units"]] == ["item-1", "item-2"]
    assert sorted(p["rule"] for p in report["problems"]) == [
        "launch-file-missing",  # two.html: the item after the broken one is checked too
        "scorm-item-reference",
    ]
