"""The `moodle-xml` target: every quiz as a category of Moodle questions, in one XML file.

Element by element what Moodle's importer reads (question/format/xml/format.php and each
question type's import_from_xml); docs/question-banks.md gives the sources and the scoring.
"""

from __future__ import annotations

import base64
import html

from lxml import etree

from courseforge.model import (
    ClozeQuestion,
    FillInQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericQuestion,
    SequencingQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from courseforge.model.text_answer import export_answers
from courseforge.package.output import Output
from courseforge.questionbank import (
    Asset,
    BankHtml,
    BankQuestion,
    BankQuiz,
    category_path,
    choice_fractions,
    number_text,
)
from courseforge.questions.cloze import passage_with_tokens, split_at_blanks
from courseforge.targets.question_bank import QuestionBankTarget

PLUGINFILE = "@@PLUGINFILE@@/"
DEFAULT_PENALTY = "0.3333333"  # Moodle's own default for a new question
NO_UNITS = "3"  # qtype_numerical::UNITNONE
MORE_THAN_20_RIGHT = (
    "Moodle's grade list cannot share 100% among more than 20 right choices: each is worth "
    "5%, so any 20 of them score full marks in Moodle"
)


def _plugin_url(asset: Asset) -> str:
    return PLUGINFILE + asset.url_path()


def percent(fraction: float) -> str:
    """A fraction as Moodle's percent attribute ('100', '33.33333', '-100')."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def shortanswer_pattern(answer: str) -> str:
    """An accepted answer as a shortanswer pattern: '*' is Moodle's wildcard, '\\*' a star."""
    return answer.replace("*", "\\*")


class MoodleXmlTarget(QuestionBankTarget):
    """One `<quiz>` document: a category per courseforge quiz, then its questions."""

    name = "moodle-xml"
    product_suffix = ".xml"

    def bank_outputs(self, quizzes: list[BankQuiz]) -> list[Output]:
        root = etree.Element("quiz")
        for quiz in quizzes:
            root.append(self.category(quiz))
            for question in quiz.questions:
                root.append(self.question(question))
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        return self.single_file(data)

    def category(self, quiz: BankQuiz) -> etree._Element:
        element = etree.Element("question", type="category")
        path = "$course$/" + category_path(self.course.title, quiz.quiz.title)
        _sub(etree.SubElement(element, "category"), "text", path)
        intro = quiz.questions[0].block(quiz.quiz.intro) if quiz.questions else None
        element.append(_rich("info", intro))
        return element

    def question(self, bank: BankQuestion) -> etree._Element:
        question = bank.question
        kind = {
            "single_choice": "multichoice",
            "multiple_response": "multichoice",
            "true_false": "truefalse",
            "fill_in": "shortanswer",
            "numeric": "numerical",
            "matching": "match",
            "sequencing": "ordering",
            "cloze": "cloze",
        }[question.type]
        element = etree.Element("question", type=kind)
        _sub(etree.SubElement(element, "name"), "text", bank.name)
        prompt = bank.block(question.prompt)
        if isinstance(question, ClozeQuestion):
            prompt = _cloze_text(bank, question, prompt)
        element.append(_rich("questiontext", prompt))
        element.append(_rich("generalfeedback", None))
        _sub(element, "defaultgrade", str(question.points))
        _sub(element, "penalty", DEFAULT_PENALTY)
        _sub(element, "hidden", "0")
        _sub(element, "idnumber", question.id)
        feedback = question.feedback
        correct = bank.block(feedback.correct if feedback else None)
        incorrect = bank.block(feedback.incorrect if feedback else None)
        bank.warn_missing_images(prompt, correct, incorrect)
        shuffle = "true" if bank.quiz.shuffle_choices else "false"
        if isinstance(question, (SingleChoiceQuestion, MultipleResponseQuestion)):
            self._choices(element, bank, question, correct, incorrect, shuffle)
        elif isinstance(question, TrueFalseQuestion):
            for value in ("true", "false"):
                right = (value == "true") == question.answer
                answer = etree.SubElement(
                    element, "answer", fraction="100" if right else "0", format="moodle_auto_format"
                )
                _sub(answer, "text", value)
                answer.append(_rich("feedback", correct if right else incorrect))
        elif isinstance(question, FillInQuestion):
            _sub(element, "usecase", "1" if question.case_sensitive else "0")
            for accepted in question.export_answers():
                answer = etree.SubElement(
                    element, "answer", fraction="100", format="moodle_auto_format"
                )
                _sub(answer, "text", shortanswer_pattern(accepted))
                answer.append(_rich("feedback", correct))
            _any_other_answer(element, incorrect)
        elif isinstance(question, NumericQuestion):
            low, high = question.bounds()
            middle = (low + high) / 2 if low != high else low
            answer = etree.SubElement(
                element, "answer", fraction="100", format="moodle_auto_format"
            )
            _sub(answer, "text", number_text(middle))
            answer.append(_rich("feedback", correct))
            _sub(answer, "tolerance", number_text(high - middle))
            any_other = _any_other_answer(element, incorrect)
            if any_other is not None:
                _sub(any_other, "tolerance", "0")
            _sub(element, "unitgradingtype", "0")
            _sub(element, "unitpenalty", "0.1000000")
            _sub(element, "showunits", NO_UNITS)
            _sub(element, "unitsleft", "0")
        elif isinstance(question, MatchingQuestion):
            _sub(element, "shuffleanswers", shuffle)
            _combined_feedback(element, correct, incorrect)
            for pair in question.pairs:
                source = bank.inline(pair.source)
                bank.warn_missing_images(source)
                subquestion = _rich("subquestion", source)
                _sub(
                    etree.SubElement(subquestion, "answer"), "text", bank.inline(pair.target).plain
                )
                element.append(subquestion)
        elif isinstance(question, SequencingQuestion):
            _sub(element, "layouttype", "VERTICAL")
            _sub(element, "selecttype", "ALL")
            _sub(element, "selectcount", str(len(question.order)))
            _sub(element, "gradingtype", "ALL_OR_NOTHING")
            _sub(element, "showgrading", "SHOW")
            _sub(element, "numberingstyle", "none")
            _combined_feedback(element, correct, incorrect)
            # Without it Moodle invents hints with no format and the import fails on PostgreSQL.
            etree.SubElement(element, "shownumcorrect")
            for position, item in enumerate(question.order, start=1):
                text = bank.inline(item)
                bank.warn_missing_images(text)
                answer = _rich("answer", text)
                answer.set("fraction", str(position))  # the importer keeps document order
                element.append(answer)
        elif isinstance(question, ClozeQuestion) and (correct or incorrect):
            bank.warn(
                "Moodle's cloze question has no right/wrong feedback; this question's feedback "
                "is left out of the bank"
            )
        return element

    def _choices(self, element, bank, question, correct, incorrect, shuffle) -> None:
        multiple = isinstance(question, MultipleResponseQuestion)
        _sub(element, "single", "false" if multiple else "true")
        _sub(element, "shuffleanswers", shuffle)
        _sub(element, "answernumbering", "abc")
        _sub(element, "showstandardinstruction", "0")
        _combined_feedback(element, correct, incorrect)
        fractions, exact = choice_fractions([c.correct for c in question.choices], multiple)
        if not exact:
            bank.warn(MORE_THAN_20_RIGHT)
        for choice, fraction in zip(question.choices, fractions, strict=True):
            text = bank.inline(choice.text)
            choice_feedback = bank.block(choice.feedback)
            bank.warn_missing_images(text, choice_feedback)
            answer = _rich("answer", text)
            answer.set("fraction", percent(fraction))
            answer.append(_rich("feedback", choice_feedback))
            element.append(answer)


def _cloze_text(bank: BankQuestion, question: ClozeQuestion, prompt: BankHtml | None) -> BankHtml:
    """The prompt, then the passage with each blank in Moodle's embedded-answer syntax.

    qtype_multianswer reads {weight:TYPE:=right~wrong…}; it decodes HTML entities in an answer
    and unescapes only '\\}' and '\\#' (question/type/multianswer/questiontype.php).
    """
    blanks = question.ordered_blanks()
    weight = question.points // len(blanks) if question.points % len(blanks) == 0 else 1
    if weight * len(blanks) != question.points:
        bank.warn(
            f"Moodle marks each blank of a cloze separately: its mark is {len(blanks)} (one per "
            f"blank), not {question.points}; give a multiple of {len(blanks)} points to keep it"
        )
    marked, token = passage_with_tokens(question)
    passage = bank.block(marked)
    assert passage is not None
    out = []
    for piece in split_at_blanks(passage.html, token):
        if isinstance(piece, str):
            out.append(piece)
            continue
        name, blank = blanks[piece]
        if blank.choices is not None:
            right = blank.answer
            options = [
                ("=" if choice == right else "") + _embedded(bank, name, bank.inline(choice).plain)
                for choice in blank.choices
            ]
            out.append(f"{{{weight}:MULTICHOICE:{'~'.join(options)}}}")
        else:
            kind = "SHORTANSWER_C" if blank.case_sensitive else "SHORTANSWER"
            accepted = export_answers(blank.answers or [], case_sensitive=blank.case_sensitive)
            options = ["=" + _embedded(bank, name, shortanswer_pattern(a)) for a in accepted]
            out.append(f"{{{weight}:{kind}:{'~'.join(options)}}}")
    head = prompt.html + "\n" if prompt else ""
    images = (prompt.images if prompt else ()) + passage.images
    missing = (prompt.missing if prompt else ()) + passage.missing
    return BankHtml(head + "".join(out), passage.plain, images, missing)


_EMBEDDED_ESCAPES = str.maketrans({"\\": "&#92;", "}": "\\}", "#": "\\#"})


def _embedded(bank: BankQuestion, blank: str, text: str) -> str:
    """One answer of an embedded answer: HTML-escaped, '}' and '#' escaped, no '~'."""
    if "~" in text:
        bank.warn(
            f"blank {blank!r}: Moodle's cloze syntax cannot hold '~' in an answer; it is "
            "written as '-'"
        )
        text = text.replace("~", "-")
    escaped = html.escape(text, quote=False)
    # '\\' as an entity: its '#' follows '&', which the answer pattern does not end at.
    return escaped.translate(_EMBEDDED_ESCAPES)


def _sub(parent: etree._Element, tag: str, text: str) -> etree._Element:
    child = etree.SubElement(parent, tag)
    child.text = text
    return child


def _rich(tag: str, text: BankHtml | None) -> etree._Element:
    """`<tag format="html"><text>HTML</text><file …/>…</tag>`, images as embedded files."""
    element = etree.Element(tag, format="html")
    html = text.with_image_urls(_plugin_url) if text else ""
    child = etree.SubElement(element, "text")
    # CDATA keeps the HTML readable; lxml refuses ']]>' in CDATA, so such text is escaped.
    child.text = etree.CDATA(html) if html and "]]>" not in html else html
    seen: set[str] = set()
    for asset in text.assets if text else ():
        if asset.path in seen:
            continue
        seen.add(asset.path)
        folder, _, name = asset.path.rpartition("/")
        file = etree.SubElement(
            element, "file", name=name, path=f"/{folder}/" if folder else "/", encoding="base64"
        )
        file.text = base64.b64encode(asset.file.read_bytes()).decode("ascii")
    return element


def _combined_feedback(
    element: etree._Element, correct: BankHtml | None, incorrect: BankHtml | None
) -> None:
    element.append(_rich("correctfeedback", correct))
    # courseforge scores all or nothing: a partly right answer reads the incorrect feedback.
    element.append(_rich("partiallycorrectfeedback", incorrect))
    element.append(_rich("incorrectfeedback", incorrect))


def _any_other_answer(element: etree._Element, incorrect: BankHtml | None) -> etree._Element | None:
    """Moodle's '*' answer at 0%: the feedback for any other response."""
    if incorrect is None:
        return None
    answer = etree.SubElement(element, "answer", fraction="0", format="moodle_auto_format")
    _sub(answer, "text", "*")
    answer.append(_rich("feedback", incorrect))
    return answer
