"""The learner interface in the course's language, in a real browser.

The pseudo-locale en-XA brackets every catalog message (⟦…⟧) and the pseudo course's own words
all start with "§": any other letter on a page, at any state of the course, is interface text
that bypassed the catalog.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest
from tests.runtime.language_courses import build_web, starter_in, write_pseudo_course
from tests.runtime.learner import RECORDING_ADAPTER, CourseLearner, go_to, open_course
from tests.runtime.test_accessibility import answer_everything_mixed, serious_violations

from courseforge.i18n import messages_for, shipped_languages
from courseforge.i18n.catalog import read_catalog
from support.http import StaticServer

# Letters left once catalog messages (innermost first) and the author's §words are removed.
UNMARKED_JS = r"""() => {
  const strip = (text) => {
    let before;
    do { before = text; text = text.replace(/⟦[^⟦⟧]*⟧/g, ""); } while (text !== before);
    return text.replace(/§[\p{L}\p{N}_.-]*/gu, "");
  };
  const found = [];
  const check = (text, where) => { if (/\p{L}/u.test(strip(text))) found.push(`${where}: ${JSON.stringify(text)}`); };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("script, style, noscript")) continue;  // not text a learner gets
    check(node.data, `${node.parentElement.tagName}.${node.parentElement.className}`);
  }
  const attributes = ["aria-label", "aria-valuetext", "aria-description", "title", "alt", "placeholder"];
  for (const el of document.querySelectorAll(attributes.map((a) => `[${a}]`).join(","))) {
    attributes.filter((a) => el.hasAttribute(a)).forEach((a) => check(el.getAttribute(a), `${el.tagName}@${a}`));
  }
  check(document.title, "document.title");
  return found;
}"""


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pseudo")
    return build_web(write_pseudo_course(root), root / "out")


@pytest.fixture(scope="module")
def pseudo_server(pseudo_site):
    server = StaticServer(pseudo_site)
    yield server.url
    server.close()


def adapter(session, adapter_session: dict) -> None:
    """Serve the recording adapter (runtime/adapters/local.js), its status line an author's."""
    script = RECORDING_ADAPTER.replace('"Recording adapter"', '"§status"')
    session.page.add_init_script(f"window.adapterSession = {json.dumps(adapter_session)};")
    session.page.route(
        "**/runtime/adapters/local.js",
        lambda route: route.fulfill(body=script, content_type="text/javascript"),
    )


class States:
    """Every state visited, with the unmarked texts each showed."""

    def __init__(self, page):
        self.page = page
        self.unmarked: dict[str, list[str]] = {}
        self.visited: list[str] = []

    def check(self, state: str) -> None:
        self.visited.append(state)
        found = self.page.evaluate(UNMARKED_JS)
        if found:
            self.unmarked[state] = found

    def announced(self, state: str, marker: str) -> None:
        """Wait for the live region to say something containing `marker`, then check."""
        self.page.wait_for_function(
            "m => document.querySelector('#cf-announce').textContent.includes(m)", arg=marker
        )
        self.check(state)


def marker(message: str) -> str:
    """Return the words of a pseudo message with an empty {item}: what an announcement holds."""
    return message.strip("⟦⟧").lstrip(": ").strip()


