"""course.yaml `messages:`: an author's own interface texts, checked like every other field."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from tests.loader.course_factory import COURSE_YAML, write_course

from courseforge.build import build
from courseforge.cli import main
from courseforge.errors import CourseError
from courseforge.i18n import course_messages
from courseforge.i18n.catalog import read_catalog
from courseforge.loader import load_course
from courseforge.loader.course_checks import course_warnings


def course_with(tmp_path, extra_yaml: str):
    return write_course(tmp_path, **{"course.yaml": COURSE_YAML + extra_yaml})


def errors_of(tmp_path, extra_yaml: str) -> list[str]:
    course_with(tmp_path, extra_yaml)
    with pytest.raises(CourseError) as caught:
        load_course(tmp_path / "course")
    return [str(e).replace(str(tmp_path) + "/", "") for e in caught.value.errors]


def test_an_unknown_message_id_is_located_with_a_likely_fix(tmp_path):
    assert errors_of(tmp_path, "messages:\n  quiz.chek: Prüfen\n  nonsense: x\n") == [
        "course/course.yaml:9:3: messages: unknown message id (did you mean 'quiz.check'?); "
        "expected an id of the English catalog (src/courseforge/i18n/catalogs/en.po), "
        "got 'quiz.chek'",
        "course/course.yaml:10:3: messages: unknown message id; expected an id of the English "
        "catalog (src/courseforge/i18n/catalogs/en.po), got 'nonsense'",
    ]


def test_placeholders_and_plural_forms_are_checked_all_at_once(tmp_path):
    errors = errors_of(
        tmp_path,
        "messages:\n"
        "  nav.position: 'Seite {page}'\n"
        "  quiz.points: {one: '{n} mark', few: '{n} marks'}\n"
        "  quiz.check: {one: a, other: b}\n",
    )
    assert errors == [
        "course/course.yaml:9:3: messages.nav.position: unknown placeholder {page}; "
        "expected {n}, {total}",
        "course/course.yaml:10:3: messages.quiz.points: expected an 'other' form (used for "
        "every count without its own form), got none",
        "course/course.yaml:10:3: messages.quiz.points: expected plural forms among one, other "
        "(en's CLDR categories), got 'few'",
        "course/course.yaml:11:3: messages.quiz.check: expected one text (this message has no "
        "plural forms), got a mapping",
    ]


def test_overrides_replace_the_shipped_text_in_pages_and_runtime(tmp_path):
    course_with(
        tmp_path,
        "language: de\nmessages:\n"
        "  results.title: Abschlussbericht\n"
        "  quiz.points: {one: '{n} Zähler', other: '{n} Zähler'}\n",
    )
    course = load_course(tmp_path / "course")
    assert course_warnings(course) == []
    build(tmp_path / "course", tmp_path / "out", ["web"])
    site = tmp_path / "out" / "demo-web"
    # The launch page and each page's file (pages load when needed)
    html = "".join(
        p.read_text("utf-8") for p in [site / "index.html", *sorted(site.glob("pages/*.js"))]
    )
    assert '<html lang="de" dir="ltr">' in html
    assert "Abschlussbericht" in html and "1 Zähler" in html
    data = json.loads(re.search(r'id="cf-course" type="application/json">(.*?)</script>', html)[1])
    assert data["messages"]["texts"]["results.title"] == "Abschlussbericht"
    assert data["messages"]["texts"]["results.passed"] == "Bestanden"  # the rest stays German


def test_a_language_not_shipped_warns_with_every_missing_id_and_falls_back_per_message(tmp_path):
    course_with(tmp_path, "language: sw\nmessages:\n  quiz.check: Angalia jibu\n")
    course = load_course(tmp_path / "course")
    [warning] = [str(w) for w in course_warnings(course)]
    missing = sorted(set(read_catalog("en")) - {"quiz.check"})
    assert warning.startswith(f"{tmp_path}/course/course.yaml:8:1: messages: courseforge ships")
    assert warning.endswith(", ".join(missing))
    messages = course_messages(course)
    assert messages("quiz.check") == "Angalia jibu"
    assert messages("results.title") == "Your results"
    # Swahili's own plural rules (CLDR), English words until translated.
    assert messages("quiz.points", 1) == "1 point" and messages("quiz.points", 2) == "2 points"


def test_a_language_not_shipped_fully_translated_has_no_warning(tmp_path):
    english = read_catalog("en")
    lines = [
        f"  {key}: {json.dumps(text if isinstance(text, str) else {'one': text[0], 'other': text[1]}, ensure_ascii=False)}"
        for key, text in english.items()
    ]
    course_with(tmp_path, "language: sw\nmessages:\n" + "\n".join(lines) + "\n")
    assert course_warnings(load_course(tmp_path / "course")) == []


def test_strict_build_fails_on_missing_translations(tmp_path, monkeypatch):
    course_with(tmp_path, "language: sw\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "course", "--strict"])
    assert result.exit_code == 1
    assert "ships no interface in 'sw'" in result.output
    assert not (tmp_path / "dist").exists()
    assert CliRunner().invoke(main, ["build", "course"]).exit_code == 0


@pytest.mark.parametrize("language", ["de", "ar", "sw"])
def test_new_starts_a_course_in_the_language_asked_for(tmp_path, monkeypatch, language):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "mine", "--language", language])
    assert result.exit_code == 0, result.output
    assert ("ships no interface" in result.output) == (language == "sw")
    course = load_course(tmp_path / "mine")
    assert course.language == language
    build(tmp_path / "mine", tmp_path / "out", ["web"])
    html = (tmp_path / "out" / "my-course-web" / "index.html").read_text("utf-8")
    skip = course_messages(course)("nav.skip")
    assert f'href="#cf-main">{skip}</a>' in html


def test_new_refuses_a_malformed_language(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "mine", "--language", "not a tag"])
    assert result.exit_code == 2 and "BCP 47" in result.output
    assert not (tmp_path / "mine").exists()
