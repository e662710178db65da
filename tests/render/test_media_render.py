"""Media, embed and glossary blocks as HTML: the right elements, and hostile input inert."""

from __future__ import annotations

import lxml.html
import pytest
from tests.loader.course_factory import write_course
from tests.render.site_documents import learner_document

from courseforge.loader import load_course
from courseforge.render import render_site
from courseforge.render.media import embed_for_iframe, embed_for_link

HOSTILE = (
    '<script>alert(1)</script><img src=x onerror=alert(2)>"\'><a href="javascript:alert(3)">x</a>'
)
LESSON = f"""\
---
id: hello
title: Hello {HOSTILE}
---
An LMS runs the course; the LMS again.

![Talk {HOSTILE}](talk.mp4 "Caption {HOSTILE.replace('"', "'")}")

![Clip](https://www.youtube.com/watch?v=abcdefghijk "A clip")

<iframe src="javascript:alert(4)"></iframe>
<iframe src="https://maps.example.org/x" title="Map"></iframe>
<video src="https://evil.example.org/v.mp4" poster="https://evil.example.org/p.png" controls></video>
<audio><source src="https://evil.example.org/a.mp3"><track src="https://evil.example.org/t.vtt"></audio>
<div class="cf-embed" data-cf-embed-src="javascript:alert(5)"><button class="cf-embed-load">Go</button></div>
<span id="cf-root" popover>x</span><button popovertarget="cf-root">y</button>
"""
GLOSSARY = f"""\
terms:
  - term: LMS
    definition: "Learning system {HOSTILE.replace('"', "'")}"
  - term: "<b>Bold</b> term"
    definition: A term that looks like HTML.
"""


@pytest.fixture
def page(tmp_path) -> lxml.html.HtmlElement:
    course = write_course(tmp_path, **{"modules/intro/hello.md": LESSON, "glossary.yaml": GLOSSARY})
    folder = course / "modules/intro"
    (folder / "talk.mp4").write_bytes(b"\0" * 16)
    (folder / "talk.en.vtt").write_text(f"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n{HOSTILE}\n")
    (folder / "talk.fr.vtt").write_text("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nSalut\n")
    (folder / "talk.poster.jpg").write_bytes(b"\xff\xd8")
    (folder / "talk.transcript.md").write_text(f"# Words\n\nSaid: {HOSTILE}\n")
    return learner_document(render_site(load_course(course)))


def scripts_and_handlers(root) -> list[str]:
    found = [lxml.html.tostring(s).decode() for s in root.iter("script") if s.get("src") is None]
    found = [s for s in found if 'id="cf-course"' not in s]
    for element in root.iter():
        for name, value in element.attrib.items():
            loads = name in ("href", "src", "poster", "action", "data-cf-embed-src")
            if name.startswith("on") or (loads and "javascript:" in value.lower()):
                found.append(f"{element.tag} {name}={value}")
    return found


def test_a_video_gets_its_player_tracks_poster_and_transcript(page):
    video = page.xpath("//section[@id='page-hello']//figure[contains(@class, 'cf-media')]/video")[0]
    assert video.get("poster") == "content/modules/intro/talk.poster.jpg"
    assert [
        (s.get("src"), s.get("type"))
        for s in page.xpath("//figure[contains(@class, 'cf-media-video')]//source")
    ] == [("content/modules/intro/talk.mp4", "video/mp4")]
    assert [
        (t.get("kind"), t.get("src"), t.get("srclang"), t.get("label"), t.get("default"))
        for t in page.xpath("//figure[contains(@class, 'cf-media-video')]//track")
    ] == [
        ("captions", "content/modules/intro/talk.en.vtt", "en", "English", ""),
        ("captions", "content/modules/intro/talk.fr.vtt", "fr", "Français", None),
    ]
    figure = video.getparent()
    assert figure.find("figcaption").text_content().startswith("Caption <script>")
    transcript = figure.find("details")
    assert transcript.find("summary").text == "Transcript"
    assert "Said: " in transcript.text_content()


def test_hostile_text_stays_text_in_every_new_block(page):
    assert scripts_and_handlers(page) == []
    # The players and embeds the author wrote in raw HTML load nothing from another site.
    for element in page.iter("video", "audio", "source", "track"):
        for name in ("src", "poster"):
            assert not (element.get(name) or "").startswith(("http", "//")), element.attrib
    embeds = [e.get("data-cf-embed-src") for e in page.xpath("//div[@class='cf-embed']")]
    assert embeds == [
        "https://www.youtube-nocookie.com/embed/abcdefghijk",
        "https://maps.example.org/x",
        None,  # the author's forged placeholder lost its script URL
    ]
    assert page.xpath("//iframe") == []
    assert [e.get("id") for e in page.iter() if (e.get("id") or "").startswith("cf-root")] == []
    glossary = page.xpath("//section[@id='page-glossary']//dl")[0]
    assert [dt.text_content() for dt in glossary.findall("dt")] == ["<b>Bold</b> term", "LMS"]
    assert "alert" not in "".join(e.get("src") or "" for e in glossary.iter("img"))


def test_the_first_use_of_a_term_opens_its_definition(page):
    terms = page.xpath("//section[@id='page-hello']//button[@class='cf-term']")
    assert [(t.text, t.get("popovertarget")) for t in terms] == [("LMS", "cf-term-hello-0")]
    popover = page.get_element_by_id("cf-term-hello-0")
    assert popover.get("popover") == "auto"
    assert popover.find("dfn").text == "LMS"
    assert popover.find("a").get("href") == "#page-glossary"
    assert page.xpath("//section[@id='page-glossary']//button") == []  # the glossary links nothing


@pytest.mark.parametrize(
    ("url", "player"),
    [
        (
            "https://www.youtube.com/watch?v=abcdefghijk",
            "https://www.youtube-nocookie.com/embed/abcdefghijk",
        ),
        ("https://youtu.be/abcdefghijk", "https://www.youtube-nocookie.com/embed/abcdefghijk"),
        ("https://vimeo.com/123456", "https://player.vimeo.com/video/123456"),
        ("https://www.youtube.com/watch?v=a%22b", None),
        ("javascript:alert(1)//youtube.com/watch?v=abcdefghijk", None),
        ("https://example.org/watch?v=abcdefghijk", None),
    ],
)
def test_embed_addresses(url, player):
    embed = embed_for_link(url)
    assert (embed.player_url if embed else None) == player


def test_only_https_iframes_are_embeds():
    assert embed_for_iframe("http://example.org/x") is None
    assert embed_for_iframe("javascript:alert(1)") is None
    assert embed_for_iframe("https://example.org/x").site == "example.org"
