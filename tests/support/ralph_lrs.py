"""Launch Ralph's LRS (filesystem backend) with statements written in APPEND mode.

Run this file with the *Ralph* virtualenv's interpreter, never with the project's:

    RALPH_RUNSERVER_BACKEND=fs \\
    RALPH_AUTH_FILE=/tmp/lrs/auth.json \\
    RALPH_HISTORY_FILE=/tmp/lrs/history.json \\
    RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH=/tmp/lrs/data \\
    .cache/ralph-venv/bin/python tests/support/ralph_lrs.py --host 127.0.0.1 --port 8100

Why not ``ralph runserver -b fs``?  In ralph-malph 5.1.0 the filesystem backend's
``default_operation_type`` is ``CREATE`` and no setting or environment variable changes
it, so the first POST creates ``fs_lrs.jsonl`` and every later POST/PUT fails with HTTP
500 ("Statements bulk indexation failed" / "... already exists and overwrite is not
allowed with operation_type create or index").  ``runserver`` also starts uvicorn with
``reload=True`` (a file-watching parent process plus a spawned child), so patching it
from outside is impossible.  This launcher switches the class default to ``APPEND`` and
runs uvicorn in-process (no reloader), which is also quicker to start and to stop.

This module only uses the standard library at import time so that ruff/pytest in the
project's own virtualenv can import it harmlessly; Ralph itself is imported in main().
"""

from __future__ import annotations

import argparse
import os
import sys

# When run as a script, this file's directory is sys.path[0]; its sibling http.py would
# shadow the standard library's `http` package (which uvicorn imports).  Drop it.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--log-level", default="warning")
    parser.add_argument(
        "--mode",
        choices=["append", "create"],
        default="append",
        help="fs backend write mode; 'create' reproduces the stock (buggy) behaviour",
    )
    args = parser.parse_args(argv)

    # Ralph reads its whole configuration from the environment when first imported.
    os.environ.setdefault("RALPH_RUNSERVER_BACKEND", "fs")

    import uvicorn
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    if args.mode == "append":
        FSLRSBackend.default_operation_type = BaseOperationType.APPEND

    from ralph.api import app

    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()
