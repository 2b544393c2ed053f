"""The spaCy component: factory, Doc/Span extensions, spans, nlp.pipe,
serialization, config and load()'s choice of tokenizer — on real sentences
and documents."""
import contextlib
import io
import os
import pickle
import re
import subprocess
import sys

import pytest
import spacy
from spacy import displacy
from spacy.tokens import DocBin

import policyparse
from policyparse import ContextRule, SectionRule
from policyparse import pipeline as pp  # registers the factory without the entry point

from conftest import ROOT

CORPUS = ROOT / "fixtures" / "corpus"
# real sentences: dev docs 002 (力争: targets), 004 (累计: results; 确保), 000,
# 001 and 003 (traditional characters with pinyin readings)
TOURISM = "推进景区景点能级提升、旅游风景道建设,打造精品旅游线路,力争接待游客6500万人次,实现旅游综合收入520亿元。"
CONSUMPTION = "大力提振消费市场,累计投放数字消费券6300万元,拉动消费10.8亿元,居全市第一。"
AFFORESTATION = "加强森林抚育和退化林修复,完成成片造林2400亩,创建省级森林村庄4个。"
START_WORK = ("确保续建项目一季度全部复工,新建项目一季度开工40%以上,上半年开工80%以上。")
PINYIN = "1.市政基礎(chǔ)設(shè)施項(xiàng)目5項(xiàng),總建設(shè)里程2.13km,投資概算2.28億元。"


def spans(doc, key="policyparse"):
    return [(s.text, s.label_) for s in doc.spans[key]]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("zh")
    nlp.add_pipe("policyparse")
    return nlp


def test_blank_zh_add_pipe(nlp):
    assert nlp.pipe_names == ["policyparse"]
    doc = nlp(TOURISM)
    assert [(t.metric, t.value, t.unit, t.comparator, t.kind) for t in doc._.targets] == [
        ("接待游客", 65000000, "人次", "=", "target"), ("旅游综合收入", 52000000000, "元", "=", "target")]
    assert all(isinstance(t, policyparse.Target) for t in doc._.targets)
    assert spans(doc) == [("接待游客", "METRIC"), ("6500万人次", "TARGET"),
                          ("旅游综合收入", "METRIC"), ("520亿元", "TARGET")]
    doc = nlp(CONSUMPTION)
    assert [(t.metric, t.value, t.kind) for t in doc._.targets] == [
        ("投放数字消费券", 63000000, "actual"), ("拉动消费", 1080000000, "actual")]
    assert spans(doc) == [("投放数字消费券", "METRIC"), ("6300万元", "ACTUAL"),
                          ("拉动消费", "METRIC"), ("10.8亿元", "ACTUAL")]


def test_same_records_as_extract(nlp):
    for text in (TOURISM, CONSUMPTION, AFFORESTATION, START_WORK, PINYIN):
        doc = nlp(text)
        assert doc._.targets == policyparse.extract(text)
        # each quantity span is labelled by its record's kind, at the record's offsets in doc.text
        assert [(s.text, s.label_) for s in doc.spans["policyparse"] if s.label_ in ("TARGET", "ACTUAL")] == \
            [(text[t.start:t.end], t.kind.upper()) for t in doc._.targets]


def test_deadline_spans(nlp):
    doc = nlp(START_WORK)
    # no year in the sentence: the periods cannot be resolved, and no DEADLINE span is made
    assert [(t.metric, t.value, t.comparator, t.deadline, t.kind) for t in doc._.targets] == [
        ("新建项目一季度开工", 40, ">=", None, "target"), ("开工", 80, ">=", None, "target")]
    assert "DEADLINE" not in {s.label_ for s in doc.spans["policyparse"]}
    assert ("80%以上", "TARGET") in spans(doc)
    # with the document's year the deadlines resolve; the DEADLINE spans are the periods written
    nlp23 = spacy.blank("zh")
    nlp23.add_pipe("policyparse", config={"year": 2023})
    doc = nlp23(START_WORK)
    assert [t.deadline for t in doc._.targets] == ["2023-Q1", "2023-H1"]
    assert [s.text for s in doc.spans["policyparse"] if s.label_ == "DEADLINE"] == ["一季度", "上半年"]
    # span._.targets links a span to its records
    half = [s for s in doc.spans["policyparse"] if s.text == "上半年"][0]
    assert [(t.value, t.deadline) for t in half._.targets] == [(80, "2023-H1")]


