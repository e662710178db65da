"""`courseforge preview`: live rebuilds served on 127.0.0.1, inside an LMS simulator if asked."""

from courseforge.preview.session import PREVIEW_STANDARDS, PreviewSession

__all__ = ["PREVIEW_STANDARDS", "PreviewSession"]
