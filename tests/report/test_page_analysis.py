"""Time on a page when timestamps tie: the statement id settles which statement comes next."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from courseforge.report import ReportRequest, make_report
from report import simulator

START = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def _view(learner: int, page: str, when: datetime, statement_id: str) -> dict:
    return {
        "id": statement_id,
        "actor": simulator.actor(learner),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"objectType": "Activity", "id": f"{simulator.BASE}/{page}"},
        "timestamp": when.isoformat().replace("+00:00", "Z"),
    }


def _tied_views(path, learners: int):
    """Each learner views intro and details in the same millisecond, then intro again 100 s
    later. intro's id sorts first, so the order is intro, details, intro: 0 s on intro, 100 s
    on details. The file lists details first, as a sort by time alone might keep them."""
    with open(path, "w", encoding="utf-8") as out:
        for learner in range(learners):
            when = START + timedelta(minutes=learner)
            for view in (
                _view(learner, "details", when, f"bbbbbbbb-0000-4000-8000-{learner:012d}"),
                _view(learner, "intro", when, f"aaaaaaaa-0000-4000-8000-{learner:012d}"),
                _view(
                    learner,
                    "intro",
                    when + timedelta(seconds=100),
                    f"cccccccc-0000-4000-8000-{learner:012d}",
                ),
            ):
                out.write(json.dumps(view) + "\n")
    return path


def test_equal_timestamps_are_ordered_by_statement_id(tmp_path, sim_course):
    path = _tied_views(tmp_path / "tied.ndjson", learners=40)
    pages = {p.id: p for p in make_report(ReportRequest(sim_course, statements=[path])).pages}
    assert pages["intro"].median_time_s == 0
    assert pages["details"].median_time_s == 100


def test_untied_timestamps_need_no_statement_id(tmp_path, sim_course):
    lines = [
        _view(learner, page, START + timedelta(minutes=learner, seconds=offset), sid)
        for learner in range(20)
        for page, offset, sid in (
            ("details", 30, "00000000-0000-4000-8000-000000000001"),  # ids in reverse time order
            ("intro", 0, "ffffffff-0000-4000-8000-000000000002"),
            ("intro", 100, "00000000-0000-4000-8000-000000000003"),
        )
    ]
    path = tmp_path / "untied.ndjson"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    pages = {p.id: p for p in make_report(ReportRequest(sim_course, statements=[path])).pages}
    assert pages["intro"].median_time_s == 30
    assert pages["details"].median_time_s == 70
