"""Drive the learner pages like a person would: by keyboard, or quickly through the DOM.

The keyboard helpers only press keys (Tab, Shift+Tab, arrows, Space, Enter and typing);
they read the DOM to decide which key to press next, never to act.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

from courseforge.model import Course, Question
from courseforge.render.quiz_view import QuestionView, quiz_view

STORAGE_KEY = "courseforge:ai-engineering-architect@1.0.0"

# Replaces runtime/adapters/local.js: records every call the runtime makes (window.recorded).
RECORDING_ADAPTER = """
window.recorded = [];
const session = window.adapterSession || {state: null, location: null, mode: "normal", learnerName: null};
window.courseforgeTracking = {
  name: "recording",
  start(course, setStatus) {
    recorded.push(["start", course.id]);
    setStatus("Recording adapter");
    if (!window.holdStart) return Promise.resolve(session);
    return new Promise((resolve) => { window.releaseStart = () => resolve(session); });
  },
  save(state, location) { recorded.push(["save", state, location]); },
  pageViewed(page) { recorded.push(["pageViewed", page]); },
  answered(interaction) { recorded.push(["answered", interaction]); },
  status(record) { recorded.push(["status", record]); },
  flush() { recorded.push(["flush"]); },
  dismiss() { recorded.push(["dismiss"]); },
  finish() { recorded.push(["finish"]); return window.finishResult; },
};
"""


def use_recording_adapter(session, adapter_session: dict | None = None) -> None:
    """Serve the recording adapter; adapter_session is what its start() resolves with."""
    if adapter_session is not None:
        session.page.add_init_script(f"window.adapterSession = {json.dumps(adapter_session)};")
    session.page.route(
        "**/runtime/adapters/local.js",
        lambda route: route.fulfill(body=RECORDING_ADAPTER, content_type="text/javascript"),
    )


def open_course(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".cf-page:not([hidden])")


def go_to(page: Page, page_id: str) -> None:
    """Follow the menu link to a page (also when the small-screen menu is closed)."""
    page.evaluate(f"document.querySelector('#cf-menu a[href=\"#page-{page_id}\"]').click()")
    wait_for_page(page, page_id)


def wait_for_page(page: Page, page_id: str) -> None:
    """Wait until a page is the one shown (a page not loaded yet shows once its file ran)."""
    page.wait_for_selector(f"#page-{page_id}:not([hidden])")


def current_page_id(page: Page) -> str:
    return page.eval_on_selector(".cf-page:not([hidden])", "el => el.id.slice(5)")


def question_order(page: Page, quiz_id: str) -> list[str]:
    """Return the quiz's question ids in the order the learner sees them."""
    return page.eval_on_selector_all(
        f"#page-{quiz_id} .cf-question", "items => items.map(item => item.dataset.question)"
    )


def saved_state(page: Page) -> str:
    return page.evaluate(f"JSON.parse(localStorage.getItem('{STORAGE_KEY}')).state")


def assert_same_origin_only(requests: list[str], base_url: str) -> None:
    foreign = [url for url in requests if not url.startswith(base_url + "/")]
    assert not foreign, f"requests left the course's origin: {foreign}"


@dataclass(frozen=True)
class QuizQuestion:
    """A question with the view that knows its positions (matching targets)."""

    question: Question
    view: QuestionView

    @property
    def dom_id(self) -> str:
        return f"q-{self.question.id}"


def quiz_questions(course: Course, quiz_id: str) -> dict[str, QuizQuestion]:
    quiz = next(q for q in course.quizzes() if q.id == quiz_id)
    view = quiz_view(course, quiz, 0, 0)
    return {qv.question.id: QuizQuestion(qv.question, qv) for qv in view.questions}


def pages_in_order(course: Course) -> list[str]:
    return [page.id for page in course.pages()] + ["_results"]


