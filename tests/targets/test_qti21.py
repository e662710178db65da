"""qti21: the package read back with lxml holds every question, answer, feedback and point value;
its response processing, run on right and wrong responses, scores all or nothing as
courseforge does; every item, test and the manifest is valid against the IMS schemas."""

from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from tests.targets.question_bank_courses import (
    COURSES,
    PNG,
    block_html,
    check_golden,
    every_type_course,
    hostile_questions,
    inline_html,
    write_course,
)

from courseforge.build import build
from courseforge.errors import BuildError
from courseforge.loader import load_course
from courseforge.model import Course
from courseforge.standards.xsd import validate_manifest

NS = {
    "q": "http://www.imsglobal.org/xsd/imsqti_v2p1",
    "cp": "http://www.imsglobal.org/xsd/imscp_v1p1",
}
Q = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"


def read_package(course_dir: Path, out: Path) -> tuple[Course, dict[str, bytes], list[str]]:
    result = build(course_dir, out, ["qti21"])
    course = load_course(course_dir)
    (output,) = result.outputs
    assert output.path.name == f"{course.id}-qti21.zip"
    with zipfile.ZipFile(io.BytesIO(output.path.read_bytes())) as archive:
        return course, {name: archive.read(name) for name in archive.namelist()}, result.warnings


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def shape(element_or_html) -> tuple[list[str], str]:
    """Tags in document order and the text: what a reader sees, whatever the serialization."""
    if isinstance(element_or_html, str):
        root = lxml.html.fragment_fromstring(element_or_html, create_parent="div")
        tags = [e.tag for e in root.iter() if isinstance(e.tag, str)][1:]
        return tags, " ".join(root.text_content().split())
    tags = [etree.QName(e).localname for e in element_or_html.iter() if isinstance(e.tag, str)][1:]
    return tags, " ".join("".join(element_or_html.itertext()).split())


# A small interpreter for the response processing the items use (QTI 2.1 section 6/15).
def run_item(item: etree._Element, response) -> dict[str, object]:
    """Run an item's response processing; `response` is RESPONSE's value, or a dict by identifier."""
    declarations = {d.get("identifier"): d for d in item.findall("q:responseDeclaration", NS)}
    responses = response if isinstance(response, dict) else {"RESPONSE": response}

    def correct_of(name):
        return [v.text for v in declarations[name].findall("q:correctResponse/q:value", NS)]

    outcomes: dict[str, object] = {}
    for outcome in item.findall("q:outcomeDeclaration", NS):
        default = outcome.find("q:defaultValue/q:value", NS)
        outcomes[outcome.get("identifier")] = None if default is None else default.text

    def value(expression):
        tag = etree.QName(expression).localname
        if tag == "variable":
            name = expression.get("identifier")
            return responses[name] if name in declarations else outcomes[name]
        if tag == "correct":
            name = expression.get("identifier")
            single = declarations[name].get("cardinality") == "single"
            return correct_of(name)[0] if single else correct_of(name)
        if tag == "baseValue":
            return (
                float(expression.text) if expression.get("baseType") == "float" else expression.text
            )
        if tag == "match":
            left, right = (value(e) for e in expression)
            if left is None:
                return None
            if declarations[expression[0].get("identifier")].get("cardinality") == "multiple":
                return sorted(left) == sorted(right)
            return left == right
        if tag in ("gte", "lte"):
            left, right = (value(e) for e in expression)
            if left is None:
                return None
            return float(left) >= right if tag == "gte" else float(left) <= right
        if tag == "and":
            parts = [value(e) for e in expression]
            return None if None in parts else all(parts)
        if tag == "mapResponse":
            declaration = declarations[expression.get("identifier")]
            response = responses[expression.get("identifier")]
            entries = declaration.findall("q:mapping/q:mapEntry", NS)
            default = float(declaration.find("q:mapping", NS).get("defaultValue"))
            for entry in entries:
                key = entry.get("mapKey")
                sensitive = entry.get("caseSensitive") == "true"
                if (response == key) if sensitive else (response.lower() == key.lower()):
                    return float(entry.get("mappedValue"))
            return default
        raise AssertionError(f"unexpected expression {tag}")

    def rules(parent):
        for rule in parent:
            tag = etree.QName(rule).localname
            if tag == "setOutcomeValue":
                outcomes[rule.get("identifier")] = value(rule[0])
            elif tag == "responseCondition":
                for branch in rule:
                    kind = etree.QName(branch).localname
                    if kind == "responseElse" or value(branch[0]) is True:
                        rules(branch if kind == "responseElse" else list(branch)[1:])
                        break

    rules(item.find("q:responseProcessing", NS))
    return outcomes


