"""Training the span model: ``policyparse train``.

The corpus is the sentence examples in ``fixtures/spans/*.jsonl`` (made from
hand-annotated records by :mod:`policyparse.spans`); the model is a spaCy
``spancat`` pipeline configured by ``resources/span_model.cfg``, trained on
CPU with a fixed seed, and written where :mod:`policyparse.model` loads it.
"""
from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

PKG = Path(__file__).resolve().parent
CONFIG = PKG / "resources" / "span_model.cfg"
SEGMENTER = PKG / "models" / "segmenter"
USER_DICT = PKG / "resources" / "user_dict.txt"
MODEL_DIR = PKG / "models" / "spans"


def blank_nlp():
    """A blank zh pipeline with the shipped segmenter (the model's tokenizer)."""
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    nlp.tokenizer.initialize(pkuseg_model=str(SEGMENTER), pkuseg_user_dict=str(USER_DICT))
    return nlp


def split_examples(examples: list[dict], dev_share: float = 0.1, seed: int = 0):
    """Deterministic train/dev split of examples (by example, stable under seed)."""
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    n_dev = max(1, int(len(examples) * dev_share))
    dev = set(order[:n_dev])
    return ([e for i, e in enumerate(examples) if i not in dev],
            [e for i, e in enumerate(examples) if i in dev])


def default_corpus() -> list[Path]:
    """Raw corpus texts of the source tree (empty in an installed package)."""
    root = PKG.parent / "fixtures"
    return sorted((root / "corpus").glob("*.txt")) + sorted((root / "measure_corpus").glob("*.txt"))


def clean_corpus(corpus) -> list:
    """The raw corpus texts, cleaned (``CleanText``), read once for both lost-unit models."""
    from .clean import clean_text

    return [clean_text(Path(p).read_text(encoding="utf-8")) for p in corpus]


def measure_words(examples: list[dict], corpus=()):
    """The lost-unit restorer, learned from the training sentences and the cleaned corpus texts."""
    from .lost_units import MeasureWords

    return MeasureWords.fit([e["text"] for e in examples] + [doc.text for doc in corpus])


def lost_unit_detector(corpus, seed: int = 0):
    """The lost-unit detector, learned from the cleaned corpus texts alone (no
    annotation, so no dev document is needed and dev figures stay held out)."""
    from .lost_units import LostUnitDetector
    from .sections import paragraphs

    texts = (doc.text[para.start:para.end] for doc in corpus for para in paragraphs(doc.text, doc.furniture))
    return LostUnitDetector.fit(texts, seed=seed)


def augment(examples: list[dict], seed: int = 0, p: float = 0.5, copies: int = 1) -> list[dict]:
    """Copies of the examples with count and money units dropped, as on badly
    scraped pages, so that the model learns to spot quantities whose units
    were lost (:mod:`policyparse.lost_units`)."""
    from .lost_units import drop_units

    rng = random.Random(seed)
    out = []
    for _ in range(copies):
        for ex in examples:
            copy = drop_units(ex, rng, p=p)
            if copy is not None:
                out.append(copy)
    return out


def _portable_paths(cfg_file: Path) -> None:
    """Put the repository config's ``[paths]`` back into a trained model's
    config: spaCy writes the temporary corpus paths and this machine's
    segmenter path there, which would make every training run change the
    shipped files. Loading never reads them (the tokenizer is initialised
    from the package, :func:`policyparse.model._load`)."""
    from spacy.util import load_config

    portable = load_config(CONFIG, interpolate=False)["paths"]
    cfg = load_config(cfg_file, interpolate=False)
    cfg["paths"] = dict(portable)
    cfg.to_disk(cfg_file, interpolate=False)


def train(data_files: list[Path], output: Path = MODEL_DIR, *, exclude_docs=(), seed: int = 0,
          max_epochs: int | None = None, verbose: bool = False, corpus=None) -> Path:
    """Train on the examples of ``data_files`` (minus ``exclude_docs``); write the model to ``output``.

    ``corpus``: raw texts the lost-unit restorer learns from besides the
    examples (default: ``fixtures/corpus`` and ``fixtures/measure_corpus`` of
    the source tree when they are there)."""
    from spacy.cli.train import train as spacy_train

    from .spans import load_examples, to_docbin

    from .model import DETECTOR_FILE, MEASURE_WORDS_FILE

    examples = [e for e in load_examples(data_files) if e.get("doc") not in set(exclude_docs)]
    if corpus is None:
        corpus = [p for p in default_corpus() if p.name not in set(exclude_docs)]
    if not examples:
        raise ValueError("no training examples: run scripts/build_span_data.py first")
    tr, dv = split_examples(examples, seed=seed)
    tr = tr + augment(tr, seed=seed)
    nlp = blank_nlp()
    with tempfile.TemporaryDirectory(prefix="policyparse-train-") as tmp:
        tmp = Path(tmp)
        to_docbin(tr, nlp).to_disk(tmp / "train.spacy")
        to_docbin(dv, nlp).to_disk(tmp / "dev.spacy")
        overrides = {
            "paths.train": str(tmp / "train.spacy"), "paths.dev": str(tmp / "dev.spacy"),
            "paths.segmenter": str(SEGMENTER), "paths.user_dict": str(USER_DICT),
            "system.seed": seed, "training.seed": seed,
        }
        if max_epochs is not None:
            overrides["training.max_epochs"] = max_epochs
        out = tmp / "out"
        import logging

        if not verbose:
            logging.getLogger("spacy").setLevel(logging.ERROR)
        spacy_train(CONFIG, out, overrides=overrides, use_gpu=-1)
        best = out / "model-best"
        output = Path(output)
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(best, output)
        _portable_paths(output / "config.cfg")
    texts = clean_corpus(corpus)
    measure_words(examples, texts).to_disk(output / MEASURE_WORDS_FILE)
    detector = lost_unit_detector(texts, seed=seed)
    if detector.weights:  # no corpus text (an installed package): the lost-unit step stays off
        detector.to_disk(output / DETECTOR_FILE)
    return output
