"""The course's language tag and base IRI, checked as the standards define them."""

from __future__ import annotations

import re

# RFC 5646 (BCP 47) well-formed tags: langtag, private use, and the grandfathered tags.
_ALPHANUM = "[A-Za-z0-9]"
_LANGTAG = (
    r"(?P<language>[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4}|[A-Za-z]{5,8})"
    r"(?:-[A-Za-z]{4})?"  # script
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"  # region
    rf"(?:-(?:{_ALPHANUM}{{5,8}}|[0-9]{_ALPHANUM}{{3}}))*"  # variants
    rf"(?:-[0-9A-WY-Za-wy-z](?:-{_ALPHANUM}{{2,8}})+)*"  # extensions
    rf"(?:-[Xx](?:-{_ALPHANUM}{{1,8}})+)?"  # private use
)
_PRIVATE_USE = rf"[Xx](?:-{_ALPHANUM}{{1,8}})+"
_GRANDFATHERED = (
    "en-GB-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|"
    "i-tao|i-tay|i-tsu|sgn-BE-FR|sgn-BE-NL|sgn-CH-DE|art-lojban|cel-gaulish|no-bok|no-nyn|"
    "zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang"
)
_BCP47 = re.compile(rf"(?:{_LANGTAG}|{_PRIVATE_USE}|(?i:{_GRANDFATHERED}))")


def language_tag(value: str) -> str:
    """Refuse a language that is not a well-formed BCP 47 tag (xml:lang, xAPI language maps)."""
    if not isinstance(value, str) or not _BCP47.fullmatch(value):
        raise ValueError(f"expected a BCP 47 language tag such as en or pt-BR, got {value!r}")
    _check_duplicate_subtags(value)
    return value


def _check_duplicate_subtags(value: str) -> None:
    subtags = value.lower().split("-")
    if "x" in subtags:
        subtags = subtags[: subtags.index("x")]
    singletons = [s for s in subtags[1:] if len(s) == 1]
    if len(set(singletons)) != len(singletons):
        raise ValueError(f"expected each extension once in a language tag, got {value!r}")


# Characters RFC 3987 leaves out of IRIs (and spaces, controls), plus ? and #: activity ids are
# the base IRI followed by /<id>, which would land inside a query or a fragment.
_NOT_IN_BASE_IRI = re.compile(r'[\x00-\x20\x7f-\x9f<>"{}|\\^`?#]')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def iri_base(value: object) -> object:
    """Refuse a base IRI whose characters would be changed or refused on the way to the LRS."""
    if not isinstance(value, str):
        return value  # the type check says what is wrong
    bad = _NOT_IN_BASE_IRI.search(value)
    if bad:
        what = "space" if bad.group() == " " else repr(bad.group())
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise ValueError(
            f"expected an IRI such as https://example.org/course, got {shown!r}: an IRI holds "
            f"no {what} (character {bad.start() + 1}; nor spaces, quotes, <>, {{}}, |, \\, ^, "
            "`, and activity ids need it without ? or #)"
        )
    if not _SCHEME.match(value):
        raise ValueError(
            f"expected an absolute IRI such as https://example.org/course, got {value!r}"
        )
    return value
