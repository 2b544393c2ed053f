"""extract_many: order, streaming, bad inputs, worker processes."""
import os
from pathlib import Path

import pytest

import policyparse.batch as batch
from policyparse import InputError, extract, extract_file
from policyparse.batch import DocResult, Text, extract_many, texts

from conftest import DEV_DOCS, ROOT

DOCS = DEV_DOCS[:4] or sorted((ROOT / "fixtures" / "corpus").glob("*.txt"))[:4]
PLAN = "二、2024年重点工作\n城镇新增就业3.1万人以上,地区生产总值增长7.5%左右。"


def dicts(targets):
    return [t.to_dict() for t in targets]


@pytest.fixture(scope="module")
def expected():
    return {str(p): dicts(extract_file(p)) for p in DOCS}


@pytest.fixture()
def bad_files(tmp_path):
    """name -> path of inputs that cannot be read, plus one readable GBK file."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "bad_utf16.txt").write_bytes(b"\xff\xfe" + b"\x00\xd8A\x00" * 10)  # lone surrogate
    (tmp_path / "a_directory").mkdir()
    (tmp_path / "gbk.txt").write_bytes(PLAN.encode("gbk"))
    return {
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "binary.txt",
        "bad_utf16": tmp_path / "bad_utf16.txt",
        "directory": tmp_path / "a_directory",
        "missing": tmp_path / "missing.txt",
        "gbk": tmp_path / "gbk.txt",
    }


def test_serial_results_equal_extract_file(expected):
    res = list(extract_many(DOCS))
    assert [r.source for r in res] == [str(p) for p in DOCS]
    assert all(isinstance(r, DocResult) and r.ok and r.error is None for r in res)
    assert {r.source: dicts(r.targets) for r in res} == expected
    source, targets, error = res[0]  # a (source, targets, error) tuple
    assert source == str(DOCS[0]) and error is None and targets


@pytest.mark.parametrize("chunksize", [1, 3])
def test_two_processes_same_results_in_input_order(expected, chunksize):
    items = [Path(p) for p in DOCS] * 2  # PathLike works too
    res = list(extract_many(items, n_process=2, chunksize=chunksize))
    assert [r.source for r in res] == [str(p) for p in items]
    assert [dicts(r.targets) for r in res] == [expected[str(p)] for p in items]


@pytest.mark.parametrize("n_process", [1, 2])
def test_bad_files_are_reported_by_name_and_never_stop_the_others(expected, bad_files, n_process):
    items = [DOCS[0], bad_files["binary"], bad_files["missing"], DOCS[1], bad_files["directory"],
             bad_files["bad_utf16"], bad_files["empty"], bad_files["gbk"], DOCS[2]]
    res = list(extract_many(items, n_process=n_process, chunksize=2))
    assert [r.source for r in res] == [os.fspath(p) for p in items]
    by = {r.source: r for r in res}
    for key in ("binary", "missing", "directory", "bad_utf16"):
        r = by[str(bad_files[key])]
        assert not r.ok and r.targets == []
        assert r.error.startswith(str(bad_files[key]) + ": "), r.error
        assert "\n" not in r.error
    assert "binary" in by[str(bad_files["binary"])].error
    assert "no such file" in by[str(bad_files["missing"])].error
    assert "directory" in by[str(bad_files["directory"])].error
    assert by[str(bad_files["empty"])] == DocResult(str(bad_files["empty"]), [], None)
    gbk = by[str(bad_files["gbk"])]
    assert gbk.ok and [(t.metric, t.value) for t in gbk.targets] == [("城镇新增就业", 31000), ("地区生产总值", 7.5)]
    for p in DOCS[:3]:
        assert by[str(p)].ok and dicts(by[str(p)].targets) == expected[str(p)]


def test_text_wrapper_for_raw_text_and_bytes():
    res = list(extract_many([Text(PLAN, name="plan"), Text(PLAN.encode("gb18030")), Text(PLAN, year=2030)]))
    assert [r.source for r in res] == ["plan", "<text 1>", "<text 2>"]
    assert dicts(res[0].targets) == dicts(extract(PLAN, source="plan"))
    assert dicts(res[1].targets) == dicts(extract(PLAN.encode("gb18030"), source="<text 1>"))
    assert dicts(res[2].targets) == dicts(extract(PLAN, year=2030, source="<text 2>"))
    assert all(t.source == "plan" for t in res[0].targets)
    wrapped = list(texts(["甲", b"\xff\xfe"], names=["a", "b"]))
    assert wrapped == [Text("甲", name="a"), Text(b"\xff\xfe", name="b")]


def test_a_str_is_always_a_path_never_text():
    (r,) = extract_many(["城镇新增就业3.1万人以上。"])
    assert not r.ok and r.error == "城镇新增就业3.1万人以上。: no such file"


def test_usage_errors_raise_at_once():
    with pytest.raises(TypeError, match="Text"):
        list(extract_many([b"raw bytes"]))
    with pytest.raises(TypeError, match="expected a path"):
        list(extract_many([42]))
    with pytest.raises(ValueError, match="on_error"):
        extract_many([], on_error="ignore")
    with pytest.raises(ValueError, match="n_process"):
        extract_many([], n_process=-2)
    with pytest.raises(TypeError, match="unknown option"):
        extract_many([], no_such_option=True)


@pytest.mark.parametrize("n_process", [1, 2])
def test_on_error_skip_and_raise(bad_files, n_process):
    items = [Text(PLAN, name="a"), bad_files["binary"], Text(PLAN, name="c")]
    assert [r.source for r in extract_many(items, n_process=n_process, on_error="skip")] == ["a", "c"]
    it = extract_many(items, n_process=n_process, on_error="raise", chunksize=1)
    assert next(it).source == "a"
    with pytest.raises(InputError) as exc:
        next(it)
    assert exc.value.source == str(bad_files["binary"]) and "binary" in exc.value.reason


@pytest.mark.parametrize("n_process, chunksize, bound", [(1, 4, 1), (2, 1, 5), (2, 3, 2 * 2 * 3 + 3)])
def test_inputs_are_consumed_lazily(n_process, chunksize, bound):
    """Back-pressure: at most 2 * n_process chunks are in flight, so memory
    stays flat however many inputs there are and however slow the consumer."""
    pulled = 0

    def gen():
        nonlocal pulled
        for i in range(50):
            pulled += 1
            yield Text(PLAN, name=f"d{i}")

    it = extract_many(gen(), n_process=n_process, chunksize=chunksize)
    first = next(it)
    assert first.source == "d0" and pulled <= bound
    rest = list(it)
    assert [r.source for r in rest] == [f"d{i}" for i in range(1, 50)] and pulled == 50


def test_many_small_documents_in_order():
    n = 600
    items = (Text(f"二、2024年重点工作\n新增企业{i + 1}家。", name=f"doc{i}") for i in range(n))
    seen = 0
    for i, r in enumerate(extract_many(items, n_process=2, chunksize=25)):
        assert r.source == f"doc{i}" and r.ok
        assert [(t.value, t.unit) for t in r.targets] == [(i + 1, "家")]
        seen += 1
    assert seen == n


def test_closing_the_stream_early_shuts_the_workers_down():
    it = extract_many([Text(PLAN, name=f"d{i}") for i in range(20)], n_process=2, chunksize=1)
    assert next(it).source == "d0"
    it.close()  # must return, not hang


def crashy_run_chunk(chunk):
    """Stands in for batch._run_chunk in the workers: dies on a document named CRASH."""
    if any(p[1] == "CRASH" for p in chunk):
        os._exit(3)
    return batch._run_chunk(chunk)


def test_a_worker_that_dies_costs_only_its_document(monkeypatch):
    monkeypatch.setattr(batch, "_run_chunk", crashy_run_chunk)
    names = ["a", "b", "CRASH", "d", "e", "f", "g"]
    res = list(extract_many([Text(PLAN, name=n) for n in names], n_process=2, chunksize=2))
    assert [r.source for r in res] == names
    assert [r.ok for r in res] == [n != "CRASH" for n in names]
    assert "worker process died" in res[2].error and res[2].error.startswith("CRASH: ")
    assert all(len(r.targets) == 2 for r in res if r.ok)


def test_script_read_from_stdin_runs_serially_with_a_warning(tmp_path):
    """Spawned workers cannot re-import a script piped to `python -`: fall back, do not fail every file."""
    import subprocess
    import sys

    doc = tmp_path / "a.txt"
    doc.write_text("二、2024年重点工作\n新增技能人才2万人。", encoding="utf-8")
    script = ("import warnings\nfrom policyparse import extract_many\n"
              f"res = list(extract_many([{str(doc)!r}], n_process=2))\n"
              "print(res[0].error, len(res[0].targets))\n")
    out = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["None", "1"]
    assert "running in this process instead" in out.stderr
