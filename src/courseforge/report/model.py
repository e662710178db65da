"""What the report found: plain data the outputs (HTML, JSON, CSV, terminal) present."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Flag:
    rule: str  # easy, hard, low-discrimination, negative-discrimination, unused-distractor, wording-changed
    severity: str  # "warning" or "error" (a likely wrong key)
    where: str  # file:line of the question
    quiz_id: str
    question_id: str
    message: str


@dataclass
class ChoiceShare:
    id: str
    text: str
    correct: bool
    count: int
    share: float | None


@dataclass
class ItemStats:
    quiz_id: str
    question_id: str
    where: str
    version: str  # "current" or "earlier wording <key>"
    content_key: str
    type: str
    points: int
    prompt: str
    learners: int = 0  # learners with a first answer (the responses analysed)
    answers: int = 0  # every check, retries included
    facility: float | None = None  # mean score fraction, first attempt
    best_facility: float | None = None  # mean of each learner's best score fraction
    discrimination: float | None = None  # corrected item-total correlation (first attempts)
    latency_median_s: float | None = None
    choices: list[ChoiceShare] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


@dataclass
class QuizStats:
    id: str
    title: str
    where: str
    graded: bool
    items: int  # k: questions in the score
    total_points: int
    pass_points: int
    learners: int = 0  # learners with a complete first attempt
    mean: float | None = None
    sd: float | None = None
    alpha: float | None = None  # Cronbach's alpha (= KR-20 for right/wrong items)
    sem: float | None = None  # standard error of measurement: sd * sqrt(1 - alpha)
    judged: int = 0  # learners with at least one finished attempt
    passed: int = 0  # of them, best attempt at or above the pass mark
    distribution: list[tuple[float, int]] = field(default_factory=list)  # first-attempt scores
    questions: list[ItemStats] = field(default_factory=list)

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.judged if self.judged else None


@dataclass
class PageStats:
    index: int
    id: str
    title: str
    kind: str
    reached: int = 0
    stopped_here: int = 0
    median_time_s: float | None = None


@dataclass
class Report:
    course_id: str
    course_title: str
    course_version: str
    source: str  # what was read, for people ("3 statement files", "Moodle CSV", …)
    engine: str
    statements: int = 0
    course_statements: int = 0
    ignored_statements: int = 0  # about other courses, in mixed files
    learners: int = 0
    unknown_questions: int = 0  # answers to questions no longer in the course
    has_page_data: bool = False
    quizzes: list[QuizStats] = field(default_factory=list)
    pages: list[PageStats] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    learner_scores: list[dict] | None = None  # only with --names

    def items(self) -> list[ItemStats]:
        return [item for quiz in self.quizzes for item in quiz.questions]
