"""The learner interface's messages: gettext catalogs read with Babel, CLDR plurals and numbers.

Every text a learner can see or hear comes from here, by message id. Catalogs are the .po files
in i18n/catalogs/ (msgid = message id); plural messages list their forms in CLDR category order
(zero, one, two, few, many, other: those the language has). The runtime gets the strings it uses
and a plural table for the counts it can meet (Messages.runtime_data), never the catalogs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")
SOURCE_LANGUAGE = "en"
# A marked, accented English for finding interface text that bypasses the catalog (tests).
PSEUDO_LANGUAGE = "en-XA"
# Scripts written right to left, for a language Babel's CLDR data does not know.
_RTL_SCRIPTS = {"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand", "samr"}
# The runtime's plural table covers counts below 200; a larger count n takes the form of
# 100 + n % 100, which is the same for every integer rule the shipped languages have (CLDR's
# integer rules look at n % 10 and n % 100), except the French, Spanish, Italian and Portuguese
# "many" of exact millions.
PLURAL_TABLE = 200
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

# CLDR numberingSystems.xml: the digits of the systems a shipped language defaults to.
_NATIVE_DIGITS = {
    system: str.maketrans("0123456789", digits)
    for system, digits in (
        ("arab", "٠١٢٣٤٥٦٧٨٩"),
        ("arabext", "۰۱۲۳۴۵۶۷۸۹"),
        ("deva", "०१२३४५६७८९"),
    )
}

# CLDR's minimumGroupingDigits = 2 (1234 but 12 345), which Babel does not apply; Chromium's
# Intl does (tests/runtime/test_languages.py holds the two to the same output).
_MIN_TWO_GROUPING_DIGITS = {"es", "it", "pl", "pt_PT"}  # Babel locale ids

Text = str | tuple[str, ...]  # one string, or the plural forms in CLDR order


@cache
def shipped_languages() -> tuple[str, ...]:
    """Return the BCP 47 tags of the catalogs courseforge ships, English first."""
    names = resources.files("courseforge.i18n").joinpath("catalogs").iterdir()
    tags = sorted(p.name.removesuffix(".po") for p in names if p.name.endswith(".po"))
    return (SOURCE_LANGUAGE, *[t for t in tags if t != SOURCE_LANGUAGE])


def babel_locale(tag: str) -> Locale | None:
    """Return CLDR's data for a BCP 47 tag, or None when CLDR does not know the language."""
    base = tag.split("-x-")[0]
    try:
        return Locale.parse(base, sep="-")
    except (UnknownLocaleError, ValueError):
        try:  # unknown region or variant: the language (and script) alone
            parts = base.split("-")
            script = [p for p in parts[1:2] if len(p) == 4]
            return Locale.parse("-".join(parts[:1] + script), sep="-")
        except (UnknownLocaleError, ValueError):
            return None


def plural_categories(locale: Locale | None) -> tuple[str, ...]:
    """Return the CLDR plural categories of a language, in catalog order."""
    tags = locale.plural_form.tags if locale else {"one"}
    return tuple(c for c in PLURAL_ORDER if c in tags or c == "other")


def text_direction(tag: str) -> str:
    """Return "rtl" for a language written right to left, else "ltr"."""
    locale = babel_locale(tag)
    subtags = [s.lower() for s in tag.split("-")[1:]]
    if any(s in _RTL_SCRIPTS for s in subtags if len(s) == 4):
        return "rtl"
    if locale is not None:
        return "rtl" if locale.character_order == "right-to-left" else "ltr"
    return "ltr"


@cache
def read_catalog(tag: str) -> Mapping[str, Text]:
    """Return a shipped catalog: message id → text (plural: forms in CLDR order)."""
    if tag == PSEUDO_LANGUAGE:
        from courseforge.i18n.pseudo import pseudo_catalog

        return pseudo_catalog(read_catalog(SOURCE_LANGUAGE))
    path = resources.files("courseforge.i18n").joinpath("catalogs", f"{tag}.po")
    with path.open("rb") as po:
        catalog = read_po(po, locale=None, abort_invalid=True)
    texts: dict[str, Text] = {}
    for message in catalog:
        if not message.id:
            continue  # the header
        if isinstance(message.id, tuple):
            texts[message.id[0]] = tuple(message.string)
        else:
            texts[message.id] = message.string
    return MappingProxyType(texts)


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


def placeholders(text: Text) -> set[str]:
    """Return the {name} placeholders a message uses (in any of its forms)."""
    forms = (text,) if isinstance(text, str) else text
    return {name for form in forms for name in _PLACEHOLDER.findall(form)}


@dataclass(frozen=True)
class Messages:
    """The interface texts of one course language, with its plural and number rules."""

    language: str  # the course's BCP 47 tag
    texts: Mapping[str, Text]
    categories: tuple[str, ...]  # plural categories, CLDR order
    locale: Locale | None = field(compare=False)

    @property
    def direction(self) -> str:
        return text_direction(self.language)

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
        category = self.locale.plural_form(n) if self.locale else ("one" if n == 1 else "other")
        return self.categories.index(category) if category in self.categories else -1

    def number(self, value: float) -> str:
        """Return a number in the locale's digits and separators (as Intl.NumberFormat does)."""
        text = format_decimal(
            value,
            locale=self._locale,
            numbering_system="default",
            group_separator=self._grouped(value),
        )
        return self._digits(text)

    def _grouped(self, shown: float) -> bool:
        return abs(shown) >= 10_000 or str(self._locale) not in _MIN_TWO_GROUPING_DIGITS

    def percent(self, value: float) -> str:
        """Return a percentage (80 → "80 %" in German, "%80" in Turkish, "۸۰٪" in Persian)."""
        text = format_percent(
            value / 100,
            locale=self._locale,
            numbering_system="default",
            group_separator=self._grouped(value),
        )
        # Babel keeps "%" whatever the system; CLDR's sign for it is the one Intl shows.
        symbols = self._locale.number_symbols.get(self.numbering_system(), {})
        return self._digits(text.replace("%", symbols.get("percentSign", "%")))

    @property
    def _locale(self) -> Locale:
        return self.locale or Locale.parse(SOURCE_LANGUAGE)

    def numbering_system(self) -> str:
        """Return CLDR's default numbering system of the locale ("latn", "arabext"…)."""
        return self._locale.default_numbering_system

    def _digits(self, text: str) -> str:
        # Babel formats with the system's separators but Latin digits; the learner's are these.
        digits = _NATIVE_DIGITS.get(self.numbering_system())
        return text.translate(digits) if digits else text

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
            # Digit i: the plural form of the count i, by the CLDR rule applied here.
            "plural": "".join(
                str(self.plural_index(n) % len(self.categories)) for n in range(PLURAL_TABLE)
            ),
        }


# The runtime and its adapters name messages by quoted id: t("quiz.check"), or a literal that
# reaches t() through a variable (t(done ? "results.passed" : "results.failed")).
_QUOTED_ID = re.compile(r"""["']([a-z]+\.[a-z0-9_]+)["']""")


@cache
def runtime_message_ids() -> frozenset[str]:
    """Return the catalog ids the learner runtime and the adapters use (read from their source)."""
    runtime = resources.files("courseforge.runtime")
    sources = [p for p in runtime.iterdir() if p.name.endswith(".js")]
    sources += [p for p in runtime.joinpath("adapters").iterdir() if p.name.endswith(".js")]
    found = {m for p in sources for m in _QUOTED_ID.findall(p.read_text("utf-8"))}
    return frozenset(found & set(read_catalog(SOURCE_LANGUAGE)))
