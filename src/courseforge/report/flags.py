"""Flags an author acts on, each pointing at the question's file:line."""

from __future__ import annotations

from courseforge.report.model import Flag, ItemStats, Report

EASY_ABOVE = 0.9
HARD_BELOW = 0.3
DISCRIMINATION_BELOW = 0.2
DISTRACTOR_BELOW = 0.05
# Below this many learners a facility or a correlation says little; no flag is raised.
MIN_LEARNERS = 20


def flag_report(report: Report, min_learners: int = MIN_LEARNERS) -> None:
    for quiz in report.quizzes:
        by_question: dict[str, list[ItemStats]] = {}
        for item in quiz.questions:
            by_question.setdefault(item.question_id, []).append(item)
            if item.learners >= min_learners:
                item.flags.extend(_item_flags(item))
        for versions in by_question.values():
            if len(versions) > 1:
                first = versions[0]
                counts = ", ".join(f"{v.learners} with the {v.version}" for v in versions)
                first.flags.append(
                    _flag(
                        first,
                        "wording-changed",
                        "warning",
                        f"the wording or key changed between course versions; responses are "
                        f"analysed apart ({counts})",
                    )
                )
        for item in quiz.questions:
            report.flags.extend(item.flags)


def _flag(item: ItemStats, rule: str, severity: str, message: str) -> Flag:
    return Flag(rule, severity, item.where, item.quiz_id, item.question_id, message)


def _item_flags(item: ItemStats) -> list[Flag]:
    flags = []
    label = "" if item.version == "current" else f" ({item.version})"
    if item.facility is not None and item.facility > EASY_ABOVE:
        flags.append(
            _flag(
                item,
                "easy",
                "warning",
                f"facility {item.facility:.2f}{label}: almost "
                f"everyone gets it right (above {EASY_ABOVE}); it tells learners apart little",
            )
        )
    if item.facility is not None and item.facility < HARD_BELOW:
        flags.append(
            _flag(
                item,
                "hard",
                "warning",
                f"facility {item.facility:.2f}{label}: most learners "
                f"get it wrong (below {HARD_BELOW}); check the wording, the key and the lesson",
            )
        )
    d = item.discrimination
    if d is not None and d < 0:
        flags.append(
            _flag(
                item,
                "negative-discrimination",
                "error",
                f"discrimination {d:.2f}{label}: "
                "learners who do well on the rest of the quiz get this one wrong more often "
                "than those who do badly; a likely wrong key",
            )
        )
    elif d is not None and d < DISCRIMINATION_BELOW:
        flags.append(
            _flag(
                item,
                "low-discrimination",
                "warning",
                f"discrimination {d:.2f}{label}: it "
                f"barely separates strong from weak learners (below {DISCRIMINATION_BELOW})",
            )
        )
    for choice in item.choices:
        if not choice.correct and choice.share is not None and choice.share < DISTRACTOR_BELOW:
            flags.append(
                _flag(
                    item,
                    "unused-distractor",
                    "warning",
                    f"choice '{choice.id}' "
                    f"({_short(choice.text)}) is picked by {choice.share:.1%}{label}: "
                    "a distractor almost nobody falls for; replace it or drop it",
                )
            )
    return flags


def _short(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
