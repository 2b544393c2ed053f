"""Visual review: one HTML page per document, with every record's quantity,
metric and deadline highlighted in the text and a table of the records below.

Targets are blue, actuals orange: a quantity has a tinted background, its
metric is underlined in the same colour, a deadline is green with a dotted
underline.  Each quantity is followed by the record's number, which links to
its row in the table; hovering a highlight shows its records.

Every highlight is a ``<mark>`` element of class ``pp`` with the data
attributes ``data-label`` (``QUANTITY``, ``METRIC``, ``DEADLINE``; several,
space separated, where highlights overlap), ``data-kind`` (``target``,
``actual``) and ``data-records`` (record numbers, as in the table):

>>> page = render("二、2024年重点工作\\n城镇新增就业3.1万人以上。")
>>> '<mark class="pp pp-quantity pp-target" data-label="QUANTITY" data-kind="target" data-records="1"' in page
True

A text document is shown as written (offsets of the records index it); an
HTML page is shown as the text extracted from it.

:func:`marks` (where each record's quantity, metric and deadline are written)
is shared with the spaCy component, whose ``doc.spans`` hold the same stretches.
"""
from __future__ import annotations

import html
import os
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from .clean import CleanText, clean_bytes, clean_text
from .errors import InputError
from .extract import Extractor, document_year
from .io import format_value, records_html
from .period import find_periods
from .sections import clause_spans, paragraphs, sentence_spans
from .target import Target

#: Labels of :func:`marks` (and of the spaCy component's spans): a quantity is
#: labelled by its record's kind.
LABELS = ("DEADLINE", "METRIC", "TARGET", "ACTUAL")
#: The roles a highlight of the page can have (its ``data-label``).
ROLES = ("QUANTITY", "METRIC", "DEADLINE")

_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
       system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1.5rem 2rem; color: #1f2328; }
