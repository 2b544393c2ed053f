"""Quantities whose unit was lost in scraping.

Some pages lose characters on their way to text, and measure words and 万元
go with them: 引导26汽车4S店集中入驻 (家), 整合组建平台公司20 (家), 用好5000应急
周转金 (万元).  The quantity grammar needs a unit, so it sees nothing there.
This step works in two halves:

- :func:`bare_numbers` lists the candidates: Arabic numbers with no unit that
  stand next to a noun, and that are not years, dates, ordinals, codes or
  names (5G, 4S店, “1289”工程);
- :class:`LostUnitDetector`, a logistic regression learned from plain
  corpus text (its quantities with the units cut out, against the numbers
  clean texts write bare on purpose), decides which candidates lost their
  unit, under a prior fitted to each document; :class:`MeasureWords`, a
  classifier-noun table plus naive Bayes counts learned from corpus text,
  restores the lost unit from the words around the number.  The rules then
  treat the restored quantity like any other.

>>> [m.group() for m in bare_numbers("引导26汽车4S店集中入驻,整合组建平台公司20,2023年完成")]
['26', '20']
>>> [m.group() for m in bare_numbers("第3批5G基站,“1289”工程,电话0356-2021234")]
[]
"""
from __future__ import annotations

import json
import math
import random
from collections import Counter, defaultdict
from pathlib import Path

import regex

from .numerals import MULTIPLIERS
from .quantity import Quantity, find_quantities
from .units import CLASSIFIER_NOUNS, MEASURE_WORDS

#: An Arabic number with no unit: not part of a longer number, code or name.
_BARE_RE = regex.compile(r"(?<![\d.\-A-Za-z/:：∶#第·+＋])\d{1,5}(?:\.\d{1,2})?(?![\d.A-Za-z%‰/\-:：∶+＋])")
#: What may not stand right before one: a rank (全省前5, 后30), a numbered box
#: or attachment (专栏2, 附件1), a figure or table (图3, 表4), a 从…到 range start.
_NOT_BEFORE = regex.compile(r"(?:前|后|专栏|附件|附表|图|表|从|从\d{1,5}到)$")
#: ... nor a change or a rate (一般公共预算收入增长5, 覆盖率达到98): what such a
#: number lost is a % or 个百分点, never a measure word or money.
_RATE_BEFORE = regex.compile(
    r"(?:(?:增长|下降|提高|降低|减少|提升|上涨|下跌|回落|增速|涨幅|增幅|降幅|压减)(?:了)?"
    r"|(?:率|比重|占比|比例)(?:达到|达|为|是|保持在|控制在|稳定在|提高到|提升到|降至|降到)?)$")
#: What may not follow a bare number: dates, ordinal and code words, a model
#: (2型糖尿病), a bandwidth (50兆), tenths (7成以上), a century, a ranking (500强).
_NOT_AFTER = set("年月日号时点分秒期届级版楼层栋批季度周岁代次世强型兆成")
#: ... nor a word that shares a unit with the next number (22.7和28.8个百分点),
#: a comparator (2.6以上), or 大/类 (3大平台, 19类模块: a count of kinds).
_NOT_AFTER |= set("和及与或以左余多大类")
#: ... nor a road or line it names (108国道, 108新线高速, 1号线).
_NOT_AFTER_WORDS = ("国道", "省道", "县道", "乡道", "新线", "高速", "号线", "线路段")
#: Clause-end characters after a number that closes its clause (平台公司20,).
_CLAUSE_END = set(",，。;；、!！?？") | {"\n"}
#: Units a lost unit may be: measure words and money (with its multiplier).
MONEY = ("元", "万元", "亿元")


