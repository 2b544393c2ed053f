"""The trained span model and how its predictions join the rules.

The model (spaCy ``spancat``, trained by ``policyparse train``) marks
``METRIC`` spans and labels quantity spans ``TARGET`` or ``ACTUAL``; a
quantity it gives neither label is probably not a record.  It ships in
``policyparse/models/spans`` and loads offline, with the package's own
segmenter as tokenizer, together with the two small lost-unit models
(``lost_units.json``, ``measure_words.json``) that ``policyparse train``
writes beside it.

How the two are joined is a policy with five switches, chosen by
cross-validation (``scripts/evaluate_model.py``; figures in
docs/training.md):

- lost units: an Arabic number with no unit next to a noun (引导26汽车4S店,
  a page that lost its measure words in scraping) becomes a quantity when
  :class:`~policyparse.lost_units.LostUnitDetector`, a classifier shipped
  beside the model and learned from the unannotated corpus, says it lost its
  unit; the unit is restored by
  :class:`~policyparse.lost_units.MeasureWords` (on: the rules alone cannot
  see these numbers at all).  The rules then decide, as for any quantity,
  whether it is a record, its metric, kind and deadline.
- confidence: a record whose rule evidence was weak (confidence at most
  ``WEAK_RULE_CONF``) has its confidence scaled by the spancat's belief
  that it is a record at all, ``0.5 + 0.5 * max(TARGET, ACTUAL)`` on the
  spans overlapping its quantity (on: it never removes a record).
- drop: removes those weak records when that belief is below
  ``DROP_SCORE`` (off: leave-one-document-out over the 13 annotated
  documents, at 0.1 it removes 5 records of which 4 are right, and target
  F1 falls from 0.916 to 0.915);
- metric: a metric the rules had to borrow from a neighbour is replaced by a
  METRIC span the model found in the same clause (off: no gain);
- kind: the model's label where the rules' evidence was weak (off: on the
  current training data the model's kind is less accurate than the rules').

The spancat only runs on the sentences a switched-on step needs: with the
current policy, those holding a record whose rule evidence is weak.  A
record whose unit the detector restored has the rules' confidence times the
detector's posterior.
"""
from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

from .train import MODEL_DIR, SEGMENTER, USER_DICT

#: Policy (chosen by cross-validation, see docs/training.md); None switches a step off.
KIND_FLIP_SCORE = None    # model's score for the other kind needed to flip a weak rule kind
WEAK_RULE_CONF = 0.7      # rule confidences at or below this count as weak
DROP_SCORE = None         # below this for both kinds, a weak record is dropped
BLEND_CONFIDENCE = True   # a weak record's confidence is scaled by the spancat's belief that it is a record
METRIC_SCORE = None       # a METRIC span needs this score to replace a borrowed metric
LOST_UNIT_SCORE = 0.5     # a bare number needs this posterior of the lost-unit detector to become a quantity
MEASURE_WORDS_FILE = "measure_words.json"
DETECTOR_FILE = "lost_units.json"


def available(path: Path = MODEL_DIR) -> bool:
    return (Path(path) / "config.cfg").exists()


@lru_cache(maxsize=4)
def _load(path: str):
    import spacy

    nlp = spacy.load(path, exclude=["tokenizer"])
    nlp.tokenizer.initialize(pkuseg_model=str(SEGMENTER), pkuseg_user_dict=str(USER_DICT))
    nlp.get_pipe("spancat").cfg["threshold"] = 0.01
    return nlp


