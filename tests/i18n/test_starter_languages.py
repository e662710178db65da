"""The starter course built in each shipped language: its pages speak that language only."""

from __future__ import annotations

import html
import json
import re

import pytest
from tests.render.site_documents import page_sections
from tests.runtime.language_courses import build_web, starter_in

from courseforge.i18n import messages_for, shipped_languages
from courseforge.i18n.catalog import read_catalog
from courseforge.i18n.rules import text_direction

ENGLISH = read_catalog("en")


@pytest.mark.parametrize("language", shipped_languages())
def test_starter_pages_hold_no_english_interface_text(tmp_path, language):
    site = build_web(starter_in(language, tmp_path), tmp_path / "out")
    page = (site / "index.html").read_text("utf-8")
    assert f'<html lang="{language}" dir="{text_direction(language)}">' in page
    data = json.loads(
        html.unescape(re.search(r'id="cf-course" type="application/json">(.*?)</script>', page)[1])
    )
    catalog = read_catalog(language)
    # The runtime gets this language's strings, and only the ones it uses.
    assert data["messages"]["lang"] == language
    for key, text in data["messages"]["texts"].items():
        assert text == (list(catalog[key]) if isinstance(catalog[key], tuple) else catalog[key])
    if language == "en":
        return
    # No English interface text in the rendered page (the starter's own words are English:
    # "Quiz", say, can be a title; only texts the language translates differently count).
    visible = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    # Every page's section too, as the runtime receives it from pages/<id>.js.
    files = {f"pages/{p.name}": p.read_bytes() for p in sorted(site.glob("pages/*.js"))}
    visible += "".join(page_sections(files).values())
    leftovers = [
        text
        for key, text in ENGLISH.items()
        if isinstance(text, str)
        and "{" not in text
        and len(text) > 8
        and catalog[key] != text
        # As a whole phrase: French "Transcription" does not hold English "Transcript".
        and re.search(rf"(?<!\w){re.escape(html.escape(text, quote=False))}(?!\w)", visible)
    ]
    assert leftovers == []
    # And its own texts are there: the skip link, the check button, the results heading.
    messages = messages_for(language)
    for key in ("nav.skip", "quiz.check", "results.title", "quiz.howto"):
        assert html.escape(messages(key), quote=False) in visible, key
