"""How the tool loads its own templates (templating.py)."""

from __future__ import annotations

import os

from courseforge.templating import get_template


def test_a_loaded_template_is_not_looked_at_on_disk_again(monkeypatch):
    # A quiz page includes one template per question: a stat each time cost ~3 ms per 500.
    first = get_template("learner/questions/choice.html.j2")
    looked: list[str] = []
    real_getmtime, real_isfile = os.path.getmtime, os.path.isfile
    monkeypatch.setattr(os.path, "getmtime", lambda p: looked.append(p) or real_getmtime(p))
    monkeypatch.setattr(os.path, "isfile", lambda p: looked.append(p) or real_isfile(p))
    assert get_template("learner/questions/choice.html.j2") is first
    assert looked == []
