"""What the SCORM 1.2 and 2004 targets share: the adapter they ship, before minification."""

from __future__ import annotations

from importlib import resources

import pytest

from courseforge.targets.scorm12 import Scorm12Target
from courseforge.targets.scorm2004 import Scorm2004Target
from courseforge.targets.scorm_common import adapter_source


@pytest.mark.parametrize(
    ("target", "header"),
    [
        (Scorm12Target, "/* courseforge scorm12 tracking adapter: scorm-common.js + scorm12.js */"),
        (
            Scorm2004Target,
            "/* courseforge scorm2004 tracking adapter: "
            "scorm-common.js + patterns.js + scorm2004.js */",
        ),
    ],
)
def test_the_adapter_names_its_parts_and_holds_each_in_order_in_one_scope(target, header):
    parts = target.adapter_parts
    source = adapter_source(target.tracking, parts, target.suspend_data_limit).decode("utf-8")
    runtime = resources.files("courseforge.runtime").joinpath("adapters")
    joined = "\n".join(runtime.joinpath(name).read_text(encoding="utf-8") for name in parts)
    assert source == (
        f'{header}\n(function () {{\n"use strict";\n'
        f"var SUSPEND_DATA_LIMIT = {target.suspend_data_limit};\n{joined}\n}})();\n"
    )
