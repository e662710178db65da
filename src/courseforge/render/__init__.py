"""Learner pages shared by every target: Markdown → sanitized HTML → one launch page."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from courseforge.render.site import LearnerSite, render_site

__all__ = ["LearnerSite", "render_site"]


def __getattr__(name: str):
    # Late: the loader uses render's helpers (paths, blocks) and need not load the site's templates.
    if name in __all__:
        from courseforge.render import site

        return getattr(site, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
