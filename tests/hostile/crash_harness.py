"""Build in a child process that stops itself at a named step of the write phase.

Run as: python crash_harness.py COURSE OUT N SIGNAL [TARGET...]
Counts the writer's checkpoints; at the N-th it sends itself SIGNAL (KILL, TERM or INT) and, if
the signal is held back, carries on, as a real signal arriving at that instant would. N = 0 only
lists the steps (one per line on stdout) and never signals.
"""

from __future__ import annotations

import os
import signal
import sys


def main() -> None:
    course, out, stop_at, signal_name, *targets = sys.argv[1:]
    import courseforge.package.writer as writer
    from courseforge.build import build

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
