"""Caption track labels: each language named in itself, as a learner looks for it in the menu.

The names are CLDR's (through Babel), not interface text: a French track reads "Français" in a
German course too. Babel is imported only for a course whose media have captions.
"""

from __future__ import annotations

from functools import cache


@cache
def language_name(tag: str) -> str:
    """Return a caption track's label ("Français", "Português (Brasil)"), or the tag if unknown."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(tag, sep="-").display_name
    except (UnknownLocaleError, ValueError):
        return tag
    # CLDR writes most names in lower case (français); a menu entry starts with a capital.
    return name[:1].upper() + name[1:] if name else tag