def test_no_interface_text_bypasses_the_catalog_in_any_state(new_browser_session, pseudo_server):
    english = read_catalog("en")
    pseudo = messages_for("en-XA")
    session = new_browser_session(viewport=(375, 900))
    adapter(session, {"state": None, "location": None, "mode": "normal", "learnerName": "§Name"})
    learner = CourseLearner(session.page)
    learner.open(pseudo_server + "/index.html")
    page = session.page
    states = States(page)
    states.check("start")
    page.click(".cf-menu-button")
    states.check("menu open")
    go_to(page, "graded")
    states.check("quiz, nothing answered")

    form = learner.question_form("graded", "one")
    form.locator(".cf-check").click()
    states.check("checked without an answer")
    learner.question_form("graded", "number").locator("input").fill("§abc")
    learner.question_form("graded", "number").locator(".cf-check").click()
    states.check("a number that is none")
    items = learner.question_form("graded", "order").locator(".cf-item")
    items.first.locator("[data-move='-1']").dispatch_event("click")
    states.announced("move up at the top", marker(pseudo("quiz.already_first", item="")))
    items.first.locator("[data-move='1']").dispatch_event("click")
    states.announced("moved down", marker(pseudo("quiz.item_position", 2, item="", total=3)))

    learner.answer("graded", "one", right=True)
    states.check("answered right")
    learner.answer("graded", "many", right=False)
    states.check("answered wrong")
    for question in ("tf", "word", "number", "pairs", "order"):
        learner.answer("graded", question, right=question != "tf")
    states.check("attempt failed, one attempt left")
    go_to(page, "_results")
    states.check("results, failed")

    go_to(page, "graded")
    learner.retry()
    states.announced("retry", marker(pseudo("quiz.attempt_started", 2)))
    learner.answer_quiz("graded", right=True)
    states.check("attempt passed, no attempts left")
    go_to(page, "check")
    learner.answer_quiz("check", right=False)
    states.check("ungraded quiz answered wrong")
    go_to(page, "fill")
    states.check("cloze, nothing typed")
    page.locator("#page-fill .cf-check").click()
    states.check("cloze checked without an answer")
    go_to(page, "_results")
    states.check("results, passed")
    saved = page.evaluate("recorded.filter(call => call[0] === 'save').pop()[1]")
    learner.exit()
    states.check("exit")

    for mode in ("review", "browse"):
        other = new_browser_session(viewport=(1280, 900))
        adapter(other, {"state": saved, "location": None, "mode": mode, "learnerName": None})
        CourseLearner(other.page).open(pseudo_server + "/index.html")
        visit = States(other.page)
        visit.check(f"{mode} mode")
        go_to(other.page, "graded")
        visit.check(f"{mode} mode, quiz")
        states.unmarked.update(visit.unmarked)
        states.visited += visit.visited

    # The real local adapter, with an unreadable entry in storage: its status line.
    plain = new_browser_session()
    plain.page.add_init_script("localStorage.setItem('courseforge:pseudo@1.0.0', '{not json')")
    open_course(plain.page, pseudo_server + "/index.html")
    plain.page.wait_for_function("document.querySelector('.cf-status').textContent !== ''")
    visit = States(plain.page)
    visit.check("local storage unreadable")
    states.unmarked.update(visit.unmarked)

    assert states.unmarked == {}
    assert len(states.visited) >= 18
    # And the checker can fail: an English text anywhere is found.
    page.evaluate("document.querySelector('.cf-status').textContent = 'Saved'")
    assert page.evaluate(UNMARKED_JS) == ['P.cf-status: "Saved"']
    assert english["nav.skip"] not in page.content()


def test_noscript_notice_is_a_catalog_message(pseudo_site):
    html = (pseudo_site / "index.html").read_text("utf-8")
    notice = messages_for("en-XA")("nav.noscript")
    assert f'<noscript><p class="cf-noscript">{notice}</p></noscript>' in html
    # The web target's list of plain pages, inside <noscript> (the browser walk skips it).
    listing = lxml.html.fromstring(html).xpath("//nav[@class='cf-plain-pages']")[0]
    assert unmarked_text(listing) == []
    assert listing.find("h2").text == messages_for("en-XA")("nav.plain_title")


def unmarked_text(root) -> list[str]:
    """Return the texts and labels of an lxml tree with letters outside catalog messages and
    the author's §words (the browser walk's UNMARKED_JS, for pages read without a browser)."""

    def unmarked(text: str) -> bool:
        before = None
        while text != before:
            before, text = text, re.sub(r"⟦[^⟦⟧]*⟧", "", text)
        return bool(re.search(r"[^\W\d_]", re.sub(r"§[\w.-]*", "", text)))

    found = [t for t in root.xpath(".//text()[not(ancestor::script or ancestor::style)]")]
    found += [v for a in ("aria-label", "title", "alt") for v in root.xpath(f".//@{a}")]
    return [text for text in found if unmarked(text)]


def test_plain_pages_hold_only_catalog_and_author_text(pseudo_site):
    """pages/<id>.html, for readers without JavaScript: their links and labels too."""
    plain = sorted((pseudo_site / "pages").glob("*.html"))
    assert [p.stem for p in plain] == ["check", "fill", "glossary", "graded", "lesson"]
    pseudo = messages_for("en-XA")
    for path in plain:
        document = lxml.html.fromstring(path.read_bytes())
        assert unmarked_text(document) == [], path.name
        assert document.get("dir") == "ltr"
        pager = document.xpath("//nav[@class='cf-pager']")[0]
        assert pager.get("aria-label") == pseudo("nav.pager_label")
        links = [a.text_content() for a in pager.iter("a")]
        assert pseudo("nav.plain_open") in links, path.name
    # And the checker can fail: an English word left in a page is found.
    assert unmarked_text(lxml.html.fromstring("<p>§Fine ⟦Ok⟧ Open</p>")) == ["§Fine ⟦Ok⟧ Open"]


