"""Sections, paragraphs and sentences of a cleaned document.

The :class:`Sectionizer` finds headings (一、 / (一) / 1. / (1) enumerators,
also after a sentence end inside a paragraph, and short title lines), gives
each the category of the first :class:`~policyparse.rules.SectionRule` its
title matches (review / plan / problems) and the year written in it, and
nests them by level, so every position of the text knows its section.

>>> from policyparse.clean import clean_text
>>> doc = clean_text("一、2023年工作回顾\\n新增就业1万人。\\n二、2024年重点工作\\n(一)扩大投资\\n新开工项目50个。")
>>> secs = Sectionizer()(doc)
>>> [(s.title, s.category, s.year, s.level) for s in secs]
[('2023年工作回顾', 'review', 2023, 1), ('2024年重点工作', 'plan', 2024, 1), ('扩大投资', 'plan', 2024, 2)]
>>> section_at(secs, doc.text.index("50个")).title
'扩大投资'
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .rules import SectionRule, load_section_rules

#: Enumeration markers that start a heading, by level.
ENUM = regex.compile(
    r"(?P<l0>第[一二三四五六七八九十]+(?:部分|章|篇))"
    r"|(?P<l1>[一二三四五六七八九十]{1,3}、)"
    r"|(?P<l2>\([一二三四五六七八九十]{1,3}\))"
    r"|(?P<l3>\d{1,2}(?:\.|、)(?!\d))"
    r"|(?P<l4>\(\d{1,2}\))"
    r"|(?P<l5>[①-⑳])"
)
_LEVEL = {"l0": 0, "l1": 1, "l2": 2, "l3": 3, "l4": 4, "l5": 5}
_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_SENT_END = regex.compile(r"[。!?;！？；]")


@dataclass
class Section:
    """A heading and the text under it, up to the next heading of its level or higher."""

    title: str
    level: int
    start: int
    end: int
    category: str | None = None
    year: int | None = None
    parent: "Section | None" = field(default=None, repr=False)
    heading_end: int = 0

    def to_dict(self) -> dict:
        return {"title": self.title, "level": self.level, "start": self.start, "end": self.end,
                "category": self.category, "year": self.year}


@dataclass
class Paragraph:
    start: int
    end: int
    text: str


def paragraphs(text: str, furniture: list[tuple[int, int]] = ()) -> list[Paragraph]:
    """Lines of text that are not furniture (and not empty)."""
    skip = set(s for s, _ in furniture)
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip() and pos not in skip:
            out.append(Paragraph(pos, pos + len(line), line))
        pos += len(line) + 1
    return out


class Sectionizer:
    """Assigns every position of a document to a section (medspaCy's shape)."""

    def __init__(self, rules: list[SectionRule] | None = None):
        self.rules = rules if rules is not None else load_section_rules()

    def category(self, title: str) -> str | None:
        for rule in self.rules:
            if rule.matches(title):
                return rule.category
        return None

    def _headings(self, text: str, paras: list[Paragraph]):
        for p in paras:
            starts = [p.start] + [m.end() + p.start for m in _SENT_END.finditer(p.text)]
            for s in starts:
                m = ENUM.match(text, s)
                if not m:
                    if s == p.start and len(p.text) <= 20 and not _SENT_END.search(p.text):
                        title = p.text.strip()
                        if self.category(title):
                            yield 6, title, s, p.end, None
                    continue
                level = _LEVEL[m.lastgroup]
                rest_end = p.end
                e = _SENT_END.search(text, m.end(), rest_end)
                title_end = e.start() if e else rest_end
                title = text[m.end():title_end].strip()
                if level >= 3 and title_end - m.end() > 40:
                    continue  # a numbered sentence, not a heading
                if not title:
                    continue
                # a heading inside a paragraph (run-on scraped text) holds
                # only to the end of that paragraph
                yield level, title[:60], s, title_end, (p.end if s != p.start else None)

    def __call__(self, doc) -> list[Section]:
        text = doc.text
        paras = paragraphs(text, doc.furniture)
        sections: list[Section] = []
        stack: list[Section] = []
        prev_top: Section | None = None
        for level, title, start, hend, limit in self._headings(text, paras):
            while stack and (stack[-1].level >= level or stack[-1].end <= start):
                sec_done = stack.pop()
                sec_done.end = min(sec_done.end, start)
            parent = stack[-1] if stack else None
            end = limit if limit is not None else (parent.end if parent else len(text))
            sec = Section(title=title, level=level, start=start, end=end, parent=parent, heading_end=hend)
            sec.category = self.category(title)
            y = _YEAR.search(title)
            sec.year = int(y.group(1)) if y else None
            if parent is not None:
                sec.category = sec.category or parent.category
                sec.year = sec.year or parent.year
            elif sec.category is None and prev_top is not None and prev_top.category == "plan" and level <= 1:
                # reports close with plan-like parts (加强政府自身建设)
                sec.category = "plan"
                sec.year = sec.year or prev_top.year
            if parent is None and level <= 1:
                prev_top = sec
            sections.append(sec)
            stack.append(sec)
        return sections


def section_at(sections: list[Section], pos: int) -> Section | None:
    """The innermost section that holds ``pos``."""
    best = None
    for s in sections:
        if s.start <= pos < s.end and (best is None or s.start >= best.start):
            best = s
    return best


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of text[start:end]: split after 。!?; (full or half width)."""
    out = []
    s = start
    for m in _SENT_END.finditer(text, start, end):
        if m.end() - s > 1:
            out.append((s, m.end()))
        s = m.end()
    if end - s > 0 and text[s:end].strip():
        out.append((s, end))
    return out


_CLAUSE_SEP = regex.compile(r"[,，:：]")
#: A comma that groups thousands (1,200万人; 12,345.6万元) separates nothing.
_THOUSANDS = regex.compile(r"(?<=(?<![\d.])\d{1,3}(?:,\d{3})*),(?=\d{3}(?!\d))")


def split_outside_brackets(text: str, start: int, end: int, separators: str,
                           keep_empty: bool = False) -> list[tuple[int, int]]:
    """Spans of text[start:end] between separators that stand outside brackets and quotes.

    >>> t = "新建5个社区大食堂、9个便民停车场(含“一刻钟、便民”)"
    >>> [t[a:b] for a, b in split_outside_brackets(t, 0, len(t), "、")]
    ['新建5个社区大食堂', '9个便民停车场(含“一刻钟、便民”)']
    >>> t = "完成投资12,345.6万元,增长5%"
    >>> [t[a:b] for a, b in split_outside_brackets(t, 0, len(t), ",")]
    ['完成投资12,345.6万元', '增长5%']
    """
    out = []
    depth = 0
    quote = False
    s = start
    for i in range(start, end):
        ch = text[i]
        if ch in "(《[":
            depth += 1
        elif ch in ")》]":
            depth = max(0, depth - 1)
        elif ch == "“":
            quote = True
        elif ch == "”":
            quote = False
        elif ch in separators and depth == 0 and not quote:
            if ch == "," and _THOUSANDS.match(text, i):
                continue
            if keep_empty or i > s:
                out.append((s, i))
            s = i + 1
    if keep_empty or end > s:
        out.append((s, end))
    return out


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses of a sentence: split at commas and colons outside brackets and quotes."""
    return split_outside_brackets(text, start, end, ",，:：")


