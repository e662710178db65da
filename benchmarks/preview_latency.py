"""Preview edit latency: a lesson or a quiz saved on disk → its new text painted in the preview.

    .venv/bin/python benchmarks/preview_latency.py [--runs 9]

`courseforge preview` (in this process, as tests/preview does) serves a copy of the seed
course to headless Chromium. Each run (after one warm-up) does three saves of the first lesson:

- **edit**: a new sentence → the moment the frame showing the lesson paints it;
- **broken**: the front matter made invalid YAML → the moment the error box paints with the
  lesson's file:line;
- **fixed**: the lesson restored → the error box painted hidden (not timed, only awaited).

Then the learner opens the Stage 1 check and answers its first question (checked), and each
run (after one warm-up) saves the quiz's YAML with a new prompt for that question:

- **quiz edit**: → the moment the quiz page paints the new prompt, its form drawn again from
  the learner's answers (a swap), or the course relaunched and resumed on it (before the swap).
  After the runs, whether the frame kept its document and the answer is still shown.

"Painted" is measured in the page: a requestAnimationFrame loop on the preview page checks the
frame's lesson (or the error box) every frame; the frame in which the check first passes is the
one that paints it, and the time is taken in a message-channel task right after that frame's
callbacks (as benchmarks/learner_load.py does). The save time is `time.time()` just before the
write; the page's time is `performance.timeOrigin + performance.now()`: the same wall clock.
Baselines measured in the same run: an in-process `build` of the same course for the web target
(what a full rebuild costs) and the preview's own rebuild time for each edit (from its status).
Prints JSON; the issue's bar is a median ≤ 100 ms for the edit and the broken edit.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402
from tests.support.browser import launch_chromium  # noqa: E402

from courseforge.build import build  # noqa: E402
from courseforge.preview import PreviewSession  # noqa: E402

FIRST_LESSON = Path("modules/overview/what-the-role-is.md")
FIRST_SENTENCE = "The AI revolution is accelerating"
LESSON_SECTION = "#page-what-the-role-is"
QUIZ = Path("modules/stage-1/stage-1-check.quiz.yaml")
QUIZ_PROMPT = "Stage 1 asks you to learn container fundamentals."
QUIZ_SECTION = "#page-stage-1-check"
BAR_S = 0.100  # the issue's: median, edit saved → painted
HANG_MS = 60_000

# Resolves with the wall-clock time (ms) of the frame that first paints `check()` true.
WATCH_PAINT = """([kind, expected, selector, hangMs]) => new Promise((resolve, reject) => {
  setTimeout(() => reject(new Error(`not painted within ${hangMs} ms`)), hangMs);
  const frame = document.getElementById("cfp-course");
  const error = document.getElementById("cfp-error");
  const check = () => {
    if (kind === "error") return !error.hidden && error.textContent.includes(expected);
    if (kind === "no-error") return error.hidden;
    const doc = frame.contentDocument;
    const section = doc && doc.querySelector(selector);
    return !!section && section.textContent.includes(expected);
  };
  const tick = () => {
    if (!check()) return requestAnimationFrame(tick);
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.timeOrigin + performance.now());
    channel.port2.postMessage(null);
  };
  requestAnimationFrame(tick);
})"""


def painted_after_save(
    page, source: Path, text: str, kind: str, expected: str, selector: str = LESSON_SECTION
) -> float:
    """Save `text` into `source` and return seconds until the page paints `expected`."""
    watch = page.evaluate_handle(
        f"(args) => ({{ done: ({WATCH_PAINT})(args) }})", [kind, expected, selector, HANG_MS]
    )
    saved = time.time()
    source.write_text(text, encoding="utf-8")
    painted_ms = page.evaluate("(watch) => watch.done", watch)
    return painted_ms / 1000 - saved


def measure(runs: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="cf-preview-bench-"))
    try:
        course = work / "course"
        shutil.copytree(REPO_ROOT / "course", course)
        builds = []
        for n in range(runs):
            started = time.perf_counter()
            build(course, work / f"dist-{n}", ["web"])
            builds.append(time.perf_counter() - started)
        lesson = course / FIRST_LESSON
        original = lesson.read_text(encoding="utf-8")
        broken = original.replace("title: ", "title: [", 1)
        edits, errors, rebuilds, actions = [], [], [], []
        session = PreviewSession(course, standard="web", port=0)
        session.start()
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                page = browser.new_page()
                page.goto(session.url)
                section = page.frame_locator("#cfp-course").locator(LESSON_SECTION)
                expect(section).to_contain_text(FIRST_SENTENCE, timeout=HANG_MS)
                for n in range(runs + 1):  # the first round is a warm-up
                    text = f"Edited sentence number {n}"
                    edited = original.replace(FIRST_SENTENCE, text)
                    edit = painted_after_save(page, lesson, edited, "lesson", text)
                    change = getattr(session.builder, "last_change", None)  # None before e029609
                    action = change.action if change else "relaunch"
                    seconds = session.builder.current.seconds
                    error = painted_after_save(
                        page, lesson, broken, "error", f"{lesson}:4:1: YAML syntax error"
                    )
                    painted_after_save(page, lesson, edited, "no-error", "")
                    if n:
                        edits.append(edit)
                        errors.append(error)
                        rebuilds.append(seconds)
                        actions.append(action)
                # 1 if the course frame kept its document through every edit (no relaunch).
                frame_documents = page.evaluate(
                    "document.getElementById('cfp-course').contentWindow"
                    ".performance.getEntriesByType('navigation').length"
                )
                quiz_figures = measure_quiz_edits(page, session, course, runs)
                browser.close()
        finally:
            session.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    edit = statistics.median(edits)
    return {
        "runs": runs,
        "edit_painted_median_s": round(edit, 3),
        "edit_painted_max_s": round(max(edits), 3),
        "broken_edit_error_painted_median_s": round(statistics.median(errors), 3),
        "broken_edit_error_painted_max_s": round(max(errors), 3),
        "preview_rebuild_median_s": round(statistics.median(rebuilds), 4),
        "edits_swapped_in_place": actions.count("swap"),
        "web_build_median_s": round(statistics.median(builds), 3),
        "frame_documents": frame_documents,
        "within_bar": edit <= BAR_S and statistics.median(errors) <= BAR_S,
        **quiz_figures,
    }


def course_frame(page):
    """The course's frame once its runtime shows a page (a relaunch makes a new one)."""
    page.frame_locator("#cfp-course").locator(".cf-page:not([hidden])").wait_for(timeout=HANG_MS)
    return page.locator("#cfp-course").element_handle().content_frame()


