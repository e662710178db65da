"""Link destinations as markdown-it normalized them: percent-encoded, host names in punycode.

Kept so that hrefs and the loader's messages stay what they were before pulldown-cmark replaced
markdown-it (benchmarks/RESULTS.md).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from functools import lru_cache

import mdurl

_RECODE_HOSTNAME_FOR = ("http:", "https:", "mailto:")
_BAD_PROTOCOL = re.compile(r"^(vbscript|javascript|file|data):")
_GOOD_DATA = re.compile(r"^data:image/(gif|png|jpeg|webp);")
_HOST_SEPARATORS = re.compile("[\x2e\u3002\uff0e\uff61]")
_NON_ASCII = re.compile("[^\0-\x7e]")


@lru_cache(maxsize=4096)  # lessons of a course link to the same few files and sites
def normalize_link(url: str) -> str:
    """Return a link destination percent-encoded, its host name in punycode."""
    parsed = mdurl.parse(url, slashes_denote_host=True)
    if parsed.hostname and (not parsed.protocol or parsed.protocol in _RECODE_HOSTNAME_FOR):
        parsed = parsed._replace(hostname=_punycode_host(parsed.hostname))
    if not parsed.hostname or ":" not in parsed.hostname:
        return mdurl.encode(mdurl.format(parsed))
    return mdurl.format(  # an IPv6 host: encode the parts before format() adds the brackets
        parsed._replace(
            protocol=parsed.protocol and mdurl.encode(parsed.protocol),
            auth=parsed.auth and mdurl.encode(parsed.auth),
            hostname=mdurl.encode(parsed.hostname),
            pathname=parsed.pathname and mdurl.encode(parsed.pathname),
            search=parsed.search and mdurl.encode(parsed.search),
            hash=parsed.hash and mdurl.encode(parsed.hash),
        )
    )


@lru_cache(maxsize=4096)
def normalize_link_text(url: str) -> str:
    """Return an autolink's address as markdown-it showed it: escapes and punycode decoded."""
    parsed = mdurl.parse(url, slashes_denote_host=True)
    if parsed.hostname and (not parsed.protocol or parsed.protocol in _RECODE_HOSTNAME_FOR):
        parsed = parsed._replace(hostname=_map_host(parsed.hostname, _label_to_unicode))
    return mdurl.decode(mdurl.format(parsed), mdurl.DECODE_DEFAULT_CHARS + "%")


def _punycode_host(hostname: str) -> str:
    return _map_host(hostname, _label_to_ascii)


def _map_host(hostname: str, convert: Callable[[str], str]) -> str:
    """Convert each label of a host name; of user@host, only the host (as markdown-it does)."""
    try:
        parts = hostname.split("@")
        prefix = ""
        if len(parts) > 1:
            prefix, hostname = parts[0] + "@", parts[1]
        return prefix + ".".join(convert(label) for label in _HOST_SEPARATORS.split(hostname))
    except Exception:  # noqa: BLE001 - markdown-it leaves a host it cannot convert as it is
        return hostname


def _label_to_ascii(label: str) -> str:
    return "xn--" + codecs.encode(label, "punycode").decode() if _NON_ASCII.search(label) else label


def _label_to_unicode(label: str) -> str:
    return codecs.decode(label[4:].lower(), "punycode") if label.startswith("xn--") else label


def is_safe_url(url: str) -> bool:
    url = url.strip().lower()
    return bool(_GOOD_DATA.search(url)) if _BAD_PROTOCOL.search(url) else True
