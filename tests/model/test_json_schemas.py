"""The committed JSON Schemas match the models, and they accept the real course files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from courseforge.model.json_schemas import render_schemas

REPO = Path(__file__).resolve().parents[2]


def test_committed_schemas_are_fresh():
    stale = [
        name
        for name, text in render_schemas().items()
        if not (REPO / "schemas" / name).is_file()
        or (REPO / "schemas" / name).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"regenerate with `make schemas`: stale {stale}"


def _course_files():
    course = REPO / "course"
    yield "course.schema.json", course / "course.yaml"
    for path in sorted(course.glob("modules/*/module.yaml")):
        yield "module.schema.json", path
    for path in sorted(course.glob("modules/*/*.quiz.yaml")):
        yield "quiz.schema.json", path


@pytest.mark.parametrize(("schema_name", "path"), list(_course_files()), ids=lambda v: str(v)[-40:])
def test_course_files_point_at_and_satisfy_their_schema(schema_name, path):
    text = path.read_text(encoding="utf-8")
    first_line = text.splitlines()[0]
    assert first_line.startswith("# yaml-language-server: $schema=")
    pointed = (path.parent / first_line.split("$schema=", 1)[1]).resolve()
    assert pointed == (REPO / "schemas" / schema_name).resolve()
    schema = json.loads(pointed.read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(text), schema)


def test_schema_rejects_unknown_keys():
    schema = json.loads(render_schemas()["course.schema.json"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {
                "id": "x",
                "title": "t",
                "description": "d",
                "base_iri": "https://e.org",
                "modules": ["m"],
                "colour": "blue",
            },
            schema,
        )
