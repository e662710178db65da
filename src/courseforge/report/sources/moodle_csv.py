"""Moodle's SCORM "Interactions report" download (mod/scorm/report/interactions), SCORM 1.2.

The CSV is tab-separated (Moodle's csv_export_writer "tab"), values HTML-escaped. Columns:
Name, the site's identity fields (e.g. "Email address"), Attempt, Started on, Last accessed on,
Score, one column per SCO, then for each interaction N (from 0) some of "Question N",
"Response N", "Right answer N", "Result N", as the teacher's report options chose. A row is one
attempt of one user; "-" in Attempt means the user never launched the package.
"""

from __future__ import annotations

import csv
import hashlib
import html
import re
from pathlib import Path

from courseforge.errors import display_path
from courseforge.report.course_index import CourseIndex, scorm12_choice_ids
from courseforge.report.errors import ReportError

_FIELD = re.compile(r"^(Question|Response|Right answer|Result) (\d+)$")
_REQUIRED = ("Attempt", "Score")
MAX_FIELD = 1 << 20
csv.field_size_limit(MAX_FIELD)


def read_interactions(paths: list[Path], index: CourseIndex) -> tuple[list[tuple], dict]:
    """Return event rows (report/engine.py EVENT_COLUMNS) and per-file counts."""
    rows: list[tuple] = []
    counts: dict[str, tuple[int, int]] = {}
    for path in paths:
        file_rows, total, ours = _read_one(path, index, len(rows))
        rows.extend(file_rows)
        counts[display_path(path)] = (total, ours)
    return rows, counts


def _read_one(path: Path, index: CourseIndex, offset: int) -> tuple[list[tuple], int, int]:
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReportError(f"{shown}: no such file") from None
    except UnicodeDecodeError as exc:
        raise ReportError(
            f"{shown}: expected Moodle's UTF-8 CSV download, got an undecodable byte at "
            f"offset {exc.start}"
        ) from None
    except OSError as exc:
        raise ReportError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    reader = csv.reader(text.splitlines(), delimiter="\t", quotechar='"')
    try:
        header = next(reader)
    except StopIteration:
        raise ReportError(
            f"{shown}: the file is empty; expected Moodle's Interactions report"
        ) from None
    except csv.Error as exc:
        raise ReportError(f"{shown}:1: not a readable CSV: {exc}") from None
    columns = _interaction_columns(shown, header)
    attempt_col = header.index("Attempt")
    name_col = 0
    email_col = header.index("Email address") if "Email address" in header else None
    out: list[tuple] = []
    total = ours = 0
    line = 1
    try:
        for line, row in enumerate(reader, start=2):
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise ReportError(
                    f"{shown}:{line}: expected {len(header)} tab-separated columns like the "
                    f"header, got {len(row)} (a truncated or edited file?)"
                )
            attempt = row[attempt_col].strip()
            if not attempt.isdigit():
                continue  # "-": enrolled but never launched
            name = html.unescape(row[name_col])
            email = html.unescape(row[email_col]) if email_col is not None else ""
            learner = hashlib.sha256(f"{name}\t{email}".encode()).hexdigest()[:16]
            for number, cells in sorted(columns.items()):
                qid = html.unescape(row[cells["Question"]]).strip()
                if not qid:
                    continue
                total += 1
                question = index.by_scorm_id.get(qid)
                if question is None:
                    continue
                ours += 1
                response = html.unescape(row[cells["Response"]]) if "Response" in cells else None
                result = html.unescape(row[cells["Result"]]).strip()
                right = (
                    html.unescape(row[cells["Right answer"]]) if "Right answer" in cells else None
                )
                if question.type == "choice" and response is not None:
                    response = "[,]".join(scorm12_choice_ids(question, response))
                success = 1 if result == "correct" else 0 if result else None
                wording = "scorm12:" + right if right is not None else ""
                out.append(
                    (
                        "answered",
                        learner,
                        name or None,
                        question.iri,
                        wording,
                        _wording_hash(wording),
                        response,
                        success,
                        None,
                        None,
                        None,
                        None,
                        float(attempt) + number / 10000.0,
                        f"{offset + len(out)}",
                        display_path(path),
                        1,
                    )
                )
    except csv.Error as exc:
        raise ReportError(f"{shown}:{line}: not a readable CSV: {exc}") from None
    if total and not ours:
        raise ReportError(
            f"{shown}: none of its {total} interactions is a question of course "
            f"'{index.id}' (ids like {_example(index)}); is it another course's report?"
        )
    return out, total, ours


def _wording_hash(wording: str) -> int:
    """events.def_h: 64 bits of the wording's digest (any fixed function of it will do)."""
    return int.from_bytes(hashlib.blake2b(wording.encode(), digest_size=8).digest(), "big")


def _example(index: CourseIndex) -> str:
    first = index.questions()[0] if index.questions() else None
    return f"'{first.quiz_id}.{first.id}'" if first else "quiz.question"


def _interaction_columns(shown: str, header: list[str]) -> dict[int, dict[str, int]]:
    missing = [name for name in _REQUIRED if name not in header]
    columns: dict[int, dict[str, int]] = {}
    for position, name in enumerate(header):
        match = _FIELD.match(name.strip())
        if match:
            columns.setdefault(int(match.group(2)), {})[match.group(1)] = position
    if missing or not columns:
        found = ", ".join(repr(h) for h in header[:8]) + (", …" if len(header) > 8 else "")
        raise ReportError(
            f"{shown}:1: expected the header of Moodle's SCORM Interactions report "
            "(tab-separated: Name, …, Attempt, Started on, Last accessed on, Score, then "
            f"'Question N', 'Response N', 'Right answer N', 'Result N'), got {found}",
            "Download it from the SCORM activity: Reports → Interactions report, with "
            "'Summary of question' and 'Summary of result' ticked, as a CSV (tab) file.",
        )
    lacking = {
        kind for cells in columns.values() for kind in ("Question", "Result") if kind not in cells
    }
    if lacking:
        raise ReportError(
            f"{shown}:1: the report lacks the {' and '.join(sorted(repr(k + ' N') for k in lacking))} "
            "columns; tick 'Summary of question' and 'Summary of result' in the Interactions "
            "report's options and download it again"
        )
    return columns