def measure_quiz_edits(page, session, course: Path, runs: int) -> dict:
    """Open the Stage 1 check, answer its first question, then time prompt edits → painted."""
    frame = course_frame(page)
    frame.evaluate("document.querySelector('#cf-menu a[href=\"#page-stage-1-check\"]').click()")
    frame.wait_for_selector(f"{QUIZ_SECTION}:not([hidden])", timeout=HANG_MS)
    frame.fill("#q-stage-1-container-tool-answer", "Docker")
    frame.click("[data-question=stage-1-container-tool] .cf-check")
    frame.evaluate("window.sameDocument = true")
    quiz = course / QUIZ
    original = quiz.read_text(encoding="utf-8")
    edits, rebuilds, actions = [], [], []
    for n in range(runs + 1):  # the first round is a warm-up
        text = f"Quiz prompt number {n}."
        edit = painted_after_save(
            page, quiz, original.replace(QUIZ_PROMPT, text), "page", text, QUIZ_SECTION
        )
        change = getattr(session.builder, "last_change", None)
        if n:
            edits.append(edit)
            rebuilds.append(session.builder.current.seconds)
            actions.append(change.action if change else "relaunch")
    frame = course_frame(page)
    answer = frame.input_value("#q-stage-1-container-tool-answer")
    checked = frame.eval_on_selector(
        "[data-question=stage-1-container-tool] fieldset", "fieldset => fieldset.disabled"
    )
    return {
        "quiz_edit_painted_median_s": round(statistics.median(edits), 3),
        "quiz_edit_painted_max_s": round(max(edits), 3),
        "quiz_preview_rebuild_median_s": round(statistics.median(rebuilds), 4),
        "quiz_edits_swapped_in_place": actions.count("swap"),
        "quiz_frame_kept_its_document": frame.evaluate("window.sameDocument === true"),
        "quiz_answer_kept": answer == "Docker" and checked,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    print(json.dumps(measure(parser.parse_args().runs), indent=2))


if __name__ == "__main__":
    main()
