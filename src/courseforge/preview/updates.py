"""What the open preview must do after a rebuild: nothing, swap some pages in place, or relaunch.

A swap is offered only when it is provably what a relaunch would show: every file that changed
is the old file with the changed pages' HTML replaced, byte for byte, and, when quizzes changed,
the launch page's course data replaced by one that differs only in those quizzes' questions
(and the course fingerprint that follows from them); the changed pages' plain copies for
readers without scripts (pages/<id>.html, web) may differ too, as the course never loads them. Any other change relaunches the course,
resuming, as an LMS would: the page list, a title or the menu, the course's tracking setup
(course.yaml completion or mastery, the targets and so the adapter), a quiz's id, graded flag,
pass mark or attempts, an asset, the runtime.

A quiz page is drawn by the runtime from the course data (its questions, choices, correct
answers, points) and from the learner's saved state, so a changed quiz goes out with its new
course data entry, the course's new fingerprint and, per new question, which old answer it
keeps (`QuizUpdate`); the runtime takes them in and draws the quiz's form again from the state
it holds (`courseforgeRuntime.quizzesChanged`, docs/runtime-contract.md). What is kept:

- An answer, checked or a draft, follows its question by id. It is kept when the question is
  still in the quiz with the same id, the same type and the same answer shape (what the course
  fingerprint records of it: `QuestionKind.shape`, such as the choice ids or the blank names),
  so the saved value still reads as the same answer: the prompt, the feedback, a choice's text,
  the points and the correct answer may all change. A kept checked answer stays checked and is
  marked against the new correct answer, as a relaunch would mark it.
- An answer is dropped when its question is removed or its id, type or shape changed (a new
  question starts unanswered). Questions moved within the quiz keep their answers. A choice is
  known by its id: choices without an authored id are named by position (a, b, ...), so moving
  those keeps the learner's picks at the same positions, exactly as a relaunch reads them.
- The quiz's completed attempts and best score are kept; the attempt in progress is judged
  again on the new questions. One the learner had finished that now has an unanswered question
  is open again: no longer counted (and the best score is none again if it was the only one),
  counted once more when finished. One that the remaining questions now finish is counted,
  its points taken into the best score.
- Everything else (other quizzes' answers, the pages visited, the page shown, the shuffle seed)
  is untouched; the runtime saves the result at once, under the new fingerprint, so a later
  relaunch of the same build resumes it.

The runtime declines (and the preview relaunches) when it cannot take the swap safely: it has
not started yet, the quiz's page file is still loading, or the state it would save does not
read back the same against the new course data. A relaunch resumes from the saved state only
while its fingerprint still matches the course: after a change the swap could not take (a
question added while the page was loading, say) the learner starts afresh, as in an LMS.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from courseforge import questions
from courseforge.model import Course, Question, Quiz
from courseforge.render.site import LAUNCH_FILE, PAGES_DIR, PageView, script_string

Action = Literal["none", "swap", "relaunch"]

# The launch page's course data (templates/learner/index.html.j2): one element, JSON inside.
COURSE_DATA_START = b'<script id="cf-course" type="application/json">'
COURSE_DATA_END = b"</script>"
# The keys of a quiz's course data entry that follow from its questions; any other differing
# (id, title, page, graded, attempts) is a tracking or menu change and relaunches.
QUIZ_CONTENT_KEYS = frozenset(
    {"questions", "totalPoints", "passPoints", "shuffle", "shuffleChoices"}
)
# The course data keys that may differ between a build and its swap (all others relaunch).
SWAPPABLE_COURSE_KEYS = frozenset({"quizzes", "fingerprint"})


@dataclass(frozen=True)
class QuizUpdate:
    """A changed quiz as the runtime takes it in place."""

    index: int  # in the course's quiz order
    data: dict[str, Any]  # its new entry in the course data's "quizzes"
    keep: tuple[int | None, ...]  # per new question: the old question whose answer it keeps

    def event_data(self) -> dict[str, Any]:
        return {"index": self.index, "data": self.data, "keep": list(self.keep)}


@dataclass(frozen=True)
class PageUpdate:
    """The new HTML of one page's content (what follows its heading), and its quiz if any."""

    id: str
    html: str
    quiz: QuizUpdate | None = None


@dataclass(frozen=True)
class BuildChange:
    action: Action
    pages: tuple[PageUpdate, ...] = ()
    fingerprint: str | None = None  # the course's, when a quiz is swapped: the state carries it


@dataclass(frozen=True)
class _Piece:
    """A part of the old build replaced in the new, in each form a file may hold it."""

    key: str
    forms: tuple[tuple[bytes, bytes], ...]  # (old, new)


