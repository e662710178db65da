"""The output folder: the writer replaces only what it wrote; filesystem failures are one line.

Read-only and full filesystems are real: a tmpfs mounted in a private mount namespace
(`unshare -m`, so nothing outside the child sees it). Where that is not allowed the test skips;
the monkeypatched ENOSPC test always runs.
"""

from __future__ import annotations

import errno
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.hostile.disk_state import leftovers, products, record_matches_disk
from tests.hostile.test_hostile_sources import run
from tests.loader.course_factory import LESSON_MD, write_course

from courseforge.build import build
from courseforge.errors import OutputError
from courseforge.package import staging

FAILED = "Build failed; nothing was written."


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_an_author_folder_named_like_a_product_is_never_replaced(tmp_path):
    write_course(tmp_path)
    mine = tmp_path / "dist/demo-web"
    mine.mkdir(parents=True)
    (mine / "notes.txt").write_text("mine")
    proc, _ = run(tmp_path, "build", "course")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "error: dist/demo-web: a folder courseforge did not write is in the way (or it was "
        "changed since); move it away or choose another --out",
        FAILED,
    ]
    assert snapshot(tmp_path / "dist") == {"demo-web/notes.txt": b"mine"}


def test_out_inside_the_course_is_refused_unless_the_build_owns_it(tmp_path):
    course = write_course(tmp_path)
    module = course / "modules/intro"
    before = snapshot(course)
    proc, _ = run(tmp_path, "build", "course", "--out", "course/modules/intro")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (
        "error: course/modules/intro: --out is inside the course folder course and holds files "
        "courseforge did not write; choose a folder outside the course (the default is dist/ "
        "next to it)"
    )
    assert snapshot(course) == before and module.is_dir()
    # A new folder inside the course becomes the build's own: later builds may replace it.
    for _ in range(2):
        proc, _ = run(tmp_path, "build", "course", "--out", "course/dist")
        assert proc.returncode == 0, proc.stderr
    assert leftovers(course / "dist") == [] and record_matches_disk(course / "dist")


@pytest.mark.parametrize("what", ["foreign zip", "edited zip", "symlink", "marker removed"])
def test_a_product_path_holding_something_else_is_refused(tmp_path, what):
    course = write_course(tmp_path)
    out = tmp_path / "dist"
    if what != "foreign zip":
        build(course, out, ["web"])
    if what == "foreign zip":
        out.mkdir()
        (out / "demo-web.zip").write_bytes(b"PK not ours")
        in_the_way = "dist/demo-web.zip: a file"
    elif what == "edited zip":
        with open(out / "demo-web.zip", "ab") as handle:
            handle.write(b"appended")
        in_the_way = "dist/demo-web.zip: a file"
    elif what == "symlink":
        shutil.rmtree(out / "demo-web")
        (out / "demo-web").symlink_to(course, target_is_directory=True)
        in_the_way = "dist/demo-web: a file"
    else:
        (out / "demo-web/.courseforge-output").unlink()
        in_the_way = "dist/demo-web: a folder"
    before = snapshot(out)
    proc, _ = run(tmp_path, "build", "course")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0].startswith(f"error: {in_the_way} courseforge did not write")
    assert snapshot(out) == before
    assert (course / "course.yaml").is_file()


def test_out_below_a_file(tmp_path):
    write_course(tmp_path)
    (tmp_path / "notes.txt").write_text("x")
    for out, blocker in (("notes.txt/dist", "notes.txt"), ("notes.txt", "notes.txt")):
        proc, _ = run(tmp_path, "build", "course", "--out", out)
        assert proc.returncode in (1, 2), proc.stderr
        assert "Traceback" not in proc.stderr
        if proc.returncode == 1:
            assert proc.stderr.splitlines() == [
                f"error: {out}: cannot create the output folder: {blocker} is a file, not a folder",
                FAILED,
            ]
    assert (tmp_path / "notes.txt").read_text() == "x"


def test_disk_full_is_one_line_and_leaves_the_old_build(tmp_path, monkeypatch):
    course = write_course(tmp_path)
    out = tmp_path / "dist"
    build(course, out, ["web"])
    before = products(out)
    (course / "modules/intro/hello.md").write_text(LESSON_MD.replace("Some text.", "New."))
    real_zip = staging.write_deterministic_zip

    def full(files, handle):  # half the zip is written, then the disk is full (as write() says)
        real_zip(dict(list(files.items())[:2]), handle)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(staging, "write_deterministic_zip", full)
    with pytest.raises(OutputError) as caught:
        build(course, out, ["web"])
    assert str(caught.value) == (
        f"{out}/demo-web.zip: cannot write the build: no space left on "
        f"device; {out} was left as it was"
    )
    assert products(out) == before and leftovers(out) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course", "dist"]  # no work folder


def _in_private_mount(tmp_path: Path, mount: str, script: str) -> subprocess.CompletedProcess:
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare(1)")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("no private mount namespaces here")
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", f"{mount} || exit 99\n{script}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_real_enospc_on_a_tiny_tmpfs(tmp_path):
    course = write_course(tmp_path)
    (course / "modules/intro/pic.png").write_bytes(bytes(range(256)) * 2048)  # 512 KiB, stored
    (course / "modules/intro/hello.md").write_text(LESSON_MD + "\n![a picture](pic.png)\n")
    (tmp_path / "dist").mkdir()
    cli = f"{sys.executable} -m courseforge build course --target web"
    proc = _in_private_mount(
        tmp_path,
        f"mount -t tmpfs -o size=700k tmpfs {tmp_path / 'dist'}",
        f"{cli}; echo EXIT=$?; ls -A dist",
    )
    if proc.returncode == 99:
        pytest.skip(proc.stderr)
    # The folder and the zip each hold the 512 KiB picture: 700 KiB cannot take both.
    assert proc.stderr.splitlines() == [
        "error: dist/demo-web.zip: cannot write the build: no space left on device; dist was left "
        "as it was",
        FAILED,
    ]
    assert proc.stdout.split() == ["EXIT=1"]  # and dist is empty again: no staging leftovers


def test_real_read_only_out(tmp_path):
    write_course(tmp_path)
    (tmp_path / "dist").mkdir()
    proc = _in_private_mount(
        tmp_path,
        f"mount -t tmpfs -o ro,size=64k tmpfs {tmp_path / 'dist'}",
        f"{sys.executable} -m courseforge build course || echo EXIT=$?",
    )
    if proc.returncode == 99:
        pytest.skip(proc.stderr)
    assert proc.stderr.splitlines() == [
        "error: dist/.courseforge-work: cannot write the build: read-only file system; dist was "
        "left as it was",
        FAILED,
    ]
    assert "EXIT=1" in proc.stdout
