"""Per page: how many learners reached it, how many stopped there, the median time on it."""

from __future__ import annotations

from courseforge.report.course_index import CourseIndex
from courseforge.report.engine_sql import create_table, figure, next_value, previous_value
from courseforge.report.model import PageStats, Report

# A gap longer than this after a page view is someone away, not reading.
MAX_PAGE_TIME_S = 30 * 60


def page_stats(engine, index: CourseIndex, report: Report) -> None:
    learners, page_views = engine.rows(
        "SELECT count(DISTINCT learner), "
        "sum(CASE WHEN verb = 'experienced' THEN 1 ELSE 0 END) FROM events WHERE ours = 1"
    )[0]
    report.learners = int(learners)
    report.has_page_data = bool(page_views)
    # A quiz page counts as reached by whoever answered one of its questions (once is enough).
    create_table(
        engine,
        "visits",
        """
        SELECT e.learner AS learner, p.idx AS idx FROM events e
        INNER JOIN pages p ON e.object_iri = p.iri
        WHERE e.ours = 1 AND e.verb = 'experienced' AND e.learner IS NOT NULL
        UNION ALL
        SELECT r.learner AS learner, p.idx AS idx
        FROM (SELECT DISTINCT learner, quiz_id FROM resp) r
        INNER JOIN pages p ON r.quiz_id = p.page_id
        """,
    )
    reached = dict(engine.rows("SELECT idx, count(DISTINCT learner) FROM visits GROUP BY idx"))
    stopped = dict(
        engine.rows(
            "SELECT idx, count(*) FROM (SELECT learner, max(idx) AS idx FROM visits "
            "GROUP BY learner) s GROUP BY idx"
        )
    )
    times = _median_page_times(engine)
    for page in index.pages:
        report.pages.append(
            PageStats(
                page.index,
                page.id,
                page.title,
                page.kind,
                int(reached.get(page.index, 0)),
                int(stopped.get(page.index, 0)),
                figure(times.get(page.index)),
            )
        )


def _median_page_times(engine) -> dict[int, float | None]:
    """Time on a page: from its view to the learner's next statement, statements in time order
    and equal times in id order.

    Sorting by time alone costs half as much and gives every gap the same unless a page view
    shares its timestamp with another statement of the same learner (only then does the id
    decide which comes next): the first pass counts such views, and only if there are any is the
    sort by (time, id) done."""
    rows = _page_gaps(engine, "seq")
    if any(tied for _, _, tied in rows):
        rows = _page_gaps(engine, "seq, sid")
    return {idx: median for idx, median, _ in rows}


def _page_gaps(engine, order: str) -> list[tuple]:
    """(page index, median gap, page views sharing their time with a neighbour in `order`)."""
    following = next_value(engine, "seq", "learner", order)
    preceding = previous_value(engine, "seq", "learner", order)
    med = engine.dialect.med(f"CASE WHEN g.gap >= 0 AND g.gap <= {MAX_PAGE_TIME_S} THEN g.gap END")
    # Only a page view's object goes through the sort (NULL otherwise): narrower rows, cheaper.
    return engine.rows(
        f"""
        SELECT p.idx, {med}, sum(g.tied) FROM (
          SELECT viewed, following - seq AS gap,
            CASE WHEN following = seq OR preceding = seq THEN 1 ELSE 0 END AS tied
          FROM (
            SELECT viewed, seq, {following} AS following, {preceding} AS preceding
            FROM (
              SELECT learner, seq, sid,
                CASE WHEN verb = 'experienced' THEN object_iri END AS viewed
              FROM events WHERE ours = 1 AND learner IS NOT NULL
            ) e
          ) w
        ) g INNER JOIN pages p ON g.viewed = p.iri
        GROUP BY p.idx
        """
    )
