#!/usr/bin/env python3
"""Cross-validated figures of the span model: rules-only vs rules + model.

For each dev document, a model is trained on the span examples of every other
document (fixtures/spans, which includes the other dev documents and the
hand-annotated fixture documents) and the held-out document is extracted
with and without it.  Predictions of all folds are pooled and scored with
../shared/eval/score.py.  A second check trains on the dev documents only and
scores the hand-annotated fixture documents (fixtures/annotations).

    .venv/bin/python scripts/evaluate_model.py [--shared ../shared] [--epochs 15] [--reuse DIR]
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policyparse.extract import Extractor  # noqa: E402
from policyparse.model import SpanModel  # noqa: E402
from policyparse.train import train  # noqa: E402


def write(targets, path):
    with open(path, "w", encoding="utf-8") as fh:
        for t in targets:
            fh.write(json.dumps(t.to_dict(), ensure_ascii=False) + "\n")


def score(gold, pred, scorer):
    out = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def run(docs, models, gold, scorer, tmp, tag):
    """models: {doc name: model dir}; returns (rules-only score, rules+model score)."""
    rules, mixed = [], []
    plain = Extractor(model=None)
    for path in docs:
        from policyparse.clean import clean_bytes

        doc = clean_bytes(path.read_bytes(), str(path))
        rules += plain.extract_clean(doc, source=str(path))
        with_model = Extractor(model=SpanModel(models[path.name]))
        mixed += with_model.extract_clean(doc, source=str(path))
    write(rules, tmp / f"{tag}_rules.jsonl")
    write(mixed, tmp / f"{tag}_model.jsonl")
    return score(gold, tmp / f"{tag}_rules.jsonl", scorer), score(gold, tmp / f"{tag}_model.jsonl", scorer)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--reuse", type=Path, default=None, help="keep fold models here and reuse them")
    args = ap.parse_args()
    data = sorted((ROOT / "fixtures" / "spans").glob("*.jsonl"))
    dev_docs = sorted((args.shared / "eval" / "dev" / "docs").glob("*.txt"))
    gold = args.shared / "eval" / "dev" / "gold.jsonl"
    scorer = args.shared / "eval" / "score.py"
    work = args.reuse or Path(tempfile.mkdtemp(prefix="policyparse-cv-"))
    work.mkdir(parents=True, exist_ok=True)
    models = {}
    for d in dev_docs:
        out = work / f"fold_{d.stem}"
        if not (out / "config.cfg").exists():
            print(f"training without {d.name} ...", file=sys.stderr)
            train(data, out, exclude_docs=[d.name], max_epochs=args.epochs)
        models[d.name] = out
    r, m = run(dev_docs, models, gold, scorer, work, "dev")
    # held-out proxy: train on the dev documents only, score the annotated fixtures
    ann = sorted((ROOT / "fixtures" / "annotations").glob("*.jsonl"))
    fx_docs = [ROOT / "fixtures" / "corpus" / (a.stem + ".txt") for a in ann]
    out = work / "dev_only"
    if not (out / "config.cfg").exists():
        print("training on the dev documents only ...", file=sys.stderr)
        train(data, out, exclude_docs=[p.name for p in fx_docs], max_epochs=args.epochs)
    fx_gold = work / "fixtures_gold.jsonl"
    fx_gold.write_text("".join(a.read_text(encoding="utf-8") for a in ann), encoding="utf-8")
    fr, fm = run(fx_docs, {p.name: out for p in fx_docs}, fx_gold, scorer, work, "fixtures")
    keys = ("target_f1", "all_f1", "kind_accuracy", "deadline_accuracy", "target_precision", "target_recall")
    print(f"{'':34s}" + "".join(f"{k:>18s}" for k in keys))
    for name, res in (("dev, rules only", r), ("dev, rules + model (5-fold CV)", m),
                      ("fixtures, rules only", fr), ("fixtures, rules + model (dev-trained)", fm)):
        print(f"{name:34s}" + "".join(f"{res[k]:18.4f}" for k in keys))
    print(f"models in {work}")


if __name__ == "__main__":
    main()
