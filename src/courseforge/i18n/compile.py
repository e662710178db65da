"""Compile the gettext catalogs (i18n/catalogs/*.po) into i18n/compiled/*.json with Babel.

    python -m courseforge.i18n.compile            # `make catalogs`: rewrite the compiled files
    python -m courseforge.i18n.compile --check    # exit 1 if one is missing or stale

Each JSON holds the catalog's texts (plural forms as lists, CLDR category order) and the
language's rules (plural table, direction, numbering system, percent pattern), so a build needs
neither the .po parser nor CLDR's data for a shipped language.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

from courseforge.i18n.catalog import shipped_languages
from courseforge.i18n.rules import compute_rules


def compile_catalog(tag: str) -> str:
    """Return the compiled JSON text of one shipped catalog."""
    from babel.messages.pofile import read_po

    path = resources.files("courseforge.i18n").joinpath("catalogs", f"{tag}.po")
    with path.open("rb") as po:
        catalog = read_po(po, abort_invalid=True)
    texts: dict[str, str | list[str]] = {}
    for message in catalog:
        if not message.id:
            continue  # the header
        if isinstance(message.id, tuple):
            texts[message.id[0]] = list(message.string)
        else:
            texts[message.id] = message.string
    data = {"language": tag, "rules": compute_rules(tag).as_json(), "texts": texts}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def compiled_folder() -> Path:
    return Path(str(resources.files("courseforge.i18n").joinpath("compiled")))


def main(argv: list[str]) -> int:
    folder = compiled_folder()
    stale = []
    for tag in shipped_languages():
        text = compile_catalog(tag)
        target = folder / f"{tag}.json"
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            stale.append(target.name)
            if "--check" not in argv:
                folder.mkdir(exist_ok=True)
                target.write_text(text, encoding="utf-8")
    if "--check" in argv and stale:
        print(f"stale compiled catalogs, run `make catalogs`: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
