"""Every learner-facing label of the media, embed and glossary blocks: message id → English.

One place, so the message catalog can take them over as they are.
"""

from __future__ import annotations

BLOCK_MESSAGES: dict[str, str] = {
    "media.transcript": "Transcript",
    "media.transcript-file": "Transcript as a text file",
    "media.no-player": "Your browser cannot play this file here:",
    "media.download": "download it",
    "embed.notice": "This video is on {site}. Nothing is loaded from {site} until you ask for it.",
    "embed.notice-other": "This part of the lesson is on {site}. Nothing is loaded from {site} "
    "until you ask for it.",
    "embed.load": "Load video from {site}",
    "embed.load-other": "Load it from {site}",
    "embed.open": "Open on {site}",
    "glossary.title": "Glossary",
    "glossary.module": "Glossary",
    "glossary.see-all": "All terms in the glossary",
}


def message(message_id: str, **values: str) -> str:
    """Return a block's English label with its {placeholders} filled in."""
    return BLOCK_MESSAGES[message_id].format(**values)


# Caption track labels: each language named in itself, as a learner looks for it in the menu.
LANGUAGE_NAMES: dict[str, str] = {
    "ar": "العربية",
    "de": "Deutsch",
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "hi": "हिन्दी",
    "it": "Italiano",
    "ja": "日本語",
    "ko": "한국어",
    "nl": "Nederlands",
    "pl": "Polski",
    "pt": "Português",
    "ru": "Русский",
    "sv": "Svenska",
    "tr": "Türkçe",
    "uk": "Українська",
    "zh": "中文",
}


def language_name(tag: str) -> str:
    """Return a caption track's label: the language's own name, with a region if given."""
    primary, _, region = tag.partition("-")
    name = LANGUAGE_NAMES.get(primary.lower())
    if name is None:
        return tag
    return f"{name} ({region})" if region else name
