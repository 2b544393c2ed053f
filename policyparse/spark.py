"""Spark: add target records to a DataFrame of documents (optional extra ``policyparse[spark]``).

For corpora that outgrow one machine.  :func:`extract_targets` takes a
DataFrame with one row per document and returns a DataFrame with one row per
record, computed on the executors with ``mapInPandas`` and an explicit schema
(:func:`targets_schema`)::

    pip install 'policyparse[spark]'        # pyspark, pandas, pyarrow

A corpus in object storage (S3 through ``s3a://``; ``gs://`` and ``abfss://``
work the same way with their connectors), one document per file::

    from pyspark.sql import SparkSession, functions as F
    from policyparse.spark import extract_targets

    spark = SparkSession.builder.appName("policyparse").getOrCreate()
    docs = (spark.read.text("s3a://bucket/reports/*.txt", wholetext=True)   # one row per file
                 .select(F.input_file_name().alias("doc"), F.col("value").alias("text")))
    records = extract_targets(docs, text_col="text", id_col="doc")
    records.write.mode("overwrite").parquet("s3a://bucket/policyparse/records/")

``spark.read.text`` decodes every file as UTF-8.  For a corpus that mixes
encodings (GBK, Big5, UTF-16) read the raw bytes instead and let policyparse
detect the encoding, exactly as :func:`policyparse.extract_file` does::

    docs = (spark.read.format("binaryFile").option("pathGlobFilter", "*.txt")
                 .load("s3a://bucket/reports/")
                 .select(F.col("path").alias("doc"), F.col("content").alias("text")))
    records = extract_targets(docs)                  # a binary text column is decoded per row

The result has the id column first (its type is kept), then the record
fields of :class:`policyparse.Target` (``doc`` and ``source`` are left out:
the id column names the document), then ``error``.  A document that cannot
be read (binary, undecodable) or on which extraction fails gives, with the
default ``on_error="row"``, one row whose record fields are null and whose
``error`` is a one-line message naming it; ``on_error="drop"`` leaves it
out; ``on_error="raise"`` fails the Spark task.  A document without records
gives no row; left-join on the id column to keep such documents.

The executors need policyparse installed, the same version as the driver:
install it on the cluster's images or bootstrap, or ship a packed virtual
environment (``venv-pack -o env.tar.gz``, then
``spark.archives=env.tar.gz#env`` and ``PYSPARK_PYTHON=./env/bin/python``).
Each Python worker builds the extractor once and reuses it for every
document of every partition it handles.  Keep documents whole: one row is
one document, and partitions of a few hundred documents balance well
(``docs.repartition(n)`` when a few huge files make skew).
"""
from __future__ import annotations

from typing import Iterator

from .target import FIELDS

__all__ = ["RECORD_FIELDS", "extract_targets", "targets_schema"]

#: Record columns of the output, in order (``doc``/``source`` are replaced by the id column).
RECORD_FIELDS = tuple(f for f in FIELDS if f not in ("doc", "source")) + ("error",)

_TYPES = {
    "value": "double", "value_high": "double", "confidence": "double",
    "change": "boolean", "redacted": "boolean",
    "start": "long", "end": "long", "metric_start": "long", "metric_end": "long",
}
_ON_ERROR = ("row", "drop", "raise")


def _require_pyspark():
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError("policyparse.spark needs pyspark, pandas and pyarrow: "
                          "pip install 'policyparse[spark]'") from exc


def targets_schema(id_field=None):
    """The ``StructType`` of :func:`extract_targets`' result.

    ``id_field``: the ``StructField`` of the id column (default: a string
    column named ``doc``).
    """
    _require_pyspark()
    from pyspark.sql import types as T

    simple = {"double": T.DoubleType(), "boolean": T.BooleanType(), "long": T.LongType()}
    if id_field is None:
        id_field = T.StructField("doc", T.StringType(), True)
    fields = [T.StructField(id_field.name, id_field.dataType, True)]
    for name in RECORD_FIELDS:
        fields.append(T.StructField(name, simple.get(_TYPES.get(name, ""), T.StringType()), True))
    return T.StructType(fields)


