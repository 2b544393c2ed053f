"""policyparse.spark in Spark local mode (pip install 'policyparse[spark]'; needs Java 17+)."""
import os
import shutil
import sys

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'policyparse[spark]')")
pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install 'policyparse[spark]')")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime for Spark (java not on PATH, JAVA_HOME unset)", allow_module_level=True)

from policyparse import extract  # noqa: E402
from policyparse.spark import RECORD_FIELDS, extract_targets  # noqa: E402

from conftest import DEV_DOCS, ROOT  # noqa: E402

DOCS = DEV_DOCS[:3] or sorted((ROOT / "fixtures" / "corpus").glob("*.txt"))[:3]


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers run this venv's Python
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[1]").appName("policyparse-test")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _records(targets):
    return [(t.metric, t.value, t.unit, t.kind, t.deadline, t.start, t.end) for t in targets]


def test_text_files_read_whole_one_row_per_record(spark):
    from pyspark.sql import functions as F

    docs = (spark.read.text([str(p) for p in DOCS], wholetext=True)
            .select(F.input_file_name().alias("doc"), F.col("value").alias("text")))
    out = extract_targets(docs, text_col="text", id_col="doc")
    assert out.columns == ["doc", *RECORD_FIELDS]
    assert dict(out.dtypes)["value"] == "double" and dict(out.dtypes)["start"] == "bigint"
    rows = out.collect()
    assert all(r.error is None for r in rows)
    for p in DOCS:
        mine = sorted((r.metric, r.value, r.unit, r.kind, r.deadline, r.start, r.end)
                      for r in rows if r.doc.endswith(p.name))
        want = sorted(_records(extract(p.read_text(encoding="utf-8"))))
        assert mine == [(m, float(v) if v is not None else None, *rest) for m, v, *rest in want]


def test_binary_column_decodes_per_row_and_bad_rows_are_reported(spark, tmp_path):
    from pyspark.sql import types as T

    text = DOCS[0].read_text(encoding="utf-8")
    gbk = text.encode("gb18030")
    schema = T.StructType([T.StructField("id", T.LongType()), T.StructField("content", T.BinaryType()),
                           T.StructField("year", T.IntegerType())])
    df = spark.createDataFrame([(1, gbk, None), (2, b"\x00\x01\x02" * 100, None), (3, None, None),
                                (4, "二、重点工作\n城镇新增就业3.1万人以上。".encode(), 2030)], schema)
    out = extract_targets(df, text_col="content", id_col="id", year_col="year")
    assert out.schema["id"].dataType == T.LongType()
    rows = out.collect()
    by = {}
    for r in rows:
        by.setdefault(r.id, []).append(r)
    assert len(by[1]) == len(extract(gbk)) and all(r.error is None for r in by[1])
    (bad,) = by[2]
    assert bad.metric is None and bad.error.startswith("2: ") and "binary" in bad.error
    (null,) = by[3]
    assert null.error.startswith("3: ")
    (plan,) = by[4]
    assert (plan.metric, plan.value, plan.deadline) == ("城镇新增就业", 31000.0, "2030")
    dropped = extract_targets(df, text_col="content", id_col="id", on_error="drop").collect()
    assert {r.id for r in dropped} == {1, 4}


def test_argument_errors(spark):
    df = spark.createDataFrame([("a", "x")], ["doc", "text"])
    with pytest.raises(ValueError, match="no column"):
        extract_targets(df, text_col="body")
    with pytest.raises(ValueError, match="on_error"):
        extract_targets(df, on_error="ignore")
    with pytest.raises(ValueError, match="clashes"):
        extract_targets(df.withColumnRenamed("doc", "metric"), id_col="metric")
