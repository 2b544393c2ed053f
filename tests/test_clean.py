"""Cleaning keeps a map back to the original, on real documents and real messes."""
from pathlib import Path

import pytest

from policyparse import InputError, clean_bytes, clean_text
from policyparse.clean import _Buf, _join_wrapped_lines, to_simplified
from policyparse.decode import decode_bytes

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"


def _fold(ch):
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:
        return chr(o - 0xFEE0)
    return " " if ch == "\u3000" else ch


def test_offsets_round_trip_on_every_dev_document(dev_docs):
    """Every character of clean text maps to the original character it came from."""
    for path in dev_docs:
        doc = clean_bytes(path.read_bytes(), str(path))
        assert doc.text, path
        for i, ch in enumerate(doc.text):
            if ch == "\n":
                continue
            s, e = doc.to_original(i, i + 1)
            assert e - s >= 1, (path.name, i)
            src = doc.original[s:e]
            assert to_simplified(_fold(src[0])) == ch, (path.name, i, ch, src)


def test_spans_map_back_to_the_written_text(dev_docs):
    path = next(p for p in dev_docs if p.name.startswith("003"))
    doc = clean_bytes(path.read_bytes(), str(path))
    i = doc.text.index("创建国家文旅融合示范区")
    s, e = doc.to_original(i, i + 4)
    assert doc.original[s:e] == "創(chuàng)建國(guó)家"


@pytest.mark.parametrize("raw, clean", [
    ("創(chuàng)建國(guó)家", "创建国家"),
    ("推動(dòng)實(shí)施泥河流域生態(tài)環(huán)境導(dǎo)向開發(fā)(EOD)項(xiàng)目", "推动实施泥河流域生态环境导向开发(EOD)项目"),
    ("潘集經(jīng)濟(jì)開發(fā)區(qū)(北區(qū))", "潘集经济开发区(北区)"),
    ("《創(chuàng)優(yōu)營(yíng)商環(huán)境對(duì)標(biāo)提升舉措(2022版)》", "《创优营商环境对标提升举措(2022版)》"),
    ("全縣共有XX萬(wàn)人脫貧勞動(dòng)力(含監(jiān)測(cè)對(duì)象XX萬(wàn)人)", "全县共有XX万人脱贫劳动力(含监测对象XX万人)"),
    ("城镇新增就业４５００人", "城镇新增就业4500人"),
    ("地区生产总值增长７．５％左右", "地区生产总值增长7.5%左右"),
    ("新增就业1.1 万人", "新增就业1.1万人"),
    # half an emoji (a JSON dump that split a surrogate pair): one U+FFFD, same length
    ("城镇新增就业4500人\ud83d,新建5所幼儿园", "城镇新增就业4500人\ufffd,新建5所幼儿园"),
    # invisible characters go, even inside a number; separators are line breaks
    ("城镇新增就业3\u200b.1万人", "城镇新增就业3.1万人"),
    ("\ufeff城镇新增\u200d就业3.1\x00万人", "城镇新增就业3.1万人"),
    ("城镇新增就业3.1万人\u2028新建5所幼儿园", "城镇新增就业3.1万人\n新建5所幼儿园"),
    # character references left in a plain-text file
    ("城镇新增就业3.1&nbsp;万人&#65292;新建5所幼儿园&amp;托育机构", "城镇新增就业3.1万人,新建5所幼儿园&托育机构"),
])
def test_clean_text_table(raw, clean):
    assert clean_text(raw).text == clean


def test_lone_surrogates_do_not_break_extraction_or_output():
    import json

    from policyparse import extract

    text = "2024年目标:城镇新增就业3.1万人以上\ud83d,新建5所幼儿园\udcff。"
    got = extract(text, year=2024)
    assert [(t.metric, t.value) for t in got] == [("城镇新增就业", 31000), ("新建幼儿园", 5)]
    # offsets still point into the caller's text
    assert [text[t.start:t.end] for t in got] == ["3.1万人以上", "5所"]
    for t in got:
        json.dumps(t.to_dict(), ensure_ascii=False).encode("utf-8")  # writable


