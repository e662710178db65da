"""Locale-formatted quantities for build-time texts (Babel, CLDR units)."""

from __future__ import annotations

from babel import Locale
from babel.units import format_unit

_UNITS = (("digital-kilobyte", 1e3), ("digital-megabyte", 1e6), ("digital-gigabyte", 1e9))


def localized_size(size: int, locale: Locale) -> str:
    """Return a file size in the locale's words and digits: "14 kB", "3,4 MB" (1 kB = 1000 B)."""
    if size < 1000:
        return format_unit(size, "digital-byte", length="long", locale=locale)
    for unit, scale in _UNITS:
        value = size / scale
        if value < 999.5 or unit == "digital-gigabyte":
            shown = round(value) if value >= 10 else round(value, 1)
            return format_unit(shown, unit, length="short", locale=locale)
    raise AssertionError("unreachable")
