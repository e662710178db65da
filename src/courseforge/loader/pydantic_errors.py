"""Turn pydantic's validation errors into located messages an author can act on."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from courseforge.errors import AuthorError
from courseforge.loader.yaml_source import SourceMap, dotted_field


def located_errors(
    exc: ValidationError, model: type[BaseModel], data: Any, source_map: SourceMap
) -> list[AuthorError]:
    """Return one AuthorError per pydantic error, pointing into the source file."""
    errors = []
    for err in exc.errors(include_url=False):
        data_path = _data_path(err["loc"], data)
        message = _reword(err, model, err["loc"])
        errors.append(AuthorError(source_map.locate(data_path), dotted_field(data_path), message))
    return errors


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """Drop the parts of a pydantic loc that are not in the data (union tags, validators)."""
    path: list[Any] = []
    current = data
    for i, part in enumerate(loc):
        if (
            isinstance(current, dict)
            and part in current
            or isinstance(current, list)
            and isinstance(part, int)
            and 0 <= part < len(current)
        ):
            current = current[part]
            path.append(part)
        elif i == len(loc) - 1 and isinstance(part, str) and isinstance(current, dict):
            path.append(part)  # a missing key: name it
    return tuple(path)


def _got(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _reword(err: dict[str, Any], model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    kind, ctx, value = err["type"], err.get("ctx", {}), err.get("input")
    got = _got(value)
    if kind == "missing":
        return "required field is missing; expected a value, got nothing"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        hint = ""
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        if close:
            hint = f" (did you mean {close[0]!r}?)"
        return f"unknown key{hint}; expected one of {', '.join(allowed)}, got {str(loc[-1])!r}"
    if kind == "union_tag_invalid":
        return f"expected one of {ctx['expected_tags']}, got {ctx['tag']!r}"
    if kind == "union_tag_not_found":
        return f"required field '{ctx['discriminator'].strip(chr(39))}' is missing"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {got}"
    if kind == "finite_number":
        return f"expected a finite number (JSON has no NaN or infinity), got {got}"
    if kind in ("float_parsing", "float_type"):
        return f"expected a number, got {got}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, got {got}"
    if kind == "string_type":
        return f"expected text, got {got}"
    if kind == "list_type":
        return f"expected a list, got {got}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of keys to values, got {got}"
    if kind == "literal_error":
        return f"expected one of {ctx['expected']}, got {got}"
    if kind == "string_pattern_mismatch":
        if "a-z0-9" in ctx.get("pattern", ""):
            return f"expected an id of lowercase letters, digits and '-', got {got}"
        return f"expected text matching {ctx['pattern']}, got {got}"
    if kind == "string_too_short":
        return "expected text, got an empty value"
    if kind == "too_short":
        return f"expected at least {ctx['min_length']} item(s), got {ctx.get('actual_length', 0)}"
    if kind in ("too_long", "string_too_long") and isinstance(value, str):
        return f"expected at most {ctx['max_length']} characters, got {len(value)}"
    if kind == "too_long":
        return f"expected at most {ctx['max_length']} items, got {ctx.get('actual_length')}"
    for bound, word in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
        if kind.startswith(("greater_than", "less_than")) and bound in ctx:
            return f"expected a number {word} {ctx[bound]}, got {got}"
    if kind.startswith("url"):
        return f"expected an absolute URL such as https://example.org/course, got {got}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return f"{err['msg']}; got {got}"


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Follow loc through the model's fields to the model that rejected a key."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):  # a list index: the list's item type is already unwrapped
            continue
        if isinstance(current, list):  # a union: pick the member named by the tag
            current = next((m for m in current if _tag_of(m) == part), None)
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            current = field.annotation if field else None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return sorted(name for name, f in current.model_fields.items() if not f.exclude)
    return []


def _unwrap(annotation: Any) -> Any:
    """Peel list[...], Optional[...] and Annotated[...] down to a model or a union of models."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated or origin in (list, tuple):
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) == 1:
                annotation = members[0]
            else:
                return members
        else:
            return annotation


def _tag_of(model: Any) -> str | None:
    if isinstance(model, type) and issubclass(model, BaseModel) and "type" in model.model_fields:
        args = typing.get_args(model.model_fields["type"].annotation)
        return args[0] if args else None
    return None
