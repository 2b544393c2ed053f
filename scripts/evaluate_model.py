#!/usr/bin/env python3
"""Cross-validated figures of the span model: rules-only vs rules + model.

Leave one document out over every hand-annotated document: the five dev
documents (``../shared/eval/dev``) and the documents of
``fixtures/annotations`` (texts in ``fixtures/corpus``).  For each, a model is
trained on the span examples of all the other documents (``fixtures/spans``;
its lost-unit models on the corpus without that document) and the document is
extracted with and without it.  Predictions are pooled and scored with
``../shared/eval/score.py`` for the dev documents, the fixture documents and
all of them.

    .venv/bin/python scripts/evaluate_model.py [--shared ../shared] [--epochs 15] [--reuse DIR] [--policies]

``--reuse DIR`` keeps the fold models in DIR and reuses those already there
(13 folds take about 30 minutes on 2 cores).  ``--policies`` also scores the
alternative settings of the policy switches in :mod:`policyparse.model`.
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import policyparse.model as policy  # noqa: E402
from policyparse.clean import clean_bytes  # noqa: E402
from policyparse.extract import Extractor  # noqa: E402
from policyparse.model import SpanModel  # noqa: E402
from policyparse.train import train  # noqa: E402

SWITCHES = ("METRIC_SCORE", "KIND_FLIP_SCORE", "DROP_SCORE", "BLEND_CONFIDENCE")
#: alternatives scored by --policies (the shipped setting comes first)
ALTERNATIVES = [{}, {"DROP_SCORE": 0.05}, {"DROP_SCORE": 0.1}, {"DROP_SCORE": 0.2},
                {"METRIC_SCORE": 0.5}, {"METRIC_SCORE": 0.7}, {"KIND_FLIP_SCORE": 0.9},
                {"BLEND_CONFIDENCE": False}]


def confidence_auc(gold_file, pred_file, scorer) -> float:
    """How well ``confidence`` ranks right records (paired with a gold record
    by the scorer's own pairing) above wrong ones: the ROC AUC, 0.5 = no signal."""
    import importlib.util
    from collections import defaultdict

    spec = importlib.util.spec_from_file_location("policyparse_eval_score", scorer)
    sc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sc)
    by_doc = defaultdict(lambda: ([], []))
    for i, f in enumerate((gold_file, pred_file)):
        for line in Path(f).read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                by_doc[Path(r["doc"]).stem][i].append(r)
    right, wrong = [], []
    for gold, pred in by_doc.values():
        paired = {j for _, j in sc.pair(gold, pred)}
        for j, r in enumerate(pred):
            (right if j in paired else wrong).append(r.get("confidence") or 0.0)
    if not right or not wrong:
        return float("nan")
    wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in right for b in wrong)
    return wins / (len(right) * len(wrong))


def write(targets, path):
    with open(path, "w", encoding="utf-8") as fh:
        for t in targets:
            fh.write(json.dumps(t.to_dict(), ensure_ascii=False) + "\n")


def score(gold, pred, scorer):
    out = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def extract_all(docs, models, tmp, tag):
    """Extract each document without and with its fold model; write both pools."""
    rules, mixed = [], []
    plain = Extractor(model=None)
    for path in docs:
        doc = clean_bytes(path.read_bytes(), str(path))
        rules += plain.extract_clean(doc, source=str(path))
        mixed += Extractor(model=SpanModel(models[path.name])).extract_clean(doc, source=str(path))
    write(rules, tmp / f"{tag}_rules.jsonl")
    write(mixed, tmp / f"{tag}_model.jsonl")
    return tmp / f"{tag}_rules.jsonl", tmp / f"{tag}_model.jsonl"


def evaluate(sets, models, scorer, work, tag):
    """{set name: (rules-only score, rules + model score)} for sets {name: (docs, gold)}."""
    out = {}
    pools = {}
    for name, (docs, gold) in sets.items():
        r, m = extract_all(docs, models, work, f"{tag}_{name}")
        pools[name] = (r, m)
        out[name] = score(gold, r, scorer), score(gold, m, scorer)
    # all documents together
    gold_all = work / "gold_all.jsonl"
    gold_all.write_text("".join(Path(g).read_text(encoding="utf-8") for _, g in sets.values()), encoding="utf-8")
    pooled = []
    for i in (0, 1):
        p = work / f"{tag}_all_{i}.jsonl"
        p.write_text("".join(pools[n][i].read_text(encoding="utf-8") for n in sets), encoding="utf-8")
        pooled.append(score(gold_all, p, scorer))
        pooled[-1]["confidence_auc"] = confidence_auc(gold_all, p, scorer)
    out["all"] = tuple(pooled)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--reuse", type=Path, default=None, help="keep fold models here and reuse them")
    ap.add_argument("--policies", action="store_true", help="also score the alternative policy settings")
    args = ap.parse_args()
    data = sorted((ROOT / "fixtures" / "spans").glob("*.jsonl"))
    dev_docs = sorted((args.shared / "eval" / "dev" / "docs").glob("*.txt"))
    scorer = args.shared / "eval" / "score.py"
    work = args.reuse or Path(tempfile.mkdtemp(prefix="policyparse-cv-"))
    work.mkdir(parents=True, exist_ok=True)
    ann = sorted((ROOT / "fixtures" / "annotations").glob("*.jsonl"))
    fx_docs = [ROOT / "fixtures" / "corpus" / (a.stem + ".txt") for a in ann]
    fx_gold = work / "fixtures_gold.jsonl"
    fx_gold.write_text("".join(a.read_text(encoding="utf-8") for a in ann), encoding="utf-8")
    models = {}
    for d in dev_docs + fx_docs:
        out = work / f"fold_{d.stem}"
        if not (out / "config.cfg").exists():
            print(f"training without {d.name} ...", file=sys.stderr, flush=True)
            train(data, out, exclude_docs=[d.name], max_epochs=args.epochs)
        models[d.name] = out
    sets = {"dev": (dev_docs, args.shared / "eval" / "dev" / "gold.jsonl"), "fixtures": (fx_docs, fx_gold)}
    shipped = {k: getattr(policy, k) for k in SWITCHES}
    keys = ("target_f1", "all_f1", "kind_accuracy", "target_precision", "target_recall")
    print(f"{'':44s}" + "".join(f"{k:>17s}" for k in keys))
    for n, alt in enumerate(ALTERNATIVES if args.policies else ALTERNATIVES[:1]):
        for k in SWITCHES:
            setattr(policy, k, alt.get(k, shipped[k]))
        res = evaluate(sets, models, scorer, work, f"p{n}")
        label = ", ".join(f"{k}={v}" for k, v in alt.items()) or "shipped policy"
        for name in ("dev", "fixtures", "all"):
            r, m = res[name]
            if n == 0:
                print(f"{name + ', rules only':44s}" + "".join(f"{r[k]:17.4f}" for k in keys))
            print(f"{name + ', rules + model (' + label + ')':44s}" + "".join(f"{m[k]:17.4f}" for k in keys))
        r, m = res["all"]
        if n == 0:
            print(f"{'confidence AUC, all, rules only':44s}{r['confidence_auc']:17.3f}")
        print(f"{'confidence AUC, all, rules + model (' + label + ')':44s}{m['confidence_auc']:17.3f}")
    for k in SWITCHES:
        setattr(policy, k, shipped[k])
    print(f"fold models in {work}")


if __name__ == "__main__":
    main()
