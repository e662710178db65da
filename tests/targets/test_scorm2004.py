"""The scorm2004 target: a one-SCO SCORM 2004 4th edition package Moodle imports and grades."""

from __future__ import annotations

import zipfile
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree
from tests.loader.course_factory import COURSE_YAML, write_course
from tests.targets.scorm_packages import build_zip as build_scorm_zip
from tests.targets.scorm_packages import read_package

from courseforge.loader import load_course
from courseforge.standards.xsd import validate_manifest

REPO = Path(__file__).resolve().parents[2]
NS = {
    "cp": "http://www.imsglobal.org/xsd/imscp_v1p1",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
    "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
    "imsss": "http://www.imsglobal.org/xsd/imsss",
}
SCHEMA_LOCATIONS = {
    NS["cp"]: "imscp_v1p1.xsd",
    NS["adlcp"]: "adlcp_v1p3.xsd",
    NS["adlseq"]: "adlseq_v1p3.xsd",
    NS["adlnav"]: "adlnav_v1p3.xsd",
    NS["imsss"]: "imsss_v1p0.xsd",
    "http://ltsc.ieee.org/xsd/LOM": "lom.xsd",
}


def build_zip(course_dir: Path, out: Path) -> Path:
    return build_scorm_zip(course_dir, out, "scorm2004")


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    path = build_zip(REPO / "course", tmp_path_factory.mktemp("scorm2004"))
    return path, *read_package(path)


def test_package_name_and_manifest_at_the_root(seed):
    path, files, _ = seed
    assert path.name == "ai-engineering-architect-scorm2004.zip"
    assert "imsmanifest.xml" in files


def test_manifest_validates_against_the_official_xsds(seed):
    _, files, _ = seed
    assert validate_manifest(files["imsmanifest.xml"], "scorm2004") == []


def test_manifest_says_2004_4th_edition_with_the_prefixes_moodle_reads(seed):
    _, files, manifest = seed
    assert manifest.nsmap == {None: NS["cp"], **{k: v for k, v in NS.items() if k != "cp"}} | {
        "xsi": "http://www.w3.org/2001/XMLSchema-instance"
    }
    # Moodle treats anything but this exact string (case included) as SCORM 1.2.
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "2004 4th Edition"
    assert manifest.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    text = files["imsmanifest.xml"].decode()
    for literal in ("<imsss:sequencing>", "<adlnav:presentation>", 'adlcp:scormType="sco"'):
        assert literal in text


def test_one_sco_satisfied_by_the_mastery_share_of_its_score(seed):
    _, files, manifest = seed
    (organization,) = manifest.findall("cp:organizations/cp:organization", NS)
    (item,) = organization.findall(".//cp:item", NS)
    (resource,) = manifest.findall("cp:resources/cp:resource", NS)
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(f"{{{NS['adlcp']}}}scormType") == "sco"
    assert resource.get("href") == "index.html" and "index.html" in files

    primary = item.find("imsss:sequencing/imsss:objectives/imsss:primaryObjective", NS)
    assert primary.get("satisfiedByMeasure") == "true"
    assert primary.findtext("imsss:minNormalizedMeasure", namespaces=NS) == "0.8"
    delivery = item.find("imsss:sequencing/imsss:deliveryControls", NS)
    assert delivery.get("completionSetByContent") == "true"
    assert delivery.get("objectiveSetByContent") == "true"
    control = organization.find("imsss:sequencing/imsss:controlMode", NS)
    assert (control.get("choice"), control.get("flow")) == ("true", "true")
    hidden = [e.text for e in item.iterfind(".//adlnav:hideLMSUI", NS)]
    assert hidden == ["previous", "continue"]


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
    primary = item.find("imsss:sequencing/imsss:objectives/imsss:primaryObjective", NS)
    assert primary.get("objectiveID") == (
        "https://courses.example.org/ai-engineering-architect#mastery"
    )


