"""What the open preview must do after a rebuild: nothing, swap some pages in place, or relaunch.

A swap is offered only when it is provably what a relaunch would show: every file that changed
is the old file with the changed lessons' HTML replaced, byte for byte, and nothing else. Any
other change (a title, the menu, a quiz, the course data the runtime read at launch, an asset)
relaunches the course, resuming, as an LMS would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from courseforge.render.site import PageView, script_string

Action = Literal["none", "swap", "relaunch"]


@dataclass(frozen=True)
class PageUpdate:
    """The new HTML of one page's content (what follows its heading)."""

    id: str
    html: str


@dataclass(frozen=True)
class BuildChange:
    action: Action
    pages: tuple[PageUpdate, ...] = ()


def build_change(
    old_files: dict[str, bytes],
    new_files: dict[str, bytes],
    old_pages: list[PageView],
    new_pages: list[PageView],
) -> BuildChange:
    """Compare two builds of one course and say how the open page can follow."""
    changed_files = [
        name
        for name in old_files.keys() | new_files.keys()
        if old_files.get(name) != new_files.get(name)
    ]
    if not changed_files:
        return BuildChange("none")
    if [(p.id, p.kind) for p in old_pages] != [(p.id, p.kind) for p in new_pages]:
        return BuildChange("relaunch")
    changed = [
        (old, new) for old, new in zip(old_pages, new_pages, strict=True) if old.html != new.html
    ]
    # A quiz's form is filled in by the runtime from the learner's answers: only a relaunch does that.
    if not changed or any(new.kind != "lesson" for _, new in changed):
        return BuildChange("relaunch")
    found: set[str] = set()
    for name in changed_files:
        if name not in old_files or name not in new_files:
            return BuildChange("relaunch")
        replaced = _with_pages_replaced(old_files[name], changed, found)
        if replaced != new_files[name]:
            return BuildChange("relaunch")
    if len(found) != len(changed):
        return BuildChange("relaunch")
    return BuildChange("swap", tuple(PageUpdate(new.id, str(new.html)) for _, new in changed))


def _with_pages_replaced(
    data: bytes, changed: list[tuple[PageView, PageView]], found: set[str]
) -> bytes | None:
    """Return `data` with each old page HTML it holds replaced by the new (adding its id to
    `found`); None when one is held twice or is empty, so which copy is the page is unclear."""
    spans = []
    for old, new in changed:
        for encode in (_as_html, _as_script_string):
            needle = encode(str(old.html))
            start = data.find(needle)
            if start >= 0:
                break
        else:
            continue  # in another file
        if not needle or data.find(needle, start + 1) >= 0:
            return None
        found.add(new.id)
        spans.append((start, start + len(needle), encode(str(new.html))))
    spans.sort()
    parts, position = [], 0
    for start, end, replacement in spans:
        if start < position:
            return None  # overlapping pages: cannot be
        parts += [data[position:start], replacement]
        position = end
    parts.append(data[position:])
    return b"".join(parts)


def _as_html(html: str) -> bytes:
    return html.encode("utf-8")


def _as_script_string(html: str) -> bytes:
    """The page's HTML as it sits inside pages/<id>.js, without the string's quotes."""
    return script_string(html)[1:-1].encode("utf-8")
