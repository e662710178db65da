"""`courseforge preview`: live rebuilds served on 127.0.0.1, inside an LMS simulator if asked."""

from courseforge.preview.builds import preview_standards
from courseforge.preview.session import PreviewSession

__all__ = ["PreviewSession", "preview_standards"]
