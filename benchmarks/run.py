"""Benchmark `courseforge build` against a floor measured in the same run.

    .venv/bin/python benchmarks/run.py              # everything (`make bench`), ~8 minutes
    .venv/bin/python benchmarks/run.py --quick      # one run each, seed course only
    .venv/bin/python benchmarks/run.py --report benchmarks/latest.md --json /tmp/bench.json

Every build is a whole `courseforge build` process, timed from spawn to exit (wall), with
its CPU seconds (user + sys) and peak RSS from os.wait4. The floor of each build is measured
alongside it: interpreter start-up importing what the build cannot avoid importing, plus
writing the very files that build produced (zip_floor.py). Ratios to the floor stay
meaningful on a noisy machine; medians are used throughout.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import lrs_requests
from synthetic_course import CourseShape, generate

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
SEED_COURSE = REPO_ROOT / "course"
RUNTIME_DIR = REPO_ROOT / "src" / "courseforge" / "runtime"
PYTHON = sys.executable
COURSEFORGE = str(Path(PYTHON).parent / "courseforge")
TARGETS = ("web", "scorm12", "scorm2004", "xapi", "cmi5")

# What any build must import before it can do anything: the CLI and the libraries it uses.
FLOOR_IMPORTS = "courseforge.cli, click, pydantic, jinja2, lxml.etree, yaml, pyromark, mdurl, nh3"
SIZES = {
    "seed": None,  # the repository's own course/
    "100 lessons": CourseShape(modules=10, lessons_per_module=10, questions=50),
    "1000 lessons": CourseShape(modules=50, lessons_per_module=20, questions=500),
}

# The targets (#7).
SEED_ALL_MAX_S = 0.6
LARGE_RATIO_MAX = 3.0
LARGE_RSS_MAX_MB = 150
RUNTIME_GZIP_MAX_KB = 25
SEED_SCORM12_ZIP_MAX_KB = 80
FIRST_LESSON_MAX_MS = 300


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float


@dataclass
class BuildBench:
    size: str
    targets: list[str]
    label: str
    samples: list[Sample] = field(default_factory=list)
    startup: list[Sample] = field(default_factory=list)
    zip_floor: list[Sample] = field(default_factory=list)  # the write step only (no start-up)
    error: str = ""

    @property
    def walls(self) -> list[float]:
        return [s.wall for s in self.samples]

    @property
    def median(self) -> float:
        return statistics.median(self.walls)

    @property
    def floor(self) -> float:
        return statistics.median(s.wall for s in self.startup) + statistics.median(
            s.wall for s in self.zip_floor
        )

    @property
    def floor_cpu(self) -> float:
        return statistics.median(s.cpu for s in self.startup) + statistics.median(
            s.cpu for s in self.zip_floor
        )

    @property
    def ratio(self) -> float:
        return self.median / self.floor

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def peak_rss_mb(self) -> float:
        return max(s.rss_mb for s in self.samples)


class ProcessFailed(RuntimeError):
    pass


def run_process(argv: list[str], stdout=subprocess.DEVNULL) -> Sample:
    """Run argv to completion; return its wall time, CPU time and peak RSS."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=stdout, stderr=errors)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            tail = errors.read().decode(errors="replace").strip().splitlines()[-3:]
            raise ProcessFailed(f"exit {process.returncode}: {' | '.join(tail)}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def startup_floor() -> Sample:
    return run_process([PYTHON, "-c", f"import {FLOOR_IMPORTS}"])


def zip_floor(out_dir: Path, scratch: Path) -> Sample:
    shutil.rmtree(scratch, ignore_errors=True)
    result = subprocess.run(
        [PYTHON, str(BENCH_DIR / "zip_floor.py"), str(out_dir), str(scratch)],
        check=True,
        capture_output=True,
        text=True,
    )
    shutil.rmtree(scratch, ignore_errors=True)
    wall, cpu = (float(x) for x in result.stdout.split())
    return Sample(wall, cpu, 0.0)


def _slug(text: str) -> str:
    return text.replace(" ", "-").replace(",", "")


def build_argv(course: Path, out: Path, targets: list[str]) -> list[str]:
    argv = [COURSEFORGE, "build", str(course), "--out", str(out)]
    for name in targets:
        argv += ["--target", name]
    return argv


def bench_build(
    size: str, course: Path, targets: list[str], label: str, work: Path, runs: int, warmup: int
) -> BuildBench:
    """Time one build configuration, its floor sampled in between so both see the same noise."""
    bench = BuildBench(size, targets, label)
    out = work / "out" / _slug(f"{size}-{label}")
    try:
        for index in range(warmup + runs):
            shutil.rmtree(out, ignore_errors=True)
            startup = startup_floor()
            sample = run_process(build_argv(course, out, targets))
            if index >= warmup:
                bench.startup.append(startup)
                bench.samples.append(sample)
                bench.zip_floor.append(zip_floor(out, work / "scratch"))
    except ProcessFailed as exc:
        bench.error = str(exc)
    return bench


def phases(course: Path, out: Path, targets: list[str], runs: int) -> dict[str, float]:
    """Return the median seconds of each build step over `runs` in-process builds."""
    collected: dict[str, list[float]] = {}
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        result = subprocess.run(
            [PYTHON, str(BENCH_DIR / "phases.py"), str(course), str(out), *targets],
            check=True,
            capture_output=True,
            text=True,
        )
        for step, seconds in json.loads(result.stdout).items():
            collected.setdefault(step, []).append(seconds)
    return {step: statistics.median(values) for step, values in collected.items()}


def available_targets() -> list[str]:
    """Return the targets whose module exists (other targets may still be being written)."""
    return [n for n in TARGETS if importlib.util.find_spec(f"courseforge.targets.{n}")]


def package_sizes(out: Path) -> list[dict]:
    """Return each product's size and file count."""
    rows = []
    for path in sorted(out.iterdir()):
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
                runtime = [n for n in names if n.startswith("runtime/")]
                runtime_gzip = sum(
                    len(gzip.compress(archive.read(n), 9, mtime=0))
                    for n in runtime
                    if n.endswith((".js", ".css"))
                )
            rows.append(
                {
                    "name": path.name,
                    "bytes": path.stat().st_size,
                    "files": len(names),
                    "runtime_gzip": runtime_gzip,
                }
            )
        elif path.is_dir() and not path.name.startswith("."):
            files = [p for p in path.rglob("*") if p.is_file()]
            rows.append(
                {
                    "name": path.name + "/",
                    "bytes": sum(p.stat().st_size for p in files),
                    "files": len(files),
                    "runtime_gzip": None,
                }
            )
    return rows


def runtime_sizes() -> list[dict]:
    """Return raw and gzip -9 bytes of every learner runtime file (JS and CSS)."""
    rows = []
    for path in sorted(RUNTIME_DIR.rglob("*")):
        if path.suffix in (".js", ".css"):
            data = path.read_bytes()
            rows.append(
                {
                    "file": path.relative_to(RUNTIME_DIR).as_posix(),
                    "raw": len(data),
                    "gzip": len(gzip.compress(data, 9, mtime=0)),
                }
            )
    return rows


def first_lesson_title(course: Path) -> str:
    from courseforge.loader import load_course

    return load_course(course).lessons()[0].title


def machine() -> dict:
    """Describe the machine and the code the figures came from."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=REPO_ROOT, capture_output=True, text=True
        ).stdout.strip()

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty_files": len(git("status", "--porcelain", "--", "src").splitlines()),
        "load_before": os.getloadavg()[0],
    }


# ----------------------------------------------------------------------------- report


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _kb(n: float) -> str:
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.2f} MB"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**met**" if ok else "**missed**")


def report(results: dict) -> str:
    m = results["machine"]
    parts = [
        "## Machine",
        "",
        f"{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, Linux {m['kernel']}, "
        f"Python {m['python']}, Chromium {m.get('chromium', 'not run')}; "
        f"courseforge {m['commit']} ({m['dirty_files']} uncommitted files under src/); "
        f"load average {m['load_before']:.2f} before, {m['load_after']:.2f} after. "
        f"{results['runs']} timed runs after {results['warmup']} warm-up per figure.",
        "",
        f"Targets built: {', '.join(results['targets']) or 'none'}"
        + (
            f" (missing: {', '.join(results['missing_targets'])})"
            if results["missing_targets"]
            else ""
        ),
        "",
        "Courses: "
        + "; ".join(f"{size}: {summary}" for size, summary in results["courses"].items()),
        "",
        "## Build time, CPU and memory",
        "",
        'Floor = start-up (`python -c "import ' + FLOOR_IMPORTS + '"`) + writing the same '
        "products (zip_floor.py), both medians sampled between that row's builds. CPU is "
        "user + sys of the whole process (os.wait4), the steadier figure on a shared machine.",
        "",
    ]
    rows = []
    for b in results["builds"]:
        if b["error"]:
            error = b["error"].replace("|", "/")
            error = error if len(error) < 160 else error[:157] + "…"
            rows.append([b["size"], b["label"], f"failed: {error}", *[""] * 5])
            continue
        walls = b["walls"]
        rows.append(
            [
                b["size"],
                b.get("shown", b["label"]),
                f"{_ms(statistics.median(walls))} ({_ms(min(walls))} – {_ms(max(walls))})",
                f"{_ms(b['floor'])} = {_ms(b['startup'])} + {_ms(b['zip_floor'])}",
                f"{b['ratio']:.1f}×",
                f"{_ms(b['cpu'])} / {_ms(b['floor_cpu'])}",
                f"**{b['ratio_cpu']:.1f}×**",
                f"{b['peak_rss_mb']:.0f} MB ({b['startup_rss_mb']:.0f} MB)",
            ]
        )
    parts.append(
        _table(
            [
                "course",
                "targets",
                "wall: median (min – max)",
                "floor = start-up + write",
                "÷ floor",
                "CPU: build / floor",
                "CPU ÷ floor",
                "peak RSS (start-up's)",
            ],
            rows,
        )
    )
    parts += ["", "### Shared work: all targets in one run vs one run per target", ""]
    rows = []
    for size in results["sizes"]:
        singles = [
            b
            for b in results["builds"]
            if b["size"] == size and b["label"] in TARGETS and not b["error"]
        ]
        everything = _find(results, size, "all")
        if len(singles) < 2 or everything is None:
            continue
        separate = sum(statistics.median(s["walls"]) for s in singles)
        together = statistics.median(everything["walls"])
        separate_cpu = sum(s["cpu"] for s in singles)
        rows.append(
            [
                size,
                everything.get("shown", "all"),
                f"{_ms(separate)} / {_ms(separate_cpu)}",
                f"{_ms(together)} / {_ms(everything['cpu'])}",
                f"{separate_cpu / everything['cpu']:.1f}×",
            ]
        )
    parts.append(
        _table(
            [
                "course",
                "targets",
                "one process each, summed: wall / CPU",
                "one process for all: wall / CPU",
                "CPU saved",
            ],
            rows,
        )
    )
    if results["phases"]:
        parts += ["", "In-process steps of the all-targets build (median seconds):", ""]
        steps = list(dict.fromkeys(s for p in results["phases"].values() for s in p))
        parts.append(
            _table(
                ["step", *results["phases"]],
                [
                    [step, *(_ms(p.get(step, 0)) for p in results["phases"].values())]
                    for step in steps
                ],
            )
        )
    parts += ["", "## Package sizes", ""]
    rows = []
    for size, products in results["packages"].items():
        for p in products:
            rows.append(
                [
                    size,
                    p["name"],
                    _kb(p["bytes"]),
                    str(p["files"]),
                    _kb(p["runtime_gzip"]) if p["runtime_gzip"] is not None else "",
                ]
            )
    parts.append(_table(["course", "product", "size", "files", "runtime JS+CSS gzip -9"], rows))
    parts += ["", "## Learner runtime (src/courseforge/runtime)", ""]
    rt = results["runtime"]
    rows = [[r["file"], f"{r['raw']:,} B", f"{r['gzip']:,} B"] for r in rt]
    rows.append(
        ["**all files**", f"{sum(r['raw'] for r in rt):,} B", f"{sum(r['gzip'] for r in rt):,} B"]
    )
    parts.append(_table(["file", "raw", "gzip -9"], rows))
    parts += ["", "## Learner load: navigation → first lesson visible (headless Chromium)", ""]
    if results["learner_load"]:
        rows = []
        for load in results["learner_load"]:
            painted = load["painted"]
            rows.append(
                [
                    load["launch"] + (f" ({load['lms_api']})" if load["lms_api"] else ""),
                    f"{statistics.median(painted):.0f} ms",
                    f"{min(painted):.0f} – {max(painted):.0f} ms",
                    f"{statistics.median(load['visible']):.0f} ms",
                    f"{statistics.median(load['frame_painted']):.0f} ms",
                ]
            )
        parts.append(
            _table(
                [
                    "launch",
                    "painted, median",
                    "min – max",
                    "DOM-visible, median",
                    "from the course frame's navigation",
                ],
                rows,
            )
        )
    else:
        parts.append(results.get("learner_load_skipped", "not run"))
    parts += ["", "## Requests to the LRS: one cmi5 pass run (lrs_requests.py)", ""]
    if results.get("lrs_requests"):
        parts.append(lrs_requests.report(results["lrs_requests"]))
    else:
        parts.append(results.get("lrs_requests_skipped", "not run"))
    parts += [
        "",
        "## Against the issue's targets",
        "",
        _table(["target", "measured", "verdict"], _targets(results)),
    ]
    return "\n".join(parts) + "\n"


def _find(results: dict, size: str, label: str) -> dict | None:
    return next(
        (
            b
            for b in results["builds"]
            if b["size"] == size and b["label"] == label and not b["error"]
        ),
        None,
    )


def _targets(results: dict) -> list[list[str]]:
    rows = []
    seed_all = _find(results, "seed", "all")
    if seed_all:
        median = statistics.median(seed_all["walls"])
        rows.append(
            [
                f"seed, all targets, one process: median ≤ {SEED_ALL_MAX_S} s",
                f"{_ms(median)} wall ({_ms(seed_all['cpu'])} CPU)",
                _verdict(median <= SEED_ALL_MAX_S),
            ]
        )
    large = [
        b
        for b in results["builds"]
        if b["size"] == "1000 lessons" and b["label"] in TARGETS and not b["error"]
    ]
    if large:
        worst = max(large, key=lambda b: b["ratio_cpu"])
        rows.append(
            [
                f"1,000 lessons, one target: ≤ {LARGE_RATIO_MAX:g}× floor (judged on CPU)",
                ", ".join(
                    f"{b['label']} {b['ratio_cpu']:.1f}× CPU ({b['ratio']:.1f}× wall)"
                    for b in large
                ),
                _verdict(worst["ratio_cpu"] <= LARGE_RATIO_MAX),
            ]
        )
        everything = _find(results, "1000 lessons", "all")
        if everything and len(large) > 1:
            separate = sum(b["cpu"] for b in large)
            single = statistics.mean(b["cpu"] for b in large)
            extra = (everything["cpu"] - single) / (len(large) - 1)
            rows.append(
                [
                    "1,000 lessons, all targets in one run share the work",
                    f"{_ms(everything['cpu'])} CPU for {len(large)} targets in one run vs "
                    f"{_ms(separate)} in {len(large)} runs: each extra target adds "
                    f"{_ms(extra)}, a one-target build costs {_ms(single)}",
                    _verdict(everything["cpu"] < 0.5 * separate),
                ]
            )
        peak = max(
            b["peak_rss_mb"]
            for b in results["builds"]
            if b["size"] == "1000 lessons" and not b["error"]
        )
        rows.append(
            [
                f"peak RSS ≤ {LARGE_RSS_MAX_MB} MB at 1,000 lessons",
                f"{peak:.0f} MB (largest of any row)",
                _verdict(peak <= LARGE_RSS_MAX_MB),
            ]
        )
    # What a learner loads is one package's runtime: the CSS, courseforge.js and one adapter.
    shipped = max(
        (p["runtime_gzip"] for ps in results["packages"].values() for p in ps if p["runtime_gzip"]),
        default=None,
    )
    total = sum(r["gzip"] for r in results["runtime"])
    rows.append(
        [
            f"runtime JS + CSS ≤ {RUNTIME_GZIP_MAX_KB} KB gzip -9",
            (f"{shipped / 1024:.1f} KB in the largest package; " if shipped else "")
            + f"{total / 1024:.1f} KB for every runtime file together",
            _verdict(shipped <= RUNTIME_GZIP_MAX_KB * 1024 if shipped else None),
        ]
    )
    scorm12 = next(
        (p for p in results["packages"].get("seed", []) if p["name"].endswith("-scorm12.zip")), None
    )
    rows.append(
        [
            f"seed SCORM 1.2 zip ≤ {SEED_SCORM12_ZIP_MAX_KB} KB",
            _kb(scorm12["bytes"]) if scorm12 else "not built",
            _verdict(scorm12["bytes"] <= SEED_SCORM12_ZIP_MAX_KB * 1024 if scorm12 else None),
        ]
    )
    for load in results["learner_load"]:
        median = statistics.median(load["painted"])
        frame = statistics.median(load["frame_painted"])
        measured = f"{median:.0f} ms"
        if load["lms_api"]:
            measured += f" from the LMS page, {frame:.0f} ms from the SCO frame"
        rows.append(
            [
                f"first lesson visible ≤ {FIRST_LESSON_MAX_MS} ms: {load['launch']}",
                measured,
                _verdict(median <= FIRST_LESSON_MAX_MS)
                if load["launch"].startswith("seed")
                else "(for scale)",
            ]
        )
    return rows


# ----------------------------------------------------------------------------- main


def prepare_courses(names: list[str], work: Path) -> tuple[dict[str, Path], dict[str, str]]:
    """Return each size's course folder (synthetic ones generated) and what validate says."""
    courses, summaries = {}, {}
    for name in names:
        shape = SIZES[name]
        if shape is None:
            courses[name] = SEED_COURSE
            continue
        folder = work / "courses" / shape.course_id
        shutil.rmtree(folder, ignore_errors=True)
        generate(folder, shape)
        courses[name] = folder
    for name, folder in courses.items():
        result = subprocess.run(
            [COURSEFORGE, "validate", str(folder)], capture_output=True, text=True
        )
        if result.returncode:
            sys.exit(f"{name}: the course does not validate:\n{result.stdout}{result.stderr}")
        summaries[name] = result.stdout.strip().split(" — ", 1)[-1]
        print(f"  {name}: {summaries[name]}", file=sys.stderr)
    return courses, summaries


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run each, seed course only")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--sizes", default=",".join(SIZES), help="comma-separated course sizes")
    parser.add_argument("--no-browser", action="store_true", help="skip the learner-load test")
    parser.add_argument("--work", type=Path, help="keep generated courses and builds here")
    parser.add_argument("--report", type=Path, help="also write the Markdown report here")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.warmup, args.sizes = 1, 0, "seed"
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}; expected some of {', '.join(SIZES)}")
    work = args.work or Path(tempfile.mkdtemp(prefix="courseforge-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    targets = available_targets()
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731

    results: dict = {
        "machine": machine(),
        "runs": args.runs,
        "warmup": args.warmup,
        "targets": targets,
        "missing_targets": [t for t in TARGETS if t not in targets],
        "sizes": sizes,
        "builds": [],
        "phases": {},
        "packages": {},
        "runtime": runtime_sizes(),
        "learner_load": [],
        "courses": {},
    }
    try:
        log(f"courses (in {work}):")
        courses, results["courses"] = prepare_courses(sizes, work)
        for size in sizes:
            built = []
            for config_targets, label in [([t], t) for t in targets] + [(None, "all")]:
                if config_targets is None:  # every target that can package this course
                    config_targets = built
                    if not built:
                        continue
                log(f"build {size} / {label} …")
                bench = bench_build(
                    size, courses[size], config_targets, label, work, args.runs, args.warmup
                )
                row = asdict(bench) | {"label": label, "walls": bench.walls}
                if label == "all":
                    row["shown"] = f"all {len(config_targets)}"
                    if len(config_targets) < len(TARGETS):
                        row["shown"] += (
                            f" (no {', '.join(sorted(set(TARGETS) - set(config_targets)))})"
                        )
                if not bench.error:
                    row |= {
                        "cpu": bench.cpu,
                        "peak_rss_mb": bench.peak_rss_mb,
                        "startup": statistics.median(s.wall for s in bench.startup),
                        "startup_rss_mb": max(s.rss_mb for s in bench.startup),
                        "zip_floor": statistics.median(s.wall for s in bench.zip_floor),
                        "floor_cpu": bench.floor_cpu,
                        "ratio_cpu": bench.cpu / bench.floor_cpu,
                        "floor": bench.floor,
                        "ratio": bench.ratio,
                    }
                    if label != "all":
                        built.append(label)
                else:
                    log(f"  failed: {bench.error}")
                results["builds"].append(row)
            all_out = work / "out" / _slug(f"{size}-all")
            if all_out.is_dir():
                results["packages"][size] = package_sizes(all_out)
            if built and size != "seed" and not args.quick:
                log(f"phases {size} …")
                results["phases"][size] = phases(
                    courses[size], work / "phases-out", built, max(1, args.runs // 2)
                )
        if args.no_browser:
            results["learner_load_skipped"] = "skipped (--no-browser)"
        elif importlib.util.find_spec("playwright") is None:
            results["learner_load_skipped"] = (
                "skipped: Playwright is not installed (pip install -e '.[bench]')"
            )
        else:
            from learner_load import Launch, chromium_version, learner_load

            launches = []
            for size in sizes:
                out = work / "out" / _slug(f"{size}-all")
                title = first_lesson_title(courses[size])
                web_dir = next(out.glob("*-web"), None) if out.is_dir() else None
                scorm12 = next(out.glob("*-scorm12.zip"), None) if out.is_dir() else None
                if web_dir:
                    launches.append(Launch(f"{size}: web (static server)", title, web_dir=web_dir))
                if scorm12 and size == "seed":
                    launches.append(
                        Launch(f"{size}: SCORM 1.2 in test LMS", title, scorm12_zip=scorm12)
                    )
            log("learner load (headless Chromium) …")
            try:
                results["machine"]["chromium"] = chromium_version()
                loads = learner_load(launches, work, runs=1 if args.quick else max(args.runs, 7))
                results["learner_load"] = [asdict(load) for load in loads]
            except Exception as exc:  # a broken page must not lose the build figures
                results["learner_load_skipped"] = f"failed: {type(exc).__name__}: {exc}"
                log(f"  {results['learner_load_skipped']}")
            log("requests to the LRS (cmi5 pass run, this tree vs baseline) …")
            try:
                results["lrs_requests"] = lrs_requests.measure(
                    1 if args.quick else 3, lrs_requests.BASELINE_REV, work / "lrs-requests"
                )
            except Exception as exc:  # needs Ralph (scripts/setup-test-env.sh)
                results["lrs_requests_skipped"] = f"failed: {type(exc).__name__}: {exc}"
                log(f"  {results['lrs_requests_skipped']}")
    finally:
        results["machine"]["load_after"] = os.getloadavg()[0]
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    text = report(results)
    print(text)
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
