"""Locale-formatted quantities for build-time texts (Babel, CLDR units)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from courseforge.i18n.rules import to_native

if TYPE_CHECKING:
    from courseforge.i18n.catalog import Messages

_UNITS = (("digital-kilobyte", 1e3), ("digital-megabyte", 1e6), ("digital-gigabyte", 1e9))


def localized_size(size: int, messages: Messages) -> str:
    """Return a file size in the locale's words and digits: "14 kB", "3,4 MB" (1 kB = 1000 B)."""
    from babel.units import format_unit  # only for courses with a download, not in English

    locale = messages.babel_locale
    if size < 1000:
        return to_native(format_unit(size, "digital-byte", length="long", locale=locale), locale)
    for unit, scale in _UNITS:
        value = size / scale
        if value < 999.5 or unit == "digital-gigabyte":
            shown = round(value) if value >= 10 else round(value, 1)
            return to_native(format_unit(shown, unit, length="short", locale=locale), locale)
    raise AssertionError("unreachable")