def test_offsets_index_the_original_text(nlp):
    doc = nlp(PINYIN)
    assert [s.text for s in doc.spans["policyparse"] if s.label_ == "METRIC"][:3] == [
        "市政基礎(chǔ)設(shè)施項(xiàng)目", "總建設(shè)里程", "投資概算"]
    quantities = [s for s in doc.spans["policyparse"] if s.label_ in ("TARGET", "ACTUAL")]
    assert [s.text for s in quantities] == ["5項(xiàng)", "2.13km", "2.28億元"]
    for s, t in zip(quantities, doc._.targets):
        assert (s.start_char, s.end_char) == (t.start, t.end)
        assert s._.targets == [t]
    assert [t.unit for t in doc._.targets] == ["项", "公里", "元"]


def test_targets_and_actuals_of_a_real_report(nlp):
    path = CORPUS / "009_baoding_city_2023_gov_report.txt"
    text = path.read_text(encoding="utf-8")
    doc = nlp(text)
    expected = policyparse.extract(text)
    assert [t.to_dict() for t in doc._.targets] == [t.to_dict() for t in expected]
    labels = {s.label_ for s in doc.spans["policyparse"]}
    assert {"METRIC", "TARGET", "ACTUAL", "DEADLINE"} <= labels
    # every record has its quantity span, labelled by its kind, and its metric span
    for t in expected:
        assert any(s.label_ == t.kind.upper() and (s.start_char, s.end_char) == (t.start, t.end)
                   for s in doc.spans["policyparse"])
        if t.metric_start is not None:
            assert any(s.label_ == "METRIC" and (s.start_char, s.end_char) == (t.metric_start, t.metric_end)
                       for s in doc.spans["policyparse"])
    for s in doc.spans["policyparse"]:
        assert s._.targets, s
        if s.label_ in ("TARGET", "ACTUAL"):
            assert [(t.start, t.end, t.kind) for t in s._.targets] == [(s.start_char, s.end_char, s.label_.lower())]


def test_pipe_batches_and_n_process(nlp, dev_docs):
    texts = [p.read_text(encoding="utf-8") for p in dev_docs]
    docs = list(nlp.pipe(texts, batch_size=2))
    assert [len(d._.targets) for d in docs] == [len(policyparse.extract(t)) for t in texts]
    assert all(len(d.spans["policyparse"]) >= len(d._.targets) for d in docs)
    two = list(nlp.pipe(texts[:2], batch_size=1, n_process=2))
    assert [[t.to_dict() for t in d._.targets] for d in two] == \
        [[t.to_dict() for t in d._.targets] for d in docs[:2]]


def test_doc_serialization_keeps_targets_and_spans(nlp):
    doc = nlp(AFFORESTATION)
    again = pickle.loads(pickle.dumps(doc))
    assert again._.targets == doc._.targets and spans(again) == spans(doc)
    db = DocBin(store_user_data=True, docs=[doc])
    back = next(DocBin().from_bytes(db.to_bytes()).get_docs(nlp.vocab))
    assert back._.targets == doc._.targets and spans(back) == spans(doc)


def test_unprocessed_doc_has_no_targets():
    doc = spacy.blank("zh")(AFFORESTATION)
    assert doc._.targets == []
    pp.register_extensions()  # registering again is harmless
    assert doc._.targets == []