h1 { font-size: 1.4rem; margin: 0 0 .3rem; word-break: break-all; }
h2 { font-size: 1.15rem; margin-top: 2rem; }
.pp-summary { color: #555; margin: 0 0 .8rem; }
.pp-legend { display: flex; gap: 1.2rem; flex-wrap: wrap; font-size: .9rem; margin-bottom: 1rem; }
.pp-doc { white-space: pre-wrap; line-height: 2.1; font-size: 1.02rem; border: 1px solid #d0d7de;
          border-radius: 6px; padding: 1rem 1.25rem; background: #fff; }
mark.pp { background: none; color: inherit; padding: 0 1px; border-radius: 2px; }
mark.pp-quantity { font-weight: 600; }
mark.pp-quantity.pp-target { background: #dbeafe; }
mark.pp-quantity.pp-actual { background: #ffedd5; }
mark.pp-metric.pp-target { border-bottom: 2px solid #2563eb; }
mark.pp-metric.pp-actual { border-bottom: 2px solid #ea580c; }
mark.pp-metric.pp-target.pp-actual { border-bottom: 2px solid #7c3aed; }
mark.pp-deadline { background: #dcfce7; border-bottom: 2px dotted #15803d; }
sup.pp-ref { font-size: .68em; line-height: 0; }
sup.pp-ref a { color: #57606a; text-decoration: none; }
sup.pp-ref a:hover { text-decoration: underline; }
table.policyparse { border-collapse: collapse; font-size: .88rem; width: 100%; }
.pp-records { overflow-x: auto; }
table.policyparse th, table.policyparse td { border: 1px solid #d0d7de; padding: .25rem .45rem;
          text-align: left; vertical-align: top; overflow-wrap: break-word; }
table.policyparse th { background: #f6f8fa; white-space: nowrap; }
table.policyparse .pp-col-metric { min-width: 9rem; }
table.policyparse .pp-col-quote { min-width: 16rem; }
table.policyparse tr.pp-target td:first-child { border-left: 4px solid #2563eb; }
table.policyparse tr.pp-actual td:first-child { border-left: 4px solid #ea580c; }
table.policyparse tr:target { background: #fff8c5; }
"""


# ---------------------------------------------------------------------------
# where each record's quantity, metric and deadline are written
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Mark:
    """A highlighted stretch of a document: one label, the records it belongs to.

    ``start``/``end`` index the original text (like :class:`Target` offsets);
    ``clean_start``/``clean_end`` the clean text (:attr:`CleanText.text`).
    ``records`` are indexes into the list of targets the marks were made from.
    """

    start: int
    end: int
    label: str
    records: tuple[int, ...]
    clean_start: int
    clean_end: int


def _clean_span(clean: CleanText, first: dict[int, int], start: int, end: int) -> tuple[int, int] | None:
    """The clean-text span of the original span [start, end), or None."""
    cs = first.get(start)
    if cs is None:
        return None
    ce = cs
    n = len(clean.text)
    while ce < n and clean.starts[ce] < end:
        ce += 1
    return (cs, ce) if ce > cs else None


def _written_period(text: str, clause: tuple[int, int], sentence: tuple[int, int], qpos: int):
    """The period the deadline of a quantity at ``qpos`` was read from (as
    :mod:`policyparse.extract` reads it): in the clause, the nearest one before
    the quantity, else the first after it; else the last one earlier in the
    sentence.  Returns (start, end, value) in clean-text offsets, or None."""
    found = find_periods(text[clause[0]:clause[1]])
    if found:
        prior = [p for p in found if p.start < qpos - clause[0]]
        p = prior[-1] if prior else found[0]
        return clause[0] + p.start, clause[0] + p.end, p.value
    found = find_periods(text[sentence[0]:clause[0]])
    if found:
        p = found[-1]
        return sentence[0] + p.start, sentence[0] + p.end, p.value
    return None


def marks(clean: CleanText, targets: list[Target]) -> list[Mark]:
    """Where the records ``targets`` (extracted from ``clean``) are written,
    sorted by position: each quantity, labelled by its record's kind
    (``TARGET`` or ``ACTUAL``, the labels of the span model), each metric
    (``METRIC``) and each period a deadline was read from (``DEADLINE``).  A
    stretch shared by several records (one deadline for a list of numbers) is
    one mark.

    >>> from policyparse import Extractor, clean_text
    >>> c = clean_text("二、2024年重点工作\\n到2025年,城镇新增就业3.1万人以上。")
    >>> ts = Extractor().extract_clean(c)
    >>> [(c.original[m.start:m.end], m.label, m.records) for m in marks(c, ts)]
    [('到2025年', 'DEADLINE', (0,)), ('城镇新增就业', 'METRIC', (0,)), ('3.1万人以上', 'TARGET', (0,))]
    """
    text = clean.text
    first: dict[int, int] = {}
    for i, s in enumerate(clean.starts):
        first.setdefault(s, i)
    paras = paragraphs(text, clean.furniture)
    para_starts = [p.start for p in paras]
    sentences: dict[int, list[tuple[int, int]]] = {}
    found: dict[tuple[int, int, str], list[int]] = {}

    def add(span, label, i):
        if span is not None and span[1] > span[0]:
            found.setdefault((span[0], span[1], label), []).append(i)

    for i, t in enumerate(targets):
        q = _clean_span(clean, first, t.start, t.end)
        if q is None:
            continue
        add(q, t.kind.upper(), i)
        if t.metric_start is not None and t.metric_end is not None:
            add(_clean_span(clean, first, t.metric_start, t.metric_end), "METRIC", i)
        k = bisect_right(para_starts, q[0]) - 1
        if t.deadline is None or k < 0 or q[0] >= paras[k].end:
            continue
        if k not in sentences:
            sentences[k] = sentence_spans(text, paras[k].start, paras[k].end)
        sent = next((s for s in sentences[k] if s[0] <= q[0] < s[1]), (paras[k].start, paras[k].end))
        clause = next((c for c in clause_spans(text, *sent) if c[0] <= q[0] < c[1]), sent)
        p = _written_period(text, clause, sent, q[0])
        if p is not None and (p[2] is None or p[2] == t.deadline):
            add(p[:2], "DEADLINE", i)
    out = []
    for (cs, ce, label), recs in found.items():
        s, e = clean.to_original(cs, ce)
        out.append(Mark(s, e, label, tuple(recs), cs, ce))
    order = {label: n for n, label in enumerate(LABELS)}
    out.sort(key=lambda m: (m.start, -m.end, order.get(m.label, 9)))
    return out


# ---------------------------------------------------------------------------
# the page
# ---------------------------------------------------------------------------
def _load(path_or_text, source: str | None) -> tuple[CleanText, str | None]:
    """(clean text, source path or None) of a path, raw bytes or a text."""
    if isinstance(path_or_text, bytes):
        return clean_bytes(path_or_text, source or "<bytes>"), source
    if isinstance(path_or_text, str) and not _looks_like_path(path_or_text):
        return clean_text(path_or_text), source
    if not isinstance(path_or_text, (str, os.PathLike)):
        raise TypeError(f"render takes a path, a text or bytes, not {type(path_or_text).__name__}")
    from .decode import read_file

    path = os.fspath(path_or_text)
    return clean_bytes(read_file(path), path), source or path


def _looks_like_path(s: str) -> bool:
    if "\n" in s or len(s) > 1024:
        return False
    return os.path.exists(s) or s.lower().endswith((".txt", ".html", ".htm"))


def _record_title(n: int, t: Target) -> str:
    bits = [f"#{n} {t.kind}", t.metric or "?", f"{t.comparator} {format_value(t)} {t.unit}".strip()]
    if t.deadline:
        bits.append(t.deadline)
    return " · ".join(bits)


def _highlighted(text: str, spans: list[tuple[int, int, str, tuple[int, ...]]], targets: list[Target]) -> str:
    """``text`` as HTML with ``<mark>`` elements for the spans (start, end,
    label, record indexes); overlapping spans are cut at every boundary."""
    cuts = sorted({0, len(text)} | {s for s, _, _, _ in spans} | {e for _, e, _, _ in spans})
    q_ends: dict[int, list[int]] = {}
    for _, e, label, recs in spans:
        if label == "QUANTITY":
            q_ends.setdefault(e, []).extend(recs)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        active = [sp for sp in spans if sp[0] <= a and b <= sp[1]]
        piece = html.escape(text[a:b], quote=False)
        if active:
            labels = [lab for lab in ROLES if any(sp[2] == lab for sp in active)]
            recs = sorted({r for sp in active for r in sp[3]})
            kinds = [k for k in ("target", "actual") if any(targets[r].kind == k for r in recs)]
            cls = " ".join(["pp"] + [f"pp-{lab.lower()}" for lab in labels] + [f"pp-{k}" for k in kinds])
            title = "\n".join(_record_title(r + 1, targets[r]) for r in recs)
            piece = (f'<mark class="{cls}" data-label="{" ".join(labels)}" data-kind="{" ".join(kinds)}" '
                     f'data-records="{" ".join(str(r + 1) for r in recs)}" title="{html.escape(title)}">{piece}</mark>')
        out.append(piece)
        for r in sorted(set(q_ends.get(b, ()))):
            out.append(f'<sup class="pp-ref"><a href="#pp-r{r + 1}">{r + 1}</a></sup>')
    return "".join(out)


def _table(targets: list[Target]) -> str:
    """:func:`policyparse.io.records_html` with a record-number column, row
    anchors and a class per column; the ``doc`` column (one document) is dropped."""
    table = records_html(targets)
    names = re.findall(r"<th>(.*?)</th>", table)
    rows = re.findall(r"<tr>((?:<td>.*?</td>)*)</tr>", table, re.S)[:len(targets)]
    if not names or len(rows) != len(targets):
        return table  # an unexpected layout: show it as it is
    keep = [i for i, n in enumerate(names) if n != "doc"]
    head = '<th class="pp-col-n">#</th>' + "".join(f'<th class="pp-col-{names[i]}">{names[i]}</th>' for i in keep)
    body = []
    for n, (t, row) in enumerate(zip(targets, rows), 1):
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        body.append(f'<tr id="pp-r{n}" class="pp-{t.kind}"><td class="pp-col-n"><a href="#pp-r{n}">{n}</a></td>'
                    + "".join(f'<td class="pp-col-{names[i]}">{cells[i]}</td>' for i in keep if i < len(cells))
                    + "</tr>")
    return (f'<table class="policyparse"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def render(path_or_text, *, year: int | None = None, title: str | None = None,
           source: str | None = None, rules_only: bool = False) -> str:
    """A standalone HTML review page of one document.

    ``path_or_text``: a path (``str`` or :class:`os.PathLike`; a ``str`` is a
    path when it names an existing file or ends in .txt/.html/.htm), the text
    itself, or raw bytes.  ``year`` and ``rules_only`` as in
    :func:`policyparse.extract`; ``title`` defaults to the file name.  A missing or unreadable file raises
    :class:`~policyparse.errors.InputError`.

    >>> page = render("一、2023年工作回顾\\n城镇新增就业3.2万人。\\n二、2024年重点工作\\n城镇新增就业3.1万人以上。")
    >>> page.count('data-kind="actual"'), page.count('data-kind="target"')
    (2, 2)
    """
    clean, src = _load(path_or_text, source)
    extractor = Extractor(model=None) if rules_only else Extractor()
    targets = extractor.extract_clean(clean, year=year, source=src)
    found = marks(clean, targets)
    role = {"TARGET": "QUANTITY", "ACTUAL": "QUANTITY"}
    if clean.html:  # show the text of the page, not its markup
        text = clean.text
        spans = [(m.clean_start, m.clean_end, role.get(m.label, m.label), m.records) for m in found]
    else:
        text = clean.original
        spans = [(m.start, m.end, role.get(m.label, m.label), m.records) for m in found]
    name = title or (os.path.basename(src) if src else "policyparse review")
    n_target = sum(t.kind == "target" for t in targets)
    the_year = year or document_year(clean)
    summary = (f"{len(targets)} records: {n_target} targets, {len(targets) - n_target} actuals"
               + (f" · document year {the_year}" if the_year else " · document year unknown")
               + (" · HTML page, shown as its text" if clean.html else ""))
    legend = (
        '<span><mark class="pp pp-quantity pp-target">3.1万人</mark> target quantity</span>'
        '<span><mark class="pp pp-quantity pp-actual">3.2万人</mark> actual quantity</span>'
        '<span><mark class="pp pp-metric pp-target">城镇新增就业</mark> metric (target)</span>'
        '<span><mark class="pp pp-metric pp-actual">城镇新增就业</mark> metric (actual)</span>'
        '<span><mark class="pp pp-deadline">一季度</mark> deadline</span>'
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(name)} · policyparse review</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<header>\n<h1>{html.escape(name)}</h1>\n<p class=\"pp-summary\">{html.escape(summary)}</p>\n"
        f"<div class=\"pp-legend\">{legend}</div>\n</header>\n"
        f"<main class=\"pp-doc\">{_highlighted(text, spans, targets)}</main>\n"
        f"<section class=\"pp-records\">\n<h2>Records</h2>\n{_table(targets)}\n</section>\n"
        "</body>\n</html>\n"
    )


def render_file(path: str | os.PathLike, out_path: str | os.PathLike | None = None, *,
                year: int | None = None, rules_only: bool = False) -> Path:
    """Render the file ``path`` and write the page to ``out_path`` (default:
    ``<path without suffix>.review.html`` beside it); returns the page's path.

    Raises :class:`~policyparse.errors.InputError` when ``path`` cannot be
    read or ``out_path`` cannot be written.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "is a directory, not a file" if path.is_dir() else "no such file")
    page = render(path, year=year, rules_only=rules_only)
    out = Path(out_path) if out_path is not None else path.with_name(path.stem + ".review.html")
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise InputError(str(out), f"cannot write: {exc.strerror or exc}") from None
    return out
