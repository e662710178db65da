"""glossary.yaml → the course's terms, and the glossary page that lists them."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

from courseforge.errors import AuthorError
from courseforge.model.course import Lesson, Module
from courseforge.model.glossary import (
    GLOSSARY_FILE,
    GLOSSARY_ID,
    GLOSSARY_MODULE_ID,
    GlossaryFile,
    GlossaryTerm,
)

if TYPE_CHECKING:
    from courseforge.i18n import Messages
    from courseforge.loader.course_loader import _Reader

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:])")


def load_glossary(reader: _Reader, root: Path) -> list[GlossaryTerm]:
    """Return the terms of root/glossary.yaml (none when there is no such file)."""
    path = root / GLOSSARY_FILE
    if not path.exists() and not path.is_symlink():
        return []
    text = reader.read_text(path)
    glossary = reader.parse(GlossaryFile, text, path) if text is not None else None
    if glossary is None:
        return []
    source_map = reader.source_maps[path]
    seen: dict[str, str] = {}
    for index, entry in enumerate(glossary.terms):
        for form_index, form in enumerate(entry.forms()):
            key = " ".join(form.casefold().split())
            if key in seen:
                loc = (
                    ("terms", index, "term")
                    if form_index == 0
                    else ("terms", index, "aliases", form_index - 1)
                )
                reader.errors.append(
                    AuthorError(
                        source_map.locate(loc),
                        "term",
                        f"expected each term and alias once, got {form!r} again "
                        f"(already a form of {seen[key]!r})",
                    )
                )
            seen.setdefault(key, entry.term)
    return list(glossary.terms)


def glossary_module(terms: list[GlossaryTerm], root: Path, messages: Messages) -> Module:
    """Return the module holding the glossary page, shown last in the menu of every target.

    Its titles are interface text in the course's language (`messages`), as the menu shows them.
    """
    source = root / GLOSSARY_FILE
    entries = sorted(terms, key=lambda entry: entry.term.casefold())
    body = "\n".join(
        f"{_literal(entry.term)}\n: {_indented(entry.definition)}\n" for entry in entries
    )
    page = Lesson(id=GLOSSARY_ID, title=messages("glossary.title"), body=body, source=source)
    return Module(
        id=GLOSSARY_MODULE_ID, title=messages("glossary.module"), pages=[page], source=source
    )


def _literal(text: str) -> str:
    """Return plain text as Markdown that shows it exactly (a term is never markup)."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def _indented(markdown: str) -> str:
    return "\n  ".join(markdown.splitlines())
