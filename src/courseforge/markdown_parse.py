"""pulldown-cmark's events, read once per text into a small `ParsedMarkdown`.

The events say which tags of the parser's HTML are Markdown's own and which are an author's raw
HTML; the scan records the links and images with their lines, and one finishing step per tag
that markdown.py's `markdown_html` may rewrite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pyromark

from courseforge.markdown_urls import is_safe_url, normalize_link, normalize_link_text

# Tables, GitHub's alerts (> [!NOTE]), footnotes, definition lists and $math$: the rich blocks
# render/blocks.py finishes. None of these options adds an <a>, <img> or heading of its own
# except footnote references, which MarkdownScan counts.
_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_GFM
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_DEFINITION_LIST
    | pyromark.Options.ENABLE_MATH
)
PARSER = pyromark.Markdown(options=_OPTIONS)

# Every tag a finishing step may touch. Raw HTML is matched the same way, so that the n-th
# match in the parser's HTML is the n-th of ParsedMarkdown.steps. A step is None (leave the tag)
# or a tuple whose first item says what to do; markdown_html() reads them.
FINISHED_TAGS = re.compile(r"<(/?)(a|img|h[1-6]|table|thead|tbody|tr|th|td|pre)\b", re.IGNORECASE)

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
    steps: tuple[Any, ...] = field(repr=False)  # one per FINISHED_TAGS match in the parser's HTML
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


def normalized_text(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    return text


class MarkdownScan:
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
        for event, span in PARSER.events_with_range(self.text):
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
            self.steps += [None] * len(FINISHED_TAGS.findall("".join(self.raw)))
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
        url = normalize_link(("mailto:" if is_email else "") + data["dest_url"])
        if not is_safe_url(url):  # markdown-it did not take it for a link: show its source
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
            normalize_link_text(data["dest_url"]) if autolink else None,
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
        url = normalize_link(data["dest_url"])
        self._flush_raw()
        self.image = _Image(url, data["title"], start, end, len(self.steps), is_safe_url(url))
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
