"""The pipeline: raw text → clean text → sections and sentences → quantities
→ metric spans → kind and deadline → :class:`~policyparse.target.Target`.

>>> ts = extract("二、2024年重点工作\\n城镇新增就业3.1万人以上,地区生产总值增长7.5%左右。")
>>> [(t.metric, t.value, t.unit, t.comparator, t.deadline, t.kind) for t in ts]
[('城镇新增就业', 31000, '人', '>=', '2024', 'target'), ('地区生产总值', 7.5, '%', '~', '2024', 'target')]
"""
from __future__ import annotations

import os
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import regex

from . import cues
from .clean import CleanText, clean_bytes, clean_text
from .context import ConText
from .lost_units import bare_numbers
from .metric import ends_pair, metric_around, split_subjects, starts_pair
from .period import find_periods
from .quantity import Quantity, find_quantities
from .sections import Section, Sectionizer, clause_spans, paragraphs, sentence_spans, split_outside_brackets
from .target import Target, _num
from .units import MEASURE_WORDS

_YEAR_RE = regex.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年")
_TITLE_RE = regex.compile(
    r"((?:19|20)\d{2})\s*年(?:度)?[^。,;]{0,20}?(政府工作报告|工作报告|工作计划|工作要点|工作总结|工作安排|预算报告|计划执行情况)"
)
_META_DATE_RE = regex.compile(r"(?:发布时间|发表于|日期|时间)\s*[:：]?\s*((?:19|20)\d{2})[-年./]")
_SPEECH_RE = regex.compile(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*在")
_SINCE_RE = regex.compile(r"((?:19|20)\d{2})\s*年以来")
_QUOTED = regex.compile(r"“[^“”]{1,10}”|\"[^\"]{1,10}\"")
_LIST_SEP = "、"


@dataclass
class _Found:
    q: Quantity
    sentence: tuple[int, int]
    clause: tuple[int, int]
    item: tuple[int, int]
    para: tuple[int, int]
    #: the lost-unit detector's posterior for a quantity whose unit it restored
    model_score: float | None = None


@dataclass
class Draft:
    """A record being made, with the clean-text spans the later steps (the
    record's neighbours, the span model) need; none of it is part of the record."""
    target: Target
    quantity: tuple[int, int]
    sentence: tuple[int, int]
    clause: tuple[int, int]
    metric: tuple[int, int]        # the metric's span in the clean text (empty when made up)
    entity: str                    # what an attribute metric (总投资, 占比) of a later number belongs to
    borrowed: bool                 # the metric was taken from a neighbour
    metric_moved: bool = False     # the model replaced the metric: its original offsets are to be set again


def document_year(doc: CleanText) -> int | None:
    """The year the document speaks from (its 'now'), or None.

    From a dated title (2024年…政府工作报告), a publication date, the date of
    the speech, or an event that dates it (迎接党的二十大 → 2022).
    """
    text = doc.text
    head = text[:3000]
    m = _TITLE_RE.search(head)
    if m:
        return int(m.group(1))
    for rx in (_SPEECH_RE, _META_DATE_RE):
        m = rx.search(head)
        if m:
            return int(m.group(1))
    for cue, year in cues.ERA_CUES.items():
        if cue in text:
            return year
    return None


def _split_items(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """List items of a clause: split at 、 outside brackets and quotes."""
    return split_outside_brackets(text, s, e, _LIST_SEP, keep_empty=True)


def _inside(spans, pos):
    """``pos`` inside one of the sorted, non-overlapping ``spans``."""
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


#: A number right after a multiplication sign (7×24小时).
_FACTOR = regex.compile(r"\d\s*[×xX*＊]\s*$")
#: A clause that is a formula: a term, =, and terms joined by + or × (考评分值=日常监测（60%）+实地调研（20%）).
_FORMULA = regex.compile(r"[=＝][^,，;；。]*[+＋×]")


class Extractor:
    """Rule-based extraction; one instance is reusable across documents."""

    def __init__(self, sectionizer: Sectionizer | None = None, context: ConText | None = None,
                 model="auto"):
        """``model``: a :class:`~policyparse.model.SpanModel`, ``"auto"`` (the shipped
        one when it is installed) or None (rules only)."""
        self.sectionizer = sectionizer or Sectionizer()
        self.context = context or ConText()
        if model == "auto":
            from . import model as _model

            model = _model.SpanModel() if _model.available() else None
        self.model = model

    # -- quantities -------------------------------------------------------
    def _quantities(self, doc: CleanText, sections: list[Section]) -> list[_Found]:
        text = doc.text
        found: list[_Found] = []
        lost = self.model is not None and getattr(self.model, "restores_units", False)
        places = {}  # bare number (a unit lost in scraping?) -> its sentence, clause, item, paragraph
        for para in paragraphs(text, doc.furniture):
            quoted = [m.span() for m in _QUOTED.finditer(text, para.start, para.end)]
            for ss, se in sentence_spans(text, para.start, para.end):
                for cs, ce in clause_spans(text, ss, se):
                    for it in _split_items(text, cs, ce):
                        item_qs = find_quantities(text[it[0]:it[1]])
                        for q in item_qs:
                            q.start += it[0]
                            q.end += it[0]
                            if _inside(quoted, q.start):
                                continue
                            found.append(_Found(q, (ss, se), (cs, ce), it, (para.start, para.end)))
                        if lost:
                            for m in bare_numbers(text, *it, covered=[(q.start, q.end) for q in item_qs]):
                                if not _inside(quoted, m.start()):
                                    places[m.span()] = ((ss, se), (cs, ce), it, (para.start, para.end))
        if places:
            for q, score in self.model.lost_units(text, list(places)):
                found.append(_Found(q, *places[(q.start, q.end)], model_score=score))
            found.sort(key=lambda f: f.q.start)
        return self._filter(text, found)

    def _filter(self, text: str, found: list[_Found]) -> list[_Found]:
        """Drop quantities that are not records; linear in the number of quantities."""
        keep = []
        paren = _ParenBalance(text)
        formula: dict[tuple[int, int], bool] = {}
        by_item: dict[tuple[int, int], list[_Found]] = {}
        items_of_clause: dict[tuple[int, int], set] = {}
        for f in found:
            by_item.setdefault(f.item, []).append(f)
            items_of_clause.setdefault(f.clause, set()).add(f.item)
        # for each quantity: the units of the later quantities of its item that are
        # not inside brackets (at most two distinct units are needed)
        later_units: dict[int, tuple[str, ...]] = {}
        for item, fs in by_item.items():
            seen: tuple[str, ...] = ()
            for g in reversed(fs):
                later_units[id(g)] = seen
                if not paren.inside(item[0], g.q.start) and g.q.unit not in seen:
                    seen = (seen + (g.q.unit,))[:2]
        for f in found:
            q = f.q
            later = later_units[id(f)]
            # bare Chinese small counts (两个维护, 三件大事) only inside a list of quantities
            rate = q.unit in ("%", "‰", "百分点") and text[max(0, q.start - 1):q.start] != "前"
            if q.numeral == "chinese" and q.value is not None and q.value <= 10 and q.comparator == "=" \
                    and not rate:  # 增长百分之六 is a rate, not a count; ESI前千分之一 is a rank
                if q.value == 1:
                    continue  # 一个企业, 一张图, 心往一处想
                if not items_of_clause[f.clause] - {f.item}:
                    continue
            head = text[max(f.item[0], q.start - 8):q.start]
            if _FACTOR.search(head):
                continue  # 7×24小时服务: a factor of a product, not an amount
            if f.clause not in formula:
                formula[f.clause] = bool(_FORMULA.search(text, f.clause[0], f.clause[1]))
            if formula[f.clause]:
                continue  # 考评分值=日常监测（60%）+实地调研（20%）: the weights of a formula
            if any(head.endswith(v) or head.endswith(v + "全区") for v in cues.INSTRUMENT_VERBS) \
                    and not (q.unit == "元" and head.endswith(cues.FUND_VERBS)):
                continue  # 依托3个农业合作社: a means, not a record; but 用好1800亿元引导基金 commits the funds
            nxt = text[q.end:q.end + 1]
            is_han = bool(nxt) and regex.match(r"\p{Han}", nxt) and nxt not in "的和及与"
            other_unit = any(u != q.unit for u in later)
            # 10亿元以上项目50个, 10亿元企业达25家: a threshold that qualifies a noun
            if other_unit and is_han and (q.text.endswith(("以上", "以下")) or q.unit == "元") \
                    and not (q.unit == "元" and head.endswith(cues.MONEY_VERBS)):
                continue  # but 投资1100万元新建污水管线2847米 spends the money: two records
            # 22个国考断面水质优良比例95.5%: a count naming the set another number measures
            if other_unit and is_han and q.unit in MEASURE_WORDS and q.start - f.item[0] <= 40 \
                    and not all(u in MEASURE_WORDS for u in later):
                if not _strip_scope(text[f.item[0]:q.start]):
                    continue
            keep.append(f)
        return keep

    # -- kind and deadline ------------------------------------------------
    def _kind(self, doc: CleanText, f: _Found, sec: Section | None, starts: list[int],
              now: int | None, period_year: int | None, ctx_year: int | None,
              doc_vote: float, idx: "_Index") -> tuple[str, float]:
        """Kind from, in order: a strong cue in scope; a year written in the
        clause against the document's year; the section; the last strong cue
        earlier in the paragraph; the year the narrative is in; the cue vote of
        the paragraph, then of the document."""
        text = doc.text
        # a period that has ended when the text was written holds results;
        # one that has not, commitments (ANNOTATION.md's definition)
        if now and period_year:
            if period_year < now:
                return "actual", 0.85
            if period_year > now:
                return "target", 0.85
        kind, _ = self.context.cue_kind(text, f.q.start, f.q.end, f.sentence, f.clause, starts,
                                        cues=idx.sentence_cues(f.sentence))
        if kind:
            return kind, 0.9
        if sec is not None and sec.category:
            return ("target" if sec.category == "plan" else "actual"), 0.85
        earlier = [c for c in idx.para_cues(f.para) if c.end <= f.sentence[0]]
        if earlier:
            return earlier[-1].rule.kind, 0.7
        if now and ctx_year and ctx_year < now:
            return "actual", 0.7
        vote = idx.para_vote(f.para)
        if abs(vote) >= 0.6:
            return ("target" if vote > 0 else "actual"), 0.65
        if abs(doc_vote) >= 1:
            return ("target" if doc_vote > 0 else "actual"), 0.6
        return "target", 0.5


    # -- main -------------------------------------------------------------
    def extract_clean(self, doc: CleanText, *, year: int | None = None, source: str | None = None) -> list[Target]:
        text = doc.text
        sections = self.sectionizer(doc)
        now = year or document_year(doc)
        now_est = now or _latest_year(text)
        found = self._quantities(doc, sections)
        idx = _Index(text, sections, found, self.context)
        doc_vote = self.context.vote(text, 0, len(text))
        drafts: list[Draft] = []
        by_sentence: dict[tuple[int, int], list[Target]] = {}
        starts_by_sentence: dict[tuple[int, int], list[int]] = {}
        for f in found:
            starts_by_sentence.setdefault(f.sentence, []).append(f.q.start)
        prev_end: dict[tuple[int, int], int] = {}
        for f in found:
            q = f.q
            sec = idx.section_at(q.start)
            # ---- metric
            left_start = max(f.item[0], prev_end.get(f.item, f.item[0]))
            metric, ms, me = metric_around(text, q.start, q.end, q.unit, max(left_start, q.start - 60),
                                           _right_end(f, idx))
            cut = _leading_period(metric)
            if cut:
                metric, ms = metric[cut:], ms + cut
            prev_end[f.item] = q.end
            siblings = by_sentence.setdefault(f.sentence, [])
            subject = _respectively_subject(text, f, idx)
            if subject is not None:
                k = idx.fenbie(f.clause)
                n = sum(1 for g in idx.by_clause[f.clause] if g.q.start > k)
                pos_in = sum(1 for g in idx.by_clause[f.clause] if k < g.q.start < q.start)
                names = split_subjects(subject, n) if subject else None
                if names is None and not subject:
                    # 分别增长5%和6%: the metrics of the list before this clause, in order
                    before = [d for d in siblings if d.quantity[0] < f.clause[0]]
                    prior = [d.target.metric for d in before[-n:] if d.target.metric]
                    names = prior if len(prior) == n else None
                if names:
                    metric, ms, me = names[pos_in], f.clause[0], f.clause[0]
            entity = metric
            if metric in cues.ATTRIBUTE_METRICS and siblings and siblings[-1].target.metric \
                    and siblings[-1].entity not in cues.BARE_VERBS:
                # 新型工业化项目101个、总投资XX亿元 → 新型工业化项目总投资;
                # 政府投资575.5亿元,占25.7% → 政府投资占比
                entity = siblings[-1].entity
                metric = entity + metric + ("比" if metric.endswith("占") else "")
            borrowed = not metric
            if not metric:
                prior = next((d for d in reversed(siblings) if d.target.metric), None)
                if prior is not None:
                    metric = prior.target.metric
                    ms, me = prior.metric
            if not metric:
                metric, ms, me = _fallback_metric(text, f)
            change, direction = q.change, q.direction
            if not change and siblings and f.item[1] - f.item[0] <= len(q.text) + 3 \
                    and text[f.item[0]:f.item[1]].strip(" 。;；!?！？") == q.text and siblings[-1].target.change \
                    and text[f.item[0] - 1:f.item[0]] == _LIST_SEP:
                change, direction = True, siblings[-1].target.direction  # 分别增长5.7%、8.5%
            elif not change and siblings and siblings[-1].target.change and siblings[-1].clause == f.clause \
                    and text[siblings[-1].quantity[1]:q.start].strip() in ("和", "及", "与", "、"):
                change, direction = True, siblings[-1].target.direction  # 分别增长7%和8%左右
            if not change and metric.endswith(cues.CHANGE_METRIC_SUFFIXES):
                change, direction = True, "down" if "降" in metric[-3:] else "up"
            # ---- deadline
            scope_start = sec.start if sec is not None else 0
            ctx_year = idx.context_year(scope_start, q.start)
            para_now = idx.since_year(f.para[0], q.start)
            anchor = para_now or ctx_year or (sec.year if sec else None) or now
            period = _clause_period(f, anchor, idx)
            pair_end = left_start > f.item[0] and ends_pair(text[left_start:q.start])
            if period is not None and pair_end and f.clause[0] + period.start < left_start:
                period = None  # 从2017年的3.06万亿元增长到4.2万亿元: 2017 is the start's year
            deadline = period.value if period is not None else None
            base = None
            if period is None and starts_pair(text[left_start:q.start]):
                # 一般公共预算收入从3233.8亿元…: the base year an earlier pair of the paragraph set
                base = idx.base_year(f.para[0], q.start)
            if deadline is None:
                y = base or (None if pair_end else ctx_year) or (sec.year if sec else None) or now
                deadline = str(y) if y else None
            period_year = None
            if period is not None and period.year and (
                    not period.relative or period.year != anchor or (sec is not None and sec.year == period.year)):
                # 2021年, 到2025年, 去年 (resolved); 年内 under a heading that names its year
                period_year = period.year
            kind, conf = self._kind(doc, f, sec, starts_by_sentence[f.sentence], para_now or now_est,
                                    period_year, ctx_year, doc_vote, idx)
            if kind == "actual" and period is None and base is None and sec is not None \
                    and sec.category in ("review", "problems"):
                if sec.year:
                    deadline = str(sec.year)
                elif (pair_end or not ctx_year) and now:
                    deadline = str(now - 1)  # a review without a year reviews the year before
            qs, qe = doc.to_original(q.start, q.end)
            mos, moe = doc.to_original(ms, me) if me > ms else (None, None)
            cs, ce = doc.to_original(*f.clause)
            ss, se = doc.to_original(*f.sentence)
            t = Target(
                metric=metric, value=_num(q.value), unit=q.unit, comparator=q.comparator,
                value_high=_num(q.value_high), change=change, direction=direction if change else None,
                deadline=deadline, kind=kind, redacted=q.redacted,
                # quotes are verbatim; from an HTML page, the text without its markup
                quote=(text[f.clause[0]:f.clause[1]] if doc.html else doc.original[cs:ce]).strip(),
                text=(text[f.sentence[0]:f.sentence[1]] if doc.html else doc.original[ss:se]).strip(),
                start=qs, end=qe, metric_start=mos, metric_end=moe,
                section=sec.title if sec else None, source=source,
                confidence=_confidence(conf, me > ms, f.model_score),
            )
            d = Draft(t, (q.start, q.end), f.sentence, f.clause, (ms, me), entity, borrowed)
            siblings.append(d)
            drafts.append(d)
        if self.model is not None:
            from .model import apply

            drafts = apply(self.model, text, drafts)
        for d in drafts:
            if d.metric_moved:  # a metric the model found: offsets into the original
                d.target.metric_start, d.target.metric_end = doc.to_original(*d.metric)
        return [d.target for d in drafts]


def _confidence(kind_conf: float, own_metric: bool, model_score: float | None) -> float:
    """A record's confidence: the rules' evidence for its kind, lowered when
    its metric was not read next to the number; for a quantity whose unit the
    lost-unit model restored, times that model's posterior: the record holds
    only if the number did lose its unit and the rules read it right."""
    conf = min(0.95, kind_conf * (1.0 if own_metric else 0.85))
    if model_score is not None:
        conf *= model_score
    return round(conf, 2)


class _Index:
    """Per-document lookups, built once, so that extraction stays linear in
    the length of a document however long its sections and paragraphs are."""

    def __init__(self, text: str, sections: list[Section], found: list[_Found], context: ConText):
        self.text, self.context = text, context
        self.sections = sorted(sections, key=lambda s: s.start)
        self.section_starts = [s.start for s in self.sections]
        self.max_end, top = [], -1  # max_end[i]: the furthest end of sections[:i+1]
        for sec in self.sections:
            top = max(top, sec.end)
            self.max_end.append(top)
        self.by_clause: dict[tuple[int, int], list[_Found]] = {}
        for f in found:
            self.by_clause.setdefault(f.clause, []).append(f)
        # (position, year) of years written with 年: not horizons (到2025年), nor
        # bases of a change or comparison (从2017年的3.06万亿元…, 比2020年)
        self.years = []
        self.bases = []  # (position, year) of the base years of 从…到 pairs
        for m in _YEAR_RE.finditer(text):
            before = text[max(0, m.start() - 2):m.start()]
            if before.endswith(("从", "由")):
                self.bases.append((m.start(), int(m.group(1))))
            if before.endswith(("到", "至", "从", "由", "比", "较")) or text[m.end():m.end() + 1] == "版":
                continue
            self.years.append((m.start(), int(m.group(1))))
        self.year_pos = [p for p, _ in self.years]
        self.since = [(m.start(), m.end(), int(m.group(1))) for m in _SINCE_RE.finditer(text)]
        self.since_end = [e for _, e, _ in self.since]
        self._para_cues: dict = {}
        self._para_vote: dict = {}
        self._sent_cues: dict = {}
        self._items: dict = {}
        self._busy: dict = {}
        self._periods: dict = {}
        self._fenbie: dict = {}

    def items(self, clause):
        if clause not in self._items:
            self._items[clause] = _split_items(self.text, *clause)
        return self._items[clause]

    def busy_items(self, clause):
        if clause not in self._busy:
            self._busy[clause] = {g.item for g in self.by_clause.get(clause, ())}
        return self._busy[clause]

    def periods(self, start: int, end: int, anchor):
        key = (start, end, anchor)
        if key not in self._periods:
            self._periods[key] = find_periods(self.text[start:end], year=anchor)
        return self._periods[key]

    def fenbie(self, clause) -> int:
        """Position of 分别 in the clause, or -1."""
        if clause not in self._fenbie:
            self._fenbie[clause] = self.text.find("分别", *clause)
        return self._fenbie[clause]

    def section_at(self, pos: int) -> Section | None:
        """The innermost section holding ``pos`` (the latest-starting one that holds it)."""
        i = bisect_right(self.section_starts, pos) - 1
        while i >= 0 and self.max_end[i] > pos:
            if self.sections[i].end > pos:
                return self.sections[i]
            i -= 1
        return None

    def context_year(self, scope_start: int, pos: int) -> int | None:
        """The last year written (with 年) in [scope_start, pos)."""
        i = bisect_left(self.year_pos, pos) - 1
        if i >= 0 and self.years[i][0] >= scope_start:
            return self.years[i][1]
        return None

    def base_year(self, para_start: int, pos: int) -> int | None:
        """The last base year of a 从…到 pair (从2017年的) between the paragraph start and ``pos``."""
        i = bisect_left([p for p, _ in self.bases], pos) - 1
        if i >= 0 and self.bases[i][0] >= para_start:
            return self.bases[i][1]
        return None

    def since_year(self, para_start: int, pos: int) -> int | None:
        """YYYY of the last 'YYYY年以来' between the paragraph start and ``pos``."""
        i = bisect_right(self.since_end, pos) - 1
        if i >= 0 and self.since[i][0] >= para_start:
            return self.since[i][2]
        return None

    def para_cues(self, para: tuple[int, int]):
        if para not in self._para_cues:
            self._para_cues[para] = self.context.cues(self.text, *para, strong_only=True)
        return self._para_cues[para]

    def para_vote(self, para: tuple[int, int]) -> float:
        if para not in self._para_vote:
            self._para_vote[para] = self.context.vote(self.text, *para)
        return self._para_vote[para]

    def sentence_cues(self, sentence: tuple[int, int]):
        if sentence not in self._sent_cues:
            self._sent_cues[sentence] = self.context.cues(self.text, *sentence, strong_only=True)
        return self._sent_cues[sentence]


def _right_end(f: _Found, idx: "_Index") -> int:
    """Where the noun right of a quantity may run to: its list item, and the
    following items of the clause that hold no quantity of their own
    (50条街巷路面硬化、管网改造、雨污分流和绿化美化), at most 60 characters on."""
    end = f.item[1]
    busy = idx.busy_items(f.clause)
    items = idx.items(f.clause)
    i = bisect_right([a for a, _ in items], f.item[0])
    for it in items[i:i + 8]:
        if it in busy:
            break
        end = it[1]
    return min(end, f.q.end + 60)


def _leading_period(metric: str) -> int:
    """Length of a period expression at the start of a metric (6月底前剩余… → 4)."""
    for p in find_periods(metric):
        if p.start == 0:
            return p.end
        break
    return 0


def _latest_year(text: str) -> int | None:
    """The latest year the text writes (not counting 到2035年 style horizons)."""
    years = [int(m.group(1)) for m in _YEAR_RE.finditer(text)
             if not text[max(0, m.start() - 2):m.start()].endswith(("到", "至"))]
    return max(years) if years else None


def _strip_scope(left: str) -> str:
    left = left.strip(" ,，:：、")
    for w in cues.SCOPE_WORDS:
        if left.startswith(w):
            left = left[len(w):]
    return left


class _ParenBalance:
    """Open-bracket balance of every prefix of the text, for O(1) 'inside brackets' tests."""

    def __init__(self, text: str):
        from itertools import accumulate

        table = {ord("("): 1, ord("（"): 1, ord(")"): -1, ord("）"): -1}
        self.bal = [0] + list(accumulate(table.get(ord(ch), 0) for ch in text))

    def inside(self, start: int, pos: int) -> bool:
        return self.bal[pos] - self.bal[start] > 0


def _respectively_subject(text: str, f: _Found, idx: "_Index") -> str | None:
    """For 城镇和农村常住居民人均可支配收入分别增长5.7%、8.5%: the subject before 分别
    ('' when the clause has none), or None when the clause has no 分别."""
    k = idx.fenbie(f.clause)
    if k < 0 or k > f.q.start:
        return None
    from .metric import _strip_words

    subj, _, _ = _strip_words(text[max(f.clause[0], k - 60):k], cues.METRIC_HEAD_WORDS, ())
    return subj


def _clause_period(f: _Found, anchor: int | None, idx: "_Index"):
    """The period written in the quantity's clause (or, failing that, earlier in its sentence)."""
    found = idx.periods(f.clause[0], f.clause[1], anchor)
    if found:
        # the one nearest before the quantity, else the first after it
        rel = f.q.start - f.clause[0]
        i = bisect_left([p.start for p in found], rel) if len(found) > 1 else (1 if found[0].start < rel else 0)
        return found[i - 1] if i > 0 else found[0]
    if f.clause[0] <= f.sentence[0]:
        return None
    rel = f.clause[0] - f.sentence[0]
    prior = [p for p in idx.periods(f.sentence[0], f.sentence[1], anchor) if p.end <= rel]
    return prior[-1] if prior else None


def _fallback_metric(text: str, f: _Found) -> tuple[str, int, int]:
    """The previous clause of the sentence (实施高新技术企业倍增工程,年内达到48家),
    else this one without its numbers; with its span in ``text`` (empty when
    the metric is not one stretch of it).

    >>> text = "实施高新技术企业倍增工程,年内达到48家"
    >>> q = find_quantities(text)[0]
    >>> m, s, e = _fallback_metric(text, _Found(q, (0, len(text)), (13, len(text)), (13, len(text)), (0, len(text))))
    >>> m, text[s:e]
    ('实施高新技术企业倍增工程', '实施高新技术企业倍增工程')
    """
    seg = text[f.clause[0]:min(f.clause[1], f.clause[0] + 200)]
    if f.clause[0] > f.sentence[0]:
        from .metric import _strip_words

        lo = max(f.sentence[0], f.clause[0] - 200)
        prev = text[lo:f.clause[0]].rstrip(",，:：")
        prev = regex.split(r"[,，:：]", prev)[-1]
        prev, _, _ = _strip_words(prev, cues.METRIC_HEAD_WORDS, cues.METRIC_TAIL_WORDS)
        if len(prev) >= 2:
            metric = prev[-16:]
            at = text.rfind(metric, lo, f.clause[0])
            return (metric, at, at + len(metric)) if at >= 0 else (metric, f.clause[0], f.clause[0])
    metric = regex.sub(r"[\d.,%]+|[,，、;；:：。]", "", seg)[:16]
    if text.startswith(metric, f.clause[0]):
        return metric, f.clause[0], f.clause[0] + len(metric)
    return metric, f.clause[0], f.clause[0]


_default: dict[bool, Extractor] = {}


def _extractor(rules_only: bool = False) -> Extractor:
    if rules_only not in _default:
        _default[rules_only] = Extractor(model=None if rules_only else "auto")
    return _default[rules_only]


def extract(text: str | bytes, *, year: int | None = None, source: str | None = None,
            rules_only: bool = False) -> list[Target]:
    """Targets and results of one document given as text (or raw bytes).

    ``year`` is the year the document speaks from (its 今年); inferred when None.
    ``rules_only`` switches the trained span model off.
    """
    doc = clean_bytes(text, source or "<bytes>") if isinstance(text, bytes) else clean_text(text)
    return _extractor(rules_only).extract_clean(doc, year=year, source=source)


def extract_file(path: str | os.PathLike, *, year: int | None = None, rules_only: bool = False) -> list[Target]:
    """Targets and results of one file (.txt or .html; UTF-8, GB18030, Big5, UTF-16)."""
    from .decode import read_file

    path = os.fspath(path)
    doc = clean_bytes(read_file(path), path)
    return _extractor(rules_only).extract_clean(doc, year=year, source=path)
