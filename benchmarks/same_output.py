"""Check that two revisions build byte-identical products (a speed change must not change output).

    .venv/bin/python benchmarks/same_output.py BEFORE [AFTER] [--keep DIR]

BEFORE and AFTER are git revisions or WORKTREE (AFTER's default). Each revision's src/ is put
first on PYTHONPATH (as compare.py does) and builds, with every target it accepts: the seed
course, the 100- and 1,000-lesson synthetic courses, and the starters of `courseforge new` in
English and Arabic (the starter folders themselves are compared too). Every product is compared
byte for byte; for a zip that differs, each member is compared and the first differences named.
Prints one line per product; exit status 1 if anything differs.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from compare import export_src
from run import COURSEFORGE, SEED_COURSE, SIZES
from synthetic_course import generate

ALL_TARGETS = ["web", "scorm12", "scorm2004", "xapi", "cmi5", "gift", "moodle-xml", "qti21"]
# Every target but scorm12, which refuses the 1,000-lesson course by design (suspend data).
LARGE_TARGETS = ["web", "scorm2004", "xapi", "cmi5"]

# A web build marks its folder with a random token (so a later build knows it may replace it).
_RANDOM_TOKEN_FILES = {".courseforge-build.json", ".courseforge-output"}
_TOKEN = re.compile(r'"token": "[0-9a-f]+"')


def _courseforge(src: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([COURSEFORGE, *args], env=env, capture_output=True, text=True)


def _build(src: Path, course: Path, out: Path, targets: list[str]) -> str:
    argv = ["build", str(course), "--out", str(out), "-q"]
    for target in targets:
        argv += ["--target", target]
    result = _courseforge(src, *argv)
    return f"exit {result.returncode}\n{result.stdout}{result.stderr}"


def _zip_differences(before: Path, after: Path) -> list[str]:
    with zipfile.ZipFile(before) as old, zipfile.ZipFile(after) as new:
        old_names, new_names = old.namelist(), new.namelist()
        if old_names != new_names:
            return [f"member list differs ({len(old_names)} vs {len(new_names)})"]
        found = [name for name in old_names if old.read(name) != new.read(name)]
        infos = [
            a.filename
            for a, b in zip(old.infolist(), new.infolist(), strict=True)
            if (a.date_time, a.compress_type, a.external_attr)
            != (b.date_time, b.compress_type, b.external_attr)
        ]
    return [f"content: {name}" for name in found] + [f"header: {name}" for name in infos]


def _tree_differences(before: Path, after: Path) -> list[str]:
    old = sorted(p.relative_to(before) for p in before.rglob("*"))
    new = sorted(p.relative_to(after) for p in after.rglob("*"))
    if old != new:
        return [
            f"file list differs: only before {sorted(set(old) - set(new))[:3]}, only after {sorted(set(new) - set(old))[:3]}"
        ]
    problems: list[str] = []
    for relative in old:
        a, b = before / relative, after / relative
        if a.name in _RANDOM_TOKEN_FILES:
            if _TOKEN.sub("", a.read_text()) != _TOKEN.sub("", b.read_text()):
                problems.append(f"{relative}: content")
        elif a.is_file() and not filecmp.cmp(a, b, shallow=False):
            problems += (
                [f"{relative}: {d}" for d in _zip_differences(a, b)]
                if a.suffix == ".zip"
                else [f"{relative}: content"]
            )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after", nargs="?", default="WORKTREE")
    parser.add_argument("--keep", type=Path, help="build here instead of a temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="courseforge-same-") as tmp:
        work = args.keep or Path(tmp)
        sources = [
            export_src(rev, work / f"src-{i}") for i, rev in enumerate((args.before, args.after))
        ]
        courses: list[tuple[str, Path, list[str]]] = [("seed", SEED_COURSE, ALL_TARGETS)]
        for size, targets in (("100 lessons", ALL_TARGETS), ("1000 lessons", LARGE_TARGETS)):
            courses.append(
                (size, generate(work / "courses" / size.replace(" ", "-"), SIZES[size]), targets)
            )
        failed = False
        for language in ("en", "ar"):
            starters = [work / f"starter-{language}-{i}" for i in (0, 1)]
            for src, folder in zip(sources, starters, strict=True):
                _courseforge(src, "new", str(folder), "--language", language)
            problems = _tree_differences(*starters)
            failed |= bool(problems)
            print(f"starter {language}: {'same' if not problems else problems[:5]}")
            courses.append((f"starter {language}", starters[0], ALL_TARGETS))
        for name, course, targets in courses:
            # Each target alone, then all together (work shared between targets).
            for target in [*targets, "all"]:
                chosen = targets if target == "all" else [target]
                outs = [work / "out" / f"{name}-{target}-{i}".replace(" ", "-") for i in (0, 1)]
                logs = [
                    _build(src, course, out, chosen) for src, out in zip(sources, outs, strict=True)
                ]
                problems = (
                    [] if logs[0] == logs[1] else [f"output differs: {logs[0]!r} vs {logs[1]!r}"]
                )
                if all(out.exists() for out in outs):
                    problems += _tree_differences(*outs)
                elif any(out.exists() for out in outs):
                    problems.append("only one revision wrote a product")
                failed |= bool(problems)
                status = "same" if not problems else "; ".join(problems[:5])
                print(
                    f"{name} {target}: {status}"
                    + ("" if outs[0].exists() else " (refused by both)")
                )
        if not failed:
            print("all products byte-identical")
        return int(failed)


if __name__ == "__main__":
    sys.exit(main())
