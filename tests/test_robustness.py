"""Robustness under bad input: property tests, pathological lines, odd files.

Timing bounds here are generous safety nets against catastrophic (super-linear)
behaviour, not performance measurements: see benchmarks/ for those.
"""
import json
import os
import random
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policyparse
from policyparse import InputError, extract, extract_file
from policyparse.batch import extract_many
from policyparse.decode import decode_bytes

from conftest import DEV_DOCS, ROOT

DOC = (DEV_DOCS[:1] or sorted((ROOT / "fixtures" / "corpus").glob("*.txt"))[:1])[0]
BOUND_S = 60  # a 1 MB line must finish well within this, on a loaded CI machine

# -- property tests ---------------------------------------------------------------

# fragments that reach deep into the grammar: numbers, numerals, units,
# comparators, periods, headings, pinyin readings, traditional characters,
# full-width forms, markup, furniture, redaction
FRAGMENTS = [
    "3.1", "7.5", "1,200", "0.5", "2024", "2023年", "十四五", "一季度", "上半年", "6月底前", "到2025年",
    "万", "亿", "万亿", "千", "百分之", "%", "％", "个百分点", "人", "元", "亿元", "万人", "家", "亩", "平方米",
    "公里", "千瓦", "吨", "个", "以上", "以内", "左右", "不低于", "约", "近", "余", "多", "增长", "下降",
    "分别", "、", ",", "，", "。", ";", ":", "(", ")", "（", "）", "“", "”", "《", "》", "\n", " ", "\u3000",
    "一、", "(一)", "1.", "二、2024年重点工作", "一、2023年工作回顾", "力争", "确保", "已", "累计", "截至",
    "城镇新增就业", "地区生产总值", "创(chuàng)建", "國(guó)家", "個(gè)", "總投資", "億元", "XX", "X",
    "１２３", "<p>", "</p>", "&nbsp;", "<br/>", "查看: 93|回复: 0", "ICP备", "-", "~", "至",
    "一", "二", "两", "三", "十", "百", "零", "〇", "1-2家", "第三", "\r\n", "\t",
]
policy_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=60,
).map("".join)
any_text = st.one_of(st.text(max_size=300), policy_text)


def _check_offsets(raw, targets):
    html = policyparse.clean_text(raw).html
    for t in targets:
        assert 0 <= t.start <= t.end <= len(raw), (t.start, t.end, len(raw))
        if t.metric_start is not None:
            assert 0 <= t.metric_start <= t.metric_end <= len(raw)
        if not html:  # from a web page the quote is its text without the markup
            assert raw[t.start:t.end] in t.quote, (raw[t.start:t.end], t.quote)
            assert t.quote in raw
            assert t.quote in t.text and t.text in raw


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_any_text_never_raises_offsets_index_the_input_and_output_is_stable(raw):
    first = extract(raw)
    assert all(isinstance(t, policyparse.Target) for t in first)
    _check_offsets(raw, first)
    assert [t.to_dict() for t in extract(raw)] == [t.to_dict() for t in first]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_give_records_or_a_one_line_input_error(data):
    try:
        targets = extract(data, source="blob.txt")
    except InputError as exc:
        assert str(exc).startswith("blob.txt: ") and "\n" not in str(exc)
        return
    text = decode_bytes(data)[0]
    _check_offsets(text, targets)


_DETERMINISM = textwrap.dedent("""
    import json, sys
    from policyparse import extract_file
    print(json.dumps([[t.to_dict() for t in extract_file(p)] for p in sys.argv[1:]], ensure_ascii=False))
""")


def test_same_output_across_processes_and_hash_seeds():
    docs = [str(p) for p in (DEV_DOCS[:3] or [DOC])]
    outs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        res = subprocess.run([sys.executable, "-c", _DETERMINISM, *docs], capture_output=True, text=True,
                             env=env, timeout=600)
        assert res.returncode == 0, res.stderr[-2000:]
        outs.append(json.loads(res.stdout))
    assert outs[0] == outs[1]
    assert outs[0] == [[t.to_dict() for t in extract_file(p)] for p in docs]


# -- pathological lines: bounded time ----------------------------------------------

def _random_line(tokens, n: int, seed: int) -> str:
    """n characters of randomly chosen tokens (seeded)."""
    rnd = random.Random(seed)
    out, size = [], 0
    while size < n:
        t = rnd.choice(tokens)
        out.append(t)
        size += len(t)
    return "".join(out)[:n]


def _line_numbers(n: int) -> str:
    toks = ["1", "23", "4.5", "0", "1,000", "万", "亿", "万亿", "千", "元", "%", "个百分点", "一", "二十", "三百",
            "零", "两", "十", "百", "点", "以上", "左右", "-", "~", "至", "人", "家", "亩", "吨", "X", "XX", "年"]
    return _random_line(toks, n, 6)


def _line_chinese_numerals(n: int) -> str:
    return _random_line(list("零〇一二两三四五六七八九十百千万亿"), n, 7)


def _line_parens_pinyin(n: int) -> str:
    toks = ["(", "((", "(chuàng", "(jiàn)", "guó", "(gè)", "建", "國", "zhong(", "(ab", ")", "(qū", "區"]
    return _random_line(toks, n, 8)


_RUN_FILE = "import sys, policyparse; t = policyparse.extract_file(sys.argv[1]); print(len(t))"


