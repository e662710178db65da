"""Learner load time: navigation → the first lesson visible, in headless Chromium.

Definition (the same for every launch):

- t0 is `performance.timeOrigin` of the document whose navigation is measured: the learner
  page itself for the web target; for a SCORM 1.2 launch both the test LMS page (the whole
  launch, LMS included) and the SCO's iframe (the package's own share).
- An init script in every frame checks, on every DOM mutation and every animation frame from
  the moment the document exists, whether a heading (h1–h3) whose text is the first lesson's
  title is rendered: `checkVisibility({checkOpacity, checkVisibilityCSS})`, a non-empty box
  and inside the viewport. The first such moment is `visible`.
- `painted` is the next frame after `visible`: a requestAnimationFrame callback followed by a
  message-channel task, which runs once that frame has been produced. It is the headline.
- Each run uses a fresh browser context (empty cache and storage, like a first visit); the
  browser process itself stays up. One warm-up run, then the median of the runs.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.support import NODE_MODULES  # noqa: E402
from tests.support.browser import launch_chromium  # noqa: E402
from tests.support.http import StaticServer  # noqa: E402

SCORM_AGAIN = NODE_MODULES / "scorm-again" / "dist" / "scorm12.min.js"
SCORM_AGAIN_2004 = NODE_MODULES / "scorm-again" / "dist" / "scorm2004.min.js"
TIMEOUT_MS = 15_000

# Runs in every frame before any of its own scripts. Reports into the top window (same origin).
_PROBE = """
(() => {
  const title = %s;
  const now = () => performance.timeOrigin + performance.now();
  let done = false;
  function shown() {
    for (const h of document.querySelectorAll("h1, h2, h3")) {
      if (h.textContent.trim() !== title) continue;
      if (!h.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
      const box = h.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight) return true;
    }
    return false;
  }
  function check() {
    if (done || !shown()) return;
    done = true;
    const visible = now();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const report = {visible, painted: now(), frameOrigin: performance.timeOrigin,
                        href: location.href};
        try { window.top.__cfFirstLesson = report; } catch (e) { window.__cfFirstLesson = report; }
      };
      channel.port2.postMessage(null);
    });
  }
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, characterData: true});
  (function frame() { check(); if (!done) requestAnimationFrame(frame); })();
})();
"""

_LMS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
{api}
</head>
<body style="margin:0">
<iframe id="sco" title="Course" src="{launch}" style="border:0;width:100vw;height:100vh"></iframe>
</body></html>
"""

_SCORM_AGAIN_API = """<script src="scorm12.min.js"></script>
<script>window.API = new Scorm12API({});</script>"""

# A minimal LMS-side SCORM 1.2 API when scorm-again (tests/js) is not installed.
_STUB_API = """<script>
window.API = (() => {
  const data = {"cmi.core.lesson_status": "not attempted", "cmi.core.entry": "ab-initio",
    "cmi.core.student_id": "bench", "cmi.core.student_name": "Bench, Learner",
    "cmi.core.lesson_mode": "normal", "cmi.core.credit": "credit"};
  const ok = () => "true";
  return {LMSInitialize: ok, LMSFinish: ok, LMSCommit: ok,
    LMSGetValue: (k) => data[k] ?? "", LMSSetValue: (k, v) => { data[k] = String(v); return "true"; },
    LMSGetLastError: () => "0", LMSGetErrorString: () => "", LMSGetDiagnostic: () => ""};
})();
</script>"""


@dataclass(frozen=True)
class LoadTimes:
    """Milliseconds from navigation to the first lesson, per run."""

    launch: str
    painted: list[float]
    visible: list[float]
    frame_painted: list[float]  # from the course frame's own navigation (SCORM: the SCO)
    lms_api: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.painted)

    @property
    def frame_median(self) -> float:
        return statistics.median(self.frame_painted)