def bare_numbers(text: str, start: int = 0, end: int | None = None, covered=None):
    """Matches of bare Arabic numbers in text[start:end] that stand next to a noun.

    The number must be followed by a Han character (a noun after a count:
    引导26汽车4S店) or close its clause after a Han character (a count after
    its noun: 设立各级林长78,).  Years (19xx/20xx), dates and ordinals are
    not candidates, nor are numbers the quantity grammar reads with a unit.

    >>> [m.group() for m in bare_numbers("将原有518个网格增加至867,最终达到1207个")]
    ['867']
    """
    end = len(text) if end is None else end
    if covered is None:  # spans of text the quantity grammar read (the caller may know them)
        covered = [(q.start + start, q.end + start) for q in find_quantities(text[start:end])]
    for m in _BARE_RE.finditer(text, start, end):
        s, e = m.span()
        if any(a <= s < b for a, b in covered):
            continue
        nxt = text[e:e + 1]
        prev = text[s - 1:s]
        if nxt in _NOT_AFTER or text.startswith(_NOT_AFTER_WORDS, e):
            continue
        if len(m.group()) == 4 and m.group()[:2] in ("19", "20"):
            continue  # a year written without 年
        if m.group() == "0" or m.group().endswith(".0"):
            continue  # nothing counted, or a version (数字政府2.0)
        if len(m.group()) == 5 and m.group().startswith("123"):
            continue  # a service hotline (12345热线, 12355青少年服务台)
        if _NOT_BEFORE.search(text, max(0, s - 8), s) or _RATE_BEFORE.search(text, max(0, s - 8), s):
            continue
        han_after = bool(nxt) and bool(regex.match(r"\p{Han}", nxt))
        at_end = (not nxt or nxt in _CLAUSE_END) and bool(prev) and bool(regex.match(r"\p{Han}", prev))
        if han_after or at_end:
            yield m