def right_and_wrong(question, item) -> tuple[object, list[object]]:
    """A fully right response and some wrong ones, in the item's own identifiers."""
    correct = [v.text for v in item.findall("q:responseDeclaration/q:correctResponse/q:value", NS)]
    if question.type == "single_choice":
        others = [c.get("identifier") for c in item.iter(f"{Q}simpleChoice")]
        return correct[0], [o for o in others if o != correct[0]]
    if question.type == "true_false":
        return correct[0], [{"true": "false", "false": "true"}[correct[0]]]
    if question.type == "multiple_response":
        every = [c.get("identifier") for c in item.iter(f"{Q}simpleChoice")]
        wrong = [c for c in every if c not in correct]
        return correct, [correct[:-1], [*correct, *wrong[:1]], wrong]
    if question.type == "fill_in":
        first = question.answers[0]
        swapped = first.swapcase() if first.swapcase() != first else None
        return (swapped if swapped and not question.case_sensitive else first), [first + "x", ""]
    if question.type == "numeric":
        low, high = question.bounds()
        return str(high), [str(low - 1), str(high + 1)]
    if question.type == "matching":
        return correct, [correct[:-1], [*correct[:-1], correct[0].split()[0] + " t999"]]
    if question.type == "cloze":
        right = {}
        for declaration in item.findall("q:responseDeclaration", NS):
            name = declaration.get("identifier")
            right[name] = declaration.find("q:correctResponse/q:value", NS).text
        # Every blank but one right is wrong: all or nothing.
        return right, [{**right, name: "x-wrong"} for name in right]
    return correct, [list(reversed(correct))]


def check_item(item: etree._Element, question, course: Course) -> None:
    assert item.get("identifier") == f"q-{question.id}"
    prompt = item.findall("q:itemBody/q:div", NS)[0]  # a cloze's passage follows
    assert shape(prompt) == shape(block_html(question.prompt))
    assert item.find(
        "q:outcomeDeclaration[@identifier='MAXSCORE']/q:defaultValue/q:value", NS
    ).text == str(question.points)
    feedback = question.feedback
    for identifier in ("correct", "incorrect"):
        text = getattr(feedback, identifier) if feedback else None
        modal = item.find(
            f"q:modalFeedback[@outcomeIdentifier='FEEDBACK'][@identifier='{identifier}']", NS
        )
        assert (modal is None) == (text is None)
        if text:
            assert shape(modal) == shape(block_html(text))
    if question.type in ("single_choice", "multiple_response"):
        choices = item.findall(".//q:simpleChoice", NS)
        assert [c.get("identifier") for c in choices] == [f"c-{i}" for i in question.choice_ids()]
        assert [shape(c) for c in choices] == [shape(inline_html(c.text)) for c in question.choices]
        for choice_id, choice in zip(question.choice_ids(), question.choices, strict=True):
            modal = item.find(f"q:modalFeedback[@identifier='c-{choice_id}']", NS)
            assert (modal is None) == (choice.feedback is None)
            if choice.feedback:
                assert shape(modal) == shape(block_html(choice.feedback))
        interaction = item.find(".//q:choiceInteraction", NS)
        assert interaction.get("maxChoices") == ("1" if question.type == "single_choice" else "0")
    elif question.type == "fill_in":
        entries = item.findall(".//q:mapEntry", NS)
        assert [e.get("mapKey") for e in entries] == question.export_answers()
        assert {e.get("caseSensitive") for e in entries} == {str(question.case_sensitive).lower()}
    elif question.type == "matching":
        sources, targets = item.findall(".//q:simpleMatchSet", NS)
        assert [shape(s) for s in sources] == [shape(inline_html(p.source)) for p in question.pairs]
        distinct = list(dict.fromkeys(p.target for p in question.pairs))
        assert [shape(t) for t in targets] == [shape(inline_html(t)) for t in distinct]
    elif question.type == "cloze":
        blanks = question.ordered_blanks()
        interactions = [
            e for e in item.iter(f"{Q}textEntryInteraction", f"{Q}inlineChoiceInteraction")
        ]
        assert [e.get("responseIdentifier") for e in interactions] == [
            f"RESPONSE_{i}" for i in range(1, len(blanks) + 1)
        ]
        for (_name, blank), element in zip(blanks, interactions, strict=True):
            if blank.choices is None:
                assert etree.QName(element).localname == "textEntryInteraction"
            else:
                options = element.findall("q:inlineChoice", NS)
                assert [o.text for o in options] == blank.choices
    elif question.type == "sequencing":
        items = item.findall(".//q:orderInteraction/q:simpleChoice", NS)
        assert [shape(i) for i in items] == [shape(inline_html(o)) for o in question.order]
    # Scoring: the full points for a right response, 0 and the incorrect feedback otherwise.
    right, wrongs = right_and_wrong(question, item)
    outcome = run_item(item, right)
    assert float(outcome["SCORE"]) == question.points and outcome["FEEDBACK"] == "correct"
    for wrong in wrongs:
        outcome = run_item(item, wrong)
        assert float(outcome["SCORE"]) == 0 and outcome["FEEDBACK"] == "incorrect", wrong


