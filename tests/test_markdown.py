"""The Markdown parser: markdown-it's HTML from pulldown-cmark, Markdown links told from raw HTML."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from courseforge.markdown import MarkdownLink, inline_html, markdown_html, parse_markdown


def mark_links(link: MarkdownLink) -> tuple[dict[str, str], str]:
    return {**link.attrs(), "data-md": link.kind}, "<i>end</i>" if link.kind == "link" else ""


def test_tables_and_code_keep_markdown_it_line_breaks():
    table = "| a | b |\n|:--|--:|\n| 1 | 2 |\n"
    assert markdown_html(table) == (
        '<table>\n<thead>\n<tr>\n<th style="text-align: left">a</th>\n'
        '<th style="text-align: right">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n'
        '<td style="text-align: left">1</td>\n<td style="text-align: right">2</td>\n</tr>\n'
        "</tbody>\n</table>\n"
    )
    assert (
        markdown_html("| a |\n|---|\n")
        == "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n</table>\n"
    )
    assert markdown_html("- run:\n  ```\n  x\n  ```\n") == (
        "<ul>\n<li>run:<pre><code>x\n</code></pre>\n</li>\n</ul>\n"
    )
    assert markdown_html("    code") == "<pre><code>code\n</code></pre>\n"


def test_only_markdown_links_images_and_headings_are_rewritten():
    text = (
        '# Title\n\n<h1>raw</h1>\n\n[md](a.md "T") <a href="b.md">raw <b>x</b></a> '
        '![alt *x*\ny](p.png) <img src="q.png">\n'
    )
    assert markdown_html(text, heading_shift=1, rewrite=mark_links) == (
        "<h2>Title</h2>\n<h1>raw</h1>\n"
        '<p><a href="a.md" title="T" data-md="link">md<i>end</i></a> '
        '<a href="b.md">raw <b>x</b></a> '
        '<img src="p.png" alt="alt x\ny" data-md="image" /> <img src="q.png"></p>\n'
    )


def test_raw_html_inside_a_link_does_not_move_its_end():
    html = markdown_html("[a <a href=x>b</a> c](https://e.org)", rewrite=mark_links)
    assert html == (
        '<p><a href="https://e.org" data-md="link">a <a href=x>b</a> c<i>end</i></a></p>\n'
    )


def test_links_give_url_label_and_the_line_of_their_block():
    text = (
        "Intro [first](a.md) and\nmore [second](<b c.md>).\n\n"
        "| h |\n|---|\n| ![shot](img/s.png) |\n\n"
        "- ![](x.png)\n\n<a href='raw.md'>raw</a>\n"
    )
    found = [(link.kind, link.url, link.label, link.line) for link in parse_markdown(text).links]
    assert found == [
        ("link", "a.md", "", 0),
        ("link", "b%20c.md", "", 0),
        ("image", "img/s.png", "shot", 5),
        ("image", "x.png", "", 7),
    ]


def test_unsafe_links_and_images_stay_source_text():
    text = "[run](javascript:alert(1)) ![x](data:text/html,hi)"
    assert markdown_html(text) == "<p>[run](javascript:alert(1)) ![x](data:text/html,hi)</p>\n"
    assert parse_markdown(text).links == ()


def test_autolinks_show_the_address_as_markdown_it_did():
    assert markdown_html("<https://xn--mnchen-3ya.de/%C3%A4>") == (
        '<p><a href="https://xn--mnchen-3ya.de/%C3%A4">https://münchen.de/ä</a></p>\n'
    )


def test_inline_snippets_are_never_blocks():
    assert inline_html("Use *Docker*") == "Use <em>Docker</em>"
    assert inline_html("# of users") == "# of users"
    assert inline_html("- none\n\n1. first") == "- none\n\n1. first"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]()!<>`*_\\\n #-|:a/\"'&;=\t~1.")), max_size=80))
def test_any_text_renders(text):
    markdown_html(text, heading_shift=1, rewrite=mark_links)
    inline_html(text)