class MeasureWords:
    """Which unit a bare number lost: multinomial naive Bayes over the
    character bigrams around it, learned from quantities of corpus text.

    >>> mw = MeasureWords.fit(["新建13个共富驿站,改造老旧小区192个,设立林长78名,用好5000万元应急周转金"])
    >>> text = "新建2共富驿站"
    >>> mw.predict(text, 2, 3)
    ('个', 1.0)
    """

    WINDOW = 6  # Han characters on each side whose characters and bigrams are features

    def __init__(self, class_counts: dict[str, int] | None = None,
                 feature_counts: dict[str, dict[str, int]] | None = None):
        self.class_counts = Counter(class_counts or {})
        self.feature_counts = {k: Counter(v) for k, v in (feature_counts or {}).items()}
        self._totals = {k: sum(v.values()) for k, v in self.feature_counts.items()}
        self._vocab = len({f for v in self.feature_counts.values() for f in v}) or 1
        self.local: dict[str, str] = {}  # nouns a document counts, and their measure words

    @classmethod
    def features(cls, left: str, right: str, number: str) -> list[str]:
        """Characters and bigrams of the noun the number counts, and its size.

        The noun is on the right when a Han character follows the number
        (26汽车4S店), else on the left (平台公司20,).
        """
        right = regex.split(r"[^\p{Han}A-Za-z0-9]", right, maxsplit=1)[0]
        right = regex.sub(r"\P{Han}", "", right)[:cls.WINDOW]
        if right:
            side, noun = "R", right
        else:
            left = regex.split(r"[^\p{Han}A-Za-z0-9]", left)[-1]
            side, noun = "L", regex.sub(r"\P{Han}", "", left)[-cls.WINDOW:]
        feats = [f"{side}:{ch}" for ch in noun]
        feats += [f"{side}B:{noun[i:i + 2]}" for i in range(len(noun) - 1)]
        if noun:
            feats.append(f"{side}1:{noun[0] if side == 'R' else noun[-1]}")
        whole = number.split(".")[0]
        feats.append(f"D:{len(whole)}{'f' if '.' in number else ''}")
        return feats

    # -- learning -----------------------------------------------------------
    @classmethod
    def events(cls, text: str):
        """(unit class, features) of every count or money quantity in ``text``."""
        for q in _line_quantities(text):
            m = regex.match(r"^(\d+(?:\.\d+)?)([万亿千]?)(.+)$", q.text)
            if not m or q.comparator != "=" or q.value_high is not None:
                continue
            num, mult, surface = m.groups()
            if surface in MEASURE_WORDS and not mult:
                cls_ = surface
            elif surface == "元" and mult in ("", "万", "亿"):
                cls_ = mult + "元"
            else:
                continue
            yield cls_, cls.features(text[max(0, q.start - 12):q.start], text[q.end:q.end + 12], num)

    @classmethod
    def fit(cls, texts) -> "MeasureWords":
        classes: Counter = Counter()
        feats: dict[str, Counter] = defaultdict(Counter)
        for text in texts:
            for c, fs in cls.events(text):
                classes[c] += 1
                feats[c].update(fs)
        return cls(classes, feats)

    def adapted(self, text: str, weight: int = 3) -> "MeasureWords":
        """This table plus the quantities of one document, counted ``weight``
        times: a document that writes 518个网格 tells how its 867网格 lost 个."""
        classes, feats = Counter(self.class_counts), {k: Counter(v) for k, v in self.feature_counts.items()}
        local = {}
        for c, fs in self.events(text):
            classes[c] += weight
            feats.setdefault(c, Counter()).update({f: weight for f in fs})
            for f in fs:
                if f.startswith(("RB:", "LB:")):
                    local[f[3:]] = c
        out = MeasureWords(classes, feats)
        out.local = local
        return out

    # -- prediction ---------------------------------------------------------
    def predict(self, text: str, start: int, end: int) -> tuple[str, float]:
        """(unit with multiplier, posterior) for the bare number text[start:end]."""
        if not self.class_counts:
            return "个", 0.0
        fs = self.features(text[max(0, start - 12):start], text[end:end + 12], text[start:end])
        n = sum(self.class_counts.values())
        logp = {}
        for c, k in self.class_counts.items():
            counts, total = self.feature_counts.get(c, Counter()), self._totals.get(c, 0)
            lp = math.log(k / n)
            for f in fs:
                lp += math.log((counts.get(f, 0) + 0.1) / (total + 0.1 * self._vocab))
            logp[c] = lp
        best = max(logp, key=logp.get)
        z = max(logp.values())
        post = math.exp(logp[best] - z) / sum(math.exp(v - z) for v in logp.values())
        return best, round(post, 3)

    def restore(self, text: str, start: int, end: int) -> str:
        """The unit, with multiplier, that the bare number text[start:end] lost:
        from the classifier-noun table (:data:`~policyparse.units.CLASSIFIER_NOUNS`)
        when the noun it counts is there, else from the learned counts.

        >>> MeasureWords().restore("分批对237背街小巷进行提升改造", 3, 6)
        '条'
        >>> MeasureWords().restore("用好5000应急周转金", 2, 6)
        '万元'
        """
        unit = lexicon_unit(text, start, end)
        if unit is None and self.local:
            # the document counts the same noun elsewhere (518个网格 … 增加至867)
            window = text[max(0, start - 8):start] + "|" + text[end:end + 8]
            hits = [w for w in self.local if w in window]
            if hits:
                unit = self.local[max(hits, key=len)]
        if unit == "元":
            # money counted in 万元 (4 digits: 5000万元) or 亿元 (20亿元)
            digits = len(text[start:end].split(".")[0])
            return "万元" if digits >= 3 else "亿元"
        if unit:
            return unit
        guess, post = self.predict(text, start, end)
        return guess if post >= 0.5 else "个"  # the commonest measure word when unsure

    def quantity(self, text: str, start: int, end: int) -> Quantity | None:
        """The quantity the bare number text[start:end] stands for, its unit
        restored; None for a fraction that does not count money (指数4.81)."""
        if "." in text[start:end] and lexicon_unit(text, start, end) != "元":
            return None  # a fraction is a ratio or an index unless it counts money (收入比降至2.2)
        unit = self.restore(text, start, end)
        number = float(text[start:end])
        mult = MULTIPLIERS.get(unit[0], 1) if unit in MONEY else 1
        base = "元" if unit in MONEY else unit
        return Quantity(value=number * mult, unit=base, text=text[start:end], start=start, end=end)

    # -- serialisation (spaCy style) -----------------------------------------
    def to_disk(self, path: str | Path) -> None:
        data = {"class_counts": dict(self.class_counts),
                "feature_counts": {k: dict(v) for k, v in self.feature_counts.items()}}
        Path(path).write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")

    @classmethod
    def from_disk(cls, path: str | Path) -> "MeasureWords":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["class_counts"], data["feature_counts"])