def check_package(course: Course, files: dict[str, bytes]) -> None:
    manifest = parse(files["imsmanifest.xml"])
    assert validate_manifest(files["imsmanifest.xml"], "qti21_manifest") == []
    resources = manifest.findall("cp:resources/cp:resource", NS)
    declared = {f.get("href") for r in resources for f in r.findall("cp:file", NS)}
    assert declared == set(files) - {"imsmanifest.xml"}
    for quiz in course.quizzes():
        test_path = f"assessments/{quiz.id}.xml"
        test = parse(files[test_path])
        assert validate_manifest(files[test_path], "qti21") == []
        refs = test.findall(".//q:assessmentItemRef", NS)
        assert [r.get("href") for r in refs] == [f"../items/{q.id}.xml" for q in quiz.questions]
        assert test.find(".//q:ordering", NS).get("shuffle") == str(quiz.shuffle).lower()
        (pass_mark,) = test.findall(
            ".//q:setOutcomeValue[@identifier='PASS']/q:gte/q:baseValue", NS
        )
        assert float(pass_mark.text) == quiz.points_to_pass(course.mastery_score)
        resource = manifest.find(f"cp:resources/cp:resource[@href='{test_path}']", NS)
        assert resource.get("type") == "imsqti_test_xmlv2p1"
        assert [d.get("identifierref") for d in resource.findall("cp:dependency", NS)] == [
            f"item-{q.id}" for q in quiz.questions
        ]
        for question in quiz.questions:
            path = f"items/{question.id}.xml"
            assert validate_manifest(files[path], "qti21") == []
            check_item(parse(files[path]), question, course)


@pytest.mark.parametrize("which", sorted(COURSES))
def test_every_question_reads_back_and_scores_as_courseforge_does(tmp_path, which):
    course, files, warnings = read_package(COURSES[which], tmp_path)
    assert warnings == []
    check_package(course, files)
    if which == "seed":
        assert sum(name.startswith("items/") for name in files) == 27


def test_hostile_text_round_trips_and_stays_inert(tmp_path):
    course_dir = write_course(tmp_path / "c", hostile_questions())
    course, files, warnings = read_package(course_dir, tmp_path / "out")
    assert warnings == []
    check_package(course, files)
    for name, data in files.items():
        root = parse(data)
        assert not [
            e for e in root.iter() if isinstance(e.tag, str) and "script" in e.tag.lower()
        ], name
        assert b"<script" not in html.unescape(data.decode()).encode() or name.startswith("media/")


def test_images_travel_in_the_package_next_to_the_items(tmp_path):
    questions = [
        {"id": "pic", "type": "true_false", "prompt": "![a dot](img/dot%20one.png)", "answer": True}
    ]
    course_dir = write_course(tmp_path / "c", questions, files={"img/dot one.png": PNG})
    _course, files, warnings = read_package(course_dir, tmp_path / "out")
    assert warnings == []
    assert files["media/modules/m/img/dot one.png"] == PNG
    item = parse(files["items/pic.xml"])
    (img,) = item.iter(f"{Q}img")
    assert (img.get("src"), img.get("alt")) == ("../media/modules/m/img/dot%20one.png", "a dot")
    manifest = parse(files["imsmanifest.xml"])
    resource = manifest.find("cp:resources/cp:resource[@identifier='item-pic']", NS)
    assert [f.get("href") for f in resource.findall("cp:file", NS)] == [
        "items/pic.xml",
        "media/modules/m/img/dot one.png",
    ]


