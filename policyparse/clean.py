"""Raw text → clean text, with an offset map back to the original.

Steps, each keeping the map: HTML to text (stdlib ``html.parser``, which
reports the position of every token), mojibake repair of whole lines,
full-width folding, removal of pinyin readings (``創(chuàng)建``),
traditional → simplified (OpenCC ``t2s``), and whitespace tidying.  Every
character of :attr:`CleanText.text` knows the span of the original input it
came from, so any span of clean text maps back with
:meth:`CleanText.to_original`.

>>> c = clean_text("以創(chuàng)建國(guó)家文旅融合示範區(qū)為抓手")
>>> c.text
'以创建国家文旅融合示范区为抓手'
>>> s, e = c.to_original(1, 5)
>>> c.original[s:e]
'創(chuàng)建國(guó)家'
>>> clean_text("城镇新增就业４５００人，增长７．５％").text
'城镇新增就业4500人,增长7.5%'
>>> clean_text("<p>新增就业&nbsp;1万人</p><script>var a=1;</script>").text
'新增就业1万人'
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from html.parser import HTMLParser

import re

import regex

from .furniture import is_furniture_line, is_prose_line
from .sections import ENUM

_HTML_HINT = regex.compile(
    r"<(?:html|body|div|p|br|span|table|tr|td|li|ul|ol|a|script|style|head|meta|h[1-6]|font|strong|b)\b[^>]*>"
    r"|&(?:nbsp|lt|gt|amp|quot|ensp|emsp|#\d+|#x[0-9a-fA-F]+);",
    regex.IGNORECASE,
)
_BLOCK_TAGS = {
    "p", "br", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "ul", "ol", "section", "article", "header", "footer", "nav", "title",
    "blockquote", "pre", "hr", "dd", "dt", "dl", "form", "center",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "iframe", "svg", "head"}

_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_TONE_BASE = str.maketrans(_TONES, "aaaaeeeeiiiioooouuuuüüüünnnm")
_PINYIN_RE = regex.compile(r"(?<=\p{Han})\(([a-zü" + _TONES + r"]{1,7})\)")
_SYLLABLE_RE = regex.compile(
    r"^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|üan|ai|an|ao|ei|en|er|ia|ie|in|iu|ou|"
    r"ua|ue|üe|ui|un|uo|a|e|i|o|u|ü|ng|n|m)$"
)
_READING_AT = regex.compile(r"[(（]([a-zü" + _TONES + r"]{1,7})[)）]")
_SPACE_RUN = regex.compile(r"[ \t\u00a0\u3000\u2002\u2003]+")
#: Invisible characters scraped pages carry (zero-width spaces and joiners, a
#: BOM in mid-text, control characters): deleted wherever they are, even inside
#: a number (3\u200b.1万人).
_INVISIBLE = regex.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
#: Line and paragraph separators are line breaks.
_LINE_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n"})
#: HTML character references left in a plain-text file (3.1&nbsp;万人).
_ENTITY = regex.compile(r"&(?:nbsp|ensp|emsp|amp|lt|gt|quot|apos|ldquo|rdquo|lsquo|rsquo|mdash|hellip|middot|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")
_CJK = regex.compile(r"[\p{Han}、,。;:!?()“”《》]")
_JOINABLE = regex.compile(r"[\p{Han}\d%、,。;:!?()“”《》]")


@dataclass
class CleanText:
    """Clean text plus, for each of its characters, the original span."""

    original: str
    text: str
    starts: array = field(repr=False)
    ends: array = field(repr=False)
    html: bool = False
    encoding: str | None = None
    #: (start, end) spans of clean text that are page furniture
    furniture: list[tuple[int, int]] = field(default_factory=list, repr=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the clean span [start, end)."""
        if not self.text:
            return 0, 0
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        e = self.ends[end - 1]
        # a pinyin reading removed right after the span belongs to it: 個(gè)
        m = _READING_AT.match(self.original, e)
        if m and _is_pinyin(m.group(1)):
            e = m.end()
        return self.starts[start], e

    def original_slice(self, start: int, end: int) -> str:
        s, e = self.to_original(start, end)
        return self.original[s:e]

    def is_furniture(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.furniture)