def test_config_spans_key_and_bad_values():
    nlp = spacy.blank("zh")
    nlp.add_pipe("policyparse", config={"spans_key": "records", "year": 2022})
    doc = nlp(TOURISM)
    assert "policyparse" not in doc.spans and spans(doc, "records")[:2] == [("接待游客", "METRIC"), ("6500万人次", "TARGET")]
    assert {t.deadline for t in doc._.targets} == {"2022"}
    with pytest.raises(ValueError, match="year must be a year"):
        spacy.blank("zh").add_pipe("policyparse", config={"year": 24})
    with pytest.raises(Exception, match="year"):
        spacy.blank("zh").add_pipe("policyparse", config={"year": "this year"})
    with pytest.raises(TypeError, match="SectionRule and ContextRule"):
        nlp.get_pipe("policyparse").add_rules(["拟"])


def test_to_disk_from_disk_round_trip(tmp_path):
    nlp = policyparse.pipeline.load(segmenter="char", year=2023)
    comp = nlp.get_pipe("policyparse")
    comp.add_rules([ContextRule("拟", "target"), SectionRule("plan", "奋斗目标")])
    nlp.to_disk(tmp_path / "pipe")
    saved = {p.name for p in (tmp_path / "pipe" / "policyparse").iterdir()}
    assert {"section_rules.json", "context_rules.json"} <= saved
    loaded = spacy.load(tmp_path / "pipe")
    comp2 = loaded.get_pipe("policyparse")
    assert comp2.year == 2023 and comp2.context_rules == comp.context_rules
    assert comp2.section_rules[0] == SectionRule("plan", "奋斗目标")
    assert loaded(START_WORK)._.targets == nlp(START_WORK)._.targets
    # the component on its own, and through bytes
    comp.to_disk(tmp_path / "comp")
    fresh = spacy.blank("zh").add_pipe("policyparse")
    assert fresh.from_disk(tmp_path / "comp").context_rules == comp.context_rules
    assert spacy.blank("zh").add_pipe("policyparse").from_bytes(comp.to_bytes()).section_rules == comp.section_rules
    with pytest.raises(FileNotFoundError, match="not a policyparse component directory"):
        fresh.from_disk(tmp_path / "nothing-here")


def test_added_rule_changes_the_kind():
    # dev doc 001; out of its context nothing strong marks these numbers as targets or results
    text = "区党政领导班子成员接访下访141人次,接待来访群众240批968人次,化解信访积案81件。"
    nlp = spacy.blank("zh")
    comp = nlp.add_pipe("policyparse")
    before = [t.kind for t in nlp(text)._.targets]
    assert [t.value for t in nlp(text)._.targets] == [141, 240, 968, 81]
    other = "target" if before[0] == "actual" else "actual"
    comp.add_rules([ContextRule("接访下访", other)])  # a strong cue of the reviewer's own
    doc = nlp(text)
    assert [t.kind for t in doc._.targets] == [other] * 4
    assert {s.label_ for s in doc.spans["policyparse"]} == {other.upper(), "METRIC"}


def test_rules_only():
    nlp = spacy.blank("zh")
    nlp.add_pipe("policyparse", config={"rules_only": True})
    assert nlp.get_pipe("policyparse").rules_only is True
    for text in (TOURISM, CONSUMPTION, AFFORESTATION):
        assert nlp(text)._.targets == policyparse.extract(text, rules_only=True)


def test_displacy_renders_the_spans():
    nlp = spacy.blank("zh")
    nlp.add_pipe("policyparse", config={"year": 2023})
    doc = nlp(START_WORK)
    page = displacy.render(doc, style="span", options={"spans_key": "policyparse", "colors": pp.DISPLACY_COLORS})
    for label in ("METRIC", "DEADLINE", "TARGET"):
        assert label in page


# -- load() and the tokenizer ----------------------------------------------
def test_load_falls_back_to_characters_without_a_model(monkeypatch, tmp_path):
    monkeypatch.setattr(pp, "SEGMENTER_DIR", tmp_path / "no-model")
    nlp = pp.load()
    assert nlp.lang == "zh" and nlp.tokenizer.segmenter == "char" and nlp.pipe_names == ["policyparse"]
    assert [t.text for t in nlp("造林2400亩")] == list("造林2400亩")
    with pytest.raises(FileNotFoundError, match="no pkuseg model"):
        pp.load(segmenter="pkuseg")
    with pytest.raises(ValueError, match="segmenter must be"):
        pp.load(segmenter="jieba-ish")


