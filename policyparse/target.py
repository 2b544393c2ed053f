"""The Target record: one quantitative commitment or reported result."""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass

#: Field order of ANNOTATION.md, then the library's extra fields.
ANNOTATION_FIELDS = ("doc", "quote", "metric", "value", "value_high", "unit", "comparator",
                     "change", "deadline", "kind", "redacted")
EXTRA_FIELDS = ("direction", "confidence", "section", "text", "start", "end",
                "metric_start", "metric_end", "source")
FIELDS = ANNOTATION_FIELDS + EXTRA_FIELDS


def _num(v):
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e18:
        return int(v)
    return v


@dataclass
class Target:
    """A metric with a number attached, as ANNOTATION.md defines it.

    ``start``/``end`` locate the quantity and ``metric_start``/``metric_end``
    the metric in the ORIGINAL input (before cleaning), so
    ``original[t.start:t.end]`` is the number as written.
    """

    metric: str
    value: float | None
    unit: str
    comparator: str = "="
    value_high: float | None = None
    change: bool = False
    direction: str | None = None
    deadline: str | None = None
    kind: str = "target"
    redacted: bool = False
    quote: str = ""
    text: str = ""
    start: int = 0
    end: int = 0
    metric_start: int | None = None
    metric_end: int | None = None
    section: str | None = None
    source: str | None = None
    confidence: float = 0.5

    @property
    def doc(self) -> str | None:
        return os.path.basename(self.source) if self.source else None

    def to_dict(self) -> dict:
        """Plain dict with the field names of ANNOTATION.md first."""
        d = asdict(self)
        d["doc"] = self.doc
        d["value"] = _num(d["value"])
        d["value_high"] = _num(d["value_high"])
        return {k: d[k] for k in FIELDS}

    def _repr_html_(self) -> str:
        from .io import records_html

        return records_html([self])
