"""What an LMS must answer to SCORM API calls: one row per (calls, expected error code).

Each case runs on a fresh API object. Steps are ("init"|"finish"|"commit", [argument]) or
("get", element) or ("set", element, value); "init" is prepended unless the case starts
"cold". The expected code is GetLastError() after the last step, from the SCORM 1.2 RTE
(section 3.3.2, 3.4) and the SCORM 2004 4th edition RTE (section 3.1.7, 4, appendix C).

CASES must hold for both the preview simulator and scorm-again 3.4.3.
SCORM_AGAIN_DIFFERS lists cases where scorm-again answers differently from the standard (and
the simulator follows the standard); the test asserts both sides so a change is noticed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    version: str  # "1.2" or "2004"
    steps: tuple
    code: str
    cold: bool = False  # no Initialize first

    @property
    def label(self) -> str:
        last = self.steps[-1]
        shown = ", ".join(repr(part) for part in last[1:])
        start = "" if self.cold or self.steps[0][0] == "init" else "init; "
        before = "; ".join(f"{s[0]} {' '.join(map(str, s[1:]))}" for s in self.steps[:-1])
        return f"{self.version}: {start}{before + '; ' if before else ''}{last[0]}({shown}) -> {self.code}"

    def to_json(self) -> dict:
        steps = list(self.steps) if self.cold else [("init", ""), *self.steps]
        return {"version": self.version, "steps": [list(step) for step in steps], "code": self.code}


def s12(element: str, value: str, code: str, *before) -> Case:
    return Case("1.2", (*before, ("set", element, value)), code)


def g12(element: str, code: str, *before) -> Case:
    return Case("1.2", (*before, ("get", element)), code)


def s04(element: str, value: str, code: str, *before) -> Case:
    return Case("2004", (*before, ("set", element, value)), code)


def g04(element: str, code: str, *before) -> Case:
    return Case("2004", (*before, ("get", element)), code)


I12 = ("set", "cmi.interactions.0.id", "q1")
I04 = ("set", "cmi.interactions.0.id", "q1")


def typed04(kind: str) -> tuple:
    return (I04, ("set", "cmi.interactions.0.type", kind))


CASES: list[Case] = [
    # ---- SCORM 1.2: life cycle ----
    Case("1.2", (("get", "cmi.core.lesson_status"),), "301", cold=True),
    Case("1.2", (("set", "cmi.core.lesson_status", "passed"),), "301", cold=True),
    Case("1.2", (("commit", ""),), "301", cold=True),
    Case("1.2", (("init", ""),), "0", cold=True),
    Case("1.2", (("init", "x"),), "201", cold=True),
    Case("1.2", (("init", ""),), "101"),
    Case("1.2", (("finish", "x"),), "201"),
    Case("1.2", (("commit", "x"),), "201"),
    Case("1.2", (("commit", ""),), "0"),
    Case("1.2", (("finish", ""),), "0"),
    # ---- SCORM 1.2: names, keywords, access ----
    g12("cmi.core.lesson_status", "0"),
    g12("cmi.core._children", "0"),
    g12("cmi.core.score._children", "0"),
    g12("cmi.interactions._children", "0"),
    g12("cmi.interactions._count", "0"),
    g12("cmi.core.lesson_status._children", "202"),
    g12("cmi.core.lesson_status._count", "203"),
    s12("cmi.core._children", "x", "402"),
    s12("cmi.interactions._count", "1", "402"),
    s12("cmi.core.credit", "credit", "403"),
    s12("cmi.core.entry", "resume", "403"),
    s12("cmi.core.student_id", "x", "403"),
    s12("cmi.core.student_name", "x", "403"),
    s12("cmi.core.total_time", "00:00:01", "403"),
    s12("cmi.core.lesson_mode", "normal", "403"),
    s12("cmi.launch_data", "x", "403"),
    s12("cmi.student_data.mastery_score", "50", "403"),
    g12("cmi.core.exit", "404"),
    g12("cmi.core.session_time", "404"),
    g12("cmi.interactions.0.id", "404", I12),
    # ---- SCORM 1.2: vocabularies and formats ----
    *[
        s12("cmi.core.lesson_status", v, "0")
        for v in ("passed", "completed", "failed", "incomplete", "browsed")
    ],
    s12("cmi.core.lesson_status", "not attempted", "405"),
    s12("cmi.core.lesson_status", "Passed", "405"),
    s12("cmi.core.lesson_status", "done", "405"),
    *[s12("cmi.core.exit", v, "0") for v in ("time-out", "suspend", "logout", "")],
    s12("cmi.core.score.raw", "85", "0"),
    s12("cmi.core.score.raw", "85.5", "0"),
    s12("cmi.core.score.raw", "0", "0"),
    s12("cmi.core.score.raw", "100", "0"),
    s12("cmi.core.score.raw", "", "0"),
    s12("cmi.core.score.raw", "101", "405"),
    s12("cmi.core.score.raw", "-1", "405"),
    s12("cmi.core.score.raw", "abc", "405"),
    s12("cmi.core.score.max", "100", "0"),
    s12("cmi.core.score.min", "0", "0"),
    s12("cmi.core.session_time", "00:01:30", "0"),
    s12("cmi.core.session_time", "0000:01:30.5", "0"),
    s12("cmi.core.session_time", "PT1M30S", "405"),
    s12("cmi.core.session_time", "01:30", "405"),
    s12("cmi.core.lesson_location", "x" * 255, "0"),
    s12("cmi.core.lesson_location", "x" * 256, "405"),
    s12("cmi.suspend_data", "x" * 4096, "0"),
    s12("cmi.student_preference.audio", "50", "0"),
    s12("cmi.student_preference.audio", "-1", "0"),
    s12("cmi.student_preference.audio", "101", "405"),
    s12("cmi.student_preference.text", "1", "0"),
    s12("cmi.student_preference.text", "2", "405"),
    s12("cmi.student_preference.speed", "-100", "0"),
    s12("cmi.student_preference.speed", "101", "405"),
    s12("cmi.student_preference.language", "en", "0"),
    # ---- SCORM 1.2: objectives and interactions ----
    s12("cmi.objectives.0.id", "obj-1", "0"),
    s12("cmi.objectives.0.status", "passed", "0", ("set", "cmi.objectives.0.id", "obj-1")),
    s12("cmi.objectives.0.status", "not attempted", "0", ("set", "cmi.objectives.0.id", "obj-1")),
    s12("cmi.objectives.0.status", "done", "405", ("set", "cmi.objectives.0.id", "obj-1")),
    s12("cmi.objectives.0.score.raw", "50", "0", ("set", "cmi.objectives.0.id", "obj-1")),
    s12("cmi.interactions.0.id", "q1", "0"),
    s12("cmi.interactions.2.id", "q3", "201"),
    s12("cmi.interactions.0.type", "choice", "0", I12),
    s12("cmi.interactions.0.type", "multiple-choice", "405", I12),
    *[
        s12("cmi.interactions.0.result", v, "0", I12)
        for v in ("correct", "wrong", "unanticipated", "neutral", "0.5")
    ],
    s12("cmi.interactions.0.latency", "00:00:05", "0", I12),
    s12("cmi.interactions.0.latency", "5s", "405", I12),
    s12("cmi.interactions.0.time", "12:30:00", "0", I12),
    s12("cmi.interactions.0.time", "25:00:00", "405", I12),
    s12("cmi.interactions.0.weighting", "2", "0", I12),
    s12("cmi.interactions.0.weighting", "two", "405", I12),
    s12(
        "cmi.interactions.0.student_response",
        "a",
        "0",
        I12,
        ("set", "cmi.interactions.0.type", "choice"),
    ),
    s12(
        "cmi.interactions.0.correct_responses.0.pattern",
        "a,c",
        "0",
        I12,
        ("set", "cmi.interactions.0.type", "choice"),
    ),
    g12("cmi.interactions.0.correct_responses._count", "0", I12),
    # ---- SCORM 2004: life cycle ----
    Case("2004", (("get", "cmi.location"),), "122", cold=True),
    Case("2004", (("set", "cmi.location", "p1"),), "132", cold=True),
    Case("2004", (("commit", ""),), "142", cold=True),
    Case("2004", (("finish", ""),), "112", cold=True),
    Case("2004", (("init", ""),), "0", cold=True),
    Case("2004", (("init", "x"),), "201", cold=True),
    Case("2004", (("init", ""),), "103"),
    Case("2004", (("finish", ""), ("init", "")), "104"),
    Case("2004", (("finish", ""), ("get", "cmi.location")), "123"),
    Case("2004", (("finish", ""), ("set", "cmi.location", "p1")), "133"),
    Case("2004", (("finish", ""), ("commit", "")), "143"),
    Case("2004", (("finish", ""), ("finish", "")), "113"),
    Case("2004", (("finish", "x"),), "201"),
    Case("2004", (("commit", "x"),), "201"),
    Case("2004", (("commit", ""),), "0"),
    # ---- SCORM 2004: names, keywords, access ----
    g04("", "301"),
    s04("", "x", "351"),
    g04("cmi._version", "0"),
    g04("cmi.completion_status", "0"),
    g04("cmi.location", "403"),
    g04("cmi.foo", "401"),
    s04("cmi.foo", "x", "401"),
    g04("cmi.score._children", "0"),
    g04("cmi.interactions._children", "0"),
    g04("cmi.objectives._count", "0"),
    g04("cmi.completion_status._children", "301"),
    g04("cmi.location._count", "301"),
    s04("cmi._version", "2.0", "404"),
    s04("cmi.score._children", "x", "404"),
    s04("cmi.interactions._count", "1", "404"),
    *[
        s04(e, "x", "404")
        for e in (
            "cmi.credit",
            "cmi.entry",
            "cmi.mode",
            "cmi.total_time",
            "cmi.learner_id",
            "cmi.learner_name",
            "cmi.launch_data",
            "cmi.completion_threshold",
            "cmi.scaled_passing_score",
            "cmi.max_time_allowed",
            "cmi.time_limit_action",
        )
    ],
    g04("cmi.exit", "405"),
    g04("cmi.session_time", "405"),
    # ---- SCORM 2004: vocabularies, formats, ranges ----
    *[
        s04("cmi.completion_status", v, "0")
        for v in ("completed", "incomplete", "not attempted", "unknown")
    ],
    s04("cmi.completion_status", "passed", "406"),
    *[s04("cmi.success_status", v, "0") for v in ("passed", "failed", "unknown")],
    s04("cmi.success_status", "completed", "406"),
    *[s04("cmi.exit", v, "0") for v in ("time-out", "suspend", "logout", "normal", "")],
    s04("cmi.exit", "quit", "406"),
    s04("cmi.score.scaled", "0.85", "0"),
    s04("cmi.score.scaled", "-1", "0"),
    s04("cmi.score.scaled", "1", "0"),
    s04("cmi.score.scaled", "1.01", "407"),
    s04("cmi.score.scaled", "-2", "407"),
    s04("cmi.score.scaled", "abc", "406"),
    s04("cmi.score.raw", "85", "0"),
    s04("cmi.score.raw", "-5", "0"),
    s04("cmi.score.raw", "8 5", "406"),
    s04("cmi.score.max", "100", "0"),
    s04("cmi.progress_measure", "0.5", "0"),
    s04("cmi.progress_measure", "1.5", "407"),
    s04("cmi.progress_measure", "-0.1", "407"),
    s04("cmi.session_time", "PT1H2M3S", "0"),
    s04("cmi.session_time", "PT1.5S", "0"),
    s04("cmi.session_time", "P1D", "0"),
    s04("cmi.session_time", "01:02:03", "406"),
    s04("cmi.session_time", "PT1H2M3", "406"),
    s04("cmi.location", "page-3", "0"),
    s04("cmi.suspend_data", "x" * 64000, "0"),
    s04("cmi.learner_preference.audio_level", "1", "0"),
    s04("cmi.learner_preference.audio_level", "-1", "407"),
    s04("cmi.learner_preference.delivery_speed", "0.5", "0"),
    s04("cmi.learner_preference.audio_captioning", "1", "0"),
    s04("cmi.learner_preference.audio_captioning", "yes", "406"),
    s04("cmi.learner_preference.language", "en-US", "0"),
    s04("cmi.comments_from_learner.0.comment", "{lang=en}Nice course", "0"),
    s04("cmi.comments_from_learner.0.timestamp", "2026-11-26T14:03:05", "0"),
    s04("cmi.comments_from_learner.0.timestamp", "yesterday", "406"),
    s04("adl.nav.request", "continue", "0"),
    s04("adl.nav.request", "forward", "406"),
    g04("adl.nav.request_valid.continue", "0"),
    # ---- SCORM 2004: objectives ----
    s04("cmi.objectives.0.id", "obj-1", "0"),
    s04("cmi.objectives.0.success_status", "passed", "408"),
    s04("cmi.objectives.0.success_status", "passed", "0", ("set", "cmi.objectives.0.id", "obj-1")),
    s04("cmi.objectives.0.score.scaled", "2", "407", ("set", "cmi.objectives.0.id", "obj-1")),
    s04("cmi.objectives.1.id", "obj-1", "351", ("set", "cmi.objectives.0.id", "obj-1")),
    s04("cmi.objectives.3.id", "obj-4", "351"),
    # ---- SCORM 2004: interactions ----
    s04("cmi.interactions.0.id", "q1", "0"),
    s04("cmi.interactions.0.id", "", "406"),
    s04("cmi.interactions.0.type", "choice", "408"),
    s04("cmi.interactions.5.id", "q6", "351"),
    s04("cmi.interactions.0.type", "choice", "0", I04),
    s04("cmi.interactions.0.type", "multiple-choice", "406", I04),
    s04("cmi.interactions.0.learner_response", "a", "408", I04),
    s04("cmi.interactions.0.learner_response", "true", "0", *typed04("true-false")),
    s04("cmi.interactions.0.learner_response", "yes", "406", *typed04("true-false")),
    s04("cmi.interactions.0.learner_response", "a[,]c", "0", *typed04("choice")),
    s04("cmi.interactions.0.learner_response", "a[,]a", "406", *typed04("choice")),
    s04("cmi.interactions.0.learner_response", "Docker", "0", *typed04("fill-in")),
    s04("cmi.interactions.0.learner_response", "4", "0", *typed04("numeric")),
    s04("cmi.interactions.0.learner_response", "four", "406", *typed04("numeric")),
    s04("cmi.interactions.0.learner_response", "s1[.]t1[,]s2[.]t2", "0", *typed04("matching")),
    s04("cmi.interactions.0.learner_response", "s1[.]", "406", *typed04("matching")),
    s04("cmi.interactions.0.learner_response", "i2[,]i1[,]i3", "0", *typed04("sequencing")),
    s04("cmi.interactions.0.learner_response", "agree", "0", *typed04("likert")),
    s04("cmi.interactions.0.correct_responses.0.pattern", "true", "0", *typed04("true-false")),
    s04("cmi.interactions.0.correct_responses.0.pattern", "a[,]c", "0", *typed04("choice")),
    s04(
        "cmi.interactions.0.correct_responses.0.pattern",
        "{case_matters=false}Docker",
        "0",
        *typed04("fill-in"),
    ),
    s04("cmi.interactions.0.correct_responses.0.pattern", "3[:]6", "0", *typed04("numeric")),
    s04("cmi.interactions.0.correct_responses.0.pattern", "4[:]4", "0", *typed04("numeric")),
    s04(
        "cmi.interactions.0.correct_responses.0.pattern",
        "s1[.]t1[,]s2[.]t2",
        "0",
        *typed04("matching"),
    ),
    s04(
        "cmi.interactions.0.correct_responses.1.pattern",
        "false",
        "351",
        *typed04("true-false"),
        ("set", "cmi.interactions.0.correct_responses.0.pattern", "true"),
    ),
    *[
        s04("cmi.interactions.0.result", v, "0", I04)
        for v in ("correct", "incorrect", "unanticipated", "neutral", "0.5")
    ],
    s04("cmi.interactions.0.result", "wrong", "406", I04),
    s04("cmi.interactions.0.latency", "PT5S", "0", I04),
    s04("cmi.interactions.0.latency", "5", "406", I04),
    s04("cmi.interactions.0.timestamp", "2026-11-26T14:03:05.12", "0", I04),
    s04("cmi.interactions.0.timestamp", "26/11/2026", "406", I04),
    s04("cmi.interactions.0.weighting", "2", "0", I04),
    s04("cmi.interactions.0.weighting", "two", "406", I04),
    s04("cmi.interactions.0.description", "{lang=en}Which tool?", "0", I04),
    s04("cmi.interactions.0.objectives.0.id", "obj-1", "0", I04),
    s04(
        "cmi.interactions.0.objectives.1.id",
        "obj-1",
        "351",
        I04,
        ("set", "cmi.interactions.0.objectives.0.id", "obj-1"),
    ),
    g04("cmi.interactions.0.result", "403", I04),
    g04("cmi.interactions.0.id", "0", I04),
]

# Where scorm-again 3.4.3 is laxer or differs: (case per the standard, scorm-again's code, why).
SCORM_AGAIN_DIFFERS: list[tuple[Case, str, str]] = [
    (
        s12("cmi.core.exit", "normal", "405"),
        "0",
        "1.2's cmi.core.exit vocabulary is time-out, suspend, logout or empty; normal is 2004's",
    ),
    (
        s12("cmi.interactions.0.result", "incorrect", "405", I12),
        "0",
        "1.2 says wrong; incorrect is 2004's word",
    ),
    (
        g12("cmi.core.foo", "201"),
        "401",
        "1.2 RTE 3.3.2: 201 for an invalid element name; 401 means valid but not implemented",
    ),
    (
        Case("1.2", (("finish", ""), ("get", "cmi.core.lesson_status")), "301"),
        "0",
        "after LMSFinish the API is no longer initialized",
    ),
    (
        s12("cmi.interactions.0.id", "question 1", "405"),
        "0",
        "CMIIdentifier has no white space",
    ),
    (
        s12(
            "cmi.interactions.0.student_response",
            "docker",
            "405",
            I12,
            ("set", "cmi.interactions.0.type", "choice"),
        ),
        "0",
        "1.2 choice responses are single characters 0-9/a-z joined by commas (RTE 3.4.2.7.5)",
    ),
    (
        g04("cmi.interactions.1.id", "301", I04),
        "403",
        "2004 RTE: an index beyond _count is a General Get Failure (301)",
    ),
]