def scorm_launch_href(package_dir: Path) -> str:
    """Return the href of the SCO resource in an extracted SCORM package."""
    tree = etree.parse(str(package_dir / "imsmanifest.xml"))
    for resource in tree.iter("{*}resource"):
        kind = next((v for k, v in resource.attrib.items() if k.lower().endswith("scormtype")), "")
        if kind.lower() == "sco" and resource.get("href"):
            return resource.get("href")
    raise ValueError(f"{package_dir}/imsmanifest.xml: no SCO resource with an href")


_SCORM_AGAIN_2004_API = """<script src="scorm2004.min.js"></script>
<script>window.API_1484_11 = new Scorm2004API({});</script>"""


def prepare_scorm12_lms(package_zip: Path, folder: Path) -> tuple[str, str]:
    """Lay out a test LMS page with the package beside it; return (LMS page path, API kind)."""
    return prepare_scorm_lms(package_zip, folder, "1.2")


def prepare_scorm_lms(package_zip: Path, folder: Path, version: str) -> tuple[str, str]:
    """Lay out a SCORM 1.2 or 2004 test LMS page beside the package; return (page, API kind)."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "pkg").mkdir(parents=True)
    with zipfile.ZipFile(package_zip) as archive:
        archive.extractall(folder / "pkg")
    launch = "pkg/" + scorm_launch_href(folder / "pkg")
    if version == "2004":
        if not SCORM_AGAIN_2004.is_file():
            raise FileNotFoundError(f"{SCORM_AGAIN_2004}: run npm ci in tests/js")
        shutil.copy(SCORM_AGAIN_2004, folder / "scorm2004.min.js")
        api, kind = _SCORM_AGAIN_2004_API, "scorm-again 3 Scorm2004API"
    elif SCORM_AGAIN.is_file():
        shutil.copy(SCORM_AGAIN, folder / "scorm12.min.js")
        api, kind = _SCORM_AGAIN_API, "scorm-again 3 Scorm12API"
    else:
        api, kind = _STUB_API, "stub window.API"
    (folder / "lms.html").write_text(_LMS_PAGE.format(api=api, launch=launch), encoding="utf-8")
    return "lms.html", kind


def measure(
    browser, root: Path, page_path: str, title: str, runs: int, warmup: int = 1
) -> tuple[list[float], list[float], list[float]]:
    """Serve `root` and load `page_path` `warmup + runs` times; return painted/visible/frame ms."""
    painted, visible, frame = [], [], []
    with StaticServer(root) as server:
        for index in range(warmup + runs):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            try:
                context.add_init_script(_PROBE % json.dumps(title))
                page = context.new_page()
                page.goto(f"{server.url}/{page_path}", wait_until="commit")
                handle = page.wait_for_function("window.__cfFirstLesson", timeout=TIMEOUT_MS)
                report = handle.json_value()
                origin = page.evaluate("performance.timeOrigin")
            finally:
                context.close()
            if index >= warmup:
                painted.append(report["painted"] - origin)
                visible.append(report["visible"] - origin)
                frame.append(report["painted"] - report["frameOrigin"])
    return painted, visible, frame


@dataclass(frozen=True)
class Launch:
    """One course to open: a web folder, or a SCORM 1.2 zip to launch from the test LMS."""

    label: str
    first_lesson_title: str
    web_dir: Path | None = None
    scorm12_zip: Path | None = None


def learner_load(launches: list[Launch], work: Path, runs: int) -> list[LoadTimes]:
    """Measure each launch in one headless Chromium."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for launch in launches:
                title = launch.first_lesson_title
                if launch.web_dir is not None:
                    p, v, f = measure(browser, launch.web_dir, "index.html", title, runs)
                    results.append(LoadTimes(launch.label, p, v, f))
                elif launch.scorm12_zip is not None:
                    lms = work / "lms-scorm12"
                    page, api = prepare_scorm12_lms(launch.scorm12_zip, lms)
                    p, v, f = measure(browser, lms, page, title, runs)
                    results.append(LoadTimes(launch.label, p, v, f, lms_api=api))
        finally:
            browser.close()
    return results


def chromium_version() -> str:
    """Return the version Playwright reports for the system Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            return browser.version
        finally:
            browser.close()
