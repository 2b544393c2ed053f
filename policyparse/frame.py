"""Records for data science: a pandas DataFrame, and a list that shows as a
table in Jupyter.

pandas is an optional extra: ``pip install 'policyparse[pandas]'``.

>>> from policyparse import extract
>>> df = to_frame(extract("二、2024年重点工作\\n城镇新增就业3.1万人以上,地区生产总值增长7.5%左右。"))
>>> df[["metric", "value", "unit", "comparator", "kind"]]
         metric    value unit comparator    kind
0        城镇新增就业  31000.0    人         >=  target
1        地区生产总值      7.5    %          ~  target
>>> df.dtypes[["value", "change", "kind", "metric_start"]].astype(str).tolist()
['float64', 'bool', 'category', 'Int64']
"""
from __future__ import annotations

import contextlib
import os
from typing import IO, Any, Iterable, Mapping

from .target import FIELDS, Target

#: Columns with a fixed set of values (categorical dtype with these categories).
CATEGORIES = {
    "kind": ["target", "actual"],
    "comparator": ["=", ">=", "<=", "~", "range"],
    "direction": ["up", "down"],
}
#: dtype of every column of :func:`to_frame` ("unit" is categorical with the units found).
DTYPES = {
    "doc": "string", "quote": "string", "metric": "string", "value": "float64",
    "value_high": "float64", "unit": "category", "comparator": "category", "change": "bool",
    "deadline": "string", "kind": "category", "redacted": "bool", "direction": "category",
    "confidence": "float64", "section": "string", "text": "string", "start": "int64",
    "end": "int64", "metric_start": "Int64", "metric_end": "Int64", "source": "string",
}

_PANDAS_MISSING = ("policyparse.to_frame needs pandas, an optional extra: "
                   "pip install 'policyparse[pandas]' (or pip install pandas)")


def _pandas():
    try:
        import pandas
    except ImportError:
        raise ImportError(_PANDAS_MISSING) from None
    return pandas


def _row(t: Any) -> dict:
    if isinstance(t, Target):
        return t.to_dict()
    if isinstance(t, Mapping):
        return {k: t.get(k) for k in FIELDS}
    raise TypeError(f"to_frame takes Target records (or dicts of their fields), not {type(t).__name__}")


def to_frame(targets: Iterable[Target | Mapping]):
    """A :class:`pandas.DataFrame` with one row per record and one typed column
    per field of :data:`policyparse.target.FIELDS` (the record's field order).

    ``value``/``value_high``/``confidence`` are float (NaN when missing),
    ``change``/``redacted`` bool, ``kind``/``comparator``/``direction``/``unit``
    categorical, ``start``/``end`` int64, ``metric_start``/``metric_end``
    nullable Int64, the texts pandas ``string``.  Dicts with the record's
    field names (a JSONL line read back) are accepted too.

    >>> to_frame([]).shape
    (0, 20)
    """
    pd = _pandas()
    rows = [_row(t) for t in targets]
    cols = {}
    for name in FIELDS:
        values = [r.get(name) for r in rows]
        dtype = DTYPES[name]
        if name in CATEGORIES:
            cols[name] = pd.Categorical(values, categories=CATEGORIES[name])
        elif name == "unit":
            cols[name] = pd.Categorical(values)
        elif dtype == "bool":
            cols[name] = pd.array([bool(v) for v in values], dtype="bool")
        elif dtype == "float64":
            cols[name] = pd.array([float("nan") if v is None else float(v) for v in values], dtype="float64")
        elif dtype == "int64":
            cols[name] = pd.array([int(v or 0) for v in values], dtype="int64")
        else:
            cols[name] = pd.array(values, dtype=dtype)
    return pd.DataFrame(cols, columns=list(FIELDS))


class TargetList(list):
    """A list of :class:`Target` records that shows as a table in Jupyter and
    converts to a DataFrame or writes JSONL/CSV (the CLI's formats).

    >>> from policyparse import extract
    >>> ts = TargetList(extract("二、2024年重点工作\\n改造22个老旧小区。"))
    >>> ts[0].metric, len(ts)
    ('改造老旧小区', 1)
    >>> ts._repr_html_()[:32]
    '<table class="policyparse"><thea'
    >>> import io, json
    >>> out = io.StringIO(); ts.to_jsonl(out)
    1
    >>> json.loads(out.getvalue())["value"]
    22
    """

    def __getitem__(self, key):
        got = super().__getitem__(key)
        return TargetList(got) if isinstance(key, slice) else got

    def _repr_html_(self) -> str:
        from .io import records_html

        return records_html(self)

    def to_frame(self):
        """The records as a pandas DataFrame (see :func:`to_frame`)."""
        return to_frame(self)

    def to_jsonl(self, out: IO[str] | str | os.PathLike) -> int:
        """Write one JSON object per line to ``out`` (a path or a text stream); returns the count."""
        from .io import write_jsonl

        with _opened(out) as fh:
            return write_jsonl(self, fh)

    def to_csv(self, out: IO[str] | str | os.PathLike) -> int:
        """Write CSV with a header row (the CLI's columns) to ``out`` (a path or a text stream); returns the count."""
        from .io import CSVWriter

        with _opened(out) as fh:
            return CSVWriter(fh).write(self)


@contextlib.contextmanager
def _opened(out):
    if isinstance(out, (str, os.PathLike)):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            yield fh
    else:
        yield out