def _line_quantities(text: str):
    """find_quantities line by line (no quantity spans a line), offsets into ``text``."""
    pos = 0
    for line in text.split("\n"):
        for q in find_quantities(line):
            q.start += pos
            q.end += pos
            yield q
        pos += len(line) + 1


def _noun_side(text: str, start: int, end: int) -> tuple[str, str]:
    """('R', the Han text (up to 8 characters) after the number) or ('L', the Han text before it)."""
    right = regex.match(r"\p{Han}[\p{Han}A-Za-z0-9]{0,7}", text[end:end + 8])
    if right:
        # one character more when it is 化, which tells 标准化 from the noun 标准
        more = text[end + right.end():end + right.end() + 1]
        return "R", right.group() + (more if more == "化" else "")
    return "L", _left_noun(text, start)


def _left_noun(text: str, start: int) -> str:
    """The Han text (up to 8 characters) that ends right before ``start``."""
    left = regex.search(r"[\p{Han}A-Za-z0-9]{0,7}\p{Han}$", text[max(0, start - 8):start])
    return left.group() if left else ""


_BY_LENGTH = sorted(CLASSIFIER_NOUNS, key=len, reverse=True)


def lexicon_unit(text: str, start: int, end: int) -> str | None:
    """The measure word of the noun a bare number counts, from the table, or None.

    After the number, the first table noun is the head, or the last of a run
    of table nouns that follow each other (中小学教室信息化 → 教室 → 间;
    192老旧小区改造 → 小区 → 个); before it, the noun that ends at the
    number, past a counting verb (整合组建平台公司20 → 公司 → 家; 航线增至14 → 条).

    >>> lexicon_unit("引导26汽车4S店集中入驻", 2, 4), lexicon_unit("设立各级林长78", 6, 8)
    ('家', '名')
    >>> lexicon_unit("实施323中小学教室信息化", 2, 5)
    '间'
    """
    side, noun = _noun_side(text, start, end)
    unit = _lexicon_side(side, noun)
    if unit is None and side == "R":  # 设立各级林长78加快…: the noun may stand before
        left = _left_noun(text, start)
        unit = _lexicon_side("L", left) if left else None
    return unit


#: Verbs that may stand between a noun and its count (串飞航线增至14).
_COUNT_VERBS = regex.compile(r"(?:增加到|增加至|增长到|增长至|增至|达到|突破|超过|共有|共计|累计|总数|数量|总量|达|到|为|至)$")


def _lexicon_side(side: str, noun: str) -> str | None:
    if side == "R":
        # the first table noun, extended while another one follows it at once
        # (中小学|教室 → 教室, but 企业|拆迁及厂房 → 企业)
        # (a table word before 化 is no noun: 学校|标准化建设 counts 学校)
        best = None
        for word in _BY_LENGTH:
            k = noun.find(word)
            if k >= 0 and noun[k + len(word):k + len(word) + 1] != "化" and (
                    best is None or (k + len(word), -len(word)) < (best[0] + len(best[1]), -len(best[1]))):
                best = (k, word)
        if best is None:
            return None
        end, word = best[0] + len(best[1]), best[1]
        while True:
            nxt = next((w for w in _BY_LENGTH if noun.startswith(w, end)
                        and noun[end + len(w):end + len(w) + 1] != "化"), None)
            if nxt is None:
                return CLASSIFIER_NOUNS[word]
            end, word = end + len(nxt), nxt
    noun = _COUNT_VERBS.sub("", noun)
    for word in _BY_LENGTH:
        if noun.endswith(word):
            return CLASSIFIER_NOUNS[word]
    return None