class KeyboardLearner:
    """A learner who never touches the mouse."""

    def __init__(self, page: Page):
        self.page = page

    def tab_to(self, predicate: str, *, backwards: bool = False, limit: int = 300) -> None:
        """Press Tab (or Shift+Tab) until the focused element `el` satisfies a JS predicate."""
        key = "Shift+Tab" if backwards else "Tab"
        check = (
            f"(() => {{ const el = document.activeElement; return !!(el && ({predicate})); }})()"
        )
        for _ in range(limit):
            self.page.keyboard.press(key)
            if self.page.evaluate(check):
                return
        raise AssertionError(f"never reached an element matching {predicate!r} with {key}")

    def focused(self, expression: str):
        return self.page.evaluate(
            f"(() => {{ const el = document.activeElement; return {expression}; }})()"
        )

    def next_page(self) -> None:
        self.tab_to("el.matches('.cf-next')")
        shown = self.page.eval_on_selector(".cf-page:not([hidden])", "el => el.dataset.index")
        self.page.keyboard.press("Enter")
        self.page.wait_for_function(
            f"document.querySelector('.cf-page:not([hidden])').dataset.index !== '{shown}'"
        )

    def open_from_menu(self, page_id: str) -> None:
        """Open a page from the course menu, opening the menu first on small screens."""
        if self.page.is_visible(".cf-menu-button"):
            self.tab_to("el.matches('.cf-menu-button')", backwards=True)
            self.page.keyboard.press("Enter")
            self.tab_to(f"el.matches('#cf-menu a[href=\"#page-{page_id}\"]')")
        else:
            self.tab_to(f"el.matches('#cf-menu a[href=\"#page-{page_id}\"]')", backwards=True)
        self.page.keyboard.press("Enter")
        wait_for_page(self.page, page_id)

    def answer(self, item: QuizQuestion, *, right: bool) -> None:
        """Answer one question rightly or wrongly, then check it."""
        question, dom_id = item.question, item.dom_id
        kind = question.type
        if kind in ("single_choice", "true_false"):
            if kind == "true_false":
                target = "1" if question.answer == right else "0"
            else:
                target = str(next(i for i, c in enumerate(question.choices) if c.correct == right))
            self._pick_radio(dom_id, target)
        elif kind == "multiple_response":
            correct = [str(i) for i, c in enumerate(question.choices) if c.correct]
            self._tick_checkboxes(
                dom_id, set(correct if right else correct[:1]), len(question.choices)
            )
        elif kind in ("fill_in", "numeric"):
            if kind == "fill_in":
                text = question.answers[0] if right else "not this"
            else:
                low, high = question.bounds()
                text = f"{low:g}" if right else f"{high + 100:g}"
            self.tab_to(f"el.id === '{dom_id}-answer'")
            self.page.keyboard.type(text)
            self.page.keyboard.press("Enter")  # submits the question's form: checks it
            return
        elif kind == "matching":
            targets = item.view.correct_targets
            if not right:
                targets = targets[1:] + targets[:1]
            for source, target in enumerate(targets):
                self.tab_to(f"el.id === '{dom_id}-s{source}'")
                for _ in range(len(item.view.targets) + 1):
                    if self.focused("el.value") == str(target):
                        break
                    self.page.keyboard.press("ArrowDown")
        elif kind == "sequencing" and right:
            self._sort_items(question.id, len(question.order))
        elif kind == "cloze":
            for index, (_name, blank) in enumerate(question.ordered_blanks()):
                self.tab_to(f"el.id === '{dom_id}-b{index}'")
                if blank.choices is None:
                    self.page.keyboard.type(blank.answers[0] if right else "not this")
                    continue
                target = blank.choices.index(blank.answer) if right else 0
                if not right and blank.choices[0] == blank.answer:
                    target = 1
                for _ in range(len(blank.choices) + 1):
                    if self.focused("el.value") == str(target):
                        break
                    self.page.keyboard.press("ArrowDown")
        self.tab_to(f"el.matches('.cf-check') && !!el.closest('[data-question=\"{question.id}\"]')")
        self.page.keyboard.press("Enter")

    def _pick_radio(self, dom_id: str, target: str) -> None:
        self.tab_to(f"el.name === '{dom_id}'")
        for _ in range(40):
            if self.focused("el.value") == target:
                if not self.focused("el.checked"):
                    self.page.keyboard.press("Space")
                return
            self.page.keyboard.press("ArrowDown")  # moves to the next radio and selects it
        raise AssertionError(f"radio {target} of {dom_id} never got focus")

    def _tick_checkboxes(self, dom_id: str, targets: set[str], count: int) -> None:
        self.tab_to(f"el.name === '{dom_id}'")
        for _ in range(count):
            if self.focused("el.value") in targets:
                self.page.keyboard.press("Space")
            self.page.keyboard.press("Tab")
        self.page.keyboard.press("Shift+Tab")  # back onto the last box, so Tab reaches Check next

    def _sort_items(self, question_id: str, count: int) -> None:
        # Selection sort with "Move up": item i belongs at position i (authored order).
        for position in range(count):
            order = self.page.eval_on_selector_all(
                f"[data-question='{question_id}'] .cf-item",
                "items => items.map(item => Number(item.dataset.i))",
            )
            steps = order.index(position) - position
            if steps:
                self.tab_to(f"el.id === 'q-{question_id}-i{position}-up'")
                for _ in range(steps):
                    self.page.keyboard.press("Enter")


def artifacts_path(artifacts_dir: Path, name: str) -> Path:
    return artifacts_dir / "learner" / name


