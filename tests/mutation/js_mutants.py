"""Operator and constant mutations of one JavaScript function, found by a small tokenizer.

Enough JavaScript is understood to skip strings, template literals, comments and regular
expression literals, so only real operators, numbers and booleans are mutated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Longest first, so "===" is read as one token and never as "==" + "=".
_OPERATORS = sorted(
    [
        "===",
        "!==",
        "==",
        "!=",
        "<=",
        ">=",
        "&&",
        "||",
        "??",
        "**",
        "=>",
        ">>>",
        ">>",
        "<<",
        "++",
        "--",
        "+=",
        "-=",
        "*=",
        "/=",
        "%=",
        "...",
        "?.",
        "<",
        ">",
        "+",
        "-",
        "*",
        "/",
        "%",
        "!",
        "=",
        "?",
        ":",
        ",",
        ";",
        ".",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "&",
        "|",
        "^",
        "~",
    ],
    key=len,
    reverse=True,
)
# What each mutable operator becomes (one mutant per replacement).
SWAPS = {
    "===": ["!=="],
    "!==": ["==="],
    "==": ["!="],
    "!=": ["=="],
    "<": ["<=", ">="],
    "<=": ["<", ">"],
    ">": [">=", "<="],
    ">=": [">", "<"],
    "&&": ["||"],
    "||": ["&&"],
    "??": ["||"],
    "+": ["-"],
    "-": ["+"],
    "*": ["/"],
    "/": ["*"],
    "%": ["*"],
    "**": ["*"],
    "true": ["false"],
    "false": ["true"],
}
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
_NUMBER = re.compile(r"0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# After these tokens a "/" starts a regular expression, not a division.
_REGEX_BEFORE = set(
    [
        "(",
        ",",
        "=",
        ":",
        "[",
        "!",
        "&",
        "|",
        "?",
        "{",
        "}",
        ";",
        "+",
        "-",
        "*",
        "%",
        "<",
        ">",
        "~",
        "^",
        "=>",
        "return",
        "typeof",
        "case",
    ]
)


@dataclass(frozen=True)
class Token:
    kind: str  # "op", "number", "word", "string", "regex"
    text: str
    start: int


@dataclass(frozen=True)
class Mutant:
    id: str  # "<file>:<function>:<n>"
    start: int
    end: int
    replacement: str
    line: int
    original_line: str
    mutated_line: str


def tokens(source: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(source) if end is None else end
    found: list[Token] = []
    i = start
    while i < end:
        c = source[i]
        if c.isspace():
            i += 1
        elif source.startswith("//", i):
            i = source.find("\n", i) if "\n" in source[i:end] else end
        elif source.startswith("/*", i):
            i = source.index("*/", i) + 2
        elif c in "'\"`":
            j = _string_end(source, i)
            found.append(Token("string", source[i:j], i))
            i = j
        elif c == "/" and (not found or found[-1].text in _REGEX_BEFORE):
            j = _regex_end(source, i)
            found.append(Token("regex", source[i:j], i))
            i = j
        elif number := _NUMBER.match(source, i):
            found.append(Token("number", number.group(), i))
            i = number.end()
        elif word := _IDENTIFIER.match(source, i):
            found.append(Token("word", word.group(), i))
            i = word.end()
        else:
            op = next(o for o in _OPERATORS if source.startswith(o, i))
            found.append(Token("op", op, i))
            i += len(op)
    return found


def _string_end(source: str, i: int) -> int:
    quote, j = source[i], i + 1
    while source[j] != quote:
        if source[j] == "\\":
            j += 1
        elif quote == "`" and source.startswith("${", j):
            depth, j = 1, j + 2
            while depth:  # nested braces in a template expression
                depth += {"{": 1, "}": -1}.get(source[j], 0)
                j += 1
            continue
        j += 1
    return j + 1


def _regex_end(source: str, i: int) -> int:
    j, in_class = i + 1, False
    while in_class or source[j] != "/":
        if source[j] == "\\":
            j += 1
        elif source[j] == "[":
            in_class = True
        elif source[j] == "]":
            in_class = False
        j += 1
    j += 1
    while j < len(source) and source[j].isalpha():  # flags
        j += 1
    return j


def function_span(source: str, name: str) -> tuple[int, int]:
    """Return the [start, end) of function `name`'s body: its braces, or an arrow's expression.

    Found as `function name(`, `name: function (`, `x.name = function (`, a method `name(...) {`
    or an arrow `name: (...) =>` / `const name = (...) =>` (how the question type modules and
    the adapters write them). "outer.name" looks for `name` after the key `outer:` (a table of
    entries, such as patterns.js's RESPONSE_PATTERNS, that repeats the same method names).
    """
    after = 0
    if "." in name:
        outer, name = name.rsplit(".", 1)
        key = re.search(rf"""^\s*["']?{re.escape(outer)}["']?:""", source, re.M)
        if not key:
            raise SystemExit(f"no key {outer!r} in the runtime source")
        after = key.end()
    word = re.escape(name)
    pattern = re.compile(
        rf"\bfunction {word}\s*\(|^\s*{word}: function\s*\(|\.{word} = function\s*\("
        rf"|^\s*{word}\((?=[^)]*\)\s*\{{)"
        rf"|(?P<arrow>^\s*{word}: |^\s*const {word} = )(?=\(|[A-Za-z_$][\w$]* =>)",
        re.M,
    )
    match = pattern.search(source, after)
    if not match:
        raise SystemExit(f"no function {name!r} in the runtime source")
    following = iter(tokens(source, match.end()))
    if match.group("arrow"):
        next(t for t in following if t.text == "=>")
        first = next(following)
        if first.text != "{":
            return _expression_span(first, following)
        following = iter([first, *following])
    depth, body_start = 0, None
    for token in following:
        if token.text == "{":
            depth += 1
            body_start = token.start if body_start is None else body_start
        elif token.text == "}":
            depth -= 1
            if depth == 0 and body_start is not None:
                return body_start, token.start + 1
    raise SystemExit(f"unbalanced braces in function {name}")


def _expression_span(first: Token, following) -> tuple[int, int]:
    """An arrow's expression body: up to the "," ";" or closing bracket that ends it."""
    depth, last = 0, first
    for token in [first, *following]:
        if token.kind == "op" and token.text in ("(", "[", "{"):
            depth += 1
        elif token.kind == "op" and token.text in (")", "]", "}"):
            depth -= 1
        if depth < 0 or (depth == 0 and token.text in (",", ";")):
            return first.start, last.start + len(last.text)
        last = token
    return first.start, last.start + len(last.text)


def mutants(source: str, file: str, function: str) -> list[Mutant]:
    start, end = function_span(source, function)
    found: list[Mutant] = []
    for token in tokens(source, start, end):
        if token.kind == "number":
            value = float(int(token.text, 16) if token.text[:2].lower() == "0x" else token.text)
            replacements = ["1" if value == 0 else "0" if value == 1 else _plus_one(token.text)]
        elif token.kind in ("op", "word"):
            replacements = SWAPS.get(token.text, [])
        else:
            replacements = []
        for replacement in replacements:
            found.append(_mutant(source, file, function, len(found) + 1, token, replacement))
        if token.text == "!":  # drop a negation
            found.append(_mutant(source, file, function, len(found) + 1, token, ""))
    return found


def _plus_one(text: str) -> str:
    if text[:2].lower() == "0x":
        return hex(int(text, 16) + 1)
    return str(int(text) + 1) if text.isdigit() else repr(float(text) + 1)


def _mutant(source: str, file: str, function: str, n: int, token: Token, new: str) -> Mutant:
    line_start = source.rfind("\n", 0, token.start) + 1
    line_end = source.find("\n", token.start)
    line = source[line_start:line_end]
    column = token.start - line_start
    mutated = line[:column] + new + line[column + len(token.text) :]
    return Mutant(
        id=f"{file}:{function}:{n}",
        start=token.start,
        end=token.start + len(token.text),
        replacement=new,
        line=source.count("\n", 0, token.start) + 1,
        original_line=line.strip(),
        mutated_line=mutated.strip(),
    )
