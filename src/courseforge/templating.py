"""The one Jinja environment for every template: learner pages, manifests, the preview shell."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, Template


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("courseforge", "templates"),
        autoescape=True,  # HTML escaping is also valid XML escaping for text and attributes
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def get_template(name: str) -> Template:
    """Return a template by its path below src/courseforge/templates/, e.g. 'xapi/tincan.xml.j2'."""
    return _environment().get_template(name)
