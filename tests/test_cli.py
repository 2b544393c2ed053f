"""The command line, end to end, as the evaluation runs it."""
import csv
import io
import json
import subprocess
import sys


from policyparse.target import ANNOTATION_FIELDS

from conftest import GOLD, SCORER

CLI = [sys.executable, "-m", "policyparse"]


def run(*args, stdin=None):
    return subprocess.run(CLI + list(args), capture_output=True, text=True, input=stdin, timeout=300)


def test_help_and_version():
    assert "extract" in run("--help").stdout
    assert run("--version").stdout.startswith("policyparse ")


def test_extract_dev_documents_jsonl_and_score(dev_docs, tmp_path):
    res = run("extract", *map(str, dev_docs), "--format", "jsonl")
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) > 300
    for row in rows:
        assert set(ANNOTATION_FIELDS) <= set(row)
        assert row["kind"] in ("target", "actual")
        assert row["comparator"] in ("=", ">=", "<=", "~", "range")
        assert 0 <= row["confidence"] <= 1
    # offsets point at the number as written in the original file
    by_doc = {p.name: p.read_text(encoding="utf-8") for p in dev_docs}
    for row in rows:
        src = by_doc[row["doc"]][row["start"]:row["end"]]
        assert src and src[0] not in ",。、", row
    docs = {row["doc"] for row in rows}
    assert docs == {p.name for p in dev_docs}
    pred = tmp_path / "pred.jsonl"
    pred.write_text(res.stdout, encoding="utf-8")
    score = subprocess.run([sys.executable, str(SCORER), "--gold", str(GOLD), "--pred", str(pred), "--json"],
                           capture_output=True, text=True, check=True)
    result = json.loads(score.stdout)
    # regression floor well under the measured figures (see docs/performance.md)
    assert result["all_f1"] > 0.8
    assert result["target_f1"] > 0.7


def test_csv_and_table_formats(dev_docs):
    res = run("extract", str(dev_docs[0]), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows and rows[0]["doc"] == dev_docs[0].name and rows[0]["metric"]
    res = run("extract", str(dev_docs[0]), "--format", "table")
    assert "metric" in res.stdout.splitlines()[0]


def test_stdin_and_year():
    res = run("extract", "-", "--year", "2024", "--format", "jsonl", stdin="城镇新增就业3.1万人以上。")
    row = json.loads(res.stdout)
    assert (row["metric"], row["value"], row["comparator"], row["deadline"]) == ("城镇新增就业", 31000, ">=", "2024")


def test_bad_files_are_reported_and_the_rest_processed(tmp_path, dev_docs):
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(bytes(range(256)) * 20)
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("二、2024年重点工作\n新增技能人才2万人。".encode("gbk"))
    res = run("extract", str(binary), str(tmp_path / "missing.txt"), str(gbk), "--format", "jsonl")
    assert res.returncode == 1
    assert "scan.pdf: looks like a binary file" in res.stderr
    assert "missing.txt: no such file" in res.stderr
    assert "Traceback" not in res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [(r["doc"], r["value"]) for r in rows] == [("gbk.txt", 20000)]


def test_demo_runs_on_the_bundled_example():
    res = run("demo")
    assert res.returncode == 0
    assert "生产总值" in res.stdout


def test_jobs_keep_order_and_exit_codes(dev_docs, tmp_path):
    serial = run("extract", *map(str, dev_docs), "--format", "jsonl")
    parallel = run("extract", *map(str, dev_docs), "--format", "jsonl", "--jobs", "2")
    assert parallel.returncode == 0
    assert parallel.stdout == serial.stdout
    res = run("extract", str(dev_docs[0]), str(tmp_path / "missing.txt"), "--jobs", "2", "--format", "jsonl")
    assert res.returncode == 1
    assert "missing.txt: no such file" in res.stderr


def test_rules_only_switch(dev_docs):
    res = run("extract", str(dev_docs[2]), "--rules-only", "--format", "jsonl")
    assert res.returncode == 0 and res.stdout.strip()
