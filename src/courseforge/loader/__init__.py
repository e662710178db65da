"""Read a course folder into the validated model, reporting every mistake with its location."""

from courseforge.loader.course_loader import load_course

__all__ = ["load_course"]
