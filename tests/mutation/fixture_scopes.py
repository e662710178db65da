"""pytest plugin: list the tests that use a fixture set up once for several tests.

    pytest --collect-only -q -p tests.mutation.fixture_scopes ...   (MUTATION_SHARED_OUT=<file>)

run_python.py widens a function's tests to these only: a module-, class- or session-scoped
fixture runs inside the first test that asks for it, so mutmut credits its calls to that test.
"""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path


def pytest_collection_finish(session) -> None:
    shared = []
    for item in session.items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None:
            continue
        for name in info.names_closure:
            definitions = info.name2fixturedefs.get(name)
            if definitions and definitions[-1].scope != "function" and _ours(definitions[-1]):
                shared.append(item.nodeid)
                break
    with open(os.environ["MUTATION_SHARED_OUT"], "w", encoding="utf-8") as out:
        json.dump(sorted(shared), out, indent=1)


def _ours(definition) -> bool:
    """Defined in our tests (pytest's own, such as tmp_path_factory, run none of our code)."""
    try:
        source = Path(inspect.getsourcefile(definition.func) or "")
    except TypeError:
        return False
    return "tests" in source.parts
