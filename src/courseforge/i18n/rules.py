"""A language's CLDR rules, from Babel: plural categories, numbers, direction.

Babel is imported here only, and only when a rule is computed: compiling the shipped catalogs
(i18n/compile.py), or a course language without a compiled catalog of its own (de-AT, sw).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from babel import Locale

PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")
SOURCE_LANGUAGE = "en"
# The runtime's plural table covers counts below 200; a larger count n takes the form of
# 100 + n % 100, which is the same for every integer rule the shipped languages have (CLDR's
# integer rules look at n % 10 and n % 100), except the French, Spanish, Italian and Portuguese
# "many" of exact millions.
PLURAL_TABLE = 200
# Scripts written right to left, for a language Babel's CLDR data does not know.
_RTL_SCRIPTS = {"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand", "samr"}
# CLDR numberingSystems.xml: the digits of the systems a language may default to.
NATIVE_DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹", "deva": "०१२३४५६७८९"}
# CLDR's minimumGroupingDigits = 2 (1234 but 12 345), which Babel does not apply; Chromium's
# Intl does (tests/runtime/test_languages.py holds the two to the same output).
_MIN_TWO_GROUPING_DIGITS = {"es", "it", "pl", "pt_PT"}  # Babel locale ids


@dataclass(frozen=True)
class LanguageRules:
    """What the interface needs to know of a language besides its texts."""

    locale: str  # Babel's locale id, for what the fast paths below do not cover
    categories: tuple[str, ...]  # CLDR plural categories, in catalog order
    plural: str  # digit n: the plural form (index in categories) of the count n < PLURAL_TABLE
    direction: str  # "ltr" | "rtl"
    numbering: str  # CLDR default numbering system ("latn", "arabext"…)
    percent: str  # how 0..999 percent reads, "{}" for the number: "{} %", "%{}", "{}٪"

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LanguageRules:
        return cls(**{**data, "categories": tuple(data["categories"])})


def babel_locale(tag: str) -> Locale | None:
    """Return CLDR's data for a BCP 47 tag, or None when CLDR does not know the language."""
    from babel import Locale, UnknownLocaleError

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
    subtags = [s.lower() for s in tag.split("-")[1:]]
    if any(s in _RTL_SCRIPTS for s in subtags if len(s) == 4):
        return "rtl"
    locale = babel_locale(tag)
    return "rtl" if locale is not None and locale.character_order == "right-to-left" else "ltr"


@cache
def compute_rules(tag: str) -> LanguageRules:
    """Return a language's rules from CLDR (English's for a language CLDR does not know)."""
    from babel import Locale

    locale = babel_locale(tag) or Locale.parse(SOURCE_LANGUAGE)
    categories = plural_categories(locale)
    plural = "".join(str(categories.index(locale.plural_form(n))) for n in range(PLURAL_TABLE))
    percent = format_percent(locale, 80).replace(to_native("80", locale), "{}", 1)
    return LanguageRules(
        locale=str(locale),
        categories=categories,
        plural=plural,
        direction=text_direction(tag),
        numbering=locale.default_numbering_system,
        percent=percent,
    )


def to_native(text: str, locale: Locale) -> str:
    """Return text with its Latin digits in the locale's own (Babel keeps Latin ones)."""
    digits = NATIVE_DIGITS.get(locale.default_numbering_system)
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def _grouped(locale: Locale, shown: float) -> bool:
    return abs(shown) >= 10_000 or str(locale) not in _MIN_TWO_GROUPING_DIGITS


def format_number(locale: Locale, value: float) -> str:
    """Return a number in the locale's digits and separators, as Intl.NumberFormat does."""
    from babel.numbers import format_decimal

    text = format_decimal(
        value, locale=locale, numbering_system="default", group_separator=_grouped(locale, value)
    )
    return to_native(text, locale)


def format_percent(locale: Locale, value: float) -> str:
    """Return a percentage (80 → "80 %" in German, "%80" in Turkish, "۸۰٪" in Persian)."""
    from babel.numbers import format_percent as babel_percent

    text = babel_percent(
        value / 100,
        locale=locale,
        numbering_system="default",
        group_separator=_grouped(locale, value),
    )
    # Babel keeps "%" whatever the system; CLDR's sign for it is the one Intl shows.
    symbols = locale.number_symbols.get(locale.default_numbering_system, {})
    return to_native(text.replace("%", symbols.get("percentSign", "%")), locale)
