"""The scorm12 target: a one-SCO SCORM 1.2 package Moodle imports and grades."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from tests.loader.course_factory import write_course
from tests.targets.scorm_packages import build_zip as build_scorm_zip
from tests.targets.scorm_packages import read_package

from courseforge.build import build
from courseforge.errors import BuildError
from courseforge.loader import load_course
from courseforge.render.state import worst_case_state_length
from courseforge.standards.xsd import validate_manifest

REPO = Path(__file__).resolve().parents[2]
NS = {
    "cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
}
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"


def build_zip(course_dir: Path, out: Path, target: str = "scorm12") -> Path:
    return build_scorm_zip(course_dir, out, target)


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    path = build_zip(REPO / "course", tmp_path_factory.mktemp("scorm12"))
    return path, *read_package(path)


def test_package_name_and_manifest_at_the_root(seed):
    path, files, _ = seed
    assert path.name == "ai-engineering-architect-scorm12.zip"
    assert "imsmanifest.xml" in files
    assert not [name for name in files if name.lower().endswith("imsmanifest.xml") and "/" in name]


def test_manifest_validates_against_the_official_xsds(seed):
    _, files, _ = seed
    assert validate_manifest(files["imsmanifest.xml"], "scorm12") == []


def test_manifest_says_scorm_12_with_the_prefixes_moodle_reads(seed):
    _, files, manifest = seed
    assert manifest.tag == f"{{{NS['cp']}}}manifest"
    assert manifest.nsmap[None] == NS["cp"]  # content packaging in the default namespace
    assert manifest.nsmap["adlcp"] == NS["adlcp"]
    assert manifest.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    text = files["imsmanifest.xml"].decode()
    assert "<adlcp:masteryscore>" in text and 'adlcp:scormtype="sco"' in text


def test_one_sco_launches_the_course_with_its_mastery_score(seed):
    _, files, manifest = seed
    organizations = manifest.find("cp:organizations", NS)
    (organization,) = organizations.findall("cp:organization", NS)
    assert organizations.get("default") == organization.get("identifier")
    (item,) = organization.findall(".//cp:item", NS)
    assert item.findtext("cp:title", namespaces=NS) == "AI Engineering Architect"
    assert item.findtext("adlcp:masteryscore", namespaces=NS) == "80"
    (resource,) = manifest.findall("cp:resources/cp:resource", NS)
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(f"{ADLCP}scormtype") == "sco"
    assert resource.get("{http://www.w3.org/XML/1998/namespace}base") is None
    assert resource.get("href") == "index.html" and "index.html" in files


def test_identifiers_name_the_course_and_its_version(seed):
    _, _, manifest = seed
    base = "courseforge-ai-engineering-architect"
    assert (manifest.get("identifier"), manifest.get("version")) == (base, "1.0.0")
    (organization,) = manifest.findall("cp:organizations/cp:organization", NS)
    (item,) = organization.findall(".//cp:item", NS)
    (resource,) = manifest.findall("cp:resources/cp:resource", NS)
    assert organization.get("identifier") == f"{base}-organization"
    assert item.get("identifier") == f"{base}-item"
    assert resource.get("identifier") == f"{base}-sco"


def test_every_file_of_the_package_is_listed(seed):
    _, files, manifest = seed
    listed = [f.get("href") for f in manifest.iterfind("cp:resources/cp:resource/cp:file", NS)]
    assert sorted(listed) == listed
    assert set(listed) == set(files) - {"imsmanifest.xml"}
    # Every page's file, loaded when the learner needs it; no plain pages (the web target's).
    page_ids = [page.id for page in load_course(REPO / "course").pages()]
    assert {name for name in listed if name.startswith("pages/")} == {
        f"pages/{page_id}.js" for page_id in page_ids
    }


def test_the_schemas_it_references_ship_unmodified(seed):
    _, files, manifest = seed
    location = manifest.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split()
    referenced = location[1::2]
    assert referenced == ["imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd"]
    upstream = resources.files("courseforge.schemas").joinpath("xsd", "scorm12")
    for name in [*referenced, "ims_xml.xsd"]:  # imscp imports ims_xml.xsd
        assert files[name] == upstream.joinpath(name).read_bytes()


def test_the_scorm12_adapter_ships_whole(seed):
    _, files, _ = seed
    adapter = files["runtime/adapters/scorm12.js"].decode()
    assert "function createScormAdapter(dialect)" in adapter  # scorm-common.js
    # Shipped without comments and layout (render/site.py shipped_script)
    assert 'apiName:"API"' in adapter and "maxHops:7" in adapter
    assert b"runtime/adapters/scorm12.js" in files["index.html"]


def test_seed_worst_case_suspend_data_fits(capsys):
    course = load_course(REPO / "course")
    longest = worst_case_state_length(course)
    with capsys.disabled():
        print(f"\nseed course worst-case suspend_data: {longest} of 4096 characters (SCORM 1.2)")
    assert longest <= 4096


def _many_questions(kind: str, count: int) -> str:
    lines = ["id: check", "title: Check", "graded: true", "questions:"]
    for n in range(count):
        if kind == "fill_in":
            lines += [
                f"  - id: q{n}",
                "    type: fill_in",
                "    prompt: Tool?",
                "    answers: [Docker]",
            ]
        else:
            lines += [
                f"  - id: q{n}",
                "    type: single_choice",
                "    prompt: Pick one",
                "    choices: [{text: Right, correct: true}, {text: Wrong}, {text: Other}]",
            ]
    return "\n".join(lines) + "\n"


def test_200_short_answer_questions_fit_in_4096(tmp_path):
    course_dir = write_course(
        tmp_path, **{"modules/intro/check.quiz.yaml": _many_questions("single", 200)}
    )
    longest = worst_case_state_length(load_course(course_dir))
    assert longest <= 4096

    files, manifest = read_package(build_zip(course_dir, tmp_path / "dist"))
    assert validate_manifest(files["imsmanifest.xml"], "scorm12") == []


def test_200_fill_in_questions_fail_the_build_with_the_figure(tmp_path):
    course_dir = write_course(
        tmp_path, **{"modules/intro/check.quiz.yaml": _many_questions("fill_in", 200)}
    )
    longest = worst_case_state_length(load_course(course_dir))
    assert longest > 4096

    with pytest.raises(BuildError) as caught:
        build(course_dir, tmp_path / "dist", ["scorm12"])

    message = str(caught.value)
    assert message.startswith(
        f"course 'demo' cannot be packaged as scorm12: its saved state can reach {longest} characters"
    )
    assert "more than the 4096 characters cmi.suspend_data holds in SCORM 1.2" in message
    assert "build scorm2004 instead" in message
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())
    # The same course fits SCORM 2004's 64000 characters.
    assert build(course_dir, tmp_path / "dist", ["scorm2004"]).outputs


UNGRADED_QUIZ = """\
id: check
title: Check
graded: false
questions:
  - {id: q1, type: true_false, prompt: Sure?, answer: true}
