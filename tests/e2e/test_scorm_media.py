"""The starter course's media in SCORM packages, launched from the test LMS (scorm-again).

Every media, caption, poster, transcript and download file is in the package and listed in
imsmanifest.xml; the lesson loads them all without one 404, and Chromium shows the captions.
cmi5.xml and tincan.xml list no files (their formats have no file list): their zips hold them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from tests.e2e.lms.scorm_lms import open_lms, serve_root
from tests.runtime.learner import CourseLearner

from courseforge.build import build
from support.http import StaticServer

STARTER = Path(__file__).resolve().parents[2] / "src" / "courseforge" / "starter"
TARGETS = ("scorm12", "scorm2004", "xapi", "cmi5")
MEDIA_FILES = {
    "content/modules/basics/talk.webm",
    "content/modules/basics/talk.en.vtt",
    "content/modules/basics/talk.fr.vtt",
    "content/modules/basics/talk.poster.svg",
    "content/modules/basics/talk.transcript.md",
    "content/modules/basics/sound.mp3",
    "content/modules/basics/sound.transcript.md",
}


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("media-packages")
    result = build(STARTER, root / "dist", TARGETS)
    return {output.target: output.path for output in result.outputs}


@pytest.fixture(scope="module")
def served(tmp_path_factory, packages, js_deps):
    root = tmp_path_factory.mktemp("media-lms")
    scorm = {target: packages[target] for target in ("scorm12", "scorm2004")}
    server = StaticServer(serve_root(root / "www", scorm, js_deps))
    yield server.url
    server.close()


def manifest_files(package: Path) -> set[str]:
    with zipfile.ZipFile(package) as archive:
        root = etree.fromstring(archive.read("imsmanifest.xml"))
    return {element.get("href") for element in root.iter("{*}file")}


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
def test_every_media_file_is_listed_in_the_manifest(packages, target):
    listed = manifest_files(packages[target])
    with zipfile.ZipFile(packages[target]) as archive:
        names = set(archive.namelist())
        stored = {i.filename for i in archive.infolist() if i.compress_type == zipfile.ZIP_STORED}
    assert listed >= MEDIA_FILES
    assert listed == names - {"imsmanifest.xml"}  # every file, and only files that exist
    assert {"content/modules/basics/talk.webm", "content/modules/basics/sound.mp3"} <= stored


@pytest.mark.parametrize("target", ["xapi", "cmi5"])
def test_lrs_packages_hold_every_media_file(packages, target):
    with zipfile.ZipFile(packages[target]) as archive:
        assert set(archive.namelist()) >= MEDIA_FILES


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
def test_media_play_from_the_lms_without_a_404(new_browser_session, served, packages, target):
    session = new_browser_session()
    statuses: dict[str, int] = {}
    session.context.on(
        "response", lambda response: statuses.update({response.url: response.status})
    )
    open_lms(session.page, served, target, f"{target}/index.html")
    session.page.wait_for_selector("#sco")
    frame = session.page.query_selector("#sco").content_frame()
    learner = CourseLearner(frame).attach()
    learner.goto("media")
    frame.wait_for_function(
        "() => { const t = document.querySelector('#page-media video').textTracks[0];"
        " return t && t.mode === 'showing' && t.cues && t.cues.length === 2; }"
    )
    frame.wait_for_function(
        "() => [...document.querySelectorAll('#page-media video, #page-media audio')]"
        ".every(m => m.readyState >= 1)"
    )
    # Every file the manifest lists answers 200 from where the LMS unpacked the package.
    listed = sorted(manifest_files(packages[target]))
    answers = frame.evaluate(
        "names => Promise.all(names.map(n => fetch(n).then(r => [n, r.status])))", listed
    )

    assert [name for name, status in answers if status != 200] == []
    assert {url: code for url, code in statuses.items() if code >= 400} == {}
    loaded = {url.split(f"/{target}/", 1)[-1] for url in statuses}
    assert {
        "content/modules/basics/talk.webm",
        "content/modules/basics/talk.en.vtt",
        "content/modules/basics/talk.poster.svg",
        "content/modules/basics/sound.mp3",
    } <= loaded
    session.assert_no_console_errors()
