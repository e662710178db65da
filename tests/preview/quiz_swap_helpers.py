"""Shared by the quiz swap tests: the seed course's quiz files, edits of them, what a learner sees."""

from __future__ import annotations

from playwright.sync_api import Frame, Page
from tests.runtime.learner import saved_state

from courseforge.loader import load_course
from courseforge.render.state import QuizState, decode_state

LIVE_TIMEOUT_MS = 30_000  # a hang guard, not a bar (benchmarks/preview_latency.py measures)
STAGE_1 = "modules/stage-1/stage-1-check.quiz.yaml"
STAGE_2 = "modules/stage-2/stage-2-check.quiz.yaml"
FINAL = "modules/final/final-quiz.quiz.yaml"
# stage-1-check's questions, in the seed course's order
CONTAINER, CLOUD, ACTIONS = "stage-1-container-tool", "stage-1-cloud-service", "stage-1-key-actions"
ADDED = "stage-1-added"
ADDED_QUESTION = f"""  - id: {ADDED}
    type: true_false
    prompt: "True or false: Stage 1 names Docker."
    answer: true

"""
# Each question of a quiz page as the learner sees it, by question id.
SEEN = """section => Object.fromEntries(Array.from(section.querySelectorAll('.cf-question')).map(q => [
  q.dataset.question,
  {
    typed: Array.from(q.querySelectorAll('input[type=text]')).map(i => i.value),
    picked: Array.from(q.querySelectorAll('input:checked')).map(i => i.value),
    locked: q.querySelector('fieldset').disabled,
    verdict: q.querySelector('.cf-verdict').textContent,
  },
]))"""


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def question_block(text: str, question_id: str) -> str:
    """The YAML of one question of a quiz file (from its "- id:" to the next one or the end)."""
    start = text.index(f"  - id: {question_id}\n")
    end = text.find("  - id: ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def course_frame(page: Page) -> Frame:
    """The course's frame once its runtime has shown a page."""
    page.frame_locator("#cfp-course").locator(".cf-page:not([hidden])").wait_for()
    return page.locator("#cfp-course").element_handle().content_frame()


def seen(frame: Frame, quiz_id: str) -> dict:
    return frame.eval_on_selector(f"#page-{quiz_id}", SEEN)


def question_order(frame: Frame, quiz_id: str) -> list[str]:
    return frame.eval_on_selector_all(
        f"#page-{quiz_id} .cf-question", "items => items.map(item => item.dataset.question)"
    )


def quiz_state(course, frame: Frame, quiz_id: str) -> QuizState:
    """The learner's saved record of one quiz (web target), read against the course as it is."""
    edited = load_course(course)
    state = decode_state(edited, saved_state(frame))
    assert state is not None, "the saved state does not read against the edited course"
    index = [quiz.id for quiz in edited.quizzes()].index(quiz_id)
    return state.quizzes[index]


def answer_stage_1(frame: Frame) -> None:
    """Docker checked (right), the multiple-response checked (right), a draft typed."""
    frame.fill(f"#q-{CONTAINER}-answer", "Docker")
    frame.click(f"[data-question={CONTAINER}] .cf-check")
    frame.check(f"#q-{ACTIONS}-0")
    frame.check(f"#q-{ACTIONS}-1")
    frame.click(f"[data-question={ACTIONS}] .cf-check")
    frame.fill(f"#q-{CLOUD}-answer", "Sage draft")
