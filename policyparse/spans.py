"""Training examples for the span model, made from annotated records.

An annotated record (ANNOTATION.md format: ``quote``, ``metric``, ``value``,
``unit``, ``kind``) is located in the cleaned document: its quote, the
quantity inside the quote (found by the quantity grammar and matched on
value and unit), and the metric (verbatim, or the longest stretch of the
quote it shares).  Each sentence that holds a record becomes one example:
its clean text and character spans labelled ``METRIC``, ``TARGET`` or
``ACTUAL`` (the quantity, labelled by the record's kind).

>>> ex = examples_from_records("二、2024年重点工作\\n城镇新增就业3.1万人。", [
...     {"quote": "城镇新增就业3.1万人", "metric": "城镇新增就业", "value": 31000,
...      "unit": "人", "kind": "target"}])
>>> ex[0]["text"], [(ex[0]["text"][s:e], label) for s, e, label in ex[0]["spans"]]
('城镇新增就业3.1万人。', [('城镇新增就业', 'METRIC'), ('3.1万人', 'TARGET')])
"""
from __future__ import annotations

import json
from difflib import SequenceMatcher
from pathlib import Path

from .clean import clean_text
from .lost_units import bare_numbers
from .quantity import find_quantities
from .sections import paragraphs, sentence_spans

LABELS = ("METRIC", "TARGET", "ACTUAL")
SPANS_KEY = "sc"


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(a)), abs(float(b)))


def _metric_span(metric: str, text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where ``metric`` stands in text[start:end]: verbatim, or its longest shared stretch."""
    if not metric:
        return None
    k = text.find(metric, start, end)
    if k >= 0:
        return k, k + len(metric)
    m = SequenceMatcher(None, text[start:end], metric, autojunk=False).find_longest_match(
        0, end - start, 0, len(metric))
    if m.size >= max(2, int(0.6 * len(metric))):
        return start + m.a, start + m.a + m.size
    return None


def examples_from_records(raw: str, records: list[dict]) -> list[dict]:
    """Sentence examples ``{"text", "spans": [(start, end, label)]}`` for one document."""
    doc = clean_text(raw)
    text = doc.text
    sentences = []
    for para in paragraphs(text, doc.furniture):
        sentences.extend(sentence_spans(text, para.start, para.end))
    by_sentence: dict[tuple[int, int], set] = {}
    used = set()
    for rec in records:
        quote = clean_text(rec.get("quote") or "").text.strip()
        if not quote:
            continue
        pos = text.find(quote)
        while pos >= 0:
            qs, qe = pos, pos + len(quote)
            hit = None
            for q in find_quantities(text[qs:qe]):
                s, e = qs + q.start, qs + q.end
                if (s, e) in used or q.unit != (rec.get("unit") or ""):
                    continue
                if _same(q.value, rec.get("value")) or (q.redacted and rec.get("value") is None):
                    hit = (s, e)
                    break
            if not hit and rec.get("unit") and rec.get("value") is not None:
                # a number whose unit was lost in scraping (引导26汽车4S店)
                for m in bare_numbers(text, qs, qe):
                    if m.span() not in used and any(_same(float(m.group()) * k, rec["value"])
                                                    for k in (1, 1e3, 1e4, 1e8)):
                        hit = m.span()
                        break
            if hit:
                break
            pos = text.find(quote, pos + 1)
        if not hit:
            continue
        used.add(hit)
        sent = next(((a, b) for a, b in sentences if a <= hit[0] < b), None)
        if sent is None:
            continue
        spans = by_sentence.setdefault(sent, set())
        spans.add((hit[0], hit[1], "TARGET" if rec.get("kind") == "target" else "ACTUAL"))
        ms = _metric_span(rec.get("metric") or "", text, qs, qe)
        if ms and not (ms[0] < hit[1] and hit[0] < ms[1]):
            spans.add((ms[0], ms[1], "METRIC"))
    # sentences with numbers but no record teach the model what is not one
    for a, b in sentences:
        if (a, b) not in by_sentence and find_quantities(text[a:b]):
            by_sentence[(a, b)] = set()
    out = []
    for (a, b), spans in sorted(by_sentence.items()):
        out.append({"text": text[a:b],
                    "spans": sorted((s - a, e - a, label) for s, e, label in spans)})
    return out


def build_span_data(gold_files: list[Path], doc_dirs: list[Path], out_dir: Path) -> dict[str, int]:
    """Write ``out_dir/<doc>.jsonl`` examples from gold files; return examples per document."""
    out_dir.mkdir(parents=True, exist_ok=True)
    records: dict[str, list[dict]] = {}
    for gf in gold_files:
        for line in gf.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                records.setdefault(row["doc"], []).append(row)
    counts = {}
    for name, rows in sorted(records.items()):
        path = next((d / name for d in doc_dirs if (d / name).exists()), None)
        if path is None:
            continue
        raw = path.read_bytes().decode("utf-8")
        ex = examples_from_records(raw, rows)
        stem = Path(name).stem
        with open(out_dir / f"{stem}.jsonl", "w", encoding="utf-8") as fh:
            for e in ex:
                fh.write(json.dumps({"doc": name, **e}, ensure_ascii=False) + "\n")
        counts[name] = len(ex)
    return counts


def load_examples(files: list[Path]) -> list[dict]:
    out = []
    for f in files:
        for line in Path(f).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line))
    return out


def to_docbin(examples: list[dict], nlp):
    """spaCy DocBin of the examples, spans in ``doc.spans['sc']`` (token-aligned, expanded)."""
    from spacy.tokens import DocBin

    db = DocBin(store_user_data=False)
    for ex in examples:
        doc = nlp.make_doc(ex["text"])
        spans = []
        for s, e, label in ex["spans"]:
            span = doc.char_span(s, e, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        db.add(doc)
    return db
