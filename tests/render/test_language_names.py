"""Caption track labels: each language named in itself, by CLDR."""

from __future__ import annotations

import pytest

from courseforge.render.language_names import language_name


@pytest.mark.parametrize(
    ("tag", "label"),
    [
        ("en", "English"),
        ("fr", "Français"),  # CLDR's "français", capitalized for a menu
        ("pt-BR", "Português (Brasil)"),
        ("zh-Hant", "中文 (繁體)"),
        ("he", "עברית"),  # shipped languages the old hand-written table lacked
        ("fi", "Suomi"),
        ("EN", "English"),
        ("qaa", "qaa"),  # private use: no name, the tag itself
        ("x-klingon", "x-klingon"),
    ],
)
def test_a_caption_track_is_labelled_with_its_language_own_name(tag, label):
    assert language_name(tag) == label