def test_invisible_characters_and_references_keep_offsets_into_the_input():
    from policyparse import extract

    text = "二、2024年重点工作\n城镇新增就业3\u200b.1万人以上&#65292;新建5所幼儿园&nbsp;。"
    got = extract(text)
    assert [(t.metric, t.value) for t in got] == [("城镇新增就业", 31000), ("新建幼儿园", 5)]
    assert [text[t.start:t.end] for t in got] == ["3\u200b.1万人以上", "5所"]


def _hard_wrap(text, width):
    return "\n".join(line[i:i + width] for line in text.split("\n") for i in range(0, max(len(line), 1), width))


@pytest.mark.parametrize("width", [24, 32, 45])
def test_a_hard_wrapped_report_gives_the_same_records(width):
    # the 2025 national report (fixtures/corpus/005) as a PDF export breaks it:
    # every line cut at a fixed width, mid-sentence and mid-number
    from collections import Counter

    from policyparse import extract

    src = (CORPUS / "005_national_2025_gov_work_report.txt").read_text(encoding="utf-8")
    wrapped = _hard_wrap(src, width)
    key = lambda t: (t.metric, t.value, t.unit, t.kind, t.deadline)  # noqa: E731
    got = extract(wrapped)
    assert Counter(map(key, got)) == Counter(map(key, extract(src)))
    for t in got:  # offsets index the wrapped input
        assert wrapped[t.start:t.end].replace("\n", "") in t.quote.replace("\n", "")


def test_paragraph_lines_are_not_joined():
    # a web page: one paragraph per line, headings without a full stop
    for path in sorted(CORPUS.glob("*.txt"))[:12]:
        text = clean_text(path.read_text(encoding="utf-8")).text
        buf = _Buf(text)
        _join_wrapped_lines(buf)
        assert buf.text == text, path.name


def test_html_is_reduced_to_text_with_offsets():
    raw = ('<html><head><title>t</title><style>p{color:red}</style></head><body>'
           '<p>新增就业&nbsp;1.1万人</p><script>var x = "1万人";</script><div>改造老旧小区55个</div></body></html>')
    doc = clean_text(raw)
    assert doc.html
    assert doc.text == "新增就业1.1万人\n改造老旧小区55个"
    i = doc.text.index("55个")
    s, e = doc.to_original(i, i + 3)
    assert raw[s:e] == "55个"


def test_txt_file_with_markup_is_treated_as_html():
    doc = clean_bytes("<p>城镇新增就业3.1万人</p><br/><p>粮食总产72亿斤</p>".encode(), "page.txt")
    assert doc.text.split("\n") == ["城镇新增就业3.1万人", "粮食总产72亿斤"]


def test_furniture_lines_are_flagged(dev_docs):
    path = next(p for p in dev_docs if p.name.startswith("002"))
    doc = clean_bytes(path.read_bytes(), str(path))
    flagged = [doc.text[s:e] for s, e in doc.furniture]
    assert any("Rank" in f for f in flagged)
    assert any("010-63691786" in f for f in flagged)
    assert not any("地区生产总值" in f for f in flagged)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "gbk", "big5", "utf-16"])
def test_decoding(encoding):
    text = "建設高標準農田52.2萬畝" if encoding == "big5" else "建设高标准农田52.2万亩,城镇新增就业3.1万人"
    got, enc = decode_bytes(text.encode(encoding), "x.txt")
    assert got == text


def test_binary_and_undecodable_input_name_the_file():
    with pytest.raises(InputError, match="a.bin: looks like a binary file"):
        decode_bytes(bytes(range(256)) * 10, "a.bin")
    with pytest.raises(InputError, match="bad.txt: cannot be decoded"):
        decode_bytes(b"\x81\x30\xff\xfe\xfd" * 50 + b"\xc3" * 7, "bad.txt")


def test_mojibake_line_is_repaired():
    original = "城镇新增就业3.1万人以上"
    broken = original.encode("utf-8").decode("latin-1")  # UTF-8 read as Latin-1
    doc = clean_text(broken)
    assert doc.text == original
    i = doc.text.index("3.1")
    s, e = doc.to_original(i, i + 3)
    assert broken[s:e] == "3.1"
