"""A seeded simulator of learners: a Rasch (one-parameter logistic) model with known item
difficulties, producing what the adapters send (xAPI statements) and what Moodle's SCORM
Interactions report downloads (tab-separated CSV).

The course has one graded quiz of single-choice questions; question `q-miskeyed` is keyed to
choice `a` while the answer learners who know the topic pick is `b` (a wrong key), and
question `q-easy` has a distractor (`d`) almost nobody picks.
"""

from __future__ import annotations

import csv
import json
import math
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

BASE = "https://courses.example.org/sim-course"
QUIZ = "final"
# Question id -> difficulty (logits). Order by difficulty is what the report must recover.
DIFFICULTIES = {
    "q-easy": -2.6,
    "q-2": -1.5,
    "q-3": -0.8,
    "q-4": -0.2,
    "q-5": 0.4,
    "q-6": 1.0,
    "q-7": 1.7,
    "q-miskeyed": 0.0,
}
MISKEYED = "q-miskeyed"
LESSONS = ["intro", "details"]
PASS_MARK = 5
QUIZ_LINES: dict[str, int] = {}  # question id -> line in final.quiz.yaml (filled by write_course)


def write_course(root: Path, prompts: dict[str, str] | None = None) -> Path:
    """Write the simulated course folder; `prompts` overrides question wording."""
    prompts = prompts or {}
    (root / "modules" / "m1").mkdir(parents=True, exist_ok=True)
    (root / "course.yaml").write_text(
        "id: sim-course\ntitle: Simulated course\nversion: 1.0.0\n"
        "description: A course for the report tests.\nmastery_score: 60\n"
        f"base_iri: {BASE}\nmodules:\n  - m1\n",
        encoding="utf-8",
    )
    (root / "modules" / "m1" / "module.yaml").write_text(
        "id: m1\ntitle: Module one\npages:\n  - intro.md\n  - details.md\n  - final.quiz.yaml\n",
        encoding="utf-8",
    )
    for lesson in LESSONS:
        (root / "modules" / "m1" / f"{lesson}.md").write_text(
            f"---\nid: {lesson}\ntitle: Lesson {lesson}\n---\nSome text about {lesson}.\n",
            encoding="utf-8",
        )
    lines = [
        "id: final",
        "title: Final quiz",
        "graded: true",
        f"pass_mark: {PASS_MARK}",
        "attempts: 0",
        "questions:",
    ]
    for qid in DIFFICULTIES:
        QUIZ_LINES[qid] = len(lines) + 1
        lines += [
            f"  - id: {qid}",
            "    type: single_choice",
            f"    prompt: {prompts.get(qid, 'Which is right for ' + qid + '?')}",
            "    choices:",
            f"      - {{text: Alpha {qid}, correct: true}}",
            f"      - {{text: Beta {qid}}}",
            f"      - {{text: Gamma {qid}}}",
            f"      - {{text: Delta {qid}}}",
        ]
    (root / "modules" / "m1" / "final.quiz.yaml").write_text(
        "\n".join(lines) + "\n", encoding="utf-8"
    )
    return root


@dataclass
class Answer:
    learner: int
    attempt: int
    question: str
    choice: str
    success: bool
    latency_s: float
    when: datetime


@dataclass
class Simulation:
    learners: int
    abilities: list[float]
    answers: list[Answer]
    lesson_views: list[tuple[int, str, datetime]]


def simulate(learners: int, seed: int = 1, retry: bool = True) -> Simulation:
    rng = random.Random(seed)
    start = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
    abilities, answers, views = [], [], []
    for learner in range(learners):
        theta = rng.gauss(0.0, 1.0)
        abilities.append(theta)
        clock = start + timedelta(minutes=learner * 7)
        stops_after = rng.random()
        if stops_after < 0.1:  # left after the first lesson
            views.append((learner, "intro", clock))
            continue
        for lesson in LESSONS:
            views.append((learner, lesson, clock))
            clock += timedelta(seconds=60 + rng.random() * 120)
        attempts = 1
        while True:
            score = 0
            for qid, b in DIFFICULTIES.items():
                knows = rng.random() < 1 / (1 + math.exp(-(theta - b)))
                if qid == MISKEYED:
                    # The truly right answer is b; the key says a.
                    choice = "b" if knows else rng.choice(["a", "a", "c", "d"])
                    success = choice == "a"
                elif qid == "q-easy":
                    choice = "a" if knows else rng.choice(["b", "b", "c", "c", "c", "d"])
                    success = choice == "a"
                else:
                    choice = "a" if knows else rng.choice(["b", "c", "d"])
                    success = choice == "a"
                latency = 5 + rng.random() * 20 + max(0.0, b) * 4
                clock += timedelta(seconds=latency)
                answers.append(Answer(learner, attempts, qid, choice, success, latency, clock))
                score += success
            if score >= PASS_MARK or not retry or attempts >= 2:
                break
            attempts += 1
    return Simulation(learners, abilities, answers, views)


