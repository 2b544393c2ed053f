"""The shipped span model loads offline and marks metrics and quantities on
sentences it was not trained on (the 2025 national report in fixtures/corpus,
which is not among the annotated documents)."""
from pathlib import Path

import pytest

from policyparse import extract
from policyparse.model import SpanModel, available

pytestmark = pytest.mark.skipif(not available(), reason="no span model in policyparse/models/spans")


@pytest.fixture(scope="module")
def model():
    return SpanModel()


def spans(model, text, label, threshold=0.5):
    table = model.score([text])[0]
    return {text[s:e] for (s, e, lab), score in table.items() if lab == label and score >= threshold}


@pytest.mark.parametrize("sentence, metrics, quantities", [
    ("城镇新增就业1200万人以上,城镇调查失业率5.5%左右。", {"城镇新增就业", "城镇调查失业率"}, {"1200万人以上", "5.5%左右"}),
    ("粮食产量1.4万亿斤左右。", {"粮食产量"}, {"1.4万亿斤左右"}),
    ("新改建农村公路300公里。", {"新改建农村公路"}, {"300公里"}),
])
def test_metrics_and_quantities_on_unseen_sentences(model, sentence, metrics, quantities):
    table = model.score([sentence])[0]
    # its best METRIC spans are the metrics
    ranked = sorted(((sc, sentence[s:e]) for (s, e, lab), sc in table.items() if lab == "METRIC"), reverse=True)
    assert {m for _, m in ranked[:len(metrics)]} == metrics
    # and it sees each quantity as a record (TARGET or ACTUAL at 0.1 or more)
    assert quantities <= spans(model, sentence, "TARGET", 0.1) | spans(model, sentence, "ACTUAL", 0.1)


def test_model_only_replaces_borrowed_metrics_and_can_be_switched_off():
    text = "今年发展主要预期目标是:国内生产总值增长5%左右;城镇调查失业率5.5%左右,城镇新增就业1200万人以上。"
    with_model, rules = extract(text, year=2025), extract(text, year=2025, rules_only=True)
    assert [(t.value, t.unit, t.kind) for t in with_model] == [(t.value, t.unit, t.kind) for t in rules]
    assert [t.metric for t in rules] == ["国内生产总值", "城镇调查失业率", "城镇新增就业"]


@pytest.mark.skipif(not available(), reason="no shipped span model")
def test_switched_on_steps_keep_records_consistent(monkeypatch):
    # the steps cross-validation switched off still work when switched on: on an
    # unannotated report (2018 海拉尔区, fixtures/corpus/013) a metric the model
    # found is verbatim at its offsets, kinds stay valid, confidence in 0-1
    import policyparse.model as m

    text = (Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
            / "013_hailar_district_2018_gov_report.txt").read_text(encoding="utf-8")
    rules = extract(text, rules_only=True)
    monkeypatch.setattr(m, "METRIC_SCORE", 0.01)
    monkeypatch.setattr(m, "KIND_FLIP_SCORE", 0.5)
    monkeypatch.setattr(m, "DROP_SCORE", 0.01)
    mixed = extract(text)
    assert 0 < len(mixed) <= len(rules)
    rule_metrics = {(t.start, t.metric) for t in rules}
    moved = [t for t in mixed if (t.start, t.metric) not in rule_metrics]
    assert moved, "with a threshold of 0.01 the model replaces some borrowed metric"
    for t in moved:
        assert text[t.metric_start:t.metric_end] == t.metric
    assert all(t.kind in ("target", "actual") and 0 <= t.confidence <= 1 for t in mixed)


ANHUI_PLAN = Path(__file__).resolve().parent.parent / "fixtures" / "corpus" / "004_anhui_prov_2021_industrial_internet_action_plan.txt"


def _subsidy_rates(records):
    # 2021 安徽省工业互联网行动计划 (fixtures/corpus/004, not annotated, not training data):
    # subsidy rates are rules of a scheme, not commitments; the rules alone keep them
    return {(t.start, t.value): t for t in records if t.unit == "%" and "给予" in t.quote and "奖补" in t.quote}


@pytest.mark.skipif(not available(), reason="no shipped span model")
def test_model_lowers_the_confidence_of_weak_records_it_does_not_see_as_records():
    text = ANHUI_PLAN.read_text(encoding="utf-8")
    rules, mixed = extract(text, rules_only=True), extract(text)
    # the shipped policy drops nothing the rules found
    assert {(t.start, t.value) for t in rules} <= {(t.start, t.value) for t in mixed}
    before, after = _subsidy_rates(rules), _subsidy_rates(mixed)
    assert len(before) >= 3
    lowered = [k for k in before if after[k].confidence < before[k].confidence]
    assert len(lowered) >= len(before) / 2
    assert all(after[k].confidence >= 0.5 * before[k].confidence for k in before)
    # only weak records are scored; a plain commitment keeps the rules' confidence
    by_key = {(t.start, t.value): t for t in rules}
    changed = [t for t in mixed if (t.start, t.value) in by_key and t.confidence != by_key[(t.start, t.value)].confidence]
    assert changed and all(by_key[(t.start, t.value)].confidence <= 0.7 for t in changed)
    [plain] = [t for t in mixed if t.quote.startswith("重点企业生产效率提高20%以上")]
    assert plain.confidence == by_key[(plain.start, plain.value)].confidence


@pytest.mark.skipif(not available(), reason="no shipped span model")
def test_drop_step_when_switched_on_removes_weak_records_it_does_not_see_as_records(monkeypatch):
    import policyparse.model as m

    monkeypatch.setattr(m, "DROP_SCORE", 0.1)
    text = ANHUI_PLAN.read_text(encoding="utf-8")
    rules, mixed = extract(text, rules_only=True), extract(text)
    subsidy = _subsidy_rates(rules)
    kept = {(t.start, t.value) for t in mixed}
    assert len(set(subsidy) - kept) >= len(subsidy) / 2
    # it only ever drops records whose rule evidence was weak; the commitments stay
    assert all(t.confidence <= 0.7 for t in rules if (t.start, t.value) not in kept)
    assert len(kept) >= 0.85 * len(rules)
    assert any(t.quote.startswith("重点企业生产效率提高20%以上") for t in mixed)