def _extract_in_subprocess(path, timeout):
    try:
        return subprocess.run([sys.executable, "-c", _RUN_FILE, str(path)], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"extract_file({path.name}) did not finish within {timeout} s (super-linear time)")


PATHOLOGICAL = {
    "digits_numerals_units": _line_numbers,
    "parens_pinyin": _line_parens_pinyin,
    "chinese_numerals": _line_chinese_numerals,
}
#: kind -> reason, for a known super-linear case: marked xfail(strict=True) until fixed
#: (at commit f037868 the numbers line and the Chinese-numerals line both timed out:
#: see the reproducers in the issue 6 report)
KNOWN_SLOW: dict[str, str] = {}


@pytest.mark.parametrize("kind", [
    pytest.param(k, marks=pytest.mark.xfail(strict=True, reason=KNOWN_SLOW[k])) if k in KNOWN_SLOW else k
    for k in PATHOLOGICAL
])
def test_one_megabyte_line_completes_in_bounded_time(tmp_path, kind):
    path = tmp_path / f"{kind}.txt"
    path.write_text(PATHOLOGICAL[kind](1_000_000), encoding="utf-8")
    res = _extract_in_subprocess(path, BOUND_S)
    assert res.returncode == 0, res.stderr[-2000:]


# -- files ------------------------------------------------------------------------

def _traditional_sample():
    """A real document in traditional characters (OpenCC s2t)."""
    import opencc

    return opencc.OpenCC("s2t").convert(DOC.read_text(encoding="utf-8"))


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert extract_file(p) == []


def test_binary_file_is_a_one_line_input_error_naming_it(tmp_path):
    p = tmp_path / "image.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    with pytest.raises(InputError) as exc:
        extract_file(p)
    msg = str(exc.value)
    assert msg.startswith(str(p) + ": ") and "\n" not in msg and exc.value.source == str(p)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig", "big5"])
def test_encodings_give_the_same_records_as_the_text(tmp_path, encoding):
    text = _traditional_sample() if encoding == "big5" else DOC.read_text(encoding="utf-8")
    if encoding in ("gbk", "gb18030", "big5"):
        text = text.encode(encoding, errors="ignore").decode(encoding)  # what the encoding can hold
    p = tmp_path / f"doc.{encoding}.txt"
    data = text.encode(encoding)
    if encoding == "utf-16":
        assert data[:2] in (b"\xff\xfe", b"\xfe\xff")  # with a BOM
    p.write_bytes(data)
    got = extract_file(p)
    assert got, "no records"
    want = extract(text, source=str(p))
    assert [t.to_dict() for t in got] == [t.to_dict() for t in want]
    for t in got:
        assert text[t.start:t.end] in t.quote


_BIG = textwrap.dedent("""
    import sys, time
    from policyparse import InputError, extract_file
    t = time.perf_counter()
    try:
        n = len(extract_file(sys.argv[1]))
        print("records", n, round(time.perf_counter() - t, 1))
    except InputError as exc:
        print("InputError", exc)
""")


BIG_BOUND_S = 300


def test_fifty_mb_file_gives_a_result_or_a_clear_error(tmp_path):
    p = tmp_path / "huge.txt"
    block = DOC.read_text(encoding="utf-8") + "\n"
    with open(p, "w", encoding="utf-8") as fh:
        written = 0
        while written < 50 * 2**20:
            fh.write(block)
            written += len(block.encode("utf-8"))
    try:
        res = subprocess.run([sys.executable, "-c", _BIG, str(p)], capture_output=True, text=True,
                             timeout=BIG_BOUND_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"a 50 MB file neither gave a result nor an InputError within {BIG_BOUND_S} s")
    out = res.stdout.strip()
    assert res.returncode == 0, res.stderr[-2000:]
    assert out.startswith("records") or (out.startswith(f"InputError {p}: ") and "\n" not in out), out


def test_in_a_batch_bad_files_never_stop_or_lose_the_others(tmp_path):
    files = []
    for name, data in [("ok1.txt", DOC.read_bytes()), ("empty.txt", b""), ("bin.txt", b"\x00\x01" * 500),
                       ("gbk.txt", DOC.read_text(encoding="utf-8").encode("gb18030")),
                       ("utf16.txt", DOC.read_text(encoding="utf-8").encode("utf-16")),
                       ("bad.txt", b"\xff\xfe\x00\xd8"), ("ok2.txt", DOC.read_bytes())]:
        (tmp_path / name).write_bytes(data)
        files.append(tmp_path / name)
    files.insert(3, tmp_path / "missing.txt")
    res = list(extract_many(files, n_process=2, chunksize=2))
    assert [r.source for r in res] == [str(f) for f in files]
    errors = {os.path.basename(r.source) for r in res if r.error}
    assert errors == {"bin.txt", "missing.txt", "bad.txt"}
    for r in res:
        if r.error:
            assert r.error.startswith(r.source + ": ") and "\n" not in r.error
    ok = [t.to_dict() | {"doc": None, "source": None} for t in res[0].targets]
    for r in res:
        if os.path.basename(r.source) in ("ok2.txt", "gbk.txt", "utf16.txt"):
            assert [t.to_dict() | {"doc": None, "source": None} for t in r.targets] == ok
