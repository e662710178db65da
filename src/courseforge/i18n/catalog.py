"""The learner interface's messages: one catalog per language, CLDR plurals and numbers.

Every text a learner can see or hear comes from here, by message id. Translators edit the
gettext catalogs in i18n/catalogs/<tag>.po (msgid = message id; plural messages list their
forms in CLDR category order: zero, one, two, few, many, other, those the language has).
`make catalogs` compiles them with Babel into i18n/compiled/<tag>.json, texts plus the
language's CLDR rules, so a build reads one small JSON file and imports no Babel for a shipped
language (a test fails when a compiled file is stale). The runtime gets the strings it uses and
a plural table (Messages.runtime_data), never the catalogs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from courseforge.i18n.rules import (
    PLURAL_TABLE,
    SOURCE_LANGUAGE,
    LanguageRules,
    compute_rules,
    format_number,
    format_percent,
)

# A marked, accented English for finding interface text that bypasses the catalog (tests).
PSEUDO_LANGUAGE = "en-XA"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

Text = str | tuple[str, ...]  # one string, or the plural forms in CLDR order


@cache
def shipped_languages() -> tuple[str, ...]:
    """Return the BCP 47 tags of the catalogs courseforge ships, English first."""
    names = resources.files("courseforge.i18n").joinpath("catalogs").iterdir()
    tags = sorted(p.name.removesuffix(".po") for p in names if p.name.endswith(".po"))
    return (SOURCE_LANGUAGE, *[t for t in tags if t != SOURCE_LANGUAGE])


@cache
def compiled_language(tag: str) -> tuple[Mapping[str, Text], LanguageRules]:
    """Return a shipped language's texts and rules, as `make catalogs` compiled them."""
    if tag == PSEUDO_LANGUAGE:
        from courseforge.i18n.pseudo import pseudo_catalog

        texts, rules = compiled_language(SOURCE_LANGUAGE)
        return pseudo_catalog(texts), rules
    path = resources.files("courseforge.i18n").joinpath("compiled", f"{tag}.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    texts = {k: v if isinstance(v, str) else tuple(v) for k, v in data["texts"].items()}
    return MappingProxyType(texts), LanguageRules.from_json(data["rules"])


def read_catalog(tag: str) -> Mapping[str, Text]:
    """Return a shipped catalog: message id → text (plural: forms in CLDR order)."""
    return compiled_language(tag)[0]


def catalog_for(tag: str) -> str | None:
    """Return the shipped catalog a course language uses (de-AT → de, zh-TW → zh-Hant), or None."""
    shipped = {t.lower(): t for t in (*shipped_languages(), PSEUDO_LANGUAGE)}
    lowered = tag.lower().split("-x-")[0]
    if lowered in shipped:
        return shipped[lowered]
    parts = lowered.split("-")
    if len(parts) > 1 and len(parts[1]) == 4 and "-".join(parts[:2]) in shipped:
        return shipped["-".join(parts[:2])]
    if parts[0] == "zh":
        traditional = {"hant", "tw", "hk", "mo"} & set(parts[1:])
        return shipped["zh-hant" if traditional else "zh-hans"]
    if parts[0] == "no":  # Norwegian without a written standard: Bokmål is the usual one
        return shipped["nb"]
    same_language = [t for t in shipped_languages() if t.lower().split("-")[0] == parts[0]]
    return same_language[0] if same_language else None


def rules_for(tag: str) -> LanguageRules:
    """Return a course language's rules: compiled for a shipped tag, else from CLDR now."""
    shipped = catalog_for(tag)
    if shipped is not None and shipped.lower() == tag.lower():
        return compiled_language(shipped)[1]
    return compute_rules(tag)


def placeholders(text: Text) -> set[str]:
    """Return the {name} placeholders a message uses (in any of its forms)."""
    forms = (text,) if isinstance(text, str) else text
    return {name for form in forms for name in _PLACEHOLDER.findall(form)}


@dataclass(frozen=True)
class Messages:
    """The interface texts of one course language, with its plural and number rules."""

    language: str  # the course's BCP 47 tag
    texts: Mapping[str, Text]
    rules: LanguageRules = field(compare=False)

    @property
    def categories(self) -> tuple[str, ...]:
        return self.rules.categories

    @property
    def direction(self) -> str:
        return self.rules.direction

    def __call__(self, message_id: str, n: int | None = None, **args: object) -> str:
        """Return a message with its placeholders filled; `n` picks a plural form and is {n}."""
        text = self.texts[message_id]
        if not isinstance(text, str):
            if n is None:
                raise ValueError(f"message {message_id!r} is plural: pass n")
            text = text[self.plural_index(n)]
        if n is not None:
            args["n"] = n
        values = {
            k: self.number(v) if isinstance(v, int | float) else str(v) for k, v in args.items()
        }
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)

    def plural_index(self, n: float) -> int:
        """Return the position of n's CLDR plural form in this language's forms."""
        if isinstance(n, int) and n >= 0:
            return int(self.rules.plural[n if n < PLURAL_TABLE else 100 + n % 100])
        category = self.babel_locale.plural_form(n)
        return self.categories.index(category) if category in self.categories else -1

    def number(self, value: float) -> str:
        """Return a number in the locale's digits and separators (as Intl.NumberFormat does)."""
        if isinstance(value, int) and 0 <= value < 1000:  # no separator: digits only
            return str(value).translate(self._digits)
        return format_number(self.babel_locale, value)

    def percent(self, value: float) -> str:
        """Return a percentage (80 → "80 %" in German, "%80" in Turkish, "۸۰٪" in Persian)."""
        if isinstance(value, int) and 0 <= value < 1000:
            return self.rules.percent.replace("{}", self.number(value))
        return format_percent(self.babel_locale, value)

    def numbering_system(self) -> str:
        """Return CLDR's default numbering system of the locale ("latn", "arabext"…)."""
        return self.rules.numbering

    @cached_property
    def _digits(self) -> dict[int, int]:
        from courseforge.i18n.rules import NATIVE_DIGITS

        native = NATIVE_DIGITS.get(self.rules.numbering)
        return str.maketrans("0123456789", native) if native else {}

    @cached_property
    def babel_locale(self) -> Any:
        """CLDR's data for what the compiled rules do not cover (Babel, imported now)."""
        from babel import Locale

        return Locale.parse(self.rules.locale)  # Babel's own id: zh_Hans, pt_BR

    def runtime_data(self) -> dict[str, object]:
        """Return what the runtime needs: its messages and a plural table (see PLURAL_TABLE)."""
        used = runtime_message_ids()
        return {
            "lang": self.language,
            "dir": self.direction,
            "numbering": self.numbering_system(),
            "texts": {
                k: list(v) if isinstance(v, tuple) else v
                for k, v in self.texts.items()
                if k in used
            },
            # Digit i: the plural form of the count i, by the CLDR rule (see PLURAL_TABLE).
            "plural": self.rules.plural,
        }


@cache
def runtime_message_ids() -> frozenset[str]:
    """Return the catalog ids the learner runtime and the adapters use (runtime/**/*.js).

    The runtime and adapters name a message by its quoted id: t("quiz.check"), or a literal that
    reaches t() through a variable (t(done ? "results.passed" : "results.failed")).
    """
    with resources.as_file(resources.files("courseforge.runtime")) as runtime:
        code = "\n".join(p.read_text("utf-8") for p in sorted(Path(runtime).rglob("*.js")))
    ids = read_catalog(SOURCE_LANGUAGE)
    return frozenset(key for key in ids if f'"{key}"' in code or f"'{key}'" in code)
