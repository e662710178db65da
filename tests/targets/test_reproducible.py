"""Every target's package is the same bytes whenever and wherever it is built.

The wall clock is moved between the two builds (time.time and the no-argument forms of
gmtime/localtime, which zipfile and most "now" code read), so a timestamp that falls back to
the current time gives different bytes, and its entries' dates no longer match the fixed one.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from courseforge.build import build
from courseforge.package.ownership import FOLDER_MARKER
from courseforge.targets import TARGET_NAMES

REPO = Path(__file__).resolve().parents[2]
COURSE = "ai-engineering-architect"
# Two wall clocks years apart, and far from the zip epoch.
CLOCKS = (1_700_000_000.0, 1_900_000_000.5)


def set_wall_clock(monkeypatch: pytest.MonkeyPatch, now: float) -> None:
    real_gmtime, real_localtime = time.gmtime, time.localtime
    monkeypatch.setattr(time, "time", lambda: now)
    monkeypatch.setattr(time, "time_ns", lambda: int(now * 1e9))
    monkeypatch.setattr(
        time, "gmtime", lambda secs=None: real_gmtime(now if secs is None else secs)
    )
    monkeypatch.setattr(
        time, "localtime", lambda secs=None: real_localtime(now if secs is None else secs)
    )


def built_packages(out: Path, monkeypatch: pytest.MonkeyPatch, now: float) -> dict[str, bytes]:
    """Build every target into `out` (working directory: out's parent) at wall clock `now`."""
    out.parent.mkdir(parents=True)
    monkeypatch.chdir(out.parent)
    set_wall_clock(monkeypatch, now)
    try:
        result = build(REPO / "course", out, TARGET_NAMES)
    finally:
        monkeypatch.undo()
    assert sorted(output.target for output in result.outputs) == sorted([*TARGET_NAMES, "web"])
    assert [o.path.is_dir() for o in result.outputs if o.target == "web"] == [True, False]
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for output in result.outputs
        for path in ([output.path] if output.path.is_file() else output.path.rglob("*"))
        # The ownership marker is a per-build token by design (it proves this build wrote it).
        if path.is_file() and path.name != FOLDER_MARKER
    }


@pytest.mark.parametrize(
    ("source_date_epoch", "entry_time"),
    [
        (None, (1980, 1, 1, 0, 0, 0)),  # unset: the earliest date a zip holds, never "now"
        ("1600000000", (2020, 9, 13, 12, 26, 40)),
    ],
)
def test_every_target_gives_the_same_bytes_at_another_time_and_place(
    tmp_path, monkeypatch, source_date_epoch, entry_time
):
    def environment() -> None:
        if source_date_epoch is None:
            monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", source_date_epoch)

    environment()
    first = built_packages(tmp_path / "one" / "dist", monkeypatch, CLOCKS[0])
    environment()
    second = built_packages(tmp_path / "two" / "deeper" / "out", monkeypatch, CLOCKS[1])

    zips = sorted(name for name in first if name.endswith(".zip"))
    packages = ("web", "scorm12", "scorm2004", "xapi", "cmi5", "qti21")
    assert zips == sorted(f"{COURSE}-{target}.zip" for target in packages)
    assert {f"{COURSE}-questions.xml", f"{COURSE}-questions.gift"} <= set(first)
    assert f"{COURSE}-web/index.html" in first
    assert sorted(first) == sorted(second)
    changed = [name for name in first if first[name] != second[name]]
    assert changed == [], f"built twice, these differ: {changed}"
    for name in zips:
        with zipfile.ZipFile(io.BytesIO(first[name])) as archive:
            assert {info.date_time for info in archive.infolist()} == {entry_time}, name
