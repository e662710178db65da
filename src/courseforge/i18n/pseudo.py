"""The pseudo-locale en-XA: English with accents, each message between ⟦ and ⟧.

A page built in it shows, at a glance and to a test, any interface text that did not come from
the catalog: it is the only text outside the brackets (besides the course's own words).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from courseforge.i18n.catalog import Text

OPEN, CLOSE = "⟦", "⟧"
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
_PLACEHOLDER = re.compile(r"(\{[a-z_]+\})")


def pseudo_text(text: str) -> str:
    """Return text accented and bracketed, its {placeholders} left as they are."""
    parts = _PLACEHOLDER.split(text)
    return (
        OPEN + "".join(p if i % 2 else p.translate(_ACCENTED) for i, p in enumerate(parts)) + CLOSE
    )


def pseudo_catalog(english: Mapping[str, Text]) -> Mapping[str, Text]:
    """Return the pseudo-locale's catalog, made from the English one."""
    return MappingProxyType(
        {
            key: pseudo_text(text) if isinstance(text, str) else tuple(pseudo_text(f) for f in text)
            for key, text in english.items()
        }
    )
