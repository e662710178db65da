"""What the `report` command does once its options are parsed (cli.py stays thin)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from courseforge.errors import display_path
from courseforge.report.errors import ReportError
from courseforge.report.run import ReportRequest, make_report

EXIT_PROBLEMS = 1


def _progress_printer():
    if not sys.stderr.isatty():
        return None

    def show(count: int) -> None:
        click.echo(f"\rfetched {count:,} statements", err=True, nl=False)

    return show


def run_report(
    course_dir: Path,
    out_dir: Path,
    *,
    as_json: bool,
    as_csv: bool,
    statements: tuple[Path, ...] = (),
    lrs: str | None = None,
    auth: str | None = None,
    since: str | None = None,
    scorm_interactions: tuple[Path, ...] = (),
    clickhouse: str | None = None,
    names: bool = False,
) -> int:
    from courseforge.report.outputs.data import questions_csv, report_data
    from courseforge.report.outputs.html import render_html
    from courseforge.report.outputs.terminal import summary_lines
    from courseforge.report.outputs.writer import write_outputs

    if lrs and not auth:
        click.echo("error: --lrs needs --auth USER:PASS", err=True)
        return EXIT_PROBLEMS
    request = ReportRequest(
        course_dir,
        statements=list(statements),
        lrs=lrs,
        auth=auth,
        since=since,
        scorm_interactions=list(scorm_interactions),
        clickhouse=clickhouse,
        names=names,
        cache_dir=out_dir / ".lrs-cache",
        progress=_progress_printer(),
    )
    try:
        result = make_report(request)
        files = {"report.html": render_html(result)}
        if as_json:
            files["report.json"] = json.dumps(report_data(result), indent=2, ensure_ascii=False)
        if as_csv:
            files["questions.csv"] = questions_csv(result)
        written = write_outputs(out_dir, files)
    except ReportError as exc:
        if request.progress:
            click.echo("", err=True)
        for line in exc.lines:
            click.echo(f"error: {line}", err=True)
        click.secho("No report was written.", err=True, fg="red")
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        click.echo("\nInterrupted; an LRS fetch resumes where it stopped.", err=True)
        return 130
    if request.progress:
        click.echo("", err=True)
    for line in summary_lines(result):
        click.echo(line)
    click.echo("Wrote " + ", ".join(display_path(p) for p in written))
    return 0