def actor(learner: int) -> dict:
    return {
        "objectType": "Agent",
        "name": f"Learner {learner}",
        "mbox": f"mailto:learner{learner}@example.com",
    }


def _definition(qid: str, prompt: str | None = None) -> dict:
    return {
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
        "name": {"en": prompt or f"Which is right for {qid}?"},
        "description": {"en": prompt or f"Which is right for {qid}?"},
        "interactionType": "choice",
        "correctResponsesPattern": ["a"],
        "choices": [
            {"id": c, "description": {"en": f"{word} {qid}"}}
            for c, word in zip("abcd", ["Alpha", "Beta", "Gamma", "Delta"], strict=True)
        ],
    }


def statements(sim: Simulation, prompts: dict[str, str] | None = None) -> list[dict]:
    """The statements the xAPI adapter sends (answered, experienced), in time order."""
    prompts = prompts or {}
    rng = random.Random(99)
    out = []
    registration = {i: str(uuid.UUID(int=rng.getrandbits(128))) for i in range(sim.learners)}
    for learner, lesson, when in sim.lesson_views:
        out.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128))),
                "actor": actor(learner),
                "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
                "object": {"objectType": "Activity", "id": f"{BASE}/{lesson}"},
                "context": {"registration": registration[learner]},
                "timestamp": when.isoformat().replace("+00:00", "Z"),
            }
        )
    for a in sim.answers:
        out.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128))),
                "actor": actor(a.learner),
                "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
                "object": {
                    "objectType": "Activity",
                    "id": f"{BASE}/{QUIZ}/{a.question}",
                    "definition": _definition(a.question, prompts.get(a.question)),
                },
                "result": {
                    "success": a.success,
                    "response": a.choice,
                    "duration": f"PT{a.latency_s:.2f}S",
                    "score": {"raw": int(a.success), "min": 0, "max": 1, "scaled": int(a.success)},
                },
                "context": {
                    "registration": registration[a.learner],
                    "contextActivities": {"parent": [{"id": f"{BASE}/{QUIZ}"}]},
                },
                "timestamp": a.when.isoformat().replace("+00:00", "Z"),
            }
        )
    out.sort(key=lambda s: s["timestamp"])
    return out


def write_ndjson(path: Path, items: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps(item) + "\n")
    return path


def write_moodle_csv(path: Path, sim: Simulation) -> Path:
    """Moodle's Interactions report download: tab-separated, every option ticked."""
    qids = list(DIFFICULTIES)
    header = ["Name", "Email address", "Attempt", "Started on", "Last accessed on", "Score"]
    header.append("Simulated course")
    for n in range(len(qids)):
        header += [f"Question {n}", f"Response {n}", f"Right answer {n}", f"Result {n}"]
    by_attempt: dict[tuple[int, int], dict[str, Answer]] = {}
    for a in sim.answers:
        by_attempt.setdefault((a.learner, a.attempt), {})[a.question] = a
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", quotechar='"', lineterminator="\n")
        writer.writerow(header)
        for learner in range(sim.learners):
            attempts = sorted(k for k in by_attempt if k[0] == learner)
            if not attempts:
                writer.writerow(
                    [f"Learner {learner}", f"learner{learner}@example.com", "-", "-", "-", "-"]
                    + ["Not attempted"]
                    + [""] * (4 * len(qids))
                )
                continue
            for _, attempt in attempts:
                got = by_attempt[(learner, attempt)]
                score = sum(a.success for a in got.values()) / len(qids) * 100
                row = [
                    f"Learner {learner}",
                    f"learner{learner}@example.com",
                    str(attempt),
                    "Sunday, 1 November 2026, 9:00 AM",
                    "Sunday, 1 November 2026, 9:30 AM",
                    f"{score:g}",
                    f"{score:g}/100",
                ]
                for qid in qids:
                    a = got[qid]
                    row += [
                        f"{QUIZ}.{qid}",
                        a.choice,
                        "a",
                        "correct" if a.success else "wrong",
                    ]
                writer.writerow(row)
    return path
