"""What a quiz looks like to the learner pages and to the runtime, derived in one place.

The stable ids here (choice ids, s1…/t1…/i1…) are the ones the runtime contract promises to
tracking adapters; the positions are the indexes the state string stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from courseforge import questions
from courseforge.i18n import Messages, course_messages
from courseforge.markdown import parse_markdown
from courseforge.model import Course, Question, Quiz
from courseforge.questions import QuestionKind
from courseforge.render.markdown_html import plain_text, render_block, render_inline


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
    input_type: str = ""  # choice questions: radio or checkbox
    parts: list[Any] = field(default_factory=list)  # a type's own pieces (cloze: the passage)

    @property
    def kind(self) -> str:
        return self.question.type

    @property
    def question_kind(self) -> QuestionKind:
        return questions.kind_of(self.question)

    @property
    def template(self) -> str:
        """The learner template of the question's type, below templates/learner/."""
        return f"learner/questions/{self.question_kind.template}"

    def interaction(self, course: Course, quiz: Quiz) -> dict[str, Any]:
        """Return the question as the runtime reports it (everything but the response)."""
        question = self.question
        data: dict[str, Any] = {
            "id": question.id,
            "iri": course.activity_iri(quiz.id, question.id),
            "type": self.question_kind.interaction_type,
            "multiple": self.question_kind.multiple,
            "prompt": plain_text(question.prompt),
            "weighting": question.points,
        }
        data.update(self.question_kind.interaction(self))
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
    view.update(questions.kind_of(question).view(question, messages))
    return QuestionView(**view)


def option(index: int, prefix: str, markdown: str) -> Option:
    """Return an option with a numbered id (s1, t1, i1…): matching and sequencing."""
    return Option(index, f"{prefix}{index + 1}", plain_text(markdown), render_inline(markdown))
