"""What a quiz looks like to the learner pages and to the runtime, derived in one place.

The stable ids here (choice ids, s1…/t1…/i1…) are the ones the runtime contract promises to
tracking adapters; the positions are the indexes the state string stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from courseforge.i18n import Messages, course_messages
from courseforge.markdown import parse_markdown
from courseforge.model import (
    Course,
    FillInQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericQuestion,
    Question,
    Quiz,
    SequencingQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from courseforge.render.markdown_html import plain_text, render_block, render_inline
from courseforge.render.state import FILL_IN_MAX_LENGTH, NUMERIC_MAX_LENGTH

# The model's question types, as the runtime contract (and SCORM/xAPI) name them.
INTERACTION_TYPES = {
    "single_choice": "choice",
    "multiple_response": "choice",
    "true_false": "true-false",
    "fill_in": "fill-in",
    "numeric": "numeric",
    "matching": "matching",
    "sequencing": "sequencing",
}


@dataclass(frozen=True)
class Option:
    """A choice, a matching source or target, or a sequencing item."""

    index: int  # position in authored order: what the state string stores
    id: str  # the stable id adapters report
    text: str  # plain text
    html: str  # rendered inline Markdown
    correct: bool = False
    feedback_html: str = ""


@dataclass(frozen=True)
class QuestionView:
    index: int
    question: Question
    dom_id: str
    legend_html: str  # the prompt when it is one paragraph, else empty
    prompt_html: str  # the prompt when it has several blocks, else empty
    correct_feedback_html: str
    incorrect_feedback_html: str
    choices: list[Option] = field(default_factory=list)  # choice questions, sequencing items
    sources: list[Option] = field(default_factory=list)
    targets: list[Option] = field(default_factory=list)
    correct_targets: list[int] = field(default_factory=list)  # per source, index in targets
    text_max_length: int = 0

    @property
    def kind(self) -> str:
        return self.question.type

    def interaction(self, course: Course, quiz: Quiz) -> dict[str, Any]:
        """Return the question as the runtime reports it (everything but the response)."""
        question = self.question
        data: dict[str, Any] = {
            "id": question.id,
            "iri": course.activity_iri(quiz.id, question.id),
            "type": INTERACTION_TYPES[question.type],
            "multiple": isinstance(question, MultipleResponseQuestion),
            "prompt": plain_text(question.prompt),
            "weighting": question.points,
        }
        if isinstance(question, (SingleChoiceQuestion, MultipleResponseQuestion)):
            data["choices"] = [{"id": c.id, "text": c.text} for c in self.choices]
            data["correct"] = [c.id for c in self.choices if c.correct]
        elif isinstance(question, TrueFalseQuestion):
            data["correct"] = question.answer
        elif isinstance(question, FillInQuestion):
            data["correct"] = {
                "answers": list(question.answers),
                "caseSensitive": question.case_sensitive,
            }
        elif isinstance(question, NumericQuestion):
            low, high = question.bounds()
            data["correct"] = {"min": low, "max": high}
        elif isinstance(question, MatchingQuestion):
            data["sources"] = [{"id": s.id, "text": s.text} for s in self.sources]
            data["targets"] = [{"id": t.id, "text": t.text} for t in self.targets]
            data["correct"] = [
                [source.id, self.targets[target].id]
                for source, target in zip(self.sources, self.correct_targets, strict=True)
            ]
        elif isinstance(question, SequencingQuestion):
            data["choices"] = [{"id": i.id, "text": i.text} for i in self.choices]
            data["correct"] = [i.id for i in self.choices]
        return data


@dataclass(frozen=True)
class QuizView:
    index: int  # in the course's quiz order
    page_index: int
    quiz: Quiz
    pass_points: int
    intro_html: str
    questions: list[QuestionView]

    def data(self, course: Course) -> dict[str, Any]:
        """Return the quiz as embedded for the runtime (see docs/runtime-contract.md)."""
        quiz = self.quiz
        return {
            "id": quiz.id,
            "title": quiz.title,
            "page": self.page_index,
            "iri": course.activity_iri(quiz.id),
            "graded": quiz.graded,
            "totalPoints": quiz.total_points,
            "passPoints": self.pass_points,
            "attempts": quiz.attempts,
            "shuffle": quiz.shuffle,
            "shuffleChoices": quiz.shuffle_choices,
            "questions": [q.interaction(course, quiz) for q in self.questions],
        }


def quiz_view(course: Course, quiz: Quiz, index: int, page_index: int) -> QuizView:
    """Prepare one quiz for the templates and the runtime."""
    messages = course_messages(course)  # callout labels in prompts and feedback
    return QuizView(
        index=index,
        page_index=page_index,
        quiz=quiz,
        pass_points=quiz.points_to_pass(course.mastery_score),
        intro_html=render_block(quiz.intro, messages) if quiz.intro else "",
        questions=[_question_view(q, i, messages) for i, q in enumerate(quiz.questions)],
    )


def _question_view(question: Question, index: int, messages: Messages) -> QuestionView:
    one_paragraph = parse_markdown(question.prompt).one_paragraph
    feedback = question.feedback
    view: dict[str, Any] = {
        "index": index,
        "question": question,
        "dom_id": f"q-{question.id}",
        "legend_html": render_inline(question.prompt.strip()) if one_paragraph else "",
        "prompt_html": "" if one_paragraph else render_block(question.prompt, messages),
        "correct_feedback_html": render_block(feedback.correct, messages)
        if feedback and feedback.correct
        else "",
        "incorrect_feedback_html": (
            render_block(feedback.incorrect, messages) if feedback and feedback.incorrect else ""
        ),
    }
    if isinstance(question, (SingleChoiceQuestion, MultipleResponseQuestion)):
        view["choices"] = [
            Option(
                i,
                choice_id,
                plain_text(choice.text),
                render_inline(choice.text),
                choice.correct,
                render_block(choice.feedback, messages) if choice.feedback else "",
            )
            for i, (choice, choice_id) in enumerate(
                zip(question.choices, question.choice_ids(), strict=True)
            )
        ]
    elif isinstance(question, MatchingQuestion):
        view["sources"] = [_option(i, "s", pair.source) for i, pair in enumerate(question.pairs)]
        # Sources sharing a target text share one target: the learner cannot tell them apart.
        target_texts = list(dict.fromkeys(pair.target for pair in question.pairs))
        view["targets"] = [_option(i, "t", text) for i, text in enumerate(target_texts)]
        view["correct_targets"] = [target_texts.index(pair.target) for pair in question.pairs]
    elif isinstance(question, SequencingQuestion):
        view["choices"] = [_option(i, "i", text) for i, text in enumerate(question.order)]
    elif isinstance(question, FillInQuestion):
        view["text_max_length"] = FILL_IN_MAX_LENGTH
    elif isinstance(question, NumericQuestion):
        view["text_max_length"] = NUMERIC_MAX_LENGTH
    return QuestionView(**view)


def _option(index: int, prefix: str, markdown: str) -> Option:
    return Option(index, f"{prefix}{index + 1}", plain_text(markdown), render_inline(markdown))
