"""spaCy integration: the ``policyparse`` pipeline component and :func:`load`.

The component runs the rule-based extractor on ``doc.text`` and stores

* ``doc._.targets``: the :class:`~policyparse.target.Target` records, in
  document order (a new list on every access; the records are kept in
  ``doc.user_data`` as plain dicts, so docs pickle, serialize with
  ``DocBin(store_user_data=True)`` and travel through ``nlp.pipe(n_process=2)``);
* ``doc.spans["policyparse"]`` (the key is the ``spans_key`` setting): labelled
  spans, in document order —

  ============  ===============================================================
  label         span
  ============  ===============================================================
  ``TARGET``    the quantity of a commitment: number, unit, comparator
                (``3.1万人以上``)
  ``ACTUAL``    the quantity of a reported result
  ``METRIC``    the indicator (``城镇新增就业``)
  ``DEADLINE``  the period written next to the number (``一季度``, ``到2025年``)
  ============  ===============================================================

  (``METRIC``, ``TARGET`` and ``ACTUAL`` are the labels of the span model's
  training data, :mod:`policyparse.spans`);

* ``span._.targets``: the records a span belongs to.

Offsets of a :class:`Target` index the original text, which is ``doc.text``;
spans are aligned to tokens with ``alignment_mode="expand"``.

>>> import spacy
>>> nlp = spacy.blank("zh")
>>> nlp.add_pipe("policyparse")  # doctest: +ELLIPSIS
<policyparse.pipeline.PolicyParse object at ...>
>>> doc = nlp("二、2024年重点工作\\n一季度城镇新增就业3.1万人以上。")
>>> [(t.metric, t.value, t.kind, t.deadline) for t in doc._.targets]
[('城镇新增就业', 31000, 'target', '2024-Q1')]
>>> [(s.text, s.label_) for s in doc.spans["policyparse"]]
[('一季度', 'DEADLINE'), ('城镇新增就业', 'METRIC'), ('3.1万人以上', 'TARGET')]
"""
from __future__ import annotations

import dataclasses
import json
import warnings
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from .clean import clean_text
from .context import ConText
from .extract import Extractor
from .render import marks
from .rules import ContextRule, SectionRule, load_context_rules, load_section_rules
from .sections import Sectionizer
from .target import Target

#: Name of the component factory (``nlp.add_pipe("policyparse")``).
FACTORY = "policyparse"
#: Default key of the span group in ``doc.spans``.
SPANS_KEY = "policyparse"
#: Span labels, in the order they are documented.
LABELS = ("TARGET", "ACTUAL", "METRIC", "DEADLINE")
#: Where the bundled word-segmentation model and its user dictionary live.
SEGMENTER_DIR = Path(__file__).resolve().parent / "models" / "segmenter"
USER_DICT = Path(__file__).resolve().parent / "resources" / "user_dict.txt"
#: Label colours for displaCy, records blue (TARGET) and orange (ACTUAL) as on the review page:
#: ``displacy.render(doc, style="span", options={"spans_key": "policyparse", "colors": DISPLACY_COLORS})``
DISPLACY_COLORS = {"TARGET": "#93c5fd", "ACTUAL": "#fdba74", "METRIC": "#c4b5fd", "DEADLINE": "#86efac"}

_RECORDS = ("policyparse", "records")  # doc.user_data keys (msgpack-safe)
_MARKS = ("policyparse", "marks")
_TARGET_FIELDS = tuple(f.name for f in dataclasses.fields(Target))


# ---------------------------------------------------------------------------
# Doc and Span extensions
# ---------------------------------------------------------------------------
def _get_targets(doc: Doc) -> list[Target]:
    return [Target(**{k: v for k, v in d.items() if k in _TARGET_FIELDS}) for d in doc.user_data.get(_RECORDS, [])]


def _set_targets(doc: Doc, targets: Iterable[Target]) -> None:
    doc.user_data[_RECORDS] = [dataclasses.asdict(t) for t in targets]


def _get_span_targets(span: Span) -> list[Target]:
    targets = span.doc._.targets
    idx: list[int] = []
    for start, end, label, recs in span.doc.user_data.get(_MARKS, []):
        if label == span.label_ and span.start_char <= start and end <= span.end_char:
            idx.extend(r for r in recs if r not in idx)
    return [targets[i] for i in sorted(idx) if i < len(targets)]


