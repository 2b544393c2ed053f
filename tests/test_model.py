"""The shipped span model loads offline and marks metrics and quantities on
sentences it was not trained on (the 2025 national report in fixtures/corpus,
which is not among the annotated documents)."""
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
    assert metrics <= spans(model, sentence, "METRIC")
    found = spans(model, sentence, "TARGET", 0.3) | spans(model, sentence, "ACTUAL", 0.3)
    assert quantities <= found


def test_model_only_replaces_borrowed_metrics_and_can_be_switched_off():
    text = "今年发展主要预期目标是:国内生产总值增长5%左右;城镇调查失业率5.5%左右,城镇新增就业1200万人以上。"
    with_model, rules = extract(text, year=2025), extract(text, year=2025, rules_only=True)
    assert [(t.value, t.unit, t.kind) for t in with_model] == [(t.value, t.unit, t.kind) for t in rules]
    assert [t.metric for t in rules] == ["国内生产总值", "城镇调查失业率", "城镇新增就业"]