def test_content_the_qti_schema_refuses_stops_the_build(tmp_path):
    # HTML lets a <span> hold a <p>; QTI's XHTML subset does not. The build says where.
    questions = [
        {
            "id": "span",
            "type": "true_false",
            "prompt": "<div><span><p>x</p></span></div>",
            "answer": True,
        }
    ]
    course_dir = write_course(tmp_path / "c", questions)
    with pytest.raises(
        BuildError, match=r"check\.quiz\.yaml:\d+:\d+: questions\[0\]: the QTI 2\.1"
    ):
        build(course_dir, tmp_path / "out", ["qti21"])
    assert not (tmp_path / "out").exists()


def test_same_course_same_bytes(tmp_path):
    build(COURSES["seed"], tmp_path / "one", ["qti21"])
    build(COURSES["seed"], tmp_path / "two", ["qti21"])
    name = "ai-engineering-architect-qti21.zip"
    assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_every_type_is_written_element_for_element_as_the_golden_files(tmp_path):
    # Every item, the test (its outcomes, the intro as a rubric, the pass rule) and the manifest.
    course, files, warnings = read_package(every_type_course(tmp_path / "c"), tmp_path / "out")
    check_package(course, files)
    where = f"qti21: {tmp_path}/c/modules/m/check.quiz.yaml:111:3: questions[8]: image "
    missing = "is not a file in the course folder (relative to the quiz file); it is not embedded"
    assert warnings == [
        where + f"'lost.png' {missing} in the question bank",
        where + f"'gone.png' {missing} in the question bank",
    ]
    media = {"media/modules/m/dot.png": PNG, "media/modules/m/img/two.png": PNG + b"2"}
    assert {name: data for name, data in files.items() if name.startswith("media/")} == media
    documents = sorted(name for name in files if not name.startswith("media/"))
    assert documents == sorted(
        ["imsmanifest.xml", "assessments/check.xml"]
        + [f"items/{q.id}.xml" for quiz in course.quizzes() for q in quiz.questions]
    )
    for name in documents:
        check_golden(f"qti21/{name}", files[name])


def test_a_quiz_without_an_intro_has_no_rubric(tmp_path):
    questions = [{"id": "tf", "type": "true_false", "prompt": "Is it?", "answer": True}]
    _course, files, _warnings = read_package(write_course(tmp_path / "c", questions), tmp_path)
    section = parse(files["assessments/check.xml"]).find(".//q:assessmentSection", NS)
    assert [etree.QName(e).localname for e in section] == ["ordering", "assessmentItemRef"]


def test_hostile_text_is_written_as_the_golden_files(tmp_path):
    course_dir = write_course(tmp_path / "c", hostile_questions())
    _course, files, _warnings = read_package(course_dir, tmp_path / "out")
    for name in sorted(files):
        check_golden(f"qti21-hostile/{name}", files[name])


def test_a_quiz_of_one_question_keeps_its_intro_as_the_rubric(tmp_path):
    questions = [{"id": "tf", "type": "true_false", "prompt": "Is it?", "answer": True}]
    course_dir = write_course(tmp_path / "c", questions, quiz={"intro": "Read **this** first."})
    _course, files, _warnings = read_package(course_dir, tmp_path)
    section = parse(files["assessments/check.xml"]).find(".//q:assessmentSection", NS)
    assert [etree.QName(e).localname for e in section] == [
        "ordering",
        "rubricBlock",
        "assessmentItemRef",
    ]
    rubric = section.find("q:rubricBlock", NS)
    assert "".join(rubric.itertext()).strip() == "Read this first."


def test_an_export_the_schema_refuses_lists_every_problem_on_its_own_line(tmp_path, monkeypatch):
    from courseforge.targets import qti21

    def two_problems(data, kind):
        return ["first: bad", "second: worse"]

    monkeypatch.setattr(qti21, "validate_manifest", two_problems)
    questions = [{"id": "tf", "type": "true_false", "prompt": "Is it?", "answer": True}]
    with pytest.raises(BuildError) as raised:
        build(write_course(tmp_path / "c", questions), tmp_path / "out", ["qti21"])
    assert str(raised.value).endswith(
        "the QTI 2.1 export is not valid against the IMS schema:\nfirst: bad\nsecond: worse"
    ), str(raised.value)
