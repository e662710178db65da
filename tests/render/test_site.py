"""The launch page: structure, accessible quiz forms and the course data the runtime reads."""

from __future__ import annotations

import json

import lxml.html
import pytest
from tests.loader.course_factory import write_course
from tests.render.courses import EVERY_TYPE_QUIZ
from tests.render.site_documents import learner_document, page_sections
from tests.runtime.hostile_course import write_hostile_course

from courseforge.loader import load_course
from courseforge.render import render_site
from courseforge.render.state import course_fingerprint


@pytest.fixture(scope="module")
def every_type_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    course = load_course(write_course(root, **{"modules/intro/check.quiz.yaml": EVERY_TYPE_QUIZ}))
    return render_site(course)


def with_class(name: str) -> str:
    """Return an XPath predicate for elements carrying a class."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def launch_document(site, tracking: str = "local"):
    return lxml.html.document_fromstring(site.files_for(tracking)["index.html"])


def embedded_data(site) -> dict:
    return json.loads(launch_document(site).get_element_by_id("cf-course").text)


def test_launch_page_loads_adapter_then_runtime_and_nothing_remote(every_type_site):
    files = every_type_site.files_for("local")
    document = launch_document(every_type_site)

    scripts = [s.get("src") for s in document.iter("script") if s.get("src")]
    assert scripts == ["runtime/adapters/local.js", "runtime/courseforge.js"]
    assert [link.get("href") for link in document.iter("link")] == ["runtime/courseforge.css"]
    assert set(files) == {
        "index.html",
        "runtime/courseforge.css",
        "runtime/courseforge.js",
        "runtime/adapters/local.js",
        "pages/hello.js",
        "pages/check.js",
    }
    assert every_type_site.launch_file == "index.html"
    assert "http" not in " ".join(scripts + [link.get("href") for link in document.iter("link")])


def test_launch_page_holds_the_first_page_and_each_page_file_one_section(every_type_site):
    files = every_type_site.files_for("local")
    document = launch_document(every_type_site)

    inline = document.xpath(f"//section[{with_class('cf-page')}]")
    assert [s.get("id") for s in inline] == ["page-hello", "page-_results"]
    assert inline[0].get("hidden") is not None  # shown by the runtime, once it chose a page
    sections = page_sections(files)
    assert list(sections) == ["hello", "check"]
    for page_id, html in sections.items():
        section = lxml.html.fragment_fromstring(html)
        assert (section.tag, section.get("id")) == ("section", f"page-{page_id}")
    # The inline first page is the very section its page file hands over.
    assert lxml.html.tostring(inline[0], with_tail=False) == lxml.html.tostring(
        lxml.html.fragment_fromstring(sections["hello"]), with_tail=False
    )


def test_launch_page_has_landmarks_skip_link_and_a_section_per_page(every_type_site):
    document = learner_document(every_type_site)

    assert document.get("lang") == "en"
    assert document.xpath("//a[@class='cf-skip']/@href") == ["#cf-main"]
    assert len(document.xpath("//header")) == len(document.xpath("//main[@id='cf-main']")) == 1
    assert document.xpath("//nav/@aria-label") == [
        "Course menu",
        "Previous and next page",
    ]
    sections = document.xpath(f"//section[{with_class('cf-page')}]")
    assert [s.get("id") for s in sections] == ["page-hello", "page-check", "page-_results"]
    for section in sections:
        headings = section.xpath(".//h1")
        assert len(headings) == 1 and headings[0].get("tabindex") == "-1"
        assert section.get("aria-labelledby") == headings[0].get("id")


def test_every_quiz_control_has_a_fieldset_legend_and_label(every_type_site):
    document = learner_document(every_type_site)
    questions = document.xpath("//li[@data-question]")

    assert [q.get("data-question") for q in questions] == [
        "single",
        "multiple",
        "judge",
        "word",
        "count",
        "pairs",
        "order",
    ]
    for question in questions:
        fieldset = question.xpath(".//fieldset")[0]
        assert fieldset.xpath("legend")[0].text_content().strip()
        for control in fieldset.xpath(".//input | .//select"):
            labels = document.xpath(f"//label[@for='{control.get('id')}']")
            assert len(labels) == 1 and labels[0].text_content().strip(), control.get("id")
        assert question.xpath(f".//button[{with_class('cf-check')}]/@type") == ["submit"]
    pairs = document.xpath("//li[@data-question='pairs']//select")
    assert len(pairs) == 3
    assert pairs[0].xpath("option/text()") == ["Choose…", "x", "y", "z"]
    moves = document.xpath("//li[@data-question='order']//button[@data-move]")
    assert [m.get("aria-labelledby").split()[1] for m in moves[:2]] == ["q-order-i0", "q-order-i0"]


def test_course_data_describes_pages_quizzes_and_interactions(every_type_site):
    course = every_type_site.course
    data = embedded_data(every_type_site)

    assert {k: data[k] for k in ("id", "iri", "masteryScore", "completion", "fingerprint")} == {
        "id": "demo",
        "iri": "https://example.org/demo",
        "masteryScore": 80,
        "completion": "all_lessons_and_pass",
        "fingerprint": course_fingerprint(course),
    }
    assert data["pages"] == [
        {"id": "hello", "title": "Hello", "kind": "lesson", "module": "Introduction"},
        {"id": "check", "title": "Check", "kind": "quiz", "module": "Introduction"},
    ]
    quiz = data["quizzes"][0]
    assert {k: v for k, v in quiz.items() if k != "questions"} == {
        "id": "check",
        "title": "Check",
        "page": 1,
        "iri": "https://example.org/demo/check",
        "graded": True,
        "totalPoints": 8,
        "passPoints": 7,  # 80 % of 8, rounded up
        "attempts": 3,
        "shuffle": False,
        "shuffleChoices": False,
    }
    by_id = {q["id"]: q for q in quiz["questions"]}
    assert by_id["single"] == {
        "id": "single",
        "iri": "https://example.org/demo/check/single",
        "type": "choice",
        "multiple": False,
        "prompt": "Pick one",
        "weighting": 1,
        "choices": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}],
        "correct": ["a"],
    }
    assert by_id["multiple"]["multiple"] is True and by_id["multiple"]["correct"] == ["a", "b"]
    assert by_id["judge"]["type"] == "true-false" and by_id["judge"]["correct"] is True
    assert by_id["word"]["correct"] == {"answers": ["Docker"], "caseSensitive": False}
    assert by_id["count"]["correct"] == {"min": 4, "max": 4}
    assert by_id["pairs"]["sources"][0] == {"id": "s1", "text": "a"}
    assert by_id["pairs"]["correct"] == [["s1", "t1"], ["s2", "t2"], ["s3", "t3"]]
    assert by_id["order"]["correct"] == ["i1", "i2", "i3"]


def test_matching_sources_sharing_a_target_share_its_id(tmp_path):
    quiz = """\
id: check
title: Check
graded: true
questions:
  - id: providers
    type: matching
    prompt: Match
    pairs:
      - {source: Gemini, target: Google}
      - {source: Claude, target: Anthropic}
      - {source: Vertex, target: Google}
"""
    site = render_site(
        load_course(write_course(tmp_path, **{"modules/intro/check.quiz.yaml": quiz}))
    )
    question = embedded_data(site)["quizzes"][0]["questions"][0]

    assert question["targets"] == [
        {"id": "t1", "text": "Google"},
        {"id": "t2", "text": "Anthropic"},
    ]
    assert question["correct"] == [["s1", "t1"], ["s2", "t2"], ["s3", "t1"]]


def test_course_text_cannot_end_the_embedded_json(tmp_path):
    site = render_site(load_course(write_hostile_course(tmp_path)))
    raw = site.files_for("local")["index.html"].decode()
    json_text = raw.split('<script id="cf-course" type="application/json">')[1].split("</script>")[
        0
    ]

    assert "<" not in json_text
    assert json.loads(json_text)["title"] == "Demo </script><script>window.pwned = 'title'</script>"