class _Buf:
    """Text with per-character original spans; steps rewrite it."""

    __slots__ = ("text", "starts", "ends")

    def __init__(self, text: str, starts: array | None = None, ends: array | None = None):
        self.text = text
        self.starts = starts if starts is not None else array("i", range(len(text)))
        self.ends = ends if ends is not None else array("i", range(1, len(text) + 1))

    def delete(self, spans: list[tuple[int, int]]) -> None:
        """Remove the clean-text spans (sorted, non-overlapping)."""
        if not spans:
            return
        parts, starts, ends = [], array("i"), array("i")
        pos = 0
        for s, e in spans:
            parts.append(self.text[pos:s])
            starts.extend(self.starts[pos:s])
            ends.extend(self.ends[pos:s])
            pos = e
        parts.append(self.text[pos:])
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        self.text, self.starts, self.ends = "".join(parts), starts, ends

    def replace_same_length(self, new: str) -> None:
        assert len(new) == len(self.text)
        self.text = new

    def replace_spans(self, edits: list[tuple[int, int, str, list[tuple[int, int]]]]) -> None:
        """Replace spans by new text whose characters carry given original spans."""
        parts, starts, ends = [], array("i"), array("i")
        pos = 0
        for s, e, new, spans in edits:
            parts.append(self.text[pos:s])
            starts.extend(self.starts[pos:s])
            ends.extend(self.ends[pos:s])
            parts.append(new)
            starts.extend(a for a, _ in spans)
            ends.extend(b for _, b in spans)
            pos = e
        parts.append(self.text[pos:])
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        self.text, self.starts, self.ends = "".join(parts), starts, ends


class _HTMLText(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0]
        for i, ch in enumerate(source):
            if ch == "\n":
                self.line_starts.append(i + 1)
        self.chars: list[str] = []
        self.starts = array("i")
        self.ends = array("i")
        self.skip = 0

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _emit(self, text: str, start: int, end: int) -> None:
        for ch in text:
            self.chars.append(ch)
            self.starts.append(start)
            self.ends.append(end)

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            p = self._pos()
            self._emit("\n", p, p)

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            p = self._pos()
            self._emit("\n", p, p)

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            p = self._pos()
            self._emit("\n", p, p)

    def handle_data(self, data):
        if self.skip:
            return
        p = self._pos()
        for i, ch in enumerate(data):
            self.chars.append(ch)
            self.starts.append(p + i)
            self.ends.append(p + i + 1)

    def _ref(self, raw_prefix: str, name: str) -> None:
        if self.skip:
            return
        import html

        p = self._pos()
        m = regex.compile(r"&#?[0-9A-Za-z]+;?").match(self.source, p)
        end = m.end() if m else p + len(raw_prefix) + len(name)
        text = html.unescape(self.source[p:end])
        self._emit(text, p, end)

    def handle_entityref(self, name):
        self._ref("&", name)

    def handle_charref(self, name):
        self._ref("&#", name)


def _html_to_buf(source: str) -> _Buf:
    parser = _HTMLText(source)
    parser.feed(source)
    parser.close()
    return _Buf("".join(parser.chars), parser.starts, parser.ends)


def looks_like_html(text: str) -> bool:
    """True when ``text`` carries markup (tags or entities)."""
    return len(_HTML_HINT.findall(text[:200000])) >= 2


