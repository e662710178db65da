"""Build in a child process that stops itself at a named step of the write phase.

Run as: python crash_harness.py COURSE OUT N SIGNAL [TARGET...]
Counts the writer's checkpoints; at the N-th it sends itself SIGNAL (KILL, TERM or INT) and, if
the signal is held back, carries on, as a real signal arriving at that instant would. N = 0 only
lists the steps (one per line on stdout) and never signals: the parent may kill it from outside.

Folder tokens come from a counter, so two runs over the same folder write the same bytes and
the test can compare the folder with the exact new build. CRASH_FALLBACK=1 in the environment
makes renameat2 unavailable, as on a system without it: the writer uses the journaled fallback.
"""

from __future__ import annotations

import itertools
import os
import signal
import sys


def main() -> None:
    course, out, stop_at, signal_name, *targets = sys.argv[1:]
    import courseforge.package.exchange as exchange
    import courseforge.package.staging as staging
    import courseforge.package.writer as writer
    from courseforge.build import build

    tokens = itertools.count(1)
    staging.new_token = lambda: f"{next(tokens):032x}"
    if os.environ.get("CRASH_FALLBACK") == "1":
        exchange.renameat2 = None
    seen = 0

    def checkpoint(step: str) -> None:
        nonlocal seen
        seen += 1
        print(step, flush=True)
        if seen == int(stop_at):
            os.kill(os.getpid(), getattr(signal, f"SIG{signal_name}"))

    writer.CHECKPOINT = checkpoint
    build(course, out, targets)


if __name__ == "__main__":
    main()
