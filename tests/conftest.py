import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("POLICYPARSE_SHARED", ROOT.parent / "shared"))
DEV_DOCS = sorted((SHARED / "eval" / "dev" / "docs").glob("*.txt"))
GOLD = SHARED / "eval" / "dev" / "gold.jsonl"
SCORER = SHARED / "eval" / "score.py"


@pytest.fixture(scope="session")
def dev_docs():
    if not DEV_DOCS:
        pytest.skip("../shared/eval/dev/docs is not beside the repo")
    return DEV_DOCS
