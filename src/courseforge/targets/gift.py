"""The `gift` target: the question bank as GIFT text, for teachers who edit questions as text.

Written for Moodle's reader (question/format/gift/format.php) and, for sequencing, the
ordering question type's own GIFT syntax (question/type/ordering/questiontype.php
import_from_gift). What GIFT cannot hold is a warning at the question's file:line;
docs/question-banks.md lists each case and its source.
"""

from __future__ import annotations

from courseforge.model import (
    FillInQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericQuestion,
    SequencingQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from courseforge.package.output import Output
from courseforge.questionbank import (
    BankHtml,
    BankQuestion,
    BankQuiz,
    category_path,
    choice_fractions,
    number_text,
)
from courseforge.targets.moodle_xml import MORE_THAN_20_RIGHT, percent, shortanswer_pattern
from courseforge.targets.question_bank import QuestionBankTarget

# Moodle's GIFT writer escapes exactly these (qformat_gift::repchar); its reader undoes them.
_ESCAPES = (("\\", "\\\\"), ("~", "\\~"), ("=", "\\="), ("#", "\\#"), ("{", "\\{"), ("}", "\\}"))
_ESCAPES += ((":", "\\:"), ("\r\n", "\\n"), ("\r", "\\n"), ("\n", "\\n"))

# The ordering type reads its raw lines with no GIFT unescaping: these characters go in as
# HTML character references instead (the items and prompt are HTML, so they read the same).
_ORDERING_REFERENCES = (("#", "&#35;"), ("{", "&#123;"), ("}", "&#125;"))  # '#' first
# Moodle 4.4+ reads the items after escapedchar_pre and never undoes it: a backslash would
# swallow the next character, so items write it as a reference too.
_ITEM_REFERENCES = (*_ORDERING_REFERENCES, ("\\", "&#92;"))  # after '#': it makes '#'s

RIGHT_LABEL = "If your answer is right:"
WRONG_LABEL = "If not:"


def gift_escape(text: str) -> str:
    """Escape `~ = # { } :` and backslashes, and write newlines as `\\n`, as GIFT wants."""
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text


def gift_html(html: str) -> str:
    """HTML for a GIFT text field: escaped, and no '->' (it marks a matching pair)."""
    return gift_escape(html.strip().replace("->", "-&gt;"))


def combined_feedback_html(correct: str, incorrect: str) -> str:
    """The right/wrong feedback as one general feedback, labelled (GIFT has no other place)."""
    parts = []
    if correct:
        parts.append(f"<p><strong>{RIGHT_LABEL}</strong></p>\n{correct.strip()}")
    if incorrect:
        parts.append(f"<p><strong>{WRONG_LABEL}</strong></p>\n{incorrect.strip()}")
    return "\n".join(parts)


class GiftTarget(QuestionBankTarget):
    """One GIFT file: a `$CATEGORY:` line per quiz, then its questions, blank-line separated."""

    name = "gift"
    product_suffix = ".gift"
    cannot_hold = {"cloze": "GIFT has no embedded answers; use the moodle-xml or qti21 target"}

    def bank_outputs(self, quizzes: list[BankQuiz]) -> list[Output]:
        blocks = [f"// {self.course.title.splitlines()[0]}: question bank made by courseforge"]
        for quiz in quizzes:
            path = "$course$/" + category_path(self.course.title, quiz.quiz.title)
            # The reader unescapes only '\\' in a category line usefully; keep names on one line.
            blocks.append("$CATEGORY: " + " ".join(path.replace("\\", "\\\\").split()))
            blocks.extend(self.question(question) for question in quiz.questions)
        return self.single_file(("\n\n".join(blocks) + "\n").encode("utf-8"))

    def text(self, bank: BankQuestion, html: BankHtml | None) -> str:
        """A text field's HTML; images become their alt text, with a warning."""
        if html is None:
            return ""
        bank.warn_missing_images(html)
        if html.images:
            bank.warn(
                "GIFT cannot carry images; each is replaced by its alt text (use the "
                "moodle-xml or qti21 target to keep them)"
            )
            return html.without_images()
        return html.html

    def question(self, bank: BankQuestion) -> str:
        question = bank.question
        name = bank.name.replace("{", "(").replace("}", ")")
        head = [f"// question: {question.id}", f"// [id:{question.id}]"]
        if question.points != 1:
            bank.warn(
                f"GIFT has no mark: Moodle imports this {question.points}-point question at "
                "1 point; set its default mark after the import (or use moodle-xml)"
            )
        feedback = question.feedback
        correct = self.text(bank, bank.block(feedback.correct if feedback else None))
        incorrect = self.text(bank, bank.block(feedback.incorrect if feedback else None))
        prompt = self.text(bank, bank.block(question.prompt))
        if isinstance(question, SequencingQuestion):
            body = self._ordering(
                bank, question, prompt, combined_feedback_html(correct, incorrect)
            )
            return "\n".join([*head, f"::{gift_escape(name)}::{body}"])
        answers, general = self._answers(bank, question, correct, incorrect)
        lines = [*head, f"::{gift_escape(name)}::[html]{gift_html(prompt)}{{"]
        lines += [f"\t{answer}" for answer in answers]
        if general:
            lines.append(f"\t####{gift_html(general)}")
        lines.append("}")
        return "\n".join(lines)

    def _answers(self, bank, question, correct: str, incorrect: str) -> tuple[list[str], str]:
        """Return the answer lines and the general feedback of a question."""
        if isinstance(question, (SingleChoiceQuestion, MultipleResponseQuestion)):
            return self._choices(bank, question, correct, incorrect)
        if isinstance(question, TrueFalseQuestion):
            answer = "TRUE" if question.answer else "FALSE"
            wrong = f"#{gift_html(incorrect)}" if incorrect or correct else ""
            right = f"#{gift_html(correct)}" if correct else ""
            return [answer + wrong + right], ""
        if isinstance(question, FillInQuestion):
            if question.case_sensitive:
                bank.warn(
                    "GIFT cannot mark a fill-in question case-sensitive; Moodle imports it "
                    "case-insensitive (use moodle-xml to keep it)"
                )
            lines = []
            for accepted in question.export_answers():
                if "->" in accepted:
                    bank.warn(
                        f"GIFT cannot hold '->' in a fill-in answer ({accepted!r} would make "
                        "the question a matching one); that answer is left out"
                    )
                    continue
                lines.append(f"=%100%{gift_escape(shortanswer_pattern(accepted))}{_fb(correct)}")
            if incorrect:
                lines.append(f"=%0%*{_fb(incorrect)}")
            return lines, ""
        if isinstance(question, NumericQuestion):
            low, high = question.bounds()
            value = number_text(low) if low == high else f"{number_text(low)}..{number_text(high)}"
            lines = [f"=%100%{value}{_fb(correct)}"]
            if incorrect:
                lines.append(f"~{_fb(incorrect)}")
            return ["#", *lines], ""
        assert isinstance(question, MatchingQuestion)
        lines = []
        for pair in question.pairs:
            source = self.text(bank, bank.inline(pair.source))
            target = bank.inline(pair.target).plain
            lines.append(f"={gift_html(source)} -> {gift_escape(target)}")
        return lines, combined_feedback_html(correct, incorrect)

    def _choices(self, bank, question, correct: str, incorrect: str) -> tuple[list[str], str]:
        multiple = isinstance(question, MultipleResponseQuestion)
        fractions, exact = choice_fractions([c.correct for c in question.choices], multiple)
        if not exact:
            bank.warn(MORE_THAN_20_RIGHT)
        lines = []
        for choice, fraction in zip(question.choices, fractions, strict=True):
            text = gift_html(self.text(bank, bank.inline(choice.text)))
            own = self.text(bank, bank.block(choice.feedback))
            if multiple:
                lines.append(f"~%{percent(fraction)}%{text}{_fb(own)}")
            else:
                # A learner who picks this choice reads its feedback, then the right/wrong one.
                shown = "\n".join(
                    t.strip() for t in (own, correct if choice.correct else incorrect) if t
                )
                marker = "=" if choice.correct else "~%0%"
                lines.append(f"{marker}{text}{_fb(shown)}")
        return lines, combined_feedback_html(correct, incorrect) if multiple else ""

    def _ordering(self, bank, question: SequencingQuestion, prompt: str, general: str) -> str:
        """The ordering type's `{>N …}` block; right/wrong feedback rides in `####`, labelled.

        Moodle's reader cuts `####…` off the answers before the ordering type sees them and
        keeps it as the question's general feedback (docs/question-banks.md).
        """
        items = []
        for item in question.order:
            html = " ".join(self.text(bank, bank.inline(item)).split())
            for raw, reference in _ITEM_REFERENCES:
                html = html.replace(raw, reference)
            if html.startswith("/"):  # a line starting '//' is a comment to the reader
                html = "&#47;" + html[1:]
            items.append("&#48;" if html == "0" else html)  # PHP's array_filter drops "0"
        text = gift_html(prompt)
        for raw, reference in _ORDERING_REFERENCES[1:]:
            text = text.replace("\\" + raw, reference)
        count = len(items)
        lines = [f"[html]{text}{{>{count} ALL VERTICAL ALL_OR_NOTHING SHOW", *items]
        if general:
            lines.append(f"####{gift_html(general)}")
        return "\n".join([*lines, "}"])


def _fb(html: str) -> str:
    return f"#{gift_html(html)}" if html else ""
