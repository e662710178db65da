"""The shipped catalogs: complete, consistent with English, plurals and numbers by CLDR."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from courseforge.i18n import messages_for, shipped_languages
from courseforge.i18n.catalog import (
    catalog_for,
    placeholders,
    read_catalog,
    runtime_message_ids,
)
from courseforge.i18n.compile import main as compile_catalogs
from courseforge.i18n.rules import (
    PLURAL_TABLE,
    babel_locale,
    compute_rules,
    plural_categories,
    text_direction,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "courseforge"
# The 24 languages issue #11 promises, each with its own catalog file.
PROMISED = [
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt-BR",
    "nl",
    "pl",
    "sv",
    "da",
    "nb",
    "fi",
    "cs",
    "uk",
    "tr",
    "el",
    "hi",
    "ja",
    "ko",
    "zh-Hans",
    "zh-Hant",
    "ar",
    "he",
    "fa",
]
ENGLISH = read_catalog("en")


def test_the_promised_languages_ship():
    assert sorted(shipped_languages()) == sorted(PROMISED)


def test_compiled_catalogs_are_fresh():
    """A build reads i18n/compiled/*.json: each must be what `make catalogs` makes now."""
    assert compile_catalogs(["--check"]) == 0


@pytest.mark.parametrize("language", PROMISED)
def test_compiled_rules_are_cldr_rules(language):
    assert messages_for(language).rules == compute_rules(language)


@pytest.mark.parametrize("language", PROMISED)
def test_catalog_has_exactly_the_english_ids_with_their_placeholders(language):
    catalog = read_catalog(language)
    assert sorted(catalog) == sorted(ENGLISH)
    for key, english in ENGLISH.items():
        text = catalog[key]
        assert isinstance(text, str) == isinstance(english, str), key
        assert all(form.strip() for form in ([text] if isinstance(text, str) else text)), key
        # A translation may drop {n} in a form that names its number ("one question"), never
        # use a placeholder English does not fill.
        assert placeholders(text) <= placeholders(english), key
        assert placeholders(english) - {"n"} <= placeholders(text), key


@pytest.mark.parametrize("language", PROMISED)
def test_plural_messages_have_one_form_per_cldr_category(language):
    categories = plural_categories(babel_locale(language))
    for key, text in read_catalog(language).items():
        if not isinstance(text, str):
            assert len(text) == len(categories), (key, categories)


@pytest.mark.parametrize("language", PROMISED)
def test_po_header_names_the_language_and_its_plural_count(language):
    path = resources.files("courseforge.i18n").joinpath("catalogs", f"{language}.po")
    with path.open("rb") as po:
        catalog = read_po(po)
    headers = dict(catalog.mime_headers)
    assert headers["Language"] == str(babel_locale(language))  # Babel writes pt_BR for pt-BR
    forms = re.match(r"nplurals=(\d+);", headers["Plural-Forms"])
    assert int(forms.group(1)) == len(plural_categories(babel_locale(language)))


@pytest.mark.parametrize("language", PROMISED)
def test_translated_catalogs_are_translated(language):
    """Most texts differ from English (names such as "Quiz" or "Menu" may not)."""
    if language == "en":
        return
    catalog = read_catalog(language)
    same = [k for k, v in ENGLISH.items() if isinstance(v, str) and catalog[k] == v]
    allowed = {
        "nav.download",
        "nav.download_size",
        "nav.menu",
        "results.quiz",
        "results.quizzes",
        "nav.quiz",
        "block.tip",
        "block.important",
        "block.notes",
        "results.score",
        "block.note",
        "results.attempts_of",
        "results.result",
        "quiz.mark_correct",
    }
    assert set(same) <= allowed, set(same) - allowed


# CLDR, by hand: the forms a learner reads for 1, 2, 5 and 22 points.
POINTS = {
    "pl": ["1 punkt", "2 punkty", "5 punktów", "22 punkty"],  # one, few, many, few
    "ar": ["نقطة واحدة", "نقطتان", "5 نقاط", "22 نقطة"],  # one, two, few, many
    "ja": ["1 点", "2 点", "5 点", "22 点"],  # other only
    "cs": ["1 bod", "2 body", "5 bodů", "22 bodů"],  # Czech "few" is 2-4 only
    "uk": ["1 бал", "2 бали", "5 балів", "22 бали"],
    "de": ["1 Punkt", "2 Punkte", "5 Punkte", "22 Punkte"],
}


@pytest.mark.parametrize("language", sorted(POINTS))
def test_plural_forms_follow_cldr_at_build_time(language):
    messages = messages_for(language)
    assert [messages("quiz.points", n) for n in (1, 2, 5, 22)] == POINTS[language]


@pytest.mark.parametrize("language", PROMISED)
def test_runtime_plural_table_agrees_with_cldr_beyond_its_end(language):
    """The runtime reads counts past the table as 100 + n % 100: same form as CLDR gives."""
    messages = messages_for(language)
    table = messages.runtime_data()["plural"]
    assert len(table) == PLURAL_TABLE
    locale = babel_locale(language)
    for n in [*range(PLURAL_TABLE), *range(PLURAL_TABLE, 20_000, 7), 10**6 + 1, 123_456_789]:
        shown = int(table[n if n < PLURAL_TABLE else 100 + n % 100])
        assert messages.categories[shown] == locale.plural_form(n), n


@pytest.mark.parametrize(
    ("language", "number", "percent"),
    [
        ("de", "1.234,5", "80\u00a0%"),
        ("fr", "1\u202f234,5", "80\u00a0%"),
        ("tr", "1.234,5", "%80"),
        ("ar", "1,234.5", "80%"),
        ("fa", "۱٬۲۳۴٫۵", "۸۰٪"),
        ("hi", "1,234.5", "80%"),
    ],
)
def test_numbers_and_percentages_are_formatted_for_the_locale(language, number, percent):
    messages = messages_for(language)
    assert messages.number(1234.5) == number
    assert messages.percent(80).replace("\u200e", "").replace("\u200f", "") == percent


@pytest.mark.parametrize(
    ("tag", "catalog"),
    [
        ("de-AT", "de"),
        ("zh-TW", "zh-Hant"),
        ("zh", "zh-Hans"),
        ("zh-Hant-HK", "zh-Hant"),
        ("pt", "pt-BR"),
        ("no", "nb"),
        ("EN-gb", "en"),
        ("sw", None),
        ("en-XA", "en-XA"),
    ],
)
def test_a_course_language_finds_its_catalog(tag, catalog):
    assert catalog_for(tag) == catalog


@pytest.mark.parametrize(
    ("tag", "direction"),
    [
        ("ar", "rtl"),
        ("he", "rtl"),
        ("fa", "rtl"),
        ("ur", "rtl"),
        ("ckb", "rtl"),
        ("ar-EG", "rtl"),
        ("az-Arab", "rtl"),
        ("de", "ltr"),
        ("xx", "ltr"),
        ("ja", "ltr"),
    ],
)
def test_right_to_left_languages_are_known_from_cldr_or_their_script(tag, direction):
    assert text_direction(tag) == direction


def _ids_in(paths: list[Path]) -> set[str]:
    found = set()
    for path in paths:
        found |= set(re.findall(r"""["']([a-z]+\.[a-z0-9_]+)["']""", path.read_text("utf-8")))
    return found & set(ENGLISH)


def test_every_message_is_used_and_every_id_used_exists():
    templates = list((SRC / "templates" / "learner").rglob("*.j2"))  # questions/ too
    python = [
        SRC / "render" / "blocks.py",
        SRC / "render" / "markdown_html.py",
        SRC / "render" / "media_blocks.py",
        SRC / "render" / "glossary.py",
        SRC / "loader" / "glossary_loader.py",
    ]
    used = _ids_in(templates + python) | runtime_message_ids()
    assert used == set(ENGLISH), sorted(set(ENGLISH) - used)
    # And the other way: every t("…") in a template names an id English has.
    for template in templates:
        for key in re.findall(r"""\bt\(\s*"([^"]+)\"""", template.read_text("utf-8")):
            assert key in ENGLISH, (template.name, key)


def test_runtime_gets_only_the_messages_it_uses():
    data = messages_for("de").runtime_data()
    assert set(data["texts"]) == runtime_message_ids()
    assert "nav.skip" not in data["texts"]  # rendered at build time, not needed in the page
    assert data["texts"]["results.passed"] == read_catalog("de")["results.passed"]
    assert data["texts"]["quiz.scored"] == list(read_catalog("de")["quiz.scored"])


def test_babel_knows_every_shipped_locale():
    for language in PROMISED:
        assert isinstance(babel_locale(language), Locale), language


@pytest.mark.parametrize("language", PROMISED)
def test_numbers_past_the_compiled_fast_path_use_cldr(language):
    """Large or fractional numbers and counts go to Babel with the compiled locale id."""
    messages = messages_for(language)
    locale = babel_locale(language)
    assert messages.number(1234.5).translate({0x200E: None, 0x200F: None})
    assert messages.plural_index(1.5) == messages.categories.index(locale.plural_form(1.5))
    assert messages.percent(12345) != messages.percent(80)
