"""JSON Schemas for editors, generated from the models so they can never disagree.

Regenerate with `python -m courseforge.model.json_schemas` (or `make schemas`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from courseforge.model.course import CourseSettings, LessonFrontMatter, ModuleFile, QuizFile
from courseforge.model.glossary import GlossaryFile

SCHEMA_FILES: dict[str, tuple[type[BaseModel], str]] = {
    "course.schema.json": (CourseSettings, "courseforge course.yaml"),
    "module.schema.json": (ModuleFile, "courseforge module.yaml"),
    "lesson.schema.json": (LessonFrontMatter, "courseforge lesson front matter"),
    "quiz.schema.json": (QuizFile, "courseforge quiz (*.quiz.yaml)"),
    "glossary.schema.json": (GlossaryFile, "courseforge glossary.yaml"),
}


def render_schemas() -> dict[str, str]:
    """Return each schema file's exact text."""
    rendered = {}
    for name, (model, title) in SCHEMA_FILES.items():
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://courseforge.dev/schemas/{name}",
            **model.model_json_schema(),
            "title": title,
        }
        rendered[name] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return rendered


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`, returning the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("schemas")
    for path in write_schemas(target):
        print(path)
