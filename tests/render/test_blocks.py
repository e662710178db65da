"""Rich lesson blocks: callouts, collapsible sections, figures, footnotes, definition lists,
highlighted code and MathML, each checked on the sanitized HTML a learner page gets."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from tests.loader.course_factory import write_course

from courseforge.errors import CourseError
from courseforge.loader import load_course
from courseforge.render.blocks import math_problem
from courseforge.render.code_blocks import highlight
from courseforge.render.markdown_html import render_block, render_lesson


def lesson(markdown: str, page_id: str = "intro") -> lxml.html.HtmlElement:
    html = render_lesson(markdown, Path("/c/m/l.md"), Path("/c"), lambda _p: None, page_id=page_id)
    return lxml.html.fragment_fromstring(html, create_parent="div")


@pytest.mark.parametrize("kind", ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"])
def test_each_alert_is_a_callout_labelled_in_words(kind):
    page = lesson(f"> [!{kind}]\n> Mind the *gap*.\n")
    (callout,) = page.xpath("//div[@role='note']")
    assert callout.get("class") == f"cf-callout cf-callout-{kind.lower()}"
    assert callout[0].text_content() == kind.title()  # not colour alone
    assert callout.xpath("string(p/em)") == "gap"


def test_a_plain_quote_and_an_unknown_alert_stay_quotes():
    page = lesson("> Just a quote.\n\n> [!SHOUT]\n> Not an alert.\n")
    assert len(page.xpath("//blockquote")) == 2
    assert page.xpath("//div[@role='note']") == []


def test_raw_details_make_a_collapsible_section_with_markdown_inside_and_no_script():
    page = lesson(
        "<details>\n<summary>Show the answer</summary>\n\nThe *answer* is 42."
        "<script>alert(1)</script>\n\n</details>\n"
    )
    (details,) = page.xpath("//details")
    assert details.xpath("string(summary)") == "Show the answer"
    assert details.xpath("string(p/em)") == "answer"
    assert page.xpath("//script") == []


def test_an_image_alone_with_a_title_is_a_figure_with_its_caption():
    page = lesson('![Pipeline](p.png "How a build flows")\n\nInline ![x](q.png "t") here.\n')
    (figure,) = page.xpath("//figure")
    assert figure.xpath("string(figcaption)") == "How a build flows"
    assert figure.find("img").get("alt") == "Pipeline"
    assert figure.find("img").get("title") is None  # the caption says it once
    assert page.xpath("//p/img/@title") == ["t"]  # not alone: stays an image


def test_footnotes_link_both_ways_with_ids_unique_to_the_page():
    page = lesson("A[^a] and B[^b] and A again[^a].\n\n[^b]: Bee.\n[^a]: Ay.\n", page_id="p1")
    refs = page.xpath("//sup/a")
    assert [a.text for a in refs] == ["[1]", "[2]", "[1]"]
    notes = page.xpath("//div[@class='cf-footnotes']//li")
    assert [li.get("id") for li in notes] == ["cf-fn-p1-a", "cf-fn-p1-b"]
    assert [li.xpath("string(p)") for li in notes] == ["Ay.", "Bee."]
    ids = {el.get("id") for el in page.iter() if el.get("id")}
    assert {a.get("href")[1:] for a in refs} <= ids
    assert {a.get("href")[1:] for a in page.xpath("//a[@class='cf-footnote-back']")} <= ids
    other = lesson("A[^a].\n\n[^a]: Ay.\n", page_id="p2")
    assert other.xpath("//li/@id") == ["cf-fn-p2-a"]


def test_an_author_id_never_survives_so_the_runtime_ids_cannot_be_clobbered():
    page = lesson('<p id="cf-main">x</p><a id="cf-announce" href="#x">y</a>\n')
    assert [el.get("id") for el in page.iter() if el.get("id")] == []


def test_definition_lists():
    page = lesson("Container\n: A process with its own view of the system.\n")
    assert page.xpath("string(//dl/dt)") == "Container"
    assert page.xpath("string(//dl/dd)") == "A process with its own view of the system."


def test_code_is_highlighted_at_build_time_with_a_few_classes_and_stays_text():
    page = lesson('```python\ndef f(x):  # square\n    return "<b>"\n```\n')
    (pre,) = page.xpath("//pre")
    assert pre.get("class") == "cf-code" and pre.get("tabindex") == "0"
    assert pre.text_content() == 'def f(x):  # square\n    return "<b>"\n'
    kinds = {span.get("class"): span.text for span in pre.iter("span")}
    assert kinds["cf-tok-keyword"] in ("def", "return")
    assert kinds["cf-tok-comment"] == "# square"
    assert kinds["cf-tok-string"] == '"<b>"'
    assert page.xpath("//b") == []


def test_unknown_languages_and_plain_fences_are_left_as_they_were():
    assert highlight("x", "no-such-language") is None
    page = lesson("```\nplain <i>\n```\n")
    assert page.xpath("//pre/code/span") == [] and page.xpath("string(//pre)") == "plain <i>\n"


def test_math_becomes_mathml_inline_and_display():
    page = lesson("Area $\\pi r^2$ and\n\n$$\n\\frac{a}{b}\n$$\n")
    inline, display = page.xpath("//*[local-name()='math']")
    assert inline.get("display") == "inline" and display.get("display") == "block"
    assert inline.xpath("string(.)") == "πr2"
    assert display.xpath("count(.//*[local-name()='mfrac'])") == 1


def test_hostile_text_in_every_block_stays_inert():
    hostile = '<img src=x onerror="alert(1)"><a href="javascript:alert(1)">j</a>'
    markdown = (
        f"> [!NOTE]\n> {hostile}\n\n"
        f'![cap]({"p.png"} "{hostile}")\n\n'
        f"Text[^n].\n\n[^n]: {hostile}\n\n"
        f"Term\n: {hostile}\n\n"
        "$<script>alert(1)</script>$ and $\\href{javascript:alert(1)}{x}$\n\n"
        f"```python\n{hostile}\n```\n\n"
        "<math><mi><script>alert(1)</script></mi><mtext><img src=x onerror=1></mtext></math>\n"
    )
    html = render_lesson(markdown, Path("/c/m/l.md"), Path("/c"), lambda _p: None)
    page = lxml.html.fragment_fromstring(html, create_parent="div")
    assert page.xpath("//script") == []
    assert [el for el in page.iter() if any(a.startswith("on") for a in el.attrib)] == []
    assert "javascript:" not in "".join(page.xpath("//@href | //@src"))


def test_quiz_texts_get_the_blocks_but_no_footnote_ids():
    html = render_block("> [!TIP]\n> Think.\n\nA[^x].\n\n[^x]: note\n")
    assert 'class="cf-callout cf-callout-tip"' in html
    assert " id=" not in html


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        ("\\frac{a", "1 '{' left open"),
        ("a}", "a '}' closes nothing"),
        ("\\frac{a}", "\\frac needs two arguments"),
        ("\\nosuchcommand{x}", "unknown command \\nosuchcommand"),
    ],
)
def test_malformed_formulas_are_explained(tex, expected):
    assert expected in (math_problem(tex) or "")


def test_a_malformed_formula_is_a_located_author_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    body = "---\nid: hello\ntitle: Hello\n---\nFine $x$.\n\nBroken $\\frac{a}$ here.\n"
    write_course(tmp_path, **{"modules/intro/hello.md": body})
    with pytest.raises(CourseError) as caught:
        load_course("course")
    (error,) = [str(e) for e in caught.value.errors]
    assert error.startswith("course/modules/intro/hello.md:7:1: math: \\frac needs two arguments")