def register_extensions() -> None:
    """Register ``Doc._.targets`` and ``Span._.targets`` (idempotent; done on import)."""
    Doc.set_extension("targets", getter=_get_targets, setter=_set_targets, force=True)
    Span.set_extension("targets", getter=_get_span_targets, force=True)


register_extensions()


# ---------------------------------------------------------------------------
# the component
# ---------------------------------------------------------------------------
class PolicyParse:
    """Extracts :class:`Target` records from each ``Doc`` (see the module docstring).

    Settings (the factory's config): ``year`` — the year the documents speak
    from (their 今年), inferred per document when ``None``; ``spans_key`` —
    the key of the span group in ``doc.spans``; ``rules_only`` — switch the
    trained span model off (as ``policyparse.extract(..., rules_only=True)``).

    The rule files (section headings, target/actual cue words) are data of the
    component: :meth:`add_rules` extends them and ``to_disk``/``from_disk``
    save and restore them with the pipeline.
    """

    def __init__(self, nlp: Language | None = None, name: str = FACTORY, *,
                 year: int | None = None, spans_key: str = SPANS_KEY, rules_only: bool = False,
                 section_rules: list[SectionRule] | None = None,
                 context_rules: list[ContextRule] | None = None):
        if year is not None and not (isinstance(year, int) and 1900 <= year <= 2100):
            raise ValueError(f"[{name}] year must be a year such as 2024 or null, not {year!r}")
        if not isinstance(spans_key, str) or not spans_key:
            raise ValueError(f"[{name}] spans_key must be a non-empty string, not {spans_key!r}")
        self.name = name
        self.year = year
        self.spans_key = spans_key
        self.rules_only = bool(rules_only)
        self.section_rules = list(section_rules) if section_rules is not None else load_section_rules()
        self.context_rules = list(context_rules) if context_rules is not None else load_context_rules()
        self._build()

    def _build(self) -> None:
        # the default model setting of Extractor is the shipped span model when installed
        model = {"model": None} if self.rules_only else {}
        self.extractor = Extractor(sectionizer=Sectionizer(self.section_rules),
                                   context=ConText(self.context_rules), **model)

    @property
    def labels(self) -> tuple[str, ...]:
        return LABELS

    def add_rules(self, rules: Iterable[SectionRule | ContextRule]) -> None:
        """Add section rules (tried before the bundled ones) and cue rules.

        >>> import spacy
        >>> from policyparse import ContextRule
        >>> nlp = spacy.blank("zh")
        >>> pp = nlp.add_pipe("policyparse")
        >>> pp.add_rules([ContextRule("拟", "target")])
        >>> ContextRule("拟", "target") in pp.context_rules
        True
        """
        sec, ctx = [], []
        for r in rules:
            if isinstance(r, SectionRule):
                sec.append(r)
            elif isinstance(r, ContextRule):
                ctx.append(r)
            else:
                raise TypeError(f"[{self.name}] add_rules takes SectionRule and ContextRule objects, "
                                f"not {type(r).__name__}")
        self.section_rules = sec + self.section_rules
        self.context_rules = self.context_rules + ctx
        self._build()

    def __call__(self, doc: Doc) -> Doc:
        clean = clean_text(doc.text)
        targets = self.extractor.extract_clean(clean, year=self.year)
        found = marks(clean, targets)
        spans = []
        for m in found:
            span = doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc._.targets = targets
        doc.user_data[_MARKS] = [[m.start, m.end, m.label, list(m.records)] for m in found]
        doc.spans[self.spans_key] = spans
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)

    # -- serialization: the rule lists ----------------------------------
    def _rules_json(self) -> dict[str, str]:
        return {
            "section_rules.json": json.dumps({"rules": [r.to_dict() for r in self.section_rules]},
                                             ensure_ascii=False, indent=1),
            "context_rules.json": json.dumps({"rules": [r.to_dict() for r in self.context_rules]},
                                             ensure_ascii=False, indent=1),
        }

    def _load_rules_json(self, data: dict[str, str]) -> None:
        self.section_rules = [SectionRule(**r) for r in json.loads(data["section_rules.json"])["rules"]]
        self.context_rules = [ContextRule(**r) for r in json.loads(data["context_rules.json"])["rules"]]
        self._build()

    def to_disk(self, path, *, exclude: Iterable[str] = ()) -> None:
        """Write the rule files into the directory ``path``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, text in self._rules_json().items():
            (path / name).write_text(text + "\n", encoding="utf-8")

    def from_disk(self, path, *, exclude: Iterable[str] = ()) -> "PolicyParse":
        """Read the rule files written by :meth:`to_disk`."""
        path = Path(path)
        data = {}
        for name in ("section_rules.json", "context_rules.json"):
            if not (path / name).is_file():
                raise FileNotFoundError(f"[{self.name}] {path / name} is missing: "
                                        "not a policyparse component directory")
            data[name] = (path / name).read_text(encoding="utf-8")
        self._load_rules_json(data)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self._rules_json(), ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "PolicyParse":
        self._load_rules_json(json.loads(data.decode("utf-8")))
        return self


@Language.factory(
    FACTORY,
    default_config={"year": None, "spans_key": SPANS_KEY, "rules_only": False},
    assigns=["doc._.targets", "doc.spans"],
)
def make_policyparse(nlp: Language, name: str, year: int | None, spans_key: str,
                     rules_only: bool) -> PolicyParse:
    """spaCy factory of :class:`PolicyParse` (``nlp.add_pipe("policyparse", config={...})``)."""
    return PolicyParse(nlp, name, year=year, spans_key=spans_key, rules_only=rules_only)


# ---------------------------------------------------------------------------
# load()
# ---------------------------------------------------------------------------
def _pkuseg_model_ok(path: Path) -> bool:
    return path.is_dir() and (path / "weights.npz").is_file() and \
        ((path / "features.msgpack").is_file() or (path / "features.pkl").is_file())


def load(*, year: int | None = None, spans_key: str = SPANS_KEY, rules_only: bool = False,
         segmenter: str = "auto", pkuseg_model: str | Path | None = None,
         pkuseg_user_dict: str | Path | None = None) -> Language:
    """A blank Chinese (``zh``) spaCy pipeline with the ``policyparse`` component.

    ``segmenter`` chooses the tokenizer: ``"auto"`` (the default) uses the
    word-segmentation model bundled in ``policyparse/models/segmenter/`` when
    it is present and loads, and one token per character otherwise;
    ``"pkuseg"`` requires that model (or the one at ``pkuseg_model``);
    ``"char"`` is spaCy's character segmentation.  Tokens only matter for what
    you do with the ``Doc`` next: records and their offsets are the same.
    ``pkuseg_user_dict`` defaults to ``policyparse/resources/user_dict.txt``.
    ``year``, ``spans_key`` and ``rules_only`` are the component's settings.

    >>> nlp = load(segmenter="char")
    >>> nlp.pipe_names
    ['policyparse']
    >>> texts = ["力争接待游客6500万人次,实现旅游综合收入520亿元。", "累计投放数字消费券6300万元。"]
    >>> [[(t.value, t.unit, t.kind) for t in d._.targets] for d in nlp.pipe(texts, batch_size=2)]
    [[(65000000, '人次', 'target'), (52000000000, '元', 'target')], [(63000000, '元', 'actual')]]
    """
    import spacy

    if segmenter not in ("auto", "char", "pkuseg"):
        raise ValueError(f"segmenter must be 'auto', 'char' or 'pkuseg', not {segmenter!r}")
    model = Path(pkuseg_model) if pkuseg_model is not None else SEGMENTER_DIR
    if pkuseg_model is not None and segmenter == "auto":
        segmenter = "pkuseg"
    if segmenter == "pkuseg" and not _pkuseg_model_ok(model):
        raise FileNotFoundError(f"no pkuseg model (weights.npz, features.msgpack) in {model}")
    nlp = None
    if segmenter in ("auto", "pkuseg") and _pkuseg_model_ok(model):
        user_dict = Path(pkuseg_user_dict) if pkuseg_user_dict is not None else USER_DICT
        if not user_dict.is_file():
            if pkuseg_user_dict is not None:
                raise FileNotFoundError(f"no such pkuseg user dictionary: {user_dict}")
            user_dict = None
        try:
            nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
            nlp.tokenizer.initialize(pkuseg_model=str(model),
                                     pkuseg_user_dict=str(user_dict) if user_dict else "default")
        except Exception as exc:
            if segmenter == "pkuseg":
                raise
            warnings.warn(f"policyparse: the segmenter in {model} did not load ({exc}); "
                          f"using one token per character", stacklevel=2)
            nlp = None
    if nlp is None:
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe(FACTORY, config={"year": year, "spans_key": spans_key, "rules_only": rules_only})
    return nlp
