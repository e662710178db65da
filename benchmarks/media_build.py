"""Peak memory of a build whose course holds a large video: media are streamed, not held.

    .venv/bin/python benchmarks/media_build.py                 # 500 MB video, every target
    .venv/bin/python benchmarks/media_build.py --video-mb 50   # a quicker look

Generates, in a temporary folder (deleted after), the starter course with one more lesson
playing `big.mp4`: random bytes under an mp4 name (nothing decodes it at build time), with an
English caption file. Builds it with every LMS target (`courseforge build`, one process, as in
run.py) and, in the same run, the same course with a 1 MB video: the difference is what the
500 MB cost in memory. Prints wall time, CPU, peak RSS (os.wait4) and each product's size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from run import REPO_ROOT, build_argv, run_process

STARTER = REPO_ROOT / "src" / "courseforge" / "starter"
TARGETS = ("web", "scorm12", "scorm2004", "xapi", "cmi5")
RSS_MAX_MB = 150  # issue #13
LESSON = """\
---
id: big-video
title: A long recording
---
A recorded talk, captioned.

![A long recorded talk](big.mp4)
"""
CAPTIONS = "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nA long recorded talk.\n"
_CHUNK = 1 << 20


def make_course(folder: Path, video_mb: int) -> Path:
    """Copy the starter and add a lesson with a `video_mb` MB video (random, so incompressible)."""
    course = folder / "course"
    shutil.copytree(STARTER, course)
    module = course / "modules" / "basics"
    (module / "big-video.md").write_text(LESSON, encoding="utf-8")
    (module / "big.en.vtt").write_text(CAPTIONS, encoding="utf-8")
    with open(module / "big.mp4", "wb") as handle:
        for _ in range(video_mb):
            handle.write(os.urandom(_CHUNK))
    listing = module / "module.yaml"
    listing.write_text(
        listing.read_text(encoding="utf-8").replace(
            "  - media.md\n", "  - media.md\n  - big-video.md\n"
        ),
        encoding="utf-8",
    )
    yaml = course / "course.yaml"
    # The package-size warning is the point of another test; here it would only add noise.
    yaml.write_text(yaml.read_text() + "package_size_limit_mb: 100000\n", encoding="utf-8")
    return course


def measure(course: Path, out: Path) -> tuple[object, dict[str, int]]:
    shutil.rmtree(out, ignore_errors=True)
    sample = run_process(build_argv(course, out, list(TARGETS)))
    sizes = {path.name: path.stat().st_size for path in sorted(out.iterdir()) if path.is_file()}
    for path in sorted(out.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:  # whole and readable: CRCs checked
            assert archive.testzip() is None, path
    return sample, sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--video-mb", type=int, default=500)
    parser.add_argument("--work", type=Path, help="a folder to keep (default: a temporary one)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="courseforge-media-bench-"))
    try:
        rows = []
        for label, video_mb in ((f"{args.video_mb} MB video", args.video_mb), ("1 MB video", 1)):
            course = make_course(work / label.replace(" ", "-"), video_mb)
            sample, sizes = measure(course, work / "out")
            rows.append((label, sample, sizes))
            shutil.rmtree(course.parent)
        print(f"targets: {', '.join(TARGETS)}; peak RSS must stay under {RSS_MAX_MB} MB")
        for label, sample, sizes in rows:
            print(
                f"{label:>14}: wall {sample.wall:.1f} s, CPU {sample.cpu:.1f} s, "
                f"peak RSS {sample.rss_mb:.0f} MB"
            )
            for name, size in sizes.items():
                print(f"{'':>16}{name}: {size / 1e6:.1f} MB")
        big, small = rows[0][1], rows[1][1]
        print(
            f"RSS difference: {big.rss_mb - small.rss_mb:+.0f} MB for {args.video_mb - 1} MB more video"
        )
        ok = big.rss_mb < RSS_MAX_MB  # a failed build raised ProcessFailed already
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
