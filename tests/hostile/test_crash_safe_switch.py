"""A build stopped at any step of its write phase leaves one complete build, and no leftovers.

The child process (crash_harness.py) signals itself at the N-th checkpoint of the writer, for
every N. After SIGKILL the folder may be mid-switch; what counts is what the next build sees
once it has taken the lock (`finish_interrupted_switch`), and that the next build then leaves
exactly its own products. SIGTERM and SIGINT are held back across the switch, so after them the
folder is one complete build straight away.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.hostile.disk_state import leftovers, products, record_matches_disk
from tests.loader.course_factory import LESSON_MD, write_course

from courseforge.build import build
from courseforge.package.writer import WORK_DIR, finish_interrupted_switch

HARNESS = Path(__file__).with_name("crash_harness.py")
TARGETS = ("web", "scorm12")


def _course(root: Path, words: str) -> Path:
    return write_course(root, **{"modules/intro/hello.md": LESSON_MD.replace("Some text.", words)})


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """Courses A, B, C (different lesson text) and the products each builds to."""
    root = tmp_path_factory.mktemp("versions")
    found = {}
    for name in "ABC":
        course = _course(root / name, f"Version {name} " * 50)
        reference = root / f"{name}-dist"
        build(course, reference, TARGETS)
        found[name] = (course, products(reference))
    assert len({tuple(p.items()) for _, p in found.values()}) == 3
    return found


def _run(course: Path, out: Path, stop_at: int, signal_name: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(HARNESS), str(course), str(out), str(stop_at), signal_name, *TARGETS],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _steps(versions, tmp_path) -> list[str]:
    """The checkpoints of a build of B over A, in order."""
    out = tmp_path / "count"
    build(versions["A"][0], out, TARGETS)
    listing = _run(versions["B"][0], out, 0, "KILL")
    assert listing.returncode == 0, listing.stderr
    shutil.rmtree(out)
    return listing.stdout.splitlines()


def test_the_write_phase_has_the_steps_the_test_stops_at(versions, tmp_path):
    assert _steps(versions, tmp_path) == [
        "staged demo-web",
        "staged demo-web.zip",
        "staged demo-scorm12.zip",
        "journal",
        "moved aside demo-web",
        "switched demo-web",
        "switched demo-web.zip",
        "switched demo-scorm12.zip",
        "record",
        "journal removed",
        "done",
    ]


@pytest.mark.parametrize("signal_name", ["KILL", "TERM", "INT"])
def test_a_build_stopped_at_any_step_leaves_one_complete_build(versions, tmp_path, signal_name):
    course_a, old = versions["A"]
    course_b, new = versions["B"]
    course_c, next_build = versions["C"]
    out = tmp_path / "dist"
    count = len(_steps(versions, tmp_path))
    outcomes = []
    for stop_at in range(1, count + 1):
        shutil.rmtree(out, ignore_errors=True)
        build(course_a, out, TARGETS)
        child = _run(course_b, out, stop_at, signal_name)
        assert "Traceback" not in child.stderr or signal_name == "INT"
        expected_code = {"KILL": -9, "TERM": -15, "INT": None}[signal_name]
        if expected_code is not None:
            assert child.returncode == expected_code, (stop_at, child.stderr)
        committed = "journal" in child.stdout.split()
        if signal_name != "KILL":
            # Held back across the switch: already one complete build, before any recovery.
            assert products(out) == (new if committed else old), stop_at
        elif not committed:
            assert products(out) == old, stop_at  # nothing switched before the commit point
        finish_interrupted_switch(out)  # what the next build does first, under the lock
        state = products(out)
        assert state in (old, new), stop_at
        assert state == (new if committed else old), stop_at
        assert record_matches_disk(out), stop_at
        assert not (out / WORK_DIR).exists()
        outcomes.append("new" if state == new else "old")
        build(course_c, out, TARGETS)
        assert products(out) == next_build
        assert leftovers(out) == []
        assert record_matches_disk(out)
    assert "old" in outcomes and "new" in outcomes


def test_sigkill_after_a_random_delay_leaves_one_complete_build(versions, tmp_path):
    """The real command, killed from outside at unplanned instants."""
    course_a, old = versions["A"]
    course_b, new = versions["B"]
    out = tmp_path / "dist"
    rng = random.Random(16)
    seen = set()
    for _ in range(12):
        shutil.rmtree(out, ignore_errors=True)
        build(course_a, out, TARGETS)
        child = subprocess.Popen(
            [sys.executable, "-m", "courseforge", "build", str(course_b), "--out", str(out)]
            + [arg for target in TARGETS for arg in ("--target", target)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.0, 1.5))  # when the kill lands: anywhere in the build
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        finish_interrupted_switch(out)
        state = products(out)
        assert state in (old, new)
        assert record_matches_disk(out)
        seen.add("new" if state == new else "old")
    assert seen  # which outcomes a run sees depends on the machine's speed
