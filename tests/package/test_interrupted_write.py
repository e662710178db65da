"""A journaled write stopped at each step, in this process: the next write completes or discards it.

The journaled switch is the fallback where one atomic folder exchange is not available
(package/journal.py); every test here forces it. The exchange has its own tests
(test_atomic_switch.py, tests/hostile/test_crash_safe_switch.py).

The writer's CHECKPOINT hook raises at the N-th step, which leaves the folder as a kill there
would (the journal stays once it is written). tests/hostile/test_crash_safe_switch.py does the
same with real signals in a child process; this pins every step of the writer itself.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from tests.hostile.disk_state import leftovers, products, record_matches_disk

from courseforge.errors import OutputError
from courseforge.package import Output, OutputWriter, exchange, journal, writer
from courseforge.package.journal import JOURNAL, WORK_DIR, WORK_MARKER, finish_interrupted_switch
from courseforge.package.ownership import read_record


@pytest.fixture(autouse=True)
def journaled_switch(monkeypatch):
    # As on a system without renameat2: a new folder is still one rename, later writes journal.
    monkeypatch.setattr(exchange, "available", lambda: False)


class Stopped(BaseException):
    """Stands for a kill: nothing in the writer catches it and carries on."""


def build_set(version: str):
    """A zip, a folder and a single file: every kind of product the writer stages."""
    return [
        Output("course.zip", {"index.html": f"<p>{version}</p>".encode()}),
        Output(
            "course-web",
            {"index.html": f"web {version}".encode(), f"{version}/deep.txt": b"x"},
            kind="folder",
        ),
        Output("bank.xml", {"bank.xml": f"<quiz>{version}</quiz>".encode()}, kind="file"),
    ]


def steps_of_a_write(tmp_path) -> list[str]:
    steps: list[str] = []
    out = tmp_path / "probe"
    OutputWriter(out).write(build_set("old"))
    writer.CHECKPOINT = steps.append
    try:
        OutputWriter(out).write(build_set("new"))
    finally:
        writer.CHECKPOINT = None
    return steps


def expected(tmp_path, version: str) -> dict[str, str]:
    out = tmp_path / f"clean-{version}"
    OutputWriter(out).write(build_set(version))
    return products(out)


def test_the_steps_are_the_documented_ones(tmp_path):
    assert steps_of_a_write(tmp_path) == [
        "staged course.zip",
        "staged course-web",
        "staged bank.xml",
        "journal",
        "switched course.zip",
        "moved aside course-web",
        "switched course-web",
        "switched bank.xml",
        "record",
        "journal removed",
        "done",
    ]


@pytest.mark.parametrize("stop_at", range(11))
def test_a_write_stopped_at_any_step_is_completed_or_discarded_next_time(tmp_path, stop_at):
    steps = steps_of_a_write(tmp_path)
    old, new = expected(tmp_path, "old"), expected(tmp_path, "new")
    out = tmp_path / "dist"
    OutputWriter(out).write(build_set("old"))

    def stop(step: str) -> None:
        if step == steps[stop_at]:
            raise Stopped(step)

    writer.CHECKPOINT = stop
    try:
        with pytest.raises(Stopped):
            OutputWriter(out).write(build_set("new"))
    finally:
        writer.CHECKPOINT = None
    committed = stop_at >= steps.index("journal")
    journal_left = committed and stop_at < steps.index("journal removed")
    assert (out / WORK_DIR / JOURNAL).is_file() == journal_left
    assert (out / WORK_DIR).exists() == journal_left  # a discarded attempt leaves nothing
    if not committed:
        assert products(out) == old and record_matches_disk(out)

    finish_interrupted_switch(out)  # what the next build does first
    assert products(out) == (new if committed else old)
    assert record_matches_disk(out)
    assert leftovers(out) == []
    assert not (out / WORK_DIR).exists()
    assert sorted(read_record(out)) == ["bank.xml", "course-web", "course.zip"]
    finish_interrupted_switch(out)  # nothing left to do: a no-op
    assert products(out) == (new if committed else old)


def test_an_empty_work_folder_is_removed(tmp_path):
    (tmp_path / WORK_DIR).mkdir()
    finish_interrupted_switch(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_work_folder_without_a_journal_is_discarded(tmp_path):
    work = tmp_path / WORK_DIR
    (work / "new").mkdir(parents=True)
    (work / WORK_MARKER).write_text("x", encoding="utf-8")
    (work / "new" / "course.zip").write_bytes(b"half")
    finish_interrupted_switch(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_foreign_work_folder_is_refused_and_kept(tmp_path):
    work = tmp_path / WORK_DIR
    work.mkdir()
    (work / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match=WORK_DIR):
        finish_interrupted_switch(tmp_path)
    assert (work / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    "journal",
    ["not json", json.dumps({"format": 1, "record": "{}"}), json.dumps({"products": 3})],
)
def test_an_unreadable_journal_is_one_located_error(tmp_path, journal, monkeypatch):
    monkeypatch.chdir(tmp_path)
    work = tmp_path / WORK_DIR
    work.mkdir()
    (work / WORK_MARKER).write_text("x", encoding="utf-8")
    (work / JOURNAL).write_text(journal, encoding="utf-8")
    with pytest.raises(OutputError) as raised:
        finish_interrupted_switch(tmp_path)
    message = str(raised.value)
    assert message.startswith(f"{WORK_DIR}/{JOURNAL}: unreadable build journal (")
    assert message.endswith(f"delete {WORK_DIR} and build again")
    assert (work / JOURNAL).exists()  # nothing is guessed


def test_the_work_folders_marker_says_what_it_is(tmp_path):
    seen = []
    marker = tmp_path / WORK_DIR / WORK_MARKER
    writer.CHECKPOINT = lambda step: step == "done" or seen.append(marker.read_text("utf-8"))
    try:
        OutputWriter(tmp_path).write(build_set("new"))
    finally:
        writer.CHECKPOINT = None
    assert set(seen) == {"courseforge build in progress\n"}


def test_two_folders_are_moved_aside_in_one_switch(tmp_path):
    def folders(version: str):
        return [
            Output(name, {"a.txt": f"{name} {version}".encode()}, kind="folder")
            for name in ("one", "two")
        ]

    OutputWriter(tmp_path).write(folders("old"))
    OutputWriter(tmp_path).write(folders("new"))
    assert products(tmp_path) == {
        "one/a.txt": products_of(b"one new"),
        "two/a.txt": products_of(b"two new"),
    }


def products_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_product_deleted_by_hand_is_written_again(tmp_path):
    out = tmp_path / "dist"
    OutputWriter(out).write(build_set("old"))
    (out / "bank.xml").unlink()
    OutputWriter(out).write(build_set("new"))
    assert products(out) == expected(tmp_path, "new")
    assert record_matches_disk(out)


def failing(monkeypatch, name: str, error: OSError) -> None:
    def fail(*args, **kwargs):
        raise error

    for module in (
        journal,
        writer,
    ):  # a new folder is staged by the writer, later ones by the journal
        if hasattr(module, name):
            monkeypatch.setattr(module, name, fail)


def test_a_filesystem_failure_before_the_commit_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "dist"
    OutputWriter(out).write(build_set("old"))
    old = products(out)
    failing(monkeypatch, "stage", OSError(28, "No space", str(out / WORK_DIR / "new" / "x")))
    with pytest.raises(OutputError) as raised:
        OutputWriter(out).write(build_set("new"))
    assert str(raised.value) == (  # named as the author knows it, as the swap path does
        "dist/x: cannot write the build: no space left on device; dist was left as it was"
    )
    assert products(out) == old and not (out / WORK_DIR).exists()


def test_a_new_output_folder_is_removed_again_when_nothing_was_written(tmp_path, monkeypatch):
    failing(monkeypatch, "stage", OSError(28, "No space"))
    with pytest.raises(OutputError):
        OutputWriter(tmp_path / "a" / "dist").write(build_set("new"))
    assert not (tmp_path / "a" / "dist").exists()
    (tmp_path / "kept").mkdir()
    with pytest.raises(OutputError):
        OutputWriter(tmp_path / "kept").write(build_set("new"))
    assert (tmp_path / "kept").is_dir()  # it was there before: not ours to remove


def test_a_failure_after_the_commit_is_completed_by_the_next_write(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "dist"
    OutputWriter(out).write(build_set("old"))
    failing(monkeypatch, "_switch", OSError(13, "Denied", str(out / "course.zip")))
    with pytest.raises(OutputError) as raised:
        OutputWriter(out).write(build_set("new"))
    assert str(raised.value) == (
        "dist/course.zip: the switch to the new build stopped: permission denied; "
        "the next build into dist completes it"
    )
    assert (out / WORK_DIR / JOURNAL).is_file()
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    OutputWriter(out).write(build_set("other"))
    assert products(out) == expected(tmp_path, "other")
    assert not (out / WORK_DIR).exists()


def test_a_failure_after_the_commit_without_a_file_name_names_the_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    OutputWriter(tmp_path / "dist").write(build_set("old"))  # a new folder is one rename
    failing(monkeypatch, "_switch", OSError(13, "Denied"))
    with pytest.raises(OutputError, match=r"^dist: the switch to the new build stopped: perm"):
        OutputWriter(tmp_path / "dist").write(build_set("new"))


def test_an_output_folder_below_a_file_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError) as raised:
        OutputWriter(tmp_path / "notes" / "dist").write(build_set("new"))
    assert str(raised.value) == (
        "notes/dist: cannot create the output folder: notes is a file, not a folder"
    )


def test_an_output_folder_several_levels_deep_is_created(tmp_path):
    OutputWriter(tmp_path / "a" / "b" / "dist").write(build_set("new"))
    assert products(tmp_path / "a" / "b" / "dist") == expected(tmp_path, "new")
