"""Writers shared by the CLI and the Python API: JSONL, CSV, a terminal table, HTML."""
from __future__ import annotations

import csv
import html
import json
import unicodedata
from typing import IO, Iterable

from .target import FIELDS, Target


def write_jsonl(targets: Iterable[Target], out: IO[str]) -> int:
    n = 0
    for t in targets:
        out.write(json.dumps(t.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


class CSVWriter:
    """CSV with a header row; fields in ANNOTATION.md order."""

    def __init__(self, out: IO[str]):
        self.w = csv.DictWriter(out, fieldnames=list(FIELDS), extrasaction="ignore")
        self.w.writeheader()

    def write(self, targets: Iterable[Target]) -> int:
        n = 0
        for t in targets:
            d = t.to_dict()
            self.w.writerow({k: ("" if v is None else v) for k, v in d.items()})
            n += 1
        return n


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _fit(s: str, w: int) -> str:
    out, cur = "", 0
    for ch in s:
        cw = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if cur + cw > w:
            return out[:-1] + "…" + " " * (w - cur)
        out, cur = out + ch, cur + cw
    return out + " " * (w - cur)


TABLE_COLUMNS = (("doc", 12), ("kind", 6), ("deadline", 9), ("metric", 28), ("cmp", 5),
                 ("value", 14), ("unit", 8), ("chg", 3))


def format_value(t: Target) -> str:
    if t.redacted:
        return "XX"
    v = t.to_dict()["value"]
    if t.value_high is not None:
        return f"{v}-{t.to_dict()['value_high']}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def table_rows(targets: Iterable[Target]) -> Iterable[str]:
    yield "  ".join(_fit(name, w) for name, w in TABLE_COLUMNS)
    yield "  ".join("-" * w for _, w in TABLE_COLUMNS)
    for t in targets:
        cells = {"doc": t.doc or "-", "kind": t.kind, "deadline": t.deadline or "-", "metric": t.metric,
                 "cmp": t.comparator, "value": format_value(t), "unit": t.unit, "chg": "Δ" if t.change else ""}
        yield "  ".join(_fit(str(cells[name]), w) for name, w in TABLE_COLUMNS)


def records_html(targets: Iterable[Target]) -> str:
    """An HTML table of records (used by ``_repr_html_`` in Jupyter)."""
    cols = ("doc", "kind", "deadline", "metric", "value", "value_high", "unit", "comparator", "change", "quote")
    head = "".join(f"<th>{c}</th>" for c in cols)
    rows = []
    for t in targets:
        d = t.to_dict()
        rows.append("<tr>" + "".join(f"<td>{html.escape('' if d[c] is None else str(d[c]))}</td>" for c in cols) + "</tr>")
    return f"<table class=\"policyparse\"><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