def test_every_file_of_the_package_is_listed(seed):
    _, files, manifest = seed
    listed = [f.get("href") for f in manifest.iterfind("cp:resources/cp:resource/cp:file", NS)]
    assert set(listed) == set(files) - {"imsmanifest.xml"}
    # Every page's file, loaded when the learner needs it; no plain pages (the web target's).
    page_ids = [page.id for page in load_course(REPO / "course").pages()]
    assert {name for name in listed if name.startswith("pages/")} == {
        f"pages/{page_id}.js" for page_id in page_ids
    }


def test_the_schemas_it_references_ship_unmodified(seed):
    _, files, manifest = seed
    location = manifest.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split()
    assert dict(zip(location[::2], location[1::2], strict=True)) == SCHEMA_LOCATIONS
    upstream = resources.files("courseforge.schemas").joinpath("xsd", "scorm2004_4th")
    shipped = [name for name in files if name.endswith((".xsd", ".dtd"))]
    assert set(SCHEMA_LOCATIONS.values()) <= set(shipped)
    for name in shipped:
        assert files[name] == upstream.joinpath(name).read_bytes()
    # Every include of imsss_v1p0.xsd travels with it.
    included = etree.fromstring(files["imsss_v1p0.xsd"]).xpath(
        "//xs:include/@schemaLocation", namespaces={"xs": "http://www.w3.org/2001/XMLSchema"}
    )
    assert set(included) <= set(shipped)
    # So does every file the LOM schema includes or imports, at the path it names.
    lom = etree.fromstring(files["lom.xsd"]).xpath(
        "//xs:include/@schemaLocation | //xs:import/@schemaLocation",
        namespaces={"xs": "http://www.w3.org/2001/XMLSchema"},
    )
    assert set(lom) <= set(shipped)


def test_the_manifest_states_the_course_language_in_lom(tmp_path):
    course_dir = write_course(
        tmp_path / "src", **{"course.yaml": COURSE_YAML + "language: pt-BR\n"}
    )
    with zipfile.ZipFile(build_zip(course_dir, tmp_path / "out")) as package:
        manifest = etree.fromstring(package.read("imsmanifest.xml"))
    lom = {"lom": "http://ltsc.ieee.org/xsd/LOM", "cp": NS["cp"]}
    general = manifest.find("cp:metadata/lom:lom/lom:general", lom)
    assert general.findtext("lom:language", namespaces=lom) == "pt-BR"
    assert general.find("lom:title/lom:string", lom).get("language") == "pt-BR"


def test_the_scorm2004_adapter_ships_whole(seed):
    _, files, _ = seed
    adapter = files["runtime/adapters/scorm2004.js"].decode()
    assert "function createScormAdapter(dialect)" in adapter
    assert 'apiName:"API_1484_11"' in adapter and "maxHops:500" in adapter  # shipped minified


def test_a_course_with_nothing_to_pass_has_no_objective(tmp_path):
    course_yaml = (
        "id: demo\ntitle: Demo\ndescription: D.\nbase_iri: https://example.org/d\n"
        "completion: all_lessons\nmodules: [intro]\n"
    )
    files, manifest = read_package(
        build_zip(write_course(tmp_path, **{"course.yaml": course_yaml}), tmp_path / "d")
    )
    assert validate_manifest(files["imsmanifest.xml"], "scorm2004") == []
    assert manifest.find(".//imsss:objectives", NS) is None
    assert manifest.find(".//imsss:deliveryControls", NS) is not None


@pytest.mark.parametrize(("mastery", "measure"), [(0, "0"), (75, "0.75"), (100, "1")])
def test_mastery_becomes_a_normalized_measure(tmp_path, mastery, measure):
    course_yaml = (
        f"id: demo\ntitle: Demo\ndescription: D.\nbase_iri: https://example.org/d\n"
        f"mastery_score: {mastery}\nmodules: [intro]\n"
    )
    files, manifest = read_package(
        build_zip(write_course(tmp_path, **{"course.yaml": course_yaml}), tmp_path / "d")
    )
    assert validate_manifest(files["imsmanifest.xml"], "scorm2004") == []
    assert manifest.findtext(".//imsss:minNormalizedMeasure", namespaces=NS) == measure
