"""The one error `courseforge report` raises for bad input: a message for the user, no traceback."""

from __future__ import annotations


class ReportError(Exception):
    """Input the report cannot use (a file, an LRS, a course). Each line is shown as is."""

    def __init__(self, *lines: str):
        self.lines = [line for line in lines if line]
        super().__init__("\n".join(self.lines))
