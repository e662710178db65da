"""One CommonMark parser for the whole build: pulldown-cmark (Rust, through pyromark).

Each text is parsed once into a small `ParsedMarkdown`: its links and images with their lines,
and the steps that finish the parser's HTML. The parser's events are not kept.

The HTML is the one markdown-it-py made before this parser replaced it (benchmarks/RESULTS.md):
markdown-it's URL normalization and unsafe-scheme rule, its table and code-block line breaks,
its image alt text. The events tell which tags of the HTML are Markdown's own and which are an
author's raw HTML, so only Markdown links, images and headings are ever rewritten.
"""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import mdurl
import pyromark

# Tables, GitHub's alerts (> [!NOTE]), footnotes, definition lists and $math$: the rich blocks
# render/blocks.py finishes. None of these options adds an <a>, <img> or heading of its own
# except footnote references, which _Scan counts.
_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_GFM
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_DEFINITION_LIST
    | pyromark.Options.ENABLE_MATH
)
_parser = pyromark.Markdown(options=_OPTIONS)

# Every tag a finishing step may touch. Raw HTML is matched the same way, so that the n-th
# match in the parser's HTML is the n-th of ParsedMarkdown.steps. A step is None (leave the tag)
# or a tuple whose first item says what to do; markdown_html() reads them.
_TAGS = re.compile(r"<(/?)(a|img|h[1-6]|table|thead|tbody|tr|th|td|pre)\b", re.IGNORECASE)

_INLINE_TAGS = frozenset({"Emphasis", "Strong", "Strikethrough", "Superscript", "Subscript"})
_BLOCKS = frozenset(
    {
        "Paragraph",
        "Heading",
        "BlockQuote",
        "CodeBlock",
        "HtmlBlock",
        "List",
        "Item",
        "Table",
        "TableHead",
        "TableRow",
        "TableCell",
        "FootnoteDefinition",
        "DefinitionList",
        "DefinitionListTitle",
        "DefinitionListDefinition",
        "MetadataBlock",
    }
)


@dataclass(frozen=True)
class MarkdownLink:
    """A Markdown link or image (raw HTML ones are not), as markdown-it reported it."""

    kind: str  # "link" or "image"
    url: str  # normalized: what the href or src attribute holds
    title: str
    label: str  # images: the source between the brackets, stripped; links: ""
    alt: str  # images: the alt text; links: ""
    line: int  # 0-based line where its paragraph, heading or table cell starts
    autolink_text: str | None = None  # autolinks: the address as markdown-it showed it

    def attrs(self) -> dict[str, str]:
        """Return the tag's attributes in markdown-it's order, before any rewriting."""
        attrs = {"href": self.url} if self.kind == "link" else {"src": self.url, "alt": self.alt}
        if self.title:
            attrs["title"] = self.title
        return attrs


@dataclass(frozen=True)
class MarkdownMath:
    """A formula as the author wrote it (TeX between $ or $$), and where."""

    tex: str
    display: bool  # $$…$$
    line: int  # 0-based line where it starts


@dataclass(frozen=True, eq=False)
class ParsedMarkdown:
    """What the build needs from one Markdown text."""

    text: str  # with markdown-it's line endings (\r\n and \r → \n) and NUL → U+FFFD
    links: tuple[MarkdownLink, ...]  # every link and image in reading order (not in alt text)
    top_blocks: tuple[str, ...]  # kinds of the top-level blocks, e.g. ("Paragraph",)
    top_paragraph_span: tuple[int, int] | None  # byte range of a lone top-level paragraph
    min_heading_level: int | None
    steps: tuple[Any, ...] = field(repr=False)  # one per _TAGS match in the parser's HTML
    depth: int = 0  # the deepest nesting of blocks and inline spans
    depth_line: int = 0  # 0-based line where that deepest element starts
    math: tuple[MarkdownMath, ...] = ()  # every $formula$ and $$formula$$, for the loader's checks
    raw_html: bool = False  # whether the text holds an author's raw HTML (inline or block)

    @property
    def one_paragraph(self) -> bool:
        """Whether the text is a single paragraph (reference definitions aside)."""
        return self.top_blocks == ("Paragraph",)

    @property
    def whole_paragraph(self) -> bool:
        """Whether the whole text is one paragraph, so its inline HTML is the text's own."""
        return (
            self.top_paragraph_span == (0, len(self.text.encode()))
            and self.text == self.text.strip()
        )