# Fill one question from the course data the page embeds: right or deliberately wrong.
ANSWER_JS = """
([quizId, questionId, right]) => {
  const course = JSON.parse(document.getElementById("cf-course").textContent);
  const qi = course.quizzes.findIndex((quiz) => quiz.id === quizId);
  const i = course.quizzes[qi].questions.findIndex((q) => q.id === questionId);
  const q = course.quizzes[qi].questions[i];
  const form = document.querySelector(`.cf-questions[data-quiz="${qi}"] .cf-question[data-q="${i}"] form`);
  if (form.querySelector("fieldset").disabled) return;  // already checked: locked for the learner
  const inputs = Array.from(form.querySelectorAll("input"));
  switch (q.type) {
    case "choice": {
      const good = q.choices.map((c, i) => q.correct.includes(c.id));
      const pick = right ? good : good.map((g, i) => i === good.indexOf(false));
      inputs.forEach((input) => { input.checked = pick[Number(input.value)]; });
      break;
    }
    case "true-false":
      inputs.forEach((input) => { input.checked = (input.value === "1") === (q.correct === right); });
      break;
    case "fill-in":
      inputs[0].value = right ? q.correct.answers[0] : "not this";
      break;
    case "numeric":
      inputs[0].value = String(right ? q.correct.min : q.correct.min - 1000);
      break;
    case "matching":
      Array.from(form.querySelectorAll("select")).forEach((select, i) => {
        const want = q.correct[right ? i : (i + 1) % q.correct.length][1];
        select.value = String(q.targets.findIndex((t) => t.id === want));
      });
      break;
    default: {  // sequencing: the DOM order of the items is the answer
      const list = form.querySelector(".cf-sequence");
      const ids = right ? q.correct : q.correct.slice().reverse();
      ids.forEach((id) => list.appendChild(list.querySelector(`.cf-item[data-i="${q.choices.findIndex((c) => c.id === id)}"]`)));
    }
  }
  form.dispatchEvent(new Event("change", { bubbles: true }));
  form.querySelector("button[type=submit]").click();
}
"""


class CourseLearner:
    """A learner working through the course (runtime/courseforge.js) quickly, through the DOM.

    `page` is a Playwright Page, or the Frame the course runs in inside an LMS (attach()).
    """

    def __init__(self, page):
        self.page = page
        self.course = None

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.attach()

    def attach(self) -> CourseLearner:
        """Wait for the course already loading in `page` to start; return self."""
        self.page.wait_for_selector(".cf-loading", state="detached")
        self.course = json.loads(self.page.locator("#cf-course").text_content())
        return self

    def current_page(self) -> str:
        return (
            self.page.locator("section.cf-page:not([hidden])")
            .get_attribute("id")
            .removeprefix("page-")
        )

    def next(self) -> str:
        before = self.current_page()
        self.page.locator(".cf-next").click()
        # A page not loaded yet shows once its pages/<id>.js has run.
        self.page.wait_for_function(
            f"document.querySelector('section.cf-page:not([hidden])').id !== 'page-{before}'"
        )
        return self.current_page()

    def goto(self, page_id: str) -> None:
        self.page.evaluate(f"document.querySelector('a[href=\"#page-{page_id}\"]').click()")
        wait_for_page(self.page, page_id)

    def quiz(self, quiz_id: str) -> dict:
        return next(q for q in self.course["quizzes"] if q["id"] == quiz_id)

    def answer(self, quiz_id: str, question_id: str, right: bool = True) -> None:
        self.page.evaluate(ANSWER_JS, [quiz_id, question_id, right])

    def question_form(self, quiz_id: str, question_id: str):
        """The locator of one question's form."""
        qi = next(i for i, q in enumerate(self.course["quizzes"]) if q["id"] == quiz_id)
        i = next(i for i, q in enumerate(self.quiz(quiz_id)["questions"]) if q["id"] == question_id)
        return self.page.locator(f'.cf-questions[data-quiz="{qi}"] .cf-question[data-q="{i}"] form')

    def answer_quiz(self, quiz_id: str, right=True) -> None:
        """Answer every question; `right` is a bool or a function of the question id."""
        for question in self.quiz(quiz_id)["questions"]:
            ok = right(question["id"]) if callable(right) else right
            self.answer(quiz_id, question["id"], ok)

    def retry(self) -> None:
        self.page.locator(".cf-page:not([hidden]) .cf-retry").click()

    def walk(self, answers=True, stop_at: str | None = None) -> None:
        """Go through every page from the current one; answer each quiz on the way."""
        while True:
            page_id = self.current_page()
            if page_id == stop_at:
                return
            if any(q["id"] == page_id for q in self.course["quizzes"]):
                self.answer_quiz(
                    page_id, answers.get(page_id, True) if isinstance(answers, dict) else answers
                )
            if page_id == "_results":
                return
            self.next()

    def exit(self) -> None:
        self.page.locator(".cf-exit").click()
        self.page.wait_for_selector(".cf-exit-done", state="visible")