class SpanModel:
    """Scores of METRIC/TARGET/ACTUAL spans in sentences."""

    def __init__(self, path: str | Path = MODEL_DIR):
        if not available(path):
            raise FileNotFoundError(f"no span model at {path}; run `policyparse train`")
        self.path = str(path)

    @property
    def nlp(self):
        return _load(self.path)

    def _sidecar(self, filename: str, loader):
        """A small model shipped beside the spancat, loaded once (None when absent)."""
        cache = self.__dict__.setdefault("_sidecars", {})
        if filename not in cache:
            f = Path(self.path) / filename
            cache[filename] = loader.from_disk(f) if f.exists() else None
        return cache[filename]

    @property
    def measure_words(self):
        """The unit restorer shipped beside the model (None for models trained without one)."""
        from .lost_units import MeasureWords

        return self._sidecar(MEASURE_WORDS_FILE, MeasureWords)

    @property
    def detector(self):
        """The lost-unit detector shipped beside the model (None for models trained without one)."""
        from .lost_units import LostUnitDetector

        return self._sidecar(DETECTOR_FILE, LostUnitDetector)

    @property
    def restores_units(self) -> bool:
        """Whether the lost-unit step can run (both of its models are there and it is switched on)."""
        return LOST_UNIT_SCORE is not None and self.measure_words is not None and self.detector is not None

    def lost_units(self, text: str, spans: list[tuple[int, int]]):
        """Quantities, units restored, of the bare numbers that lost their unit.

        ``spans`` are the bare numbers of one document ``text``
        (:func:`policyparse.lost_units.bare_numbers`).  The
        :class:`~policyparse.lost_units.LostUnitDetector` gives each a
        posterior under a prior fitted to the document; those at or above
        ``LOST_UNIT_SCORE`` get their unit back from
        :class:`~policyparse.lost_units.MeasureWords`.  Returns ``(quantity,
        posterior)`` pairs with offsets into ``text``.
        """
        if not spans or not self.restores_units:
            return []
        posteriors, _prior = self.detector.posteriors(text, spans)
        local = None
        out = []
        for (s, e), post in zip(spans, posteriors):
            if post < LOST_UNIT_SCORE:
                continue
            if local is None:
                local = self.measure_words.adapted(text)
            q = local.quantity(text, s, e)
            if q is not None:
                out.append((q, round(post, 3)))
        return out

    #: sentences whose scores are kept (a batch of documents from one template
    #: repeats many of them); bounded, so memory stays flat on any input
    CACHE_SIZE = 4096

    def score(self, texts: list[str]) -> list[dict[tuple[int, int, str], float]]:
        """For each text, {(start_char, end_char, label): score} of the spans the model suggests."""
        cache = self.__dict__.setdefault("_scores", OrderedDict())
        todo = list(dict.fromkeys(t for t in texts if t not in cache))
        for text, (table, _) in zip(todo, self.score_docs(todo)):
            cache[text] = table
            if len(cache) > self.CACHE_SIZE:
                cache.popitem(last=False)
        out = []
        for t in texts:
            table = cache.get(t)
            if table is None:  # pushed out by this very batch
                table = self.score_docs([t])[0][0]
            else:
                cache.move_to_end(t)
            out.append(table)
        return out

    def score_docs(self, texts: list[str]):
        """(score table, Doc) for each text; the Doc gives token bounds without segmenting again."""
        out = []
        for doc in self.nlp.pipe(texts, batch_size=64):
            spans = doc.spans.get("sc", [])
            scores = spans.attrs.get("scores") if hasattr(spans, "attrs") else None
            table: dict[tuple[int, int, str], float] = {}
            for i, span in enumerate(spans):
                s = float(scores[i]) if scores is not None else 1.0
                key = (span.start_char, span.end_char, span.label_)
                table[key] = max(table.get(key, 0.0), s)
            out.append((table, doc))
        return out



#: Sentences longer than this are not scored (no prose sentence is; it bounds the cost).
MAX_SENTENCE = 400


def _overlap_score(table: dict, start: int, end: int, label: str) -> float:
    """The best score of a ``label`` span overlapping [start, end)."""
    return max((sc for (s, e, lab), sc in table.items() if lab == label and s < end and e > start), default=0.0)


def _needs_model(d) -> bool:
    if d.sentence[1] - d.sentence[0] > MAX_SENTENCE:
        return False
    weak = d.target.confidence <= WEAK_RULE_CONF
    return (METRIC_SCORE is not None and d.borrowed) or (
        weak and (KIND_FLIP_SCORE is not None or DROP_SCORE is not None or BLEND_CONFIDENCE))


def apply(model: SpanModel, text: str, drafts: list) -> list:
    """Adjust rule-made records (:class:`policyparse.extract.Draft`, with their
    clean-text spans in ``text``) by the model; returns the drafts kept."""
    work = [d for d in drafts if _needs_model(d)]
    if not work:
        return drafts
    todo = {id(d) for d in work}
    sentences = sorted({d.sentence for d in work})
    by_sent = dict(zip(sentences, model.score([text[a:b] for a, b in sentences])))
    keep = []
    for d in drafts:
        if id(d) not in todo:
            keep.append(d)
            continue
        t = d.target
        table = by_sent[d.sentence]
        a = d.sentence[0]
        qs, qe = d.quantity[0] - a, d.quantity[1] - a
        # the model's span may cut the quantity differently (4.5% | 以内): any overlap counts
        s_t = _overlap_score(table, qs, qe, "TARGET")
        s_a = _overlap_score(table, qs, qe, "ACTUAL")
        weak = t.confidence <= WEAK_RULE_CONF
        if weak and DROP_SCORE is not None and max(s_t, s_a) < DROP_SCORE:
            continue
        if weak and KIND_FLIP_SCORE is not None:
            other, s_other = ("actual", s_a) if t.kind == "target" else ("target", s_t)
            if s_other >= KIND_FLIP_SCORE and s_other > (s_t if t.kind == "target" else s_a):
                t.kind = other
        if METRIC_SCORE is not None and d.borrowed:
            cs, ce = d.clause[0] - a, d.clause[1] - a
            best = max(((sc, s, e) for (s, e, lab), sc in table.items()
                        if lab == "METRIC" and cs <= s and e <= ce and sc >= METRIC_SCORE), default=None)
            if best is not None:
                t.metric = text[a + best[1]:a + best[2]]
                d.metric, d.metric_moved = (a + best[1], a + best[2]), True
        if BLEND_CONFIDENCE:
            # a record the spancat does not see as a record at all keeps half its confidence
            t.confidence = round(t.confidence * (0.5 + 0.5 * max(s_t, s_a)), 2)
        keep.append(d)
    return keep
