#!/usr/bin/env python3
"""Rebuild fixtures/spans/*.jsonl (span-model examples) from annotated records.

Sources: the dev gold (../shared/eval/dev/gold.jsonl with its documents) and the
hand annotations in fixtures/annotations/ (documents in fixtures/corpus/).

    .venv/bin/python scripts/build_span_data.py [--shared ../shared]
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policyparse.spans import build_span_data  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    gold = [args.shared / "eval" / "dev" / "gold.jsonl"] if (args.shared / "eval").exists() else []
    gold += sorted((ROOT / "fixtures" / "annotations").glob("*.jsonl"))
    dirs = [args.shared / "eval" / "dev" / "docs", ROOT / "fixtures" / "corpus"]
    counts = build_span_data(gold, dirs, ROOT / "fixtures" / "spans")
    for name, n in counts.items():
        print(f"{n:5d}  {name}")
    print(f"{sum(counts.values()):5d}  sentences in fixtures/spans/")


if __name__ == "__main__":
    main()