LinkRewrite = Callable[[MarkdownLink], tuple[dict[str, str], str]]
"""Returns a link's or image's attributes, and HTML to put just before a link's </a>."""


# Parsed texts shared within one build (see shared_markdown_parses); None outside a build.
_shared_parses: ContextVar[dict[str, ParsedMarkdown] | None] = ContextVar(
    "courseforge_shared_markdown_parses", default=None
)


@contextmanager
def shared_markdown_parses(memo: dict[str, ParsedMarkdown] | None = None) -> Iterator[None]:
    """Parse each Markdown text once inside the block: the loader and the renderer share it.

    Scoped to the block and to the calling thread's context, so no other thread sees the memo
    change under it; a fresh memo unless the caller keeps one between builds (the preview's
    `BuildCache`).
    """
    token = _shared_parses.set({} if memo is None else memo)
    try:
        yield
    finally:
        _shared_parses.reset(token)


def parse_markdown(text: str) -> ParsedMarkdown:
    """Parse a Markdown text (once per text inside `shared_markdown_parses`)."""
    memo = _shared_parses.get()
    if memo is None:
        return _parse(text)
    parsed = memo.get(text)
    if parsed is None:
        parsed = memo[text] = _parse(text)
    return parsed


def _parse(text: str) -> ParsedMarkdown:
    if simple_snippet_html(text) is None:
        return _Scan(_normalized(text)).result()
    return ParsedMarkdown(  # what _Scan finds in such a snippet, without the parser's events
        text=text,
        links=(),
        top_blocks=("Paragraph",),
        top_paragraph_span=(0, len(text.encode())),
        min_heading_level=None,
        steps=(),
        depth=2 if "*" in text else 1,  # the paragraph, and emphasis inside it
    )


# A one-line snippet of words, plain punctuation, *emphasis*, **strong** and `code`, as most
# quiz texts are. Every span stands between a space, "(" or the start and a space, one of
# .,;?) or the end, so each * opens or closes and nothing else in the text is Markdown or HTML
# (plain punctuation includes the Arabic comma, semicolon and question mark).
_WORDS = r"[^\W_]+(?: [^\W_]+)*"
_SPAN = rf"(?:\*\*{_WORDS}\*\*|\*{_WORDS}\*|`[\w.-]+`)(?=[ .,;?)]|\Z)"
_SIMPLE_SNIPPET = re.compile(rf"(?:{_SPAN}|[^\W\d_])(?:(?<=[ (]){_SPAN}|[^\W_]|[ ,.;?'()/%،؛؟-])*")
_SPAN_PARTS = re.compile(rf"\*\*({_WORDS})\*\*|\*({_WORDS})\*|`([\w.-]+)`")


def simple_snippet_html(text: str) -> str | None:
    """Return the inline HTML of a simple one-line snippet (see _SIMPLE_SNIPPET), made without
    the parser: what it would make, inside its <p> (tests/test_markdown_snippets.py), or None
    for any other text."""
    if text.endswith(" ") or _SIMPLE_SNIPPET.fullmatch(text) is None:
        return None
    return _SPAN_PARTS.sub(_span_html, text)


def _span_html(match: re.Match[str]) -> str:
    strong, emphasis, code = match.groups()
    if strong is not None:
        return f"<strong>{strong}</strong>"
    if emphasis is not None:
        return f"<em>{emphasis}</em>"
    return f"<code>{code}</code>"