_DROP_RE = regex.compile(r"^(\d+(?:\.\d+)?)((?:[万亿]?元)|.+)$")


def droppable_units(text: str):
    """(quantity, end of its number) for each count or money quantity of
    ``text`` whose unit a bad scrape could lose: a plain level (no range,
    comparator or change) in a measure word or 元/万元/亿元, not followed by
    another number (240批968人次: dropping 批 would join two numbers)."""
    for q in find_quantities(text):
        m = _DROP_RE.match(q.text)
        if not m or q.comparator != "=" or q.value_high is not None or q.change:
            continue
        if m.group(2) not in MEASURE_WORDS and m.group(2) not in MONEY:
            continue
        if text[q.end:q.end + 1].isdigit():
            continue
        yield q, q.start + len(m.group(1))


def drop_units(example: dict, rng: random.Random, p: float = 0.5) -> dict | None:
    """A copy of a training example whose count and money units were lost, as
    on a badly scraped page; labelled spans shrink to the bare number.  None
    when nothing was dropped.

    >>> ex = {"text": "新建13个共富驿站,完成培训2000人", "spans": [(2, 5, "TARGET"), (5, 9, "METRIC")]}
    >>> out = drop_units(ex, random.Random(0), p=1.0)
    >>> out["text"], [out["text"][s:e] for s, e, _ in out["spans"]]
    ('新建13共富驿站,完成培训2000', ['13', '共富驿站'])
    """
    text = example["text"]
    cuts = []  # (start of the unit, end of the unit)
    for q, number_end in droppable_units(text):
        if rng.random() < p:
            cuts.append((number_end, q.end))
    if not cuts:
        return None
    out, shift, pos = [], [], 0
    for a, b in cuts:
        out.append(text[pos:a])
        shift.append((a, b))
        pos = b
    out.append(text[pos:])

    def moved(i: int) -> int:
        return i - sum(min(b, max(i, a)) - a for a, b in shift)

    spans = []
    for s, e, label in example["spans"]:
        ns, ne = moved(s), moved(e)
        if ne > ns:
            spans.append((ns, ne, label))
    return {**example, "text": "".join(out), "spans": spans}