"""


ALL_LESSONS = (
    "id: demo\ntitle: Demo\ndescription: D.\nbase_iri: https://example.org/d\n"
    "completion: all_lessons\nmodules: [intro]\n"
)


@pytest.mark.parametrize(
    "files",
    [
        {"course.yaml": ALL_LESSONS},
        {"course.yaml": ALL_LESSONS, "modules/intro/check.quiz.yaml": UNGRADED_QUIZ},
    ],
    ids=["graded-quiz", "no-graded-quiz"],
)
def test_no_mastery_score_when_nothing_decides_a_pass(tmp_path, files):
    course_dir = write_course(tmp_path, **files)
    files, manifest = read_package(build_zip(course_dir, tmp_path / "dist"))
    assert validate_manifest(files["imsmanifest.xml"], "scorm12") == []
    assert manifest.find(".//adlcp:masteryscore", NS) is None


def test_identifiers_titles_and_versions_stay_valid(tmp_path):
    course_yaml = (
        "id: 1-intro\n"
        'title: "Q&A <basics> \\"quoted\\""\n'
        "version: 2024.1.0-beta.1+build.20240101\n"
        "description: D.\nbase_iri: https://example.org/d\nmodules: [intro]\n"
    )
    course_dir = write_course(tmp_path, **{"course.yaml": course_yaml})
    files, manifest = read_package(build_zip(course_dir, tmp_path / "dist"))

    assert validate_manifest(files["imsmanifest.xml"], "scorm12") == []
    assert manifest.get("identifier") == "courseforge-1-intro"
    assert manifest.get("version") is None  # longer than the 20 characters 1.2 allows
    assert (
        manifest.findtext(".//cp:organization/cp:title", namespaces=NS) == 'Q&A <basics> "quoted"'
    )


@pytest.mark.parametrize(
    ("version", "kept"), [("1.0.0-beta.123456789", True), ("1.0.0-beta.1234567890", False)]
)
def test_a_version_of_20_characters_is_kept_and_a_longer_one_left_out(tmp_path, version, kept):
    assert len(version) == (20 if kept else 21)
    course_yaml = (
        f"id: demo\ntitle: Demo\nversion: {version}\ndescription: D.\n"
        "base_iri: https://example.org/d\nmodules: [intro]\n"
    )
    course_dir = write_course(tmp_path, **{"course.yaml": course_yaml})
    files, manifest = read_package(build_zip(course_dir, tmp_path / "dist"))

    assert validate_manifest(files["imsmanifest.xml"], "scorm12") == []
    assert manifest.get("version") == (version if kept else None)


def test_course_assets_are_packaged_and_listed(tmp_path):
    lesson = "---\nid: hello\ntitle: Hello\n---\n![A diagram](diagram.png)\n"
    course_dir = write_course(tmp_path, **{"modules/intro/hello.md": lesson})
    (course_dir / "modules/intro/diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    files, manifest = read_package(build_zip(course_dir, tmp_path / "dist"))

    asset = next(name for name in files if name.endswith("diagram.png"))
    listed = {f.get("href") for f in manifest.iterfind(".//cp:file", NS)}
    assert asset in listed
