"""The learner interface in the course's language (see catalog.py)."""

from courseforge.i18n.catalog import (
    PSEUDO_LANGUAGE,
    SOURCE_LANGUAGE,
    Messages,
    shipped_languages,
)
from courseforge.i18n.overrides import course_messages, messages_for

__all__ = [
    "PSEUDO_LANGUAGE",
    "SOURCE_LANGUAGE",
    "Messages",
    "course_messages",
    "messages_for",
    "shipped_languages",
]