def build_change(
    old_files: dict[str, bytes],
    new_files: dict[str, bytes],
    old_pages: list[PageView],
    new_pages: list[PageView],
    courses: tuple[Course, Course] | None = None,
) -> BuildChange:
    """Compare two builds of one course and say how the open page can follow.

    Args:
        courses: the two builds' courses; without them a changed quiz relaunches.
    """
    changed_files = [
        name
        for name in old_files.keys() | new_files.keys()
        if old_files.get(name) != new_files.get(name)
    ]
    if not changed_files:
        return BuildChange("none")
    if [(p.id, p.kind) for p in old_pages] != [(p.id, p.kind) for p in new_pages]:
        return BuildChange("relaunch")
    changed = [
        (old, new) for old, new in zip(old_pages, new_pages, strict=True) if old.html != new.html
    ]
    pieces = [_page_piece(old, new) for old, new in changed]
    old_data, new_data = (
        _course_data_text(files.get(LAUNCH_FILE)) for files in (old_files, new_files)
    )
    quiz_pages = {new.id for _, new in changed if new.kind == "quiz"}
    quiz_updates: dict[str, QuizUpdate] = {}
    fingerprint = None
    if quiz_pages or old_data != new_data:
        if courses is None or old_data is None or new_data is None:
            return BuildChange("relaunch")
        planned = _quiz_updates(old_data, new_data, courses, quiz_pages)
        if planned is None:
            return BuildChange("relaunch")
        quiz_updates, fingerprint = planned
        if old_data != new_data:
            pieces.append(_Piece("course data", ((old_data, new_data),)))
    if not pieces:
        return BuildChange("relaunch")
    # pages/<id>.html (web): a changed page as a plain document for readers without scripts,
    # its links rewritten for it; the running course never loads it (it loads pages/<id>.js).
    plain_copies = {f"{PAGES_DIR}/{new.id}.html" for _, new in changed}
    found: set[str] = set()
    for name in changed_files:
        if name not in old_files or name not in new_files:
            return BuildChange("relaunch")
        if name in plain_copies:
            continue
        replaced = _with_pieces_replaced(old_files[name], pieces, found)
        if replaced != new_files[name]:
            return BuildChange("relaunch")
    if len(found) != len(pieces):
        return BuildChange("relaunch")
    updates = tuple(
        PageUpdate(page.id, str(page.html), quiz_updates.get(page.id))
        for old, page in zip(old_pages, new_pages, strict=True)
        if old.html != page.html or page.id in quiz_updates
    )
    return BuildChange("swap", updates, fingerprint)


def answers_kept(old: Quiz, new: Quiz) -> tuple[int | None, ...]:
    """For each question of `new`, the index in `old` of the question whose answer it keeps."""
    old_index = {_answer_identity(q): i for i, q in enumerate(old.questions)}
    return tuple(old_index.get(_answer_identity(q)) for q in new.questions)


def _answer_identity(question: Question) -> tuple[str, str, str]:
    """What a saved answer's value means: the question, its type, and what its indexes count."""
    return question.id, question.type, questions.kind_of(question).shape(question)


def _quiz_updates(
    old_text: bytes, new_text: bytes, courses: tuple[Course, Course], quiz_pages: set[str]
) -> tuple[dict[str, QuizUpdate], str] | None:
    """Return the quizzes to swap (by page id) and the new fingerprint; None to relaunch."""
    try:
        old_data, new_data = json.loads(old_text), json.loads(new_text)
    except ValueError:
        return None
    old_quizzes, new_quizzes = (course.quizzes() for course in courses)
    if not all(
        isinstance(data, dict)
        and [quiz.get("id") for quiz in data.get("quizzes", [])] == [quiz.id for quiz in quizzes]
        for data, quizzes in ((old_data, old_quizzes), (new_data, new_quizzes))
    ):
        return None  # not the course data these courses make: nothing is proven
    if _without(old_data, SWAPPABLE_COURSE_KEYS) != _without(new_data, SWAPPABLE_COURSE_KEYS):
        return None
    updates = {}
    for index, (old, new) in enumerate(zip(old_quizzes, new_quizzes, strict=True)):
        old_entry, new_entry = old_data["quizzes"][index], new_data["quizzes"][index]
        if old_entry == new_entry and new.id not in quiz_pages:
            continue
        if (
            _without(old_entry, QUIZ_CONTENT_KEYS) != _without(new_entry, QUIZ_CONTENT_KEYS)
            or old.pass_mark != new.pass_mark
        ):
            return None
        updates[new.id] = QuizUpdate(index, new_entry, answers_kept(old, new))
    return updates, str(new_data.get("fingerprint"))


def _without(data: dict[str, Any], keys: frozenset[str]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in keys}


def _course_data_text(launch_page: bytes | None) -> bytes | None:
    """Return the course data's JSON as the launch page holds it; None when not found once."""
    if launch_page is None:
        return None
    start = launch_page.find(COURSE_DATA_START)
    if start < 0 or launch_page.find(COURSE_DATA_START, start + 1) >= 0:
        return None
    start += len(COURSE_DATA_START)
    end = launch_page.find(COURSE_DATA_END, start)
    return launch_page[start:end] if end >= 0 else None


def _page_piece(old: PageView, new: PageView) -> _Piece:
    old_html, new_html = str(old.html), str(new.html)
    return _Piece(
        new.id,
        (
            (_as_html(old_html), _as_html(new_html)),
            (_as_script_string(old_html), _as_script_string(new_html)),
        ),
    )


def _with_pieces_replaced(data: bytes, pieces: list[_Piece], found: set[str]) -> bytes | None:
    """Return `data` with each old piece it holds replaced by the new (adding its key to
    `found`); None when one is held twice or is empty, so which copy is the piece is unclear."""
    spans = []
    for piece in pieces:
        held = next(((old, new) for old, new in piece.forms if old in data), None)
        if held is None:
            continue  # in another file
        old, new = held
        start = data.find(old)
        if not old or data.find(old, start + 1) >= 0:
            return None
        found.add(piece.key)
        spans.append((start, start + len(old), new))
    spans.sort()
    parts, position = [], 0
    for start, end, replacement in spans:
        if start < position:
            return None  # overlapping pieces: cannot be
        parts += [data[position:start], replacement]
        position = end
    parts.append(data[position:])
    return b"".join(parts)


def _as_html(html: str) -> bytes:
    return html.encode("utf-8")


def _as_script_string(html: str) -> bytes:
    """The page's HTML as it sits inside pages/<id>.js, without the string's quotes."""
    return script_string(html)[1:-1].encode("utf-8")