def test_load_warns_and_falls_back_on_a_broken_model(monkeypatch, tmp_path):
    broken = tmp_path / "segmenter"
    broken.mkdir()
    (broken / "weights.npz").write_bytes(b"not a model")
    (broken / "features.msgpack").write_bytes(b"not a model")
    monkeypatch.setattr(pp, "SEGMENTER_DIR", broken)
    with pytest.warns(UserWarning, match="did not load"):
        nlp = pp.load()
    assert nlp.tokenizer.segmenter == "char"


@pytest.fixture(scope="module")
def tiny_pkuseg_model(tmp_path_factory):
    """A small pkuseg model trained here (seconds), standing in for the bundled one."""
    spacy_pkuseg = pytest.importorskip("spacy_pkuseg")
    d = tmp_path_factory.mktemp("pkuseg")
    lines = ["完成 成片 造林 2400 亩 , 创建 省级 森林 村庄 4 个 。",
             "新建 项目 一季度 开工 40% 以上 , 上半年 开工 80% 以上 。",
             "城镇 新增 就业 3.1万 人 以上 。", "地区 生产 总值 增长 7.5% 左右 。"] * 15
    (d / "train.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        spacy_pkuseg.train(str(d / "train.txt"), str(d / "train.txt"), str(d / "model"), train_iter=2)
    return d / "model"


def test_load_uses_a_pkuseg_model(monkeypatch, tiny_pkuseg_model, tmp_path):
    monkeypatch.setattr(pp, "SEGMENTER_DIR", tiny_pkuseg_model)
    nlp = pp.load()
    assert nlp.tokenizer.segmenter == "pkuseg"
    doc = nlp(AFFORESTATION)
    assert len(doc) < len(AFFORESTATION) / 1.5  # words, not characters
    assert doc._.targets == policyparse.extract(AFFORESTATION)
    for s in doc.spans["policyparse"]:  # spans are expanded to whole tokens
        assert s.text and s.start_char <= min(t.start for t in s._.targets)
    nlp.to_disk(tmp_path / "pipe")
    again = spacy.load(tmp_path / "pipe")
    assert again.tokenizer.segmenter == "pkuseg"
    assert [t.text for t in again(AFFORESTATION)] == [t.text for t in doc]
    explicit = pp.load(pkuseg_model=tiny_pkuseg_model, segmenter="pkuseg")
    assert explicit.tokenizer.segmenter == "pkuseg"


@pytest.mark.skipif(not (pp.SEGMENTER_DIR / "weights.npz").is_file(), reason="no bundled segmenter model yet")
def test_load_uses_the_bundled_segmenter():
    nlp = pp.load()
    assert nlp.tokenizer.segmenter == "pkuseg"
    assert nlp(AFFORESTATION)._.targets == policyparse.extract(AFFORESTATION)


def _declared_entry_point() -> bool:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return re.search(r"^\[project\.entry-points\.spacy_factories\]", text, re.M) is not None


@pytest.mark.skipif(not _declared_entry_point(),
                    reason="pyproject.toml does not declare [project.entry-points.spacy_factories] yet")
def test_factory_found_through_the_entry_point():
    # a fresh interpreter that never imports policyparse: spaCy finds the factory by its entry point
    code = ("import spacy\nnlp = spacy.blank('zh')\nnlp.add_pipe('policyparse')\n"
            "doc = nlp('完成成片造林2400亩。')\nprint([(t.metric, t.value) for t in doc._.targets])")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=os.path.dirname(sys.executable), env={**os.environ, "PYTHONPATH": ""})
    assert res.returncode == 0, f"reinstall the package (pip install -e .) to register the entry point:\n{res.stderr}"
    assert res.stdout.strip() == "[('完成成片造林', 2400)]"
