"""courseforge: compile a course kept as Markdown and YAML into LMS packages."""

__version__ = "0.1.0"
