"""Read YAML while remembering where every key and value came from."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import GeneratorType
from typing import Any

import yaml

from courseforge.errors import AuthorError, SourceLocation
from courseforge.loader.limits import MAX_ALIAS_NODES, MAX_YAML_DEPTH

try:  # libyaml's composer is several times faster; plain PyYAML gives the same nodes
    from yaml import CSafeLoader as _Loader

    _BYTE_POSITIONS = True  # libyaml counts a refused character's position in UTF-8 bytes
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

    _BYTE_POSITIONS = False

Path_ = tuple[Any, ...]


@dataclass
class SourceMap:
    """Maps a data path such as ('questions', 0, 'points') to its place in a file."""

    path: str
    line_offset: int = 0
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate(self, loc: Path_) -> SourceLocation:
        """Return the location of the deepest known part of `loc`."""
        for end in range(len(loc), -1, -1):
            mark = self.marks.get(tuple(loc[:end]))
            if mark:
                return SourceLocation(self.path, mark[0] + self.line_offset, mark[1])
        return SourceLocation(self.path, 1 + self.line_offset, 1)


class YamlSyntaxError(Exception):
    """YAML that does not parse, or breaks a limit (loader/limits.py); carries an AuthorError."""

    def __init__(self, error: AuthorError):
        self.error = error
        super().__init__(str(error))


_constructor = yaml.constructor.SafeConstructor()


YamlParse = tuple[Any, "SourceMap", list[AuthorError]]
# Parsed documents shared within one build (see shared_yaml_parses); None outside a build.
_shared_parses: ContextVar[dict[tuple[str, str, int], YamlParse] | None] = ContextVar(
    "courseforge_shared_yaml_parses", default=None
)


@contextmanager
def shared_yaml_parses(memo: dict[tuple[str, str, int], YamlParse] | None = None) -> Iterator[None]:
    """Parse each YAML text once inside the block (the loader, then the quiz lint, read quizzes).

    The parsed data is shared, so nothing may change it. Scoped to the calling thread's context.
    """
    token = _shared_parses.set({} if memo is None else memo)
    try:
        yield
    finally:
        _shared_parses.reset(token)


def load_yaml(text: str, path: str, line_offset: int = 0) -> YamlParse:
    """Parse one YAML document (once per text and place inside `shared_yaml_parses`).

    Returns:
        The plain data, its source map, and problems that do not stop parsing (duplicate keys).

    Raises:
        YamlSyntaxError: the text is not YAML, or nests or repeats (aliases) beyond the limits.
    """
    memo = _shared_parses.get()
    if memo is None:
        return _parse_yaml(text, path, line_offset)
    key = (text, path, line_offset)
    parsed = memo.get(key)
    if parsed is None:
        parsed = memo[key] = _parse_yaml(text, path, line_offset)
    return parsed


def _parse_yaml(text: str, path: str, line_offset: int) -> YamlParse:
    source_map = SourceMap(path, line_offset)
    problems: list[AuthorError] = []
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        if exc.context and exc.context_mark:
            opened = exc.context_mark
            what = f"{what} ({exc.context} started at line {opened.line + 1 + line_offset})"
        where = SourceLocation(path, line + line_offset, col)
        raise YamlSyntaxError(AuthorError(where, "", f"YAML syntax error: {what}")) from None
    except yaml.reader.ReaderError as exc:
        raise YamlSyntaxError(_unreadable_character(exc, text, path, line_offset)) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(
            AuthorError(SourceLocation(path, 1 + line_offset, 1), "", f"YAML syntax error: {exc}")
        ) from None
    if node is None:
        return None, source_map, problems
    data = _Converter(source_map, problems).data(node, (), 0)
    return data, source_map, problems


def _unreadable_character(
    exc: yaml.reader.ReaderError, text: str, path: str, line_offset: int
) -> AuthorError:
    """Place a character YAML refuses (a control character, say) at its line and column."""
    if _BYTE_POSITIONS:
        before = text.encode("utf-8")[: exc.position].decode("utf-8", "replace")
    else:
        before = text[: exc.position]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    code = exc.character  # a code point: the text is always a str here, never bytes
    escape = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    message = (
        f"YAML syntax error: expected printable text, found the character U+{code:04X}, "
        f'which YAML does not allow; remove it, or write "{escape}" inside double quotes'
    )
    return AuthorError(SourceLocation(path, line + line_offset, column), "", message)


class _Converter:
    """Turns composed nodes into plain data, within the limits an alias or nesting could break."""

    def __init__(self, source_map: SourceMap, problems: list[AuthorError]):
        self.source_map = source_map
        self.problems = problems
        self.seen: set[int] = set()  # nodes converted once: meeting one again is an alias
        self.open: set[int] = set()  # nodes being converted: meeting one again is a cycle
        self.repeated = 0  # nodes converted again through aliases

    def refuse(self, node: yaml.Node, message: str) -> YamlSyntaxError:
        where = SourceLocation(
            self.source_map.path,
            node.start_mark.line + 1 + self.source_map.line_offset,
            node.start_mark.column + 1,
        )
        return YamlSyntaxError(AuthorError(where, "", message))

    def data(self, node: yaml.Node, at: Path_, depth: int) -> Any:
        key = id(node)
        if key in self.open:
            raise self.refuse(
                node, "recursive YAML alias: this value contains an alias (*name) of itself"
            )
        if depth > MAX_YAML_DEPTH:
            raise self.refuse(
                node,
                f"expected at most {MAX_YAML_DEPTH} levels of nested lists and mappings, got more",
            )
        if key in self.seen:
            self.repeated += 1
            if self.repeated > MAX_ALIAS_NODES:
                raise self.refuse(
                    node,
                    f"YAML aliases (*name) expand to more than {MAX_ALIAS_NODES:,} values; "
                    "write the repeated values out, or repeat less",
                )
        else:
            self.seen.add(key)
        self.source_map.marks.setdefault(at, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        self.open.add(key)
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, at, depth)
            return [self.data(item, at + (i,), depth + 1) for i, item in enumerate(node.value)]
        finally:
            self.open.discard(key)

    def mapping(self, node: yaml.MappingNode, at: Path_, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node.tag)
            if not isinstance(key, (str, int)):
                key = str(key)
            if key in result:
                self.problems.append(
                    AuthorError(
                        SourceLocation(
                            self.source_map.path,
                            key_node.start_mark.line + 1 + self.source_map.line_offset,
                            key_node.start_mark.column + 1,
                        ),
                        dotted_field(at + (key,)),
                        "duplicate key; expected each key once, got it again",
                    )
                )
            self.source_map.marks[at + (key,)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = self.data(value_node, at + (key,), depth + 1)
        return result


def _scalar(node: yaml.Node) -> Any:
    construct = _constructor.yaml_constructors.get(node.tag)
    if construct is None:  # an unknown tag such as !foo: keep the text
        return node.value
    try:
        value = construct(_constructor, node)
    # A tag its text does not fit (`!!timestamp ""`, `!!float ""`): PyYAML raises anything.
    except Exception:  # noqa: BLE001
        return node.value
    if isinstance(value, GeneratorType):  # !!set, !!omap… build lazily from a mapping: not here
        return node.value
    return value


def dotted_field(loc: Path_) -> str:
    """Return a data path as authors write it: `questions[0].choices`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
