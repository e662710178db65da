"""Make package-supplied text safe to print: no terminal escapes, no bidi tricks, no fake lines.

Entry names, titles and messages come from the package, so anyone can put ESC sequences (which
set the terminal title or rewrite the screen), right-to-left overrides or newlines in them.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Characters that reorder the text around them (Unicode bidi controls and marks).
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROLS = "\x00-\x1f\x7f-\x9f"  # C0, DEL and C1 (0x9b is a one-byte CSI on some terminals)
_LINE_BREAKS = "\u2028\u2029"
_UNSAFE_TEXT = re.compile(f"[{_CONTROLS}{_LINE_BREAKS}{BIDI_CONTROLS}]")
# Inside JSON output, C0 characters are already escaped by json.dumps; the raw newlines left
# are the indentation's own.
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_LINE_BREAKS}{BIDI_CONTROLS}]")
NAME_CONTROL = re.compile(f"[{_CONTROLS}{BIDI_CONTROLS}]")


def escape_char(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Return `text` with every control, line-break and bidi character written as an escape."""
    return _UNSAFE_TEXT.sub(lambda match: escape_char(match.group()), text)


def printable_json(data: Any) -> str:
    """Return `data` as indented JSON whose printed form holds no control or bidi character.

    The escapes are JSON's own (\\u009b), so a JSON reader gets the original text back.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