def markdown_html(text: str, *, heading_shift: int = 0, rewrite: LinkRewrite | None = None) -> str:
    """Render Markdown to HTML (not sanitized: raw HTML passes through, as CommonMark says).

    Args:
        text: the Markdown.
        heading_shift: levels to add to every Markdown heading (at most h6).
        rewrite: gives each link's and image's attributes (default: markdown-it's).
    """
    parsed = parse_markdown(text)
    source = _parser.html(parsed.text)
    out: list[str] = []
    closing: list[str] = []  # per open link, the HTML its </a> gets before it
    pos: int | None = 0  # None while skipping a link shown as its source text
    for match, step in zip(_TAGS.finditer(source), parsed.steps, strict=True):
        if step is None:
            continue
        kind = step[0]
        if pos is None and kind not in ("link_end", "literal_end"):
            continue
        start = match.start()
        end = source.index(">", match.end()) + 1
        if kind == "newline_after":
            out += [source[pos:end], "\n"]
            pos = end + 1 if source.startswith("\n", end) else end
        elif kind == "drop":
            out.append(source[pos:start])
            pos = end + 1 if source.startswith("\n", end) else end
        elif kind == "heading":
            _, level, slash = step
            out += [source[pos:start], f"<{slash}h{min(level + heading_shift, 6)}>"]
            pos = end
        elif kind == "link":
            link: MarkdownLink = step[1]
            attrs, before_close = rewrite(link) if rewrite else (link.attrs(), "")
            out += [source[pos:start], "<a", _attributes(attrs), ">"]
            closing.append(before_close)
            if link.autolink_text is not None:  # markdown-it showed the address decoded
                out.append(html.escape(link.autolink_text, quote=False))
                pos = None
            else:
                pos = end
        elif kind == "link_end":
            out += [source[start if pos is None else pos : start], closing.pop(), "</a>"]
            pos = end
        elif kind == "literal_end":  # the end of a link shown as its source text
            pos = end
        elif kind == "image":
            attrs = rewrite(step[1])[0] if rewrite else step[1].attrs()
            out += [source[pos:start], "<img", _attributes(attrs), " />"]
            pos = end
        elif kind == "literal":  # an unsafe link or image: markdown-it showed its source text
            out += [source[pos:start], html.escape(step[1], quote=False)]
            pos = None if step[2] else end
        elif kind == "code_start":  # markdown-it puts no line break between text and <pre>
            out.append(source[pos : start - 1 if start and source[start - 1] == "\n" else start])
            pos = start
        elif kind == "code_end":  # markdown-it ends an indented code block with a line break
            out += [source[pos : start - len("</code>")], "\n"]
            pos = start - len("</code>")
    out.append(source[pos:])
    return "".join(out)


def inline_html(text: str) -> str:
    """Render a Markdown snippet as inline content only (markdown-it's renderInline)."""
    parsed = parse_markdown(text)
    if parsed.whole_paragraph:
        rendered = markdown_html(text)
        return rendered[len("<p>") : -len("</p>\n")]
    return _markdown_it_inline(parsed.text)


def _markdown_it_inline(text: str) -> str:
    """Render with markdown-it-py's inline-only parser: a snippet that is not one paragraph
    (a list marker, a heading mark, blank lines) keeps its characters as text, as it always did."""
    return _markdown_it().renderInline(text)


@cache
def _markdown_it() -> Any:
    from markdown_it import MarkdownIt  # late: only such rare snippets need it

    return MarkdownIt("commonmark", {"html": True})


