"""loader/yaml_source.py's limits at their edge: nesting and alias expansion one below, at and
one past the limit, told where the refused value starts."""

from __future__ import annotations

import pytest

from courseforge.loader import yaml_source
from courseforge.loader.limits import MAX_YAML_DEPTH
from courseforge.loader.yaml_source import YamlSyntaxError, load_yaml


def nested(levels: int) -> str:
    return "x: " + "[" * levels + "]" * levels + "\n"


@pytest.mark.parametrize("levels", [MAX_YAML_DEPTH - 1, MAX_YAML_DEPTH])
def test_lists_nested_up_to_the_limit_load(levels):
    data, _, problems = load_yaml(nested(levels), "f.yaml")
    assert problems == [] and isinstance(data["x"], list)


def test_lists_nested_past_the_limit_are_refused_at_the_deepest_one():
    with pytest.raises(YamlSyntaxError) as refused:
        load_yaml(nested(MAX_YAML_DEPTH + 1), "f.yaml")
    assert str(refused.value.error) == (
        f"f.yaml:1:{4 + MAX_YAML_DEPTH}: expected at most {MAX_YAML_DEPTH} levels of nested "
        "lists and mappings, got more"
    )


def aliases(count: int) -> str:
    return "x: &a v\ny: [" + ", ".join(["*a"] * count) + "]\n"


def test_aliases_expanding_to_the_limit_load(monkeypatch):
    monkeypatch.setattr(yaml_source, "MAX_ALIAS_NODES", 3)  # 10,000 in use: same rule, fewer
    data, _, _ = load_yaml(aliases(3), "f.yaml")
    assert data == {"x": "v", "y": ["v", "v", "v"]}


def test_aliases_expanding_past_the_limit_are_refused_at_the_anchor(monkeypatch):
    monkeypatch.setattr(yaml_source, "MAX_ALIAS_NODES", 3)
    with pytest.raises(YamlSyntaxError) as refused:
        load_yaml(aliases(4), "f.yaml")
    assert str(refused.value.error) == (
        "f.yaml:1:4: YAML aliases (*name) expand to more than 3 values; write the repeated "
        "values out, or repeat less"
    )


def test_a_repeated_key_is_told_at_the_repeat_with_its_dotted_path():
    _, _, problems = load_yaml("a:\n  - b: 1\n    c: 2\n    b: 3\n", "f.yaml", line_offset=1)
    assert [str(p) for p in problems] == [
        "f.yaml:5:5: a[0].b: duplicate key; expected each key once, got it again"
    ]


def test_a_syntax_error_reads_as_its_located_author_error():
    # Callers (the report, the question bank) may show the exception itself.
    with pytest.raises(YamlSyntaxError) as refused:
        load_yaml("a: [1, 2\n", "f.yaml")
    assert (
        str(refused.value)
        == str(refused.value.error)
        == (
            "f.yaml:2:1: YAML syntax error: did not find expected ',' or ']' "
            "(while parsing a flow sequence started at line 1)"
        )
    )


def test_a_text_parsed_once_in_a_build_names_its_file():
    with yaml_source.shared_yaml_parses():
        _, source_map, problems = load_yaml("a: 1\na: 2\n", "quiz.yaml")
        again = load_yaml("a: 1\na: 2\n", "quiz.yaml")
    assert [str(p) for p in problems] == [
        "quiz.yaml:2:1: a: duplicate key; expected each key once, got it again"
    ]
    assert str(source_map.locate(("a",))) == "quiz.yaml:2:1"
    assert again[2] is problems  # the second read is the first one's parse
