"""`policyparse train` end to end on a small slice: one annotated document,
one epoch, one corpus report. The shipped weights themselves are reproduced by
the full command (docs/training.md); this checks the mechanics a user relies
on: the output loads offline, scores real sentences, and its config carries no
path of the machine it was trained on."""
from pathlib import Path

import pytest

from policyparse import train as train_mod
from policyparse.model import SpanModel

ROOT = Path(__file__).resolve().parent.parent
SPANS = ROOT / "fixtures" / "spans" / "009_baoding_city_2023_gov_report.jsonl"
CORPUS = sorted((ROOT / "fixtures" / "corpus").glob("*.txt"))[:1]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    out = tmp_path_factory.mktemp("spans") / "model"
    train_mod.train([SPANS], out, max_epochs=1, seed=0, corpus=CORPUS)
    return out


def test_trained_model_loads_and_scores_an_unseen_sentence(trained):
    model = SpanModel(trained)
    # fixtures/corpus/012, the 2019 海拉尔 report: not in the one training document
    [scores] = model.score(["就业形势持续向好，城镇新增就业5661人，城镇登记失业率控制在3.5%的较低水平。"])
    assert scores, "the trained model gave no span a score"
    assert {label for (_, _, label) in scores} <= {"METRIC", "TARGET", "ACTUAL"}
    assert all(0.0 <= s <= 1.0 for s in scores.values())


def test_trained_config_keeps_the_repository_paths(trained):
    text = (trained / "config.cfg").read_text(encoding="utf-8")
    assert "policyparse-train-" not in text
    assert str(ROOT) not in text
    assert 'segmenter = "policyparse/models/segmenter"' in text


def test_training_writes_the_lost_unit_files(trained):
    from policyparse.model import DETECTOR_FILE, MEASURE_WORDS_FILE

    assert (trained / MEASURE_WORDS_FILE).stat().st_size > 0
    assert (trained / DETECTOR_FILE).stat().st_size > 0


def test_no_examples_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="no training examples"):
        train_mod.train([empty], tmp_path / "out", max_epochs=1, corpus=[])