def test_glossary_titles_are_in_the_course_language(pseudo_site):
    html = (pseudo_site / "index.html").read_text("utf-8")
    pseudo = messages_for("en-XA")
    assert pseudo("glossary.module") in html and pseudo("glossary.title") in html
    assert ">Glossary<" not in html


# CLDR, written out: what a learner reads after checking a question worth 1, 2, 5, 22 points.
VERDICTS = {
    "pl": [
        "Dobrze: 1 z 1 punktu.",
        "Dobrze: 2 z 2 punktów.",
        "Dobrze: 5 z 5 punktów.",
        "Dobrze: 22 z 22 punktów.",
    ],
    "ar": [
        "صحيح: 1 من نقطة واحدة.",
        "صحيح: 2 من نقطتين.",
        "صحيح: 5 من 5 نقاط.",
        "صحيح: 22 من 22 نقطة.",
    ],
    "ja": [
        "正解:1 点中 1 点。",
        "正解:2 点中 2 点。",
        "正解:5 点中 5 点。",
        "正解:22 点中 22 点。",
    ],
}
ATTEMPTS_LEFT = {
    "pl": ["Pozostała 1 próba.", "Pozostały 2 próby.", "Pozostało 5 prób.", "Pozostały 22 próby."],
    "ar": ["تبقّت محاولة واحدة.", "تبقّت محاولتان.", "تبقّت 5 محاولات.", "تبقّت 22 محاولة."],
    "ja": ["残り 1 回。", "残り 2 回。", "残り 5 回。", "残り 22 回。"],
}


@pytest.mark.parametrize("language", ["pl", "ar", "ja", "fa", "de"])
def test_runtime_plurals_and_numbers_match_cldr_and_the_build(
    new_browser_session, tmp_path, language
):
    site = build_web(starter_in(language, tmp_path), tmp_path / "out")
    server = StaticServer(site)
    try:
        session = new_browser_session()
        open_course(session.page, server.url + "/index.html")
        shown = session.page.evaluate(
            """() => [1, 2, 5, 22, 1234, 100005].map((n) => [
                 courseforgeText("quiz.verdict_correct", {earned: n, n}),
                 courseforgeText("quiz.attempts_left", {n}),
                 courseforgeText("results.quiz_score", {best: 1234.5, n}),
               ])"""
        )
        session.assert_no_console_errors()
    finally:
        server.close()
    built = messages_for(language)
    # The runtime (Intl.NumberFormat and the build's plural table) says what Babel says.
    for n, (verdict, left, score) in zip([1, 2, 5, 22, 1234, 100005], shown, strict=True):
        assert verdict == built("quiz.verdict_correct", n, earned=n)
        assert left == built("quiz.attempts_left", n)
        assert score == built("results.quiz_score", n, best=1234.5)
    if language in VERDICTS:
        assert [row[0] for row in shown[:4]] == VERDICTS[language]
        assert [row[1] for row in shown[:4]] == ATTEMPTS_LEFT[language]
    if language == "fa":
        assert shown[4][0] == "درست: ۱٬۲۳۴ از ۱٬۲۳۴ امتیاز."


def test_build_time_numbers_read_as_the_browser_writes_them(new_browser_session, pseudo_server):
    """Babel (pages) and Intl.NumberFormat (runtime) agree for every shipped language."""
    session = new_browser_session()
    session.page.goto(pseudo_server + "/index.html")
    values = [0, 7, 1234, 1234.5, 98765.25, 1234567]
    for language in shipped_languages():
        messages = messages_for(language)
        system = messages.numbering_system()
        shown = session.page.evaluate(
            """([lang, system, values]) => values.map((v) => [
                 new Intl.NumberFormat(lang, {numberingSystem: system}).format(v),
                 new Intl.NumberFormat(lang, {numberingSystem: system, style: "percent",
                                              maximumFractionDigits: 2}).format(v / 100)])""",
            [language, system, values],
        )
        built = [[messages.number(v), messages.percent(v)] for v in values[:3]]
        assert [row for row in shown[:3]] == built, language
        assert [row[0] for row in shown] == [messages.number(v) for v in values], language


