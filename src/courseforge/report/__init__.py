"""`courseforge report`: item analysis of what learners did, back to each question's file:line.

Sources (report/sources/) fill one flat `events` table; the analysis (analysis.py) is SQL run by
DuckDB or ClickHouse (engine.py); flags.py turns figures into advice; outputs/ writes them.
"""

from courseforge.report.errors import ReportError
from courseforge.report.run import ReportRequest, make_report

__all__ = ["ReportError", "ReportRequest", "make_report"]