def _normalized(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    return text


def _attributes(attrs: dict[str, str]) -> str:
    return "".join(f' {name}="{html.escape(value)}"' for name, value in attrs.items())


# markdown-it's URL handling (markdown_it/common/normalize_url.py), so hrefs and the loader's
# messages stay as they were.
_RECODE_HOSTNAME_FOR = ("http:", "https:", "mailto:")
_BAD_PROTOCOL = re.compile(r"^(vbscript|javascript|file|data):")
_GOOD_DATA = re.compile(r"^data:image/(gif|png|jpeg|webp);")
_HOST_SEPARATORS = re.compile("[\x2e\u3002\uff0e\uff61]")
_NON_ASCII = re.compile("[^\0-\x7e]")


@lru_cache(maxsize=4096)  # lessons of a course link to the same few files and sites
def _normalize_link(url: str) -> str:
    """Return a link destination percent-encoded, its host name in punycode."""
    parsed = mdurl.parse(url, slashes_denote_host=True)
    if parsed.hostname and (not parsed.protocol or parsed.protocol in _RECODE_HOSTNAME_FOR):
        parsed = parsed._replace(hostname=_punycode_host(parsed.hostname))
    if not parsed.hostname or ":" not in parsed.hostname:
        return mdurl.encode(mdurl.format(parsed))
    return mdurl.format(  # an IPv6 host: encode the parts before format() adds the brackets
        parsed._replace(
            protocol=parsed.protocol and mdurl.encode(parsed.protocol),
            auth=parsed.auth and mdurl.encode(parsed.auth),
            hostname=mdurl.encode(parsed.hostname),
            pathname=parsed.pathname and mdurl.encode(parsed.pathname),
            search=parsed.search and mdurl.encode(parsed.search),
            hash=parsed.hash and mdurl.encode(parsed.hash),
        )
    )


@lru_cache(maxsize=4096)
def _normalize_link_text(url: str) -> str:
    """Return an autolink's address as markdown-it showed it: escapes and punycode decoded."""
    parsed = mdurl.parse(url, slashes_denote_host=True)
    if parsed.hostname and (not parsed.protocol or parsed.protocol in _RECODE_HOSTNAME_FOR):
        parsed = parsed._replace(hostname=_map_host(parsed.hostname, _label_to_unicode))
    return mdurl.decode(mdurl.format(parsed), mdurl.DECODE_DEFAULT_CHARS + "%")


def _punycode_host(hostname: str) -> str:
    return _map_host(hostname, _label_to_ascii)


def _map_host(hostname: str, convert: Callable[[str], str]) -> str:
    """Convert each label of a host name; of user@host, only the host (as markdown-it does)."""
    try:
        parts = hostname.split("@")
        prefix = ""
        if len(parts) > 1:
            prefix, hostname = parts[0] + "@", parts[1]
        return prefix + ".".join(convert(label) for label in _HOST_SEPARATORS.split(hostname))
    except Exception:  # noqa: BLE001 - markdown-it leaves a host it cannot convert as it is
        return hostname


def _label_to_ascii(label: str) -> str:
    return "xn--" + codecs.encode(label, "punycode").decode() if _NON_ASCII.search(label) else label


def _label_to_unicode(label: str) -> str:
    return codecs.decode(label[4:].lower(), "punycode") if label.startswith("xn--") else label


def _is_safe(url: str) -> bool:
    url = url.strip().lower()
    return bool(_GOOD_DATA.search(url)) if _BAD_PROTOCOL.search(url) else True


class _Scan:
    """Walk the parser's events once: collect links, and plan how to finish the HTML."""

    def __init__(self, text: str):
        self.text = text
        self.source = text.encode()
        self.steps: list[Any] = []
        self.links: list[MarkdownLink] = []
        self.raw: list[str] = []  # raw HTML not yet counted into steps
        self.raw_html = False
        self.top_blocks: list[str] = []
        self.top_paragraph_span: tuple[int, int] | None = None
        self.depth = 0  # block nesting
        self.container_start: int | None = None  # where the current inline content starts
        self.previous_inline = False
        self.min_heading: int | None = None
        self.literal_links: list[int | None] = []  # per open link: its step if shown as text
        self.table_body_step = 0
        self.table_has_rows = False
        self.indented_code_text: str | None = None  # text of an open indented code block
        self.image: _Image | None = None
        self.math: list[MarkdownMath] = []

    def result(self) -> ParsedMarkdown:
        nesting = deepest = deepest_at = 0
        for event, span in _parser.events_with_range(self.text):
            if type(event) is dict:  # count nesting before any branch below swallows the event
                if "Start" in event:
                    nesting += 1
                    if nesting > deepest:
                        deepest, deepest_at = nesting, span["start"]
                elif "End" in event:
                    nesting -= 1
            if self.image is not None:
                self.image.add(event, span["start"], span["end"])
                if self.image.depth < 0:
                    self._end_image()
            elif type(event) is str:
                self._bare(event, span["start"])
            elif "Text" in event or "Code" in event:  # most events: the text of a block
                if self.container_start is None:
                    self.container_start = span["start"]
                self.previous_inline = True
                if self.indented_code_text is not None:
                    self.indented_code_text = event.get("Text", "")
            elif "Start" in event:
                tag = event["Start"]
                if type(tag) is str and tag in _INLINE_TAGS:
                    if self.container_start is None:
                        self.container_start = span["start"]
                    self.previous_inline = True
                else:
                    self._start(tag, span["start"], span["end"])
            elif "End" in event:
                tag = event["End"]
                if type(tag) is str and tag in _INLINE_TAGS:
                    self.previous_inline = True
                else:
                    self._end(tag)
            elif "InlineHtml" in event:
                self._inline(span["start"])
                self.raw.append(event["InlineHtml"])
                self.raw_html = True
            elif "Html" in event:
                self.raw.append(event["Html"])
                self.raw_html = True
            elif "FootnoteReference" in event:  # the parser writes <sup><a href>n</a></sup>
                self._inline(span["start"])
                self._step(None)
                self._step(None)
            else:  # math (its text is escaped: no tag of its own)
                display = "DisplayMath" in event
                if display or "InlineMath" in event:
                    tex = event["DisplayMath" if display else "InlineMath"]
                    self.math.append(MarkdownMath(tex, display, self._line_at(span["start"])))
                self._inline(span["start"])
        self._flush_raw()
        return ParsedMarkdown(
            text=self.text,
            links=tuple(self.links),
            top_blocks=tuple(self.top_blocks),
            top_paragraph_span=self.top_paragraph_span if len(self.top_blocks) == 1 else None,
            min_heading_level=self.min_heading,
            steps=tuple(self.steps),
            depth=deepest,
            depth_line=self.source.count(b"\n", 0, deepest_at) if deepest else 0,
            math=tuple(self.math),
            raw_html=self.raw_html,
        )

    def _step(self, step: Any) -> None:
        self._flush_raw()
        self.steps.append(step)

    def _flush_raw(self) -> None:
        if self.raw:
            self.steps += [None] * len(_TAGS.findall("".join(self.raw)))
            self.raw.clear()

    def _inline(self, start: int) -> None:
        if self.container_start is None:
            self.container_start = start
        self.previous_inline = True

    def _block(self) -> None:
        self.container_start = None
        self.previous_inline = False

    def _line_at(self, start: int) -> int:
        return self.source.count(b"\n", 0, start)

    def _line(self) -> int:
        return self.source.count(b"\n", 0, self.container_start or 0)

    def _bare(self, event: str, start: int) -> None:
        if event in ("SoftBreak", "HardBreak"):
            self._inline(start)
        else:  # Rule
            if self.depth == 0:
                self.top_blocks.append(event)
            self._block()

    def _start(self, tag: Any, start: int, end: int) -> None:
        name = tag if type(tag) is str else next(iter(tag))
        if name not in _BLOCKS:
            self._inline(start)
            if name == "Link":
                self._start_link(tag["Link"], start, end)
            elif name == "Image":
                self._start_image(tag["Image"], start, end)
            return
        if self.depth == 0:
            self.top_blocks.append(name)
            if name == "Paragraph":
                self.top_paragraph_span = (start, end)
        self.depth += 1
        joins_text = self.previous_inline
        self._block()
        if name in ("Paragraph", "Heading", "TableCell"):
            self.container_start = start
        if name == "Heading":
            level = int(tag["Heading"]["level"][1])
            self.min_heading = min(level, self.min_heading or level)
            self._step(("heading", level, ""))
        elif name == "CodeBlock":
            self._step(("code_start",) if joins_text else None)
            self.indented_code_text = "" if tag["CodeBlock"] == "Indented" else None
        elif name == "Table":
            self._step(("newline_after",))
            self.table_has_rows = False
        elif name == "TableHead":
            self._step(("newline_after",))  # <thead>
            self._step(("newline_after",))  # <tr>
        elif name == "TableRow":
            self._step(("newline_after",))
            self.table_has_rows = True
        elif name == "TableCell":
            self._step(None)

    def _end(self, tag: Any) -> None:
        name = tag if type(tag) is str else next(iter(tag))
        if name not in _BLOCKS:
            self.previous_inline = True
            if name == "Link":
                self._end_link()
            return
        self.depth -= 1
        self._block()
        if name == "Heading":
            self._step(("heading", int(tag["Heading"][1]), "/"))
        elif name == "CodeBlock":
            text = self.indented_code_text
            self._step(("code_end",) if text is not None and not text.endswith("\n") else None)
            self.indented_code_text = None
        elif name in ("TableCell", "TableRow"):
            self._step(("newline_after",))
        elif name == "TableHead":
            self._step(("newline_after",))  # </tr>
            self._step(("newline_after",))  # </thead>
            self.table_body_step = len(self.steps)
            self._step(("newline_after",))  # <tbody>
        elif name == "Table":
            self._step(("newline_after",))  # </tbody>
            self._step(("newline_after",))  # </table>
            if not self.table_has_rows:  # markdown-it writes no empty <tbody>
                self.steps[self.table_body_step] = self.steps[-2] = ("drop",)

    def _start_link(self, data: dict[str, Any], start: int, end: int) -> None:
        self._flush_raw()  # so that len(self.steps) is this link's step
        is_email = data["link_type"] == "Email"
        url = _normalize_link(("mailto:" if is_email else "") + data["dest_url"])
        if not _is_safe(url):  # markdown-it did not take it for a link: show its source
            self.literal_links.append(len(self.steps))
            self._step(("literal", self.source[start:end].decode(), True))
            return
        autolink = is_email or data["link_type"] == "Autolink"
        link = MarkdownLink(
            "link",
            url,
            data["title"],
            "",
            "",
            self._line(),
            _normalize_link_text(data["dest_url"]) if autolink else None,
        )
        self.links.append(link)
        self.literal_links.append(len(self.steps) if autolink else None)
        self._step(("link", link))

    def _end_link(self) -> None:
        opened = self.literal_links.pop()
        if opened is not None:
            self._flush_raw()
            for index in range(opened + 1, len(self.steps)):  # shown as text, not as HTML
                self.steps[index] = ("skipped",)
        is_unsafe = opened is not None and self.steps[opened][0] == "literal"
        self._step(("literal_end",) if is_unsafe else ("link_end",))

    def _start_image(self, data: dict[str, Any], start: int, end: int) -> None:
        url = _normalize_link(data["dest_url"])
        self._flush_raw()
        self.image = _Image(url, data["title"], start, end, len(self.steps), _is_safe(url))
        self.steps.append(None)  # filled in when the image ends

    def _end_image(self) -> None:
        image, self.image = self.image, None
        assert image is not None
        if not image.safe:
            literal = self.source[image.start : image.end].decode()
            self.steps[image.step] = ("literal", literal, False)
            return
        label = ""
        if image.label_start is not None:
            label = self.source[image.label_start : image.label_end].decode().strip()
        link = MarkdownLink(
            "image", image.url, image.title, label, "".join(image.alt), self._line()
        )
        self.links.append(link)
        self.steps[image.step] = ("image", link)


@dataclass
class _Image:
    """An image being read: everything inside it only makes its alt text."""

    url: str
    title: str
    start: int
    end: int
    step: int
    safe: bool
    depth: int = 0
    label_start: int | None = None
    label_end: int = 0
    alt: list[str] = field(default_factory=list)

    def add(self, event: Any, start: int, end: int) -> None:
        if type(event) is not str:
            ((key, value),) = event.items()
            if key == "End" and self.depth == 0:
                self.depth = -1  # the image's own end
                return
            self.depth += {"Start": 1, "End": -1}.get(key, 0)
            if key in ("Text", "Code", "InlineHtml"):
                self.alt.append(value)
        elif event in ("SoftBreak", "HardBreak"):
            self.alt.append("\n")  # as markdown-it's renderInlineAsText
        if self.label_start is None:
            self.label_start = start
        self.label_end = max(self.label_end, end)