class LostUnitDetector:
    """Whether a bare number is a quantity that lost its unit: logistic
    regression over the characters around it, with a prior fitted per document.

    It learns from plain corpus text with no annotation.  Positive examples
    are the count and money quantities of the corpus with their units cut
    out (新建13个共富驿站 → 新建13共富驿站); negative examples are the bare
    numbers that well-kept texts write on purpose (12345热线, 330千伏,
    国道318).  The classes are weighted to balance, so a probability is a
    likelihood ratio; :meth:`posteriors` then fits, by EM, how many of one
    document's bare numbers lost their unit.  A page that lost its measure
    words everywhere gets a high prior; a clean report a low one, and its few
    code-like numbers stay out.

    >>> det = LostUnitDetector.fit(["新建13个共富驿站,改造老旧小区192个,设立林长78名。新建330千伏电网。"] * 3)
    >>> det.prob("引导26汽车4S店集中入驻", 2, 4) > det.prob("开工750千伏输电工程", 2, 5)
    True
    """

    def __init__(self, weights: dict[str, float] | None = None, bias: float = 0.0):
        self.weights = dict(weights or {})
        self.bias = bias

    @staticmethod
    def features(text: str, start: int, end: int) -> list[str]:
        """Characters right before and after the number, its size, and whether
        the classifier-noun table knows the noun it counts."""
        number = text[start:end]
        left, right = text[max(0, start - 2):start], text[end:end + 2]
        feats = [f"R1:{right[:1]}", f"R2:{right}", f"L1:{left[-1:]}", f"L2:{left}",
                 f"D:{len(number.split('.')[0])}{'f' if '.' in number else ''}",
                 f"LEX:{lexicon_unit(text, start, end) is not None}"]
        if not regex.match(r"\p{Han}", right[:1]):
            feats.append("END")
        return feats

    # -- learning -----------------------------------------------------------
    @classmethod
    def events(cls, text: str):
        """(label, features): 1 for each count or money quantity of ``text``
        with its unit cut out, 0 for each bare number ``text`` already has."""
        for m in bare_numbers(text):
            yield 0, cls.features(text, *m.span())
        for q, number_end in droppable_units(text):
            a = max(0, q.start - 12)
            cut = text[a:number_end] + text[q.end:q.end + 12]
            s, e = q.start - a, number_end - a
            if any(b.span() == (s, e) for b in bare_numbers(cut, max(0, s - 1), min(len(cut), e + 1), covered=())):
                yield 1, cls.features(cut, s, e)

    @classmethod
    def fit(cls, texts, *, l2: float = 0.01, epochs: int = 30, rate: float = 0.5, seed: int = 0) -> "LostUnitDetector":
        """Train on ``texts`` (strings of clean text) by AdaGrad, classes balanced."""
        X, y = [], []
        for text in texts:
            for label, fs in cls.events(text):
                X.append(fs)
                y.append(label)
        n_pos = sum(y)
        if not n_pos or n_pos == len(y):
            return cls()
        w_pos = (len(y) - n_pos) / n_pos
        weights: dict[str, float] = defaultdict(float)
        grad2: dict[str, float] = defaultdict(lambda: 1e-8)
        bias, bias2 = 0.0, 1e-8
        order = list(range(len(X)))
        rng = random.Random(seed)
        for _ in range(epochs):
            rng.shuffle(order)
            for i in order:
                z = bias + sum(weights[f] for f in X[i])
                p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
                g = (p - y[i]) * (w_pos if y[i] else 1.0)
                for f in X[i]:
                    gf = g + l2 * weights[f]
                    grad2[f] += gf * gf
                    weights[f] -= rate * gf / math.sqrt(grad2[f])
                bias2 += g * g
                bias -= rate * g / math.sqrt(bias2)
        return cls({f: round(v, 4) for f, v in weights.items() if abs(v) >= 1e-4}, round(bias, 4))

    # -- prediction ---------------------------------------------------------
    def prob(self, text: str, start: int, end: int) -> float:
        """P(the bare number text[start:end] lost its unit), classes balanced."""
        z = self.bias + sum(self.weights.get(f, 0.0) for f in self.features(text, start, end))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def posteriors(self, text: str, spans, *, a: float = 1.0, b: float = 4.0, iters: int = 20):
        """(posteriors of the bare numbers ``spans`` of one document, the document's prior).

        The prior is the share of the document's bare numbers that lost their
        unit, fitted by EM with a Beta(a, b) prior (mean 0.2)."""
        spans = list(spans)
        if not spans:
            return [], 0.0
        z = [math.log(max(p, 1e-6) / max(1.0 - p, 1e-6)) for p in (self.prob(text, s, e) for s, e in spans)]
        prior = 0.5
        for _ in range(iters):
            shift = math.log(prior / (1.0 - prior))
            post = [1.0 / (1.0 + math.exp(-(zi + shift))) for zi in z]
            prior = min(max((sum(post) + a) / (len(post) + a + b), 0.01), 0.99)
        shift = math.log(prior / (1.0 - prior))
        return [1.0 / (1.0 + math.exp(-(zi + shift))) for zi in z], prior

    # -- serialisation (spaCy style) -----------------------------------------
    def to_disk(self, path: str | Path) -> None:
        data = {"bias": self.bias, "weights": self.weights}
        Path(path).write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")

    @classmethod
    def from_disk(cls, path: str | Path) -> "LostUnitDetector":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["weights"], data["bias"])
