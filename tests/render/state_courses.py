"""A course big enough to reach every digit of the state string: 12 pages, two quizzes, and
questions with 12 choices, so indexes and masks run past 9 into base-36 letters."""

from __future__ import annotations

N = 12
LESSONS = [f"l{n}.md" for n in range(N - 2)]


def _choices(correct: int) -> str:
    marks = [", correct: true" if n == correct else "" for n in range(N)]
    return ", ".join(f"{{text: C{n}{mark}}}" for n, mark in enumerate(marks))


BIG_QUIZ = f"""\
id: big
title: Big
graded: true
attempts: 40
questions:
  - {{id: single, type: single_choice, prompt: One, choices: [{_choices(11)}]}}
  - {{id: multiple, type: multiple_response, prompt: Some, choices: [{_choices(10)}]}}
  - {{id: judge, type: true_false, prompt: Sure?, answer: false}}
  - {{id: word, type: fill_in, prompt: Tool?, answers: [Docker]}}
  - {{id: count, type: numeric, prompt: How many?, answer: 4}}
  - id: pairs
    type: matching
    prompt: Match
    points: 30
    pairs: [{", ".join(f"{{source: s{n}, target: t{n}}}" for n in range(N))}]
  - {{id: order, type: sequencing, prompt: Order, order: [{", ".join(f"i{n}" for n in range(N))}]}}
"""

SMALL_QUIZ = """\
id: small
title: Small
questions:
  - {id: again, type: true_false, prompt: Again?, answer: true}
  - {id: pick, type: single_choice, prompt: Pick, choices: [{text: A, correct: true}, {text: B}]}
"""


def big_course_files() -> dict[str, str]:
    pages = ", ".join([*LESSONS, "big.quiz.yaml", "small.quiz.yaml"])
    files = {
        "modules/intro/module.yaml": f"id: intro\ntitle: Introduction\npages: [{pages}]\n",
        "modules/intro/big.quiz.yaml": BIG_QUIZ,
        "modules/intro/small.quiz.yaml": SMALL_QUIZ,
    }
    for n, name in enumerate(LESSONS):
        files[f"modules/intro/{name}"] = f"---\nid: lesson-{n}\ntitle: Lesson {n}\n---\nText.\n"
    return files