@pytest.fixture(scope="module")
def language_servers(tmp_path_factory):
    servers = {}
    for language in ("ar", "he", "ja", "de"):
        root = tmp_path_factory.mktemp(f"starter-{language}")
        servers[language] = StaticServer(build_web(starter_in(language, root), root / "out"))
    yield {language: server.url for language, server in servers.items()}
    for server in servers.values():
        server.close()


PAGES = ["welcome", "blocks", "check", "_results"]


@pytest.mark.parametrize("language", ["ar", "he", "ja"])
@pytest.mark.parametrize(
    ("width", "scheme"), [(375, "light"), (375, "dark"), (1280, "light"), (1280, "dark")]
)
def test_rtl_and_japanese_pages_have_no_serious_axe_violations(
    new_browser_session, language_servers, js_deps, language, width, scheme
):
    session = new_browser_session(viewport=(width, 900), color_scheme=scheme)
    page = session.page
    open_course(page, language_servers[language] + "/index.html")
    page.add_script_tag(path=str(js_deps / "axe-core" / "axe.min.js"))
    assert page.get_attribute("html", "lang") == language
    assert page.get_attribute("html", "dir") == ("ltr" if language == "ja" else "rtl")
    problems = {}
    for page_id in PAGES:
        go_to(page, page_id)
        problems[page_id] = serious_violations(page)
        if page_id == "check":
            answer_everything_mixed(page, page_id)
            problems["check (answered)"] = serious_violations(page)
    if width < 1280:
        page.click(".cf-menu-button")
        problems["menu open"] = serious_violations(page)
    assert {where: found for where, found in problems.items() if found} == {}
    session.assert_no_console_errors()


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_right_to_left_layout_is_mirrored(new_browser_session, language_servers):
    session = new_browser_session(viewport=(1280, 900))
    page = session.page
    open_course(page, language_servers["ar"] + "/index.html")
    # The menu column is on the right of the page, beside the text.
    assert box(page, "#cf-menu")["x"] > box(page, "#cf-main")["x"]
    go_to(page, "blocks")
    # "Previous" is on the right, "Next" on the left, each arrow pointing its way.
    assert box(page, ".cf-prev")["x"] > box(page, ".cf-next")["x"]
    arrow = page.eval_on_selector(".cf-next .cf-arrow", "el => getComputedStyle(el).transform")
    assert arrow.startswith("matrix(-1")
    # The callout's and feedback's coloured edge is on the right (the start of the line).
    callout = page.eval_on_selector(
        ".cf-callout",
        "el => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]",
    )
    assert callout == ["4px", "0px"]
    go_to(page, "check")
    answer_everything_mixed(page, "check")
    feedback = page.eval_on_selector(
        ".cf-feedback:not([hidden])",
        "el => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]",
    )
    assert feedback == ["4px", "0px"]
    # The progress bar fills from the right.
    track, fill = box(page, ".cf-progress-track"), box(page, ".cf-progress-fill")
    assert fill["width"] > 0
    assert abs((fill["x"] + fill["width"]) - (track["x"] + track["width"])) <= 2


def test_english_terms_inside_arabic_keep_their_order(new_browser_session, language_servers):
    session = new_browser_session()
    page = session.page
    open_course(page, language_servers["ar"] + "/index.html")
    text = page.evaluate("courseforgeText('quiz.mark_expected', {answer: 'courseforge build'})")
    assert text == "الإجابة الصحيحة: \u2068courseforge build\u2069"


@pytest.mark.parametrize("language", ["ar", "de"])
@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_in_arabic_and_german(
    new_browser_session, language_servers, artifacts_dir, language, width
):
    session = new_browser_session(viewport=(width, 900))
    page = session.page
    open_course(page, language_servers[language] + "/index.html")
    folder = artifacts_dir / "languages"
    go_to(page, "blocks")
    shots = [session.screenshot(folder / f"{language}-lesson-{width}.png")]
    go_to(page, "check")
    answer_everything_mixed(page, "check")
    shots.append(session.screenshot(folder / f"{language}-quiz-feedback-{width}.png"))
    go_to(page, "_results")
    shots.append(session.screenshot(folder / f"{language}-results-{width}.png"))
    for shot in shots:
        assert shot.stat().st_size > 10_000
    assert page.text_content("#h-_results") == messages_for(language)("results.title")
