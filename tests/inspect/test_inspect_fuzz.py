"""Fuzz `inspect` over mutated real packages: whatever the bytes, a report and never a traceback.

The seeds are the seed course's own zips (every target). Hypothesis flips bits (anywhere, in
the central directory, in the manifest's data), truncates, overwrites runs of bytes and renames
entries (to names with control, bidi, case-colliding or path characters). `inspect-failed` is
the safety net's rule; it must never show, so a crash a check would have had still fails here.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courseforge.build import build
from courseforge.inspect import inspect_package
from courseforge.inspect.text_report import full_report, problem_lines, verdict
from courseforge.targets import lms_targets

REPO = Path(__file__).resolve().parents[2]
# FUZZ_EXAMPLES=5000 runs a longer fuzz. Raw in printed text: only the report's own line breaks. In JSON output not even those inside
# strings (JSON escapes them), and no C1 or bidi character anywhere.
_RAW_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)

PACKAGES: dict[str, bytes] = {}
# The seeds are the packages an LMS launches; question banks are not LMS packages to inspect.
LMS_TARGETS = [cls.name for cls in lms_targets()]


@pytest.fixture(scope="module", autouse=True)
def seed_packages(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    result = build(REPO / "course", out, LMS_TARGETS)
    for output in result.outputs:
        if output.path.suffix == ".zip":
            PACKAGES[output.target] = output.path.read_bytes()
    assert sorted(PACKAGES) == sorted(LMS_TARGETS)


def control_file_span(package: bytes) -> tuple[int, int]:
    """Return (start, end) of the manifest entry's local header and data, or of the first entry."""
    archive = zipfile.ZipFile(io.BytesIO(package))
    infos = archive.infolist()
    chosen = next(
        (i for i in infos if i.filename in ("imsmanifest.xml", "cmi5.xml", "tincan.xml")), infos[0]
    )
    return chosen.header_offset, chosen.header_offset + 30 + len(
        chosen.filename
    ) + chosen.compress_size


def central_directory_start(package: bytes) -> int:
    return package.rfind(b"PK\x01\x02", 0, package.rfind(b"PK\x05\x06")) - 200


hostile_names = st.one_of(
    st.text(min_size=1, max_size=40),
    st.sampled_from(
        [
            "IMSMANIFEST.XML",
            "Index.html",
            "../../etc/passwd",
            "/abs.html",
            "C:\\win.html",
            "\x1b]0;owned\x07",
            "a\u202egpj.exe",
            "dir/",
            "",
            "a\x00b",
            "\u2028line",
        ]
    ),
)


class Mutant(bytes):
    """Mutated zip bytes that print as what was done to them, not as 40 KB of bytes."""

    label = ""

    def __repr__(self) -> str:
        return f"<{self.label}, {len(self)} bytes>"


def mutant(label: str, data: bytes) -> Mutant:
    result = Mutant(data)
    result.label = label
    return result


@st.composite
def mutated(draw) -> Mutant:
    target = draw(st.sampled_from(sorted(PACKAGES)))
    data = bytearray(PACKAGES[target])
    kind = draw(st.sampled_from(["flip", "truncate", "overwrite", "rename", "rename-raw"]))
    if kind == "flip":
        start, end = draw(
            st.sampled_from(
                [
                    (0, len(data)),
                    control_file_span(bytes(data)),
                    (max(0, central_directory_start(bytes(data))), len(data)),
                ]
            )
        )
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(start, end - 1))
            data[at] ^= 1 << draw(st.integers(0, 7))
    elif kind == "truncate":
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif kind == "overwrite":
        at = draw(st.integers(0, len(data) - 1))
        junk = draw(st.binary(min_size=1, max_size=64))
        data[at : at + len(junk)] = junk
    elif kind == "rename":
        data = bytearray(
            rename_entry(bytes(data), draw(st.integers(0, 10_000)), draw(hostile_names))
        )
    else:  # rename in the raw bytes: the central directory and local header then disagree
        names = [i.filename.encode() for i in zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()]
        old = names[draw(st.integers(0, len(names) - 1))]
        new = draw(st.binary(min_size=len(old), max_size=len(old)))
        at = bytes(data).rfind(old)
        data[at : at + len(old)] = new
    return mutant(f"{target}:{kind}", bytes(data))


def rename_entry(package: bytes, index: int, new_name: str) -> bytes:
    """Rewrite the zip with one entry renamed, everything else copied as is."""
    source = zipfile.ZipFile(io.BytesIO(package))
    infos = source.infolist()
    chosen = index % len(infos)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for position, info in enumerate(infos):
            copy = zipfile.ZipInfo(
                new_name if position == chosen else info.filename, info.date_time
            )
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            archive.writestr(copy, source.read(info))
    return buffer.getvalue()


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(package=mutated())
def test_inspect_never_raises_and_always_reports(package):
    label = package.label
    for expect in ("lms", "web"):
        report = inspect_package(io.BytesIO(package), expect=expect, name="fuzzed.zip")
        assert not [p for p in report.problems if p.rule == "inspect-failed"], (
            label,
            report.problems,
        )
        assert report.rules_checked, label
        text = "\n".join([full_report(report), verdict(report), *problem_lines(report)])
        assert not _RAW_CONTROL.search(text), (label, text)
        printed = report.to_json()
        assert not re.search("[\x00-\x09\x0b-\x1f]", printed.replace("\n", "")), label
        assert not _RAW_CONTROL.search(printed), label
        assert json.loads(printed)["problems"] == [
            {**p, "severity": p["severity"]} for p in report.to_dict()["problems"]
        ]


@pytest.mark.parametrize("target", LMS_TARGETS)
def test_the_unmutated_seeds_are_clean(target):
    expect = "web" if target == "web" else "lms"
    report = inspect_package(io.BytesIO(PACKAGES[target]), expect=expect)
    assert report.problems == []
    assert "problems  none" in full_report(report)
