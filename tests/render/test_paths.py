"""folder_resolver() answers as Path.resolve() does, on links, missing files and loops."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.loader.course_factory import LESSON_MD, write_course

from courseforge.build import plan
from courseforge.render import paths as paths_module
from courseforge.render.paths import folder_resolver, shared_resolver


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "course/modules/intro").mkdir(parents=True)
    (tmp_path / "course/modules/intro/a.md").write_text("a")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/b.md").write_text("b")
    os.symlink("../../elsewhere/b.md", tmp_path / "course/modules/b.md")  # relative link
    os.symlink(tmp_path / "elsewhere", tmp_path / "course/modules/linked")  # folder link
    os.symlink("gone.md", tmp_path / "course/modules/dangling.md")
    os.symlink("loop.md", tmp_path / "course/modules/loop.md")
    (tmp_path / "course/modules/intro/file").write_text("not a folder")
    return tmp_path


PATHS = [
    "course/modules/intro/a.md",
    "course/modules/intro/../intro/a.md",
    "course/modules/b.md",
    "course/modules/linked/b.md",
    "course/modules/linked/../course",
    "course/modules/dangling.md",
    "course/modules/missing/x.md",
    "course/modules/intro/file/x.md",
    "course/modules/intro/./a.md",
    "course/modules/intro",
    "course",
    ".",
    "/",
]


@pytest.mark.parametrize("relative", [True, False])
def test_each_path_resolves_as_path_resolve_does(tree, monkeypatch, relative):
    monkeypatch.chdir(tree)
    resolve = folder_resolver()
    for text in PATHS * 2:  # the second round answers from what the first remembered
        path = Path(text) if relative or text.startswith("/") else tree / text
        assert resolve(path) == path.resolve(), text


def test_a_symlink_loop_raises_as_path_resolve_does(tree):
    loop = tree / "course/modules/loop.md"
    with pytest.raises(RuntimeError):
        loop.resolve()
    with pytest.raises(RuntimeError):
        folder_resolver()(loop)
    with pytest.raises(RuntimeError):
        folder_resolver()(loop / "inside.md")


def test_a_path_of_thousands_of_folders_resolves_without_recursion(tree, monkeypatch):
    # A lesson's link may name any number of folders: no RecursionError (a traceback).
    monkeypatch.chdir(tree)
    path = Path("course/modules/intro/" + "d/" * 3000 + "x.png")
    resolve = folder_resolver()
    assert resolve(path) == path.resolve()
    assert resolve(path.parent / "y.png") == (path.parent / "y.png").resolve()


def test_one_resolver_is_shared_inside_the_block_only():
    assert folder_resolver() is not folder_resolver()
    with shared_resolver():
        shared = folder_resolver()
        assert folder_resolver() is shared
        with shared_resolver():  # a nested plan starts afresh
            assert folder_resolver() is not shared
        assert folder_resolver() is shared
    assert folder_resolver() is not shared


def test_a_plan_looks_at_each_page_file_twice(tmp_path, monkeypatch):
    write_course(tmp_path, **{"modules/intro/hello.md": LESSON_MD + "\n[Quiz](check.quiz.yaml)\n"})
    hello = str((tmp_path / "course/modules/intro/hello.md").resolve())
    quiz = str((tmp_path / "course/modules/intro/check.quiz.yaml").resolve())
    looked_at: list[str] = []
    real_lstat = paths_module.os.lstat

    def counting_lstat(path, *args, **kwargs):
        looked_at.append(os.fspath(path))
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(paths_module.os, "lstat", counting_lstat)
    plan(tmp_path / "course", ["web"])
    # Once to read it, once for the checks, the asset list and the rendering together (each
    # of those resolved it again before).
    assert (looked_at.count(hello), looked_at.count(quiz)) == (2, 2)