#: Full-width forms (FF01–FF5E) and the ideographic space to ASCII, one for one.
_WIDTH = {o: o - 0xFEE0 for o in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20


def fold_width(text: str) -> str:
    """Full-width digits, letters and punctuation to ASCII, keeping the length.

    >>> fold_width("７．５％,４５００人")
    '7.5%,4500人'
    """
    return text.translate(_WIDTH)


def _fold_width(buf: _Buf) -> None:
    new = fold_width(buf.text)
    if new != buf.text:
        buf.replace_same_length(new)


def _is_pinyin(s: str) -> bool:
    return any(ch in _TONES for ch in s) or bool(_SYLLABLE_RE.match(s.translate(_TONE_BASE)))


def _drop_pinyin(buf: _Buf) -> None:
    spans = [m.span() for m in _PINYIN_RE.finditer(buf.text) if _is_pinyin(m.group(1))]
    buf.delete(spans)


_converter = None


def _t2s():
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return _converter


def to_simplified(text: str) -> str:
    """Traditional → simplified, keeping the length (character-aligned).

    >>> to_simplified("總投資XX億元")
    '总投资XX亿元'
    """
    conv = _t2s()
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    lines = text.split("\n")
    fixed = []
    for line in lines:
        c = conv.convert(line)
        if len(c) != len(line):
            c = "".join(x if len(x := conv.convert(ch)) == 1 else ch for ch in line)
        fixed.append(c)
    return "\n".join(fixed)


def _simplify(buf: _Buf) -> None:
    new = to_simplified(buf.text)
    if new != buf.text:
        buf.replace_same_length(new)


def _repair_mojibake(buf: _Buf) -> None:
    """Repair whole lines of UTF-8 that were read in another code page."""
    edits = []
    pos = 0
    for line in buf.text.split("\n"):
        nonascii = sum(1 for ch in line if ord(ch) > 127)
        if nonascii >= 4:
            for enc in ("cp1252", "latin-1", "gbk"):
                try:
                    raw = line.encode(enc)
                    fixed = raw.decode("utf-8")
                except (UnicodeEncodeError, UnicodeDecodeError):
                    continue
                if fixed != line and sum(1 for ch in fixed if 0x4E00 <= ord(ch) <= 0x9FFF) >= 2:
                    spans = _byte_spans(line, enc, fixed, buf, pos)
                    if spans is not None:
                        edits.append((pos, pos + len(line), fixed, spans))
                    break
        pos += len(line) + 1
    if edits:
        buf.replace_spans(edits)


def _byte_spans(line: str, enc: str, fixed: str, buf: _Buf, offset: int):
    """Original span of each repaired character (the chars its bytes came from)."""
    import codecs

    dec = codecs.getincrementaldecoder("utf-8")()
    spans = []
    first = None
    for i, ch in enumerate(line):
        if first is None:
            first = i
        out = dec.decode(ch.encode(enc))
        for _ in out:
            spans.append((buf.starts[offset + first], buf.ends[offset + i]))
        if out:
            first = None
    return spans if len(spans) == len(fixed) else None


def _unescape_entities(buf: _Buf) -> None:
    """Character references in a plain-text file become their character, which
    maps back to the whole reference."""
    import html as _html

    edits = []
    for m in _ENTITY.finditer(buf.text):
        ch = _html.unescape(m.group())
        if len(ch) == 1 and ch != m.group():
            s, e = m.span()
            edits.append((s, e, ch, [(buf.starts[s], buf.ends[e - 1])]))
    if edits:
        buf.replace_spans(edits)


def _tidy_space(buf: _Buf) -> None:
    new = buf.text.translate(_LINE_SEPARATORS)
    if new != buf.text:
        buf.replace_same_length(new)
    buf.delete([m.span() for m in _INVISIBLE.finditer(buf.text)])
    text = buf.text
    spans = []
    for m in _SPACE_RUN.finditer(text):
        s, e = m.span()
        before = text[s - 1] if s else "\n"
        after = text[e] if e < len(text) else "\n"
        joinable = _JOINABLE.match(before) and _JOINABLE.match(after) and (
            _CJK.match(before) or _CJK.match(after))
        if before == "\n" or after == "\n" or joinable:
            spans.append((s, e))
        elif e - s > 1:
            spans.append((s + 1, e))
    spans += [(m.start(), m.end()) for m in regex.finditer(r"\r", text)]
    spans.sort()
    buf.delete(spans)
    # at most one empty line in a row; none at the start or the end
    spans = [(m.start() + 2, m.end()) for m in regex.finditer(r"\n{3,}", buf.text)]
    buf.delete(spans)
    lead = len(buf.text) - len(buf.text.lstrip("\n"))
    trail = len(buf.text) - len(buf.text.rstrip("\n"))
    buf.delete([(0, lead)] if lead else [])
    if trail:
        buf.delete([(len(buf.text) - trail, len(buf.text))])


_KEEP_LINE = regex.compile(
    r"\p{Han}{2,}(报告|计划|总结|规划|纲要|方案|意见|通知)|^(第[一二三四五六七八九十]+|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))|[。;]"
)


def _furniture_spans(text: str) -> list[tuple[int, int]]:
    """Spans of furniture lines: by pattern, and short non-prose lines that
    sit before the first or after the last line of prose."""
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    prose = [i for i, (_, _, ln) in enumerate(lines) if is_prose_line(ln)]
    first, last = (prose[0], prose[-1]) if prose else (0, len(lines))
    out = []
    for i, (s, e, ln) in enumerate(lines):
        if not ln.strip():
            continue
        if is_furniture_line(ln) or ((i < first or i > last) and len(ln) < 30 and not is_prose_line(ln)
                                     and not _KEEP_LINE.search(ln)):
            out.append((s, e))
    return out


_SURROGATE = re.compile("[\ud800-\udfff]")

#: Line ends that close a paragraph (a line that starts with a heading's
#: enumeration marker, :data:`policyparse.sections.ENUM`, starts one).
_PARA_END = set("。！？；：!?;:")


def _join_wrapped_lines(buf: _Buf) -> None:
    r"""Join lines that a PDF export or a fixed-width page broke mid-sentence
    (城镇调查失业率控制在|5.5%以内).

    Only in a document whose lines mostly run to one width without closing
    their sentence; there a full-width line that does not end a sentence
    continues on the next line, unless that one starts with a heading marker.
    Lines that are paragraphs (web pages, Word exports) are left alone.

    >>> body = "城镇新增就业3.1万人以上，城镇调查失业率控制在5.5%以内。" * 3
    >>> b = _Buf("二、重点工作\n" + "\n".join(body[i:i + 20] for i in range(0, len(body), 20)))
    >>> _join_wrapped_lines(b); b.text == "二、重点工作\n" + body
    True
    """
    text = buf.text
    lines = [(m.start(), m.end()) for m in regex.finditer(r"[^\n]+", text)]
    lengths = sorted(e - s for s, e in lines if e - s >= 10)
    if len(lengths) < 5:
        return
    width = lengths[int(len(lengths) * 0.75)]  # most wrapped lines are full: the upper quartile
    if width < 15:
        return
    full = [(s, e) for s, e in lines if e - s >= 0.85 * width]
    open_full = [(s, e) for s, e in full if text[e - 1] not in _PARA_END]
    if len(open_full) < 0.4 * len(lengths):
        return
    joins = []
    for (s, e), (s2, e2) in zip(lines, lines[1:]):
        if s2 == e + 1 and e - s >= 0.85 * width and text[e - 1] not in _PARA_END \
                and not ENUM.match(text, s2):
            joins.append((e, e + 1))
    buf.delete(joins)


def clean_text(text: str, *, html: bool | None = None, encoding: str | None = None) -> CleanText:
    """Clean ``text`` (already decoded) and keep the map to it."""
    is_html = looks_like_html(text) if html is None else html
    # a lone surrogate (half an emoji from a JSON dump, or text read with
    # errors="surrogateescape") cannot be encoded, so no quote holding one could
    # be written out: it becomes U+FFFD, in ``original`` too, which keeps the
    # length and so every offset into the caller's text
    text = _SURROGATE.sub("\ufffd", text)
    buf = _html_to_buf(text) if is_html else _Buf(text)
    if not is_html:
        _unescape_entities(buf)
    _repair_mojibake(buf)
    _fold_width(buf)
    _drop_pinyin(buf)
    _simplify(buf)
    _tidy_space(buf)
    _join_wrapped_lines(buf)
    if is_html:  # block tags make paragraph breaks; empty lines carry nothing
        buf.delete([(m.start() + 1, m.end()) for m in regex.finditer(r"\n{2,}", buf.text)])
    return CleanText(
        original=text, text=buf.text, starts=buf.starts, ends=buf.ends, html=is_html,
        encoding=encoding, furniture=_furniture_spans(buf.text),
    )


def clean_bytes(data: bytes, source: str = "<bytes>", *, html: bool | None = None) -> CleanText:
    """Decode ``data`` (see :mod:`policyparse.decode`) and clean it."""
    from .decode import decode_bytes

    text, enc = decode_bytes(data, source)
    if html is None and source.lower().endswith((".html", ".htm", ".xhtml")):
        html = True
    return clean_text(text, html=html, encoding=enc)
