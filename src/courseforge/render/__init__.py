"""Learner pages shared by every target: Markdown → sanitized HTML → one launch page."""

from courseforge.render.site import LearnerSite, render_site

__all__ = ["LearnerSite", "render_site"]
