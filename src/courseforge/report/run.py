"""`courseforge report`: choose the source and the engine, analyse, flag."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from courseforge.errors import CourseError, display_path
from courseforge.report.course_index import CourseIndex, index_course
from courseforge.report.engine import (
    EVENT_COLUMNS,
    WORDING_COLUMNS,
    ClickHouseEngine,
    DuckDBEngine,
)
from courseforge.report.errors import ReportError
from courseforge.report.flags import MIN_LEARNERS, flag_report
from courseforge.report.model import Report


@dataclass
class ReportRequest:
    course_dir: Path
    statements: list[Path] = field(default_factory=list)
    lrs: str | None = None
    auth: str | None = None
    since: str | None = None
    scorm_interactions: list[Path] = field(default_factory=list)
    clickhouse: str | None = None
    names: bool = False
    cache_dir: Path = Path(".courseforge-report-cache")
    min_learners: int = MIN_LEARNERS
    threads: int | None = None
    progress: Callable[[int], None] | None = None


def load_index(course_dir: Path) -> CourseIndex:
    from courseforge.loader import load_course

    try:
        return index_course(load_course(course_dir))
    except CourseError as exc:
        raise ReportError(
            *[str(e) for e in exc.errors],
            f"{display_path(course_dir)}: the course has errors; fix them first "
            "(the report maps answers to its questions).",
        ) from None


def make_report(request: ReportRequest) -> Report:
    chosen = [
        bool(request.statements),
        bool(request.lrs),
        bool(request.scorm_interactions),
        bool(request.clickhouse),
    ]
    if sum(chosen) != 1:
        raise ReportError(
            "expected exactly one source: --statements FILE…, --lrs URL --auth USER:PASS, "
            "--scorm-interactions FILE… or --clickhouse URL"
        )
    index = load_index(request.course_dir)
    if request.clickhouse:
        return _from_clickhouse(request, index)
    engine = DuckDBEngine(threads=request.threads)
    try:
        if request.scorm_interactions:
            from courseforge.report.sources.moodle_csv import read_interactions

            rows, counts = read_interactions(request.scorm_interactions, index)
            engine.insert("events", list(EVENT_COLUMNS), rows)
            engine.insert("wordings", list(WORDING_COLUMNS), [])
            source = _plural(len(counts), "Moodle Interactions report")
        else:
            files = request.statements
            if request.lrs:
                from courseforge.report.sources.lrs import fetch_statements

                files = fetch_statements(
                    request.lrs,
                    request.auth or "",
                    request.cache_dir,
                    request.since,
                    request.progress,
                )
                source = f"the LRS at {request.lrs}"
                if not files:
                    raise ReportError(f"--lrs {request.lrs}: the LRS holds no statements")
            else:
                source = _plural(len(files), "statement file")
            from courseforge.report.sources.statement_files import load_events

            counts = load_events(engine, files, index.iri)
            if not request.lrs:
                _refuse_foreign_files(counts, index)
        return _finish(engine, index, request, counts, source)
    finally:
        engine.close()


def _from_clickhouse(request: ReportRequest, index: CourseIndex) -> Report:
    import tempfile

    from courseforge.report.sources.ralph_clickhouse import load_events, parse_clickhouse_url

    with tempfile.TemporaryDirectory(prefix="courseforge-chdb-") as scratch:
        target = parse_clickhouse_url(request.clickhouse or "", scratch)
        engine = ClickHouseEngine(target.data_path)
        try:
            counts = load_events(engine, target, index.iri)
            return _finish(engine, index, request, counts, f"ClickHouse ({target.table_sql})")
        finally:
            engine.close()


def _refuse_foreign_files(counts: dict[str, tuple[int, int]], index: CourseIndex) -> None:
    for name, (total, ours) in sorted(counts.items()):
        if total and not ours:
            raise ReportError(
                f"{display_path(Path(name))}: none of its {total} statements is about course "
                f"'{index.id}' (activity ids under {index.iri}/); statements of another course?"
            )


def _finish(engine, index, request: ReportRequest, counts, source: str) -> Report:
    from courseforge.report.analysis import analyse

    total = sum(t for t, _ in counts.values())
    ours = sum(o for _, o in counts.values())
    if not ours:
        raise ReportError(
            f"{source}: no statements about course '{index.id}' ({index.iri}); read {total} in all"
        )
    report = analyse(engine, index, names=request.names)
    report.source = source
    report.statements = total
    report.course_statements = ours
    report.ignored_statements = total - ours
    flag_report(report, request.min_learners)
    return report


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