def _records_of(doc_id, text, year, on_error: str) -> list[dict]:
    """Rows (dicts of RECORD_FIELDS + '_id') for one document; runs on an executor."""
    from .errors import InputError
    from .extract import extract

    name = str(doc_id)
    try:
        if text is None:
            raise InputError(name, "no text (null)")
        if isinstance(text, (bytearray, memoryview)):
            text = bytes(text)
        targets = extract(text, year=year, source=name)
    except Exception as exc:
        if on_error == "raise":
            raise
        if on_error == "drop":
            return []
        msg = str(exc) if isinstance(exc, InputError) else f"{name}: internal error: {type(exc).__name__}: {exc}"
        msg = " ".join(msg.split())
        if not msg.startswith(name):
            msg = f"{name}: {msg}"
        row = {f: None for f in RECORD_FIELDS}
        row["error"] = msg
        row["_id"] = doc_id
        return [row]
    rows = []
    for t in targets:
        d = t.to_dict()
        row = {f: d.get(f) for f in RECORD_FIELDS}
        row["value"] = None if d["value"] is None else float(d["value"])
        row["value_high"] = None if d["value_high"] is None else float(d["value_high"])
        row["_id"] = doc_id
        rows.append(row)
    return rows


def _partition_fn(id_col: str, text_col: str, year_col, year, on_error: str):
    """The function given to ``mapInPandas`` (a closure over plain values: picklable)."""

    def run(batches: Iterator) -> Iterator:
        import pandas as pd

        from .extract import _extractor

        _extractor()  # once per Python worker
        cols = [id_col] + list(RECORD_FIELDS)
        for pdf in batches:
            rows: list[dict] = []
            ids = pdf[id_col].tolist()
            textsv = pdf[text_col].tolist()
            years = pdf[year_col].tolist() if year_col else [None] * len(ids)
            for doc_id, text, y in zip(ids, textsv, years):
                if y is None or pd.isna(y):
                    y = year
                else:
                    y = int(y)
                rows.extend(_records_of(doc_id, text, y, on_error))
            out = pd.DataFrame({c: pd.Series([r["_id"] if c == id_col else r[c] for r in rows], dtype=object)
                                for c in cols})
            yield out

    return run


def extract_targets(df, text_col: str = "text", id_col: str = "doc", *, year: int | None = None,
                    year_col: str | None = None, on_error: str = "row"):
    """One row per record of each document of ``df``; see the module docstring.

    ``text_col``: a string column (already decoded text) or a binary column
    (raw bytes: UTF-8, UTF-16 with BOM, GB18030/GBK or Big5, detected per
    document).  ``id_col``: the document's id, kept as the first column
    of the result and used as the records' source name.  ``year`` (or, per
    row, the integer column ``year_col``) is the documents' 今年; inferred
    when None.  ``on_error``: ``"row"``, ``"drop"`` or ``"raise"``.
    """
    _require_pyspark()
    if on_error not in _ON_ERROR:
        raise ValueError(f"on_error must be one of {_ON_ERROR}, not {on_error!r}")
    names = df.columns
    for col in (text_col, id_col) + ((year_col,) if year_col else ()):
        if col not in names:
            raise ValueError(f"no column {col!r} in the DataFrame (columns: {', '.join(names)})")
    if id_col in RECORD_FIELDS:
        raise ValueError(f"id_col {id_col!r} clashes with a record field; rename it first")
    from pyspark.sql import types as T

    text_type = df.schema[text_col].dataType
    if not isinstance(text_type, (T.StringType, T.BinaryType)):
        raise TypeError(f"column {text_col!r} must be a string or binary column, not {text_type.simpleString()}")
    schema = targets_schema(df.schema[id_col])
    keep = [id_col, text_col] + ([year_col] if year_col else [])
    fn = _partition_fn(id_col, text_col, year_col, year, on_error)
    return df.select(*keep).mapInPandas(fn, schema=schema)
