"""Course messages: a shipped catalog, or English, with the author's `messages:` on top.

course.yaml may set any message for the course's language:

    messages:
      results.title: Final quiz results          # one text
      quiz.points: {one: "{n} mark", other: "{n} marks"}   # plural: a form per CLDR category

A language courseforge does not ship starts from English; every message the author leaves out
stays English and is named in a warning (an error with --strict).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from courseforge.errors import AuthorError, SourceLocation, display_path
from courseforge.i18n.catalog import (
    Messages,
    Text,
    catalog_for,
    compiled_language,
    placeholders,
    read_catalog,
    rules_for,
)
from courseforge.i18n.rules import SOURCE_LANGUAGE

Overrides = tuple[tuple[str, str | tuple[tuple[str, str], ...]], ...]  # hashable course.messages


def course_messages(course: Any) -> Messages:
    """Return the interface messages of a course (its language and its `messages:`)."""
    return messages_for(course.language, _frozen(getattr(course, "messages", None) or {}))


@cache
def messages_for(language: str, overrides: Overrides = ()) -> Messages:
    """Return the messages for a BCP 47 tag, with the author's overrides applied."""
    shipped = catalog_for(language)
    base, shipped_rules = compiled_language(shipped or SOURCE_LANGUAGE)
    rules = rules_for(language)
    if shipped and rules.categories != shipped_rules.categories:
        rules = shipped_rules  # a regional variant counting otherwise: the catalog's own rules
    categories = rules.categories
    english_categories = compiled_language(SOURCE_LANGUAGE)[1].categories
    texts: dict[str, Text] = {}
    for key, text in base.items():
        if not shipped and not isinstance(text, str):  # English forms, this language's rules
            text = tuple(
                text[english_categories.index("other" if c != "one" else "one")] for c in categories
            )
        texts[key] = text
    for key, value in overrides:
        if key not in texts:
            continue  # reported by override_errors
        if isinstance(base[key], str):
            texts[key] = value if isinstance(value, str) else dict(value).get("other", "")
        elif isinstance(value, str):
            texts[key] = (value,) * len(categories)
        else:
            forms = dict(value)
            texts[key] = tuple(forms.get(c, forms.get("other", "")) for c in categories)
    return Messages(language, MappingProxyType(texts), rules)


def _frozen(overrides: Mapping[str, Any]) -> Overrides:
    return tuple(
        (key, value if isinstance(value, str) else tuple(sorted(value.items())))
        for key, value in sorted(overrides.items())
    )


def override_errors(language: str, overrides: Mapping[str, Any], locate: Any) -> list[AuthorError]:
    """Return every problem in course.yaml's `messages:` (unknown ids, placeholders, forms).

    Args:
        locate: maps a data path such as ("messages", "quiz.check") to a SourceLocation.
    """
    if not overrides:
        return []
    english = read_catalog(SOURCE_LANGUAGE)
    categories = messages_for(language).categories
    errors: list[AuthorError] = []
    for key, value in overrides.items():
        where = locate(("messages", key))
        if key not in english:
            close = difflib.get_close_matches(key, list(english), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            errors.append(
                AuthorError(
                    where,
                    "messages",
                    f"unknown message id{hint}; expected an id of the English catalog (src/courseforge/i18n/catalogs/en.po), got {key!r}",
                )
            )
            continue
        allowed = placeholders(english[key])
        if isinstance(value, dict):
            if isinstance(english[key], str):
                errors.append(
                    AuthorError(
                        where,
                        f"messages.{key}",
                        "expected one text (this message has no plural forms), got a mapping",
                    )
                )
                continue
            wrong = sorted(set(value) - set(categories))
            if wrong:
                errors.append(
                    AuthorError(
                        where,
                        f"messages.{key}",
                        f"expected plural forms among {', '.join(categories)} ({language}'s CLDR categories), got {', '.join(map(repr, wrong))}",
                    )
                )
            if "other" not in value:
                errors.append(
                    AuthorError(
                        where,
                        f"messages.{key}",
                        "expected an 'other' form (used for every count without its own form), got none",
                    )
                )
        unknown = sorted(
            placeholders(value if isinstance(value, str) else tuple(value.values())) - allowed
        )
        if unknown:
            expected = ", ".join("{" + p + "}" for p in sorted(allowed)) or "none"
            errors.append(
                AuthorError(
                    where,
                    f"messages.{key}",
                    f"unknown placeholder {', '.join('{' + p + '}' for p in unknown)}; expected {expected}",
                )
            )
    return errors


def _language_line(course_file: Path) -> SourceLocation:
    """Return where course.yaml sets `language:` (the file alone if it cannot tell)."""
    try:
        lines = course_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    for number, line in enumerate(lines, 1):
        if line.startswith("language:"):
            return SourceLocation(display_path(course_file), number, 1)
    return SourceLocation(display_path(course_file))


def missing_translation_warnings(course: Any) -> list[AuthorError]:
    """Return a warning naming every message left in English for a language not shipped."""
    if catalog_for(course.language):
        return []
    english = read_catalog(SOURCE_LANGUAGE)
    missing = sorted(set(english) - set(course.messages or {}))
    if not missing:
        return []
    where = _language_line(course.root / "course.yaml")
    return [
        AuthorError(
            where,
            "messages",
            f"courseforge ships no interface in {course.language!r}; {len(missing)} messages stay "
            f"English until course.yaml's messages: sets them: {', '.join(missing)}",
        )
    ]
