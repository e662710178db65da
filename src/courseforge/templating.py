"""The one Jinja environment for every template: learner pages, manifests, the preview shell."""

from __future__ import annotations

from functools import cache

import jinja2
from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined, Template
from jinja2.bccache import Bucket

from courseforge.shipped_cache import entry_name, read_entry, write_entry


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once, kept in the tool's cache (shipped_cache.py): compiling them from
    source cost every build tens of milliseconds. An entry is named by the template's name and
    source, so an edited template is compiled again; a damaged one is ignored."""

    def load_bytecode(self, bucket: Bucket) -> None:
        payload = read_entry(self._entry(bucket))
        if payload is not None:
            try:
                bucket.bytecode_from_string(payload)  # checks Jinja's own magic and checksum
            except Exception:  # noqa: BLE001 - whatever the bytes are, compile from source
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        write_entry(self._entry(bucket), bucket.bytecode_to_string())

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        # By name, not by file path: each checkout or copy of the same templates (the
        # benchmarks build from fresh exports) would add its own entries otherwise.
        return super().get_cache_key(name)

    @staticmethod
    def _entry(bucket: Bucket) -> str:
        return entry_name(
            "template", bucket.key.encode(), bucket.checksum.encode(), _settings(bucket.environment)
        )


def _settings(environment: Environment) -> bytes:
    """What else the compiled code depends on: Jinja's version and the environment's syntax and
    code generation options (Jinja's own checksum covers the template's source only)."""
    return repr(
        (
            jinja2.__version__,
            environment.block_start_string,
            environment.block_end_string,
            environment.variable_start_string,
            environment.variable_end_string,
            environment.comment_start_string,
            environment.comment_end_string,
            environment.line_statement_prefix,
            environment.line_comment_prefix,
            environment.trim_blocks,
            environment.lstrip_blocks,
            environment.newline_sequence,
            environment.keep_trailing_newline,
            environment.autoescape,
            environment.optimized,
            environment.is_async,
            environment.finalize,
            sorted(environment.extensions),
        )
    ).encode()


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("courseforge", "templates"),
        autoescape=True,  # HTML escaping is also valid XML escaping for text and attributes
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_CompiledTemplates(),
        # The tool's own files do not change while it runs: no stat of a template per render.
        auto_reload=False,
    )


def get_template(name: str) -> Template:
    """Return a template by its path below src/courseforge/templates/, e.g. 'xapi/tincan.xml.j2'."""
    return _environment().get_template(name)
