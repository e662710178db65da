"""The seed course's lessons: a roadmap first, the guide's forecast attributed, each stage
lesson leading to its own knowledge check, and both of the guide's time figures given."""

from __future__ import annotations

import re

import yaml
from tests.course.test_seed_course import COURSE_DIR, GUIDE_PATH, norm, parse_guide

from courseforge.loader import load_course

MODULES = COURSE_DIR / "modules"


def _pages(module: str) -> list[str]:
    return yaml.safe_load((MODULES / module / "module.yaml").read_text(encoding="utf-8"))["pages"]


def test_the_course_opens_with_what_youll_learn() -> None:
    first = load_course(COURSE_DIR).pages()[0]
    assert first.title == "What you'll learn"
    body = first.body
    for module in ("stage-1", "stage-2", "stage-3", "stage-4", "certifications"):
        assert f"../{module}/" in body, module  # the roadmap links every module it names


def test_the_guides_forecast_is_quoted_and_attributed() -> None:
    forecast = GUIDE_PATH.read_text(encoding="utf-8").splitlines()[0].split("?")[0]
    opening = forecast.split(",")[0]  # "The AI revolution is accelerating"
    for path in MODULES.rglob("*.md"):
        text = norm(path.read_text(encoding="utf-8"))
        for match in re.finditer(re.escape(opening), text):
            before = text[: match.start()]
            assert before.endswith('"'), f"{path.name}: the forecast is not in quotes"
            assert "The guide opens with its own forecast" in before[-60:], path.name


def test_each_stage_lesson_ends_by_linking_to_its_own_check() -> None:
    for number in range(1, 5):
        lesson, check = _pages(f"stage-{number}")
        text = (MODULES / f"stage-{number}" / lesson).read_text(encoding="utf-8")
        links = re.findall(r"\]\(([^)]+)\)", text)
        assert links and links[-1] == check, (lesson, links)


def test_time_to_career_and_the_stage_durations_are_both_given() -> None:
    guide = parse_guide(GUIDE_PATH.read_text(encoding="utf-8"))
    glance = norm((MODULES / "overview" / "career-at-a-glance.md").read_text(encoding="utf-8"))
    assert guide.facts["Time to Career"] in glance
    for stage in guide.stages:
        assert stage.duration.lower() in glance.lower(), stage.duration
    assert "does not say how the two figures relate" in glance


def test_course_description_does_not_rank_the_questions() -> None:
    course = (COURSE_DIR / "course.yaml").read_text(encoding="utf-8")
    assert "most frequently" not in course
