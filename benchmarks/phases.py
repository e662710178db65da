"""Where one build's time goes: each pipeline step, timed in-process from its progress events.

    python benchmarks/phases.py COURSE OUT [TARGET ...]

Prints JSON: the seconds spent importing courseforge.build, then each step the build reports
("loading course", "rendering pages", "packaging <target>", "writing"), in order.
"""

from __future__ import annotations

import json
import sys
import time

started = time.perf_counter()
from courseforge.build import build, cyclic_gc_paused  # noqa: E402

imported = time.perf_counter()


def main() -> None:
    course, out, *targets = sys.argv[1:]
    marks: list[tuple[str, float]] = []
    with cyclic_gc_paused():  # as `courseforge build` does
        build(course, out, targets, progress=lambda step: marks.append((step, time.perf_counter())))
    finished = time.perf_counter()
    phases = {"import courseforge.build": imported - started}
    for (step, at), (_next, until) in zip(marks, [*marks[1:], ("end", finished)], strict=True):
        phases[step] = phases.get(step, 0.0) + until - at
    print(json.dumps(phases))


if __name__ == "__main__":
    main()
