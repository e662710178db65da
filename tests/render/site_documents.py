"""The learner site as a browser sees it once every page file has loaded (pages load when needed)."""

from __future__ import annotations

import json
import re

import lxml.html


def page_sections(files: dict[str, bytes]) -> dict[str, str]:
    """Return page id → section HTML of every pages/<id>.js, as the runtime receives it."""
    sections = {}
    for name, data in files.items():
        if name.startswith("pages/") and name.endswith(".js"):
            call = re.fullmatch(r"courseforgePage\((\"[^\"]+\"),(.*)\);\n", data.decode(), re.S)
            assert call, name
            page_id = json.loads(call[1])
            assert name == f"pages/{page_id}.js"
            sections[page_id] = json.loads(call[2])
    return sections


def learner_document(site, tracking: str = "local"):
    """Return index.html with every page's section in it, as once the runtime loaded them all."""
    files = site.files_for(tracking)
    document = lxml.html.document_fromstring(files["index.html"])
    results = document.get_element_by_id("page-_results")
    for page_id, html in page_sections(files).items():
        section = lxml.html.fragment_fromstring(html)
        inline = document.xpath(f"//section[@id='page-{page_id}']")
        if inline:
            inline[0].getparent().replace(inline[0], section)
        else:
            results.addprevious(section)
    return document
