"""to_frame and TargetList on real documents."""
import builtins
import csv
import io
import json
import math

import pytest

import policyparse
from policyparse.frame import TargetList, to_frame
from policyparse.target import FIELDS

from conftest import ROOT

pd = pytest.importorskip("pandas")

REPORT = ROOT / "fixtures" / "corpus" / "009_baoding_city_2023_gov_report.txt"
# dev doc 004: a redacted-free list of targets with comparators
START_WORK = "确保续建项目一季度全部复工,新建项目一季度开工40%以上,上半年开工80%以上。"


@pytest.fixture(scope="module")
def report_targets():
    return policyparse.extract_file(REPORT)


def test_one_row_per_target_typed_columns(report_targets):
    df = to_frame(report_targets)
    assert len(df) == len(report_targets) > 50
    assert list(df.columns) == list(FIELDS)
    assert df["value"].dtype == "float64" and df["value_high"].dtype == "float64"
    assert df["confidence"].dtype == "float64"
    assert df["change"].dtype == bool and df["redacted"].dtype == bool
    assert df["start"].dtype == "int64" and df["metric_start"].dtype == "Int64"
    for col in ("kind", "comparator", "unit", "direction"):
        assert isinstance(df[col].dtype, pd.CategoricalDtype), col
    assert list(df["kind"].cat.categories) == ["target", "actual"]
    assert set(df["kind"]) == {"target", "actual"}
    assert isinstance(df["metric"].dtype, pd.StringDtype)
    # row i is record i
    for i in (0, len(df) // 2, len(df) - 1):
        t = report_targets[i]
        row = df.iloc[i]
        assert row["metric"] == t.metric and row["kind"] == t.kind and row["unit"] == t.unit
        assert (math.isnan(row["value"]) if t.value is None else row["value"] == pytest.approx(t.value))
        assert row["start"] == t.start and row["doc"] == REPORT.name


def test_frame_answers_questions(report_targets):
    df = to_frame(report_targets)
    # targets in yuan, as a reviewer would filter them
    yuan = df[(df["kind"] == "target") & (df["unit"] == "元")]
    assert all(t.kind == "target" and t.unit == "元" for t in
               (report_targets[i] for i in yuan.index))
    assert df.groupby("kind", observed=True).size().sum() == len(df)


def test_missing_values_and_comparators():
    df = to_frame(policyparse.extract(START_WORK, year=2023))
    assert df[["metric", "value", "comparator", "deadline"]].values.tolist() == [
        ["新建项目一季度开工", 40.0, ">=", "2023-Q1"], ["开工", 80.0, ">=", "2023-H1"]]
    assert df["value_high"].isna().all() and df["direction"].isna().all()


def test_empty_and_dict_input(report_targets):
    empty = to_frame([])
    assert empty.shape == (0, len(FIELDS)) and empty["kind"].dtype == "category"
    rows = [json.loads(json.dumps(t.to_dict(), ensure_ascii=False)) for t in report_targets[:5]]
    assert to_frame(rows).equals(to_frame(report_targets[:5]))
    with pytest.raises(TypeError, match="Target records"):
        to_frame(["城镇新增就业"])


def test_clear_error_without_pandas(monkeypatch):
    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ImportError, match=r"pip install 'policyparse\[pandas\]'"):
        to_frame(policyparse.extract(START_WORK))


def test_target_list_html_frame_and_writers(report_targets, tmp_path):
    ts = TargetList(report_targets)
    page = ts._repr_html_()
    assert page.startswith('<table class="policyparse">') and page.count("<tr>") == len(ts) + 1
    assert report_targets[0].metric in page
    assert isinstance(ts[:3], TargetList) and len(ts[:3]) == 3 and ts[0] is report_targets[0]
    assert ts.to_frame().equals(to_frame(report_targets))
    # the CLI's writers, to a path or a stream
    assert ts.to_jsonl(tmp_path / "r.jsonl") == len(ts)
    lines = (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [t.to_dict() for t in ts]
    buf = io.StringIO()
    assert ts.to_csv(buf) == len(ts)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert list(rows[0]) == list(FIELDS) and rows[0]["metric"] == ts[0].metric
    assert TargetList()._repr_html_().count("<tr>") == 1
