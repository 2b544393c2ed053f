"""Quantities: a number, its unit, comparator and change, read from text.

The grammar is general (any number form × any unit of :mod:`policyparse.units`
× comparator and change words of :mod:`policyparse.cues`), not a list of
phrases.  :class:`Quantity` is the result type; :func:`parse_quantity` finds
the first quantity of a string and :func:`find_quantities` all of them.

>>> q = parse_quantity("城镇新增就业3.1万人以上")
>>> q.value, q.unit, q.comparator, q.change
(31000.0, '人', '>=', False)
>>> q = parse_quantity("地区生产总值增长7.5%左右")
>>> q.value, q.unit, q.comparator, q.change, q.direction
(7.5, '%', '~', True, 'up')
>>> parse_quantity("争创国家级绿色工厂1-2家").value_high
2.0
>>> q = parse_quantity("總投資XX億元")
>>> q.value, q.unit, q.redacted
(None, '元', True)
>>> parse_quantity("2024年") is None
True
>>> q = parse_quantity("總建筑面積15.62萬(wàn)㎡")   # pinyin readings are skipped
>>> q.value, q.unit, q.text
(156200.0, '平方米', '15.62萬(wàn)㎡')
>>> parse_quantity("新增装机5000千瓦").value       # 千瓦 is a unit, not 千 × 瓦
5000.0
"""
from __future__ import annotations

from bisect import bisect_right

from dataclasses import asdict, dataclass, field

import regex

from . import cues
from .numerals import CN_DIGITS, parse_number
from .units import LATIN_UNITS, MEASURE_WORDS, UNIT_BLOCKERS, WEAK_UNITS, base_unit, unit_pattern

# 千 before 瓦/克/米/伏 starts a unit (千瓦, 千克, 千米, 千伏安), never a multiplier
_QIAN = r"千(?![瓦克米伏])"
_CN_CHARS = "零〇一二两三四五六七八九十百千万亿点"
# Numbers are possessive (a digit run is never given back) and never start
# inside another number: a long run of digits or numerals costs linear time.
_NUMBER = (
    r"(?:(?<!\d)\d++(?:,\d{3})++(?:\.\d++)?+|(?<!\d)\d++(?:\.\d++)?+"
    rf"|(?<![{_CN_CHARS}])[零〇一二两三四五六七八九十]"
    rf"(?:[零〇一二两三四五六七八九十万亿点]|百(?!分点)|{_QIAN})*+"
    rf"|(?<=近)(?:[百万]|{_QIAN})(?:[百万亿]|{_QIAN})*+"
    # 百万亩, 千万人次: a round count with no digit; not money (百亿元产业 is a size class)
    rf"|(?<![{_CN_CHARS}\d.])[百千]万(?![万亿]*元)"
    r"|(?<![A-Za-z])[Xx×]{1,4}(?![A-Za-z0-9]))"
)
_MULT = rf"(?:万亿|(?:[百万亿]|{_QIAN}){{1,2}}?)"  # lazy: 1500万千瓦 is 万 × 千瓦
_UNIT = unit_pattern()
_SEP = r"[-—–~～〜至到]"

QUANTITY_RE = regex.compile(
    rf"""
    (?P<pct>(?P<pctword>百分之|千分之)(?P<pctnum>{_NUMBER}))
    |
    (?P<n1>{_NUMBER})
    (?:(?P<m1>{_MULT})?(?P<u1>{_UNIT})?(?P<sep>{_SEP})(?P<n2>{_NUMBER}))?
    (?P<a1>余|多)?(?P<m2>{_MULT})?(?P<a2>余|多)?
    (?P<unit>{_UNIT})
    """,
    regex.VERBOSE,
)
_POST_RE = regex.compile("|".join(sorted(cues.POST_COMPARATORS, key=len, reverse=True)))
_PAIR_RE = regex.compile(r"^([一二两三四五六七八])([二两三四五六七八九])([十百千万亿]*)$")
_REDACTED_RE = regex.compile(r"^[Xx×]+$")


@dataclass
class Quantity:
    """A number with its unit, as ANNOTATION.md reports it.

    ``value`` is in the base unit (万/亿 multiplied out); ``None`` when the
    number is masked (``XX亿元``).  ``start``/``end`` index the string the
    quantity was read from; ``text`` is that slice.
    """

    value: float | None
    unit: str
    comparator: str = "="
    value_high: float | None = None
    change: bool = False
    direction: str | None = None
    redacted: bool = False
    text: str = ""
    start: int = 0
    end: int = 0
    numeral: str = field(default="arabic", repr=False)  # arabic | chinese | redacted

    @classmethod
    def fromstring(cls, text: str) -> "Quantity | None":
        """The first quantity in ``text``, or None.

        >>> Quantity.fromstring("新建改建农村公路437.9公里").value
        437.9
        >>> Quantity.fromstring("城乡居民医保参保率不低于95%").comparator
        '>='
        >>> Quantity.fromstring("下降0.5个百分点").unit
        '百分点'
        >>> Quantity.fromstring("第三次") is None
        True
        """
        found = find_quantities(text)
        return found[0] if found else None

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("numeral", None)
        return d


#: Module-level alias in the price-parser style.
parse_quantity = Quantity.fromstring


def _fold(text: str) -> str:
    """Fold full-width forms to ASCII, keeping the string length."""
    from .clean import fold_width

    return fold_width(text)


# Text that needs the full cleaner (characters are removed, so offsets move):
# any space (3.1 万人) or a (pinyin) reading after a character (萬(wàn)).
_NEEDS_CLEAN = regex.compile(r"[\s\u3000]|\p{Han}[(（][a-zA-Zü\u00C0-\u024F\u1E00-\u1EFF]")


def _prepare(text: str):
    """(text to scan, map of a scanned span back to ``text`` or None).

    The scanned text is folded (full width → ASCII), simplified, and, when
    needed, stripped of pinyin readings and stray spaces by
    :func:`policyparse.clean.clean_text`.  Clean input (what the extractor
    passes) takes the fast path, which keeps the length.
    """
    if _NEEDS_CLEAN.search(text):
        from .clean import clean_text

        c = clean_text(text, html=False)
        return c.text, c.to_original
    folded = _fold(text)
    if not folded.isascii() and any(0x4E00 <= ord(ch) <= 0x9FFF for ch in folded):
        from .clean import to_simplified

        folded = to_simplified(folded)  # 億→亿, 萬→万, 個→个 (length kept)
    return folded, None


def _value(num: str, mult: str | None) -> tuple[float | None, bool]:
    """(value, redacted) of a number token with an optional multiplier."""
    if _REDACTED_RE.match(num):
        return None, True
    v = parse_number(num + (mult or ""))
    return v, False


_COMPARISON_WORDS = ("同比", "比上年", "较上年", "较去年", "比去年", "年均")
_LEFT_WORDS = tuple(sorted(
    set(cues.PREFIX_COMPARATORS) | set(cues.CHANGE_VERBS) | set(cues.CHANGE_FILLERS)
    | set(cues.LEVEL_LINKS) | set(_COMPARISON_WORDS),
    key=len, reverse=True,
))
_PREFIX_WORDS = tuple(sorted(cues.PREFIX_COMPARATORS, key=len, reverse=True))
_SHORT_VERB_LEADS = ("同比", "比", "较", "年均")
#: units of a rate or an amount of change: only these make a change (增长7.5%,
#: 提高1.2个百分点, 增长1倍); 提升8个县 is a count after a verb
_CHANGE_UNITS = frozenset(("%", "‰", "百分点", "倍"))
#: adverbs that bound the number of the verb phrase they lead (至少建设1个)
_ADVERB_COMPARATORS = {"至少": ">=", "最少": ">=", "至多": "<=", "最多": "<="}
_ADVERB_RE = regex.compile(
    "(?:" + "|".join(_ADVERB_COMPARATORS) + r")(?=\p{Han}{1,4}$)"
)
#: words ending in a one-character comparator (约, 近, 超) that are not one:
#: 签约10亿元 is a plain amount, 约10亿元 an approximate one
_FALSE_PREFIXES = frozenset(
    "签约 节约 制约 合约 契约 预约 履约 违约 解约 特约 集约 续约 公约 条约 相约 邀约 "
    "最近 附近 临近 邻近 就近 亲近 靠近 贴近 走近 赶超 高超".split()
)


def _false_prefix(text: str, i: int) -> bool:
    """True when the word ending at ``i`` only ends like a comparator."""
    return text[max(0, i - 2):i] in _FALSE_PREFIXES


#: short quoted names and slogans (“两个维护”, “人才政策60条”): not quantities
_QUOTED_RE = regex.compile(r"“[^“”]{1,10}”|\"[^\"]{1,10}\"")
#: a number right after these is an ordinal (五届七次全会)
_ORDINAL_LEADS = "第届"


def _left_context(text: str, start: int) -> tuple[str | None, str | None, str, int]:
    """Read comparator and change words right before ``start``.

    Returns (comparator, direction-or-None, words read, start of them).
    """
    i = start
    comparator = None
    direction = None
    level = False
    consumed = 0
    while i > 0 and consumed < 4:
        window = text[max(0, i - 4):i]
        hit = next((w for w in _LEFT_WORDS if window.endswith(w)), None)
        if hit is None or len(hit) == 1 and _false_prefix(text, i):
            break
        if hit in cues.LEVEL_LINKS:
            if direction is None:
                level = True
        elif hit in cues.CHANGE_VERBS:
            # a one-character verb (增, 降) counts only after 同比/比/较/年均:
            # 新增4500人 is a count, 同比增12% a change
            if len(hit) > 1 or text[max(0, i - 3):i - 1].endswith(_SHORT_VERB_LEADS):
                if not level:
                    direction = cues.CHANGE_VERBS[hit]
            break
        elif hit in cues.PREFIX_COMPARATORS and comparator is None:
            comparator = cues.PREFIX_COMPARATORS[hit]
        i -= len(hit)
        consumed += 1
    if comparator is None and direction is None:
        m = _ADVERB_RE.search(text, max(0, start - 6), start)
        if m:
            comparator = _ADVERB_COMPARATORS[m.group()]
    return comparator, (None if level else direction), text[i:start], i


def _prefix_start(text: str, start: int) -> int:
    """Start of the comparator words written right before the number
    (约5710万人次, 不低于95%), which belong to the quantity's text."""
    i = start
    for _ in range(3):
        hit = next((w for w in _PREFIX_WORDS if text.endswith(w, 0, i)), None)
        if hit is None or len(hit) == 1 and _false_prefix(text, i):
            break
        i -= len(hit)
    return i


def _is_blocked(text: str, m: regex.Match) -> bool:
    s, e = m.start(), m.end()
    before = text[s - 1] if s else ""
    after = text[e] if e < len(text) else ""
    n1 = m.group("n1") or ""
    if before and (before.isascii() and before.isalnum() or before in "#.·_"):
        return True  # PM2.5, G237, X903, 2.5 inside a version
    if before and before in _ORDINAL_LEADS:
        return True  # ordinals: 第三次, 五届七次全会
    unit = m.group("unit") or ""
    if unit and after and after in UNIT_BLOCKERS.get(unit, ""):
        return True
    if unit and text.startswith(("级", "量级"), e):
        return True  # a size class: 10万吨级码头, 百万千瓦级机组, 3万亿元量级
    if after and after.isascii() and after.isalpha() and unit not in LATIN_UNITS \
            and (not unit or unit.isascii()):
        # 5G, 4S店, 10KV; but XX户XX人 is two masked counts, and after a
        # Chinese measure word a letter starts the noun (12179户D级房, 3个AAAA级景区)
        if not (after in "Xx" and regex.match(r"[Xx]{1,4}(?![A-Za-z])", text[e:])):
            return True
    if unit and (unit.isascii() and unit.isalpha()) and after.isascii() and after.isalnum():
        return True
    if m.group("pct") is None and not n1:
        return True
    if (n1 == "一" and not m.group("n2") and not m.group("m2") and not m.group("a1")
            and not m.group("a2") and unit in MEASURE_WORDS | WEAK_UNITS):
        return True  # 一批, 一个, 一次: an article, not a count
    for idiom in cues.QUANTITY_IDIOM_FOLLOWERS:
        if text.startswith(idiom, e):
            return True
    return False


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, left to right.

    ``start``/``end`` and ``text`` of each quantity index the string passed
    in, even when it holds full-width forms, spaces or pinyin readings.

    >>> [(q.value, q.unit) for q in find_quantities("接待来访群众240批968人次")]
    [(240.0, '批'), (968.0, '人次')]
    >>> [(q.value, q.value_high, q.comparator) for q in find_quantities("10-15万人")]
    [(100000.0, 150000.0, 'range')]
    >>> [q.text for q in find_quantities("新签约10亿元以上项目50个")]
    ['10亿元以上', '50个']
    >>> [q.text for q in find_quantities("城镇新增就业 3.1 万人,接待游客约5710万人次")]
    ['3.1 万人', '约5710万人次']
    """
    scan, back = _prepare(text)
    quoted = ([mq.span() for mq in _QUOTED_RE.finditer(scan)]
              if "“" in scan or '"' in scan else [])
    starts = [s for s, _ in quoted]
    out: list[Quantity] = []
    for m in QUANTITY_RE.finditer(scan):
        k = bisect_right(starts, m.start()) - 1  # the last quote that opens before it
        if k >= 0 and m.end() <= quoted[k][1]:
            continue  # “两个维护”, “人才政策60条”: a name
        q = _build(scan, m)
        if q is not None:
            if back is not None:
                q.start, q.end = back(q.start, q.end)
            q.text = text[q.start:q.end]
            out.append(q)
    return out


def _build(text: str, m: regex.Match) -> Quantity | None:
    if _is_blocked(text, m):
        return None
    start, end = m.start(), m.end()
    comparator = "="
    value_high = None
    redacted = False
    numeral = "arabic"
    if m.group("pct"):
        value, redacted = _value(m.group("pctnum"), None)
        unit = "%" if m.group("pctword") == "百分之" else "‰"
        numeral = "chinese"
    else:
        n1, n2 = m.group("n1"), m.group("n2")
        mult = m.group("m2")
        if n1[0] in CN_DIGITS or n1[0] in "十百千万":
            numeral = "chinese"
        unit = base_unit(m.group("unit"))
        if n2 is not None:
            u1 = m.group("u1")
            if u1 and base_unit(u1) != unit:
                return None  # 3个-5天: not one range
            m1 = m.group("m1") or (mult if not u1 else None)
            low, r1 = _value(n1, m1)
            high, r2 = _value(n2, mult)
            if low is None and not r1 or high is None and not r2:
                return None
            if r1 or r2:
                value, redacted = None, True
            else:
                if low >= high:
                    return None  # 2024-3 (a date), 9-1: not a range
                value, value_high, comparator = low, high, "range"
        else:
            pair = _PAIR_RE.match(n1) if numeral == "chinese" else None
            if pair and "二两三四五六七八九".find(pair.group(2)) >= 0 and (
                CN_DIGITS[pair.group(2)] == CN_DIGITS[pair.group(1)] + 1
            ):
                tail = pair.group(3)
                low = parse_number(pair.group(1) + tail + (mult or ""))
                high = parse_number(pair.group(2) + tail + (mult or ""))
                value, value_high, comparator = low, high, "range"
            else:
                value, redacted = _value(n1, mult)
        if value is None and not redacted:
            return None
        if m.group("a1") or m.group("a2"):
            comparator = ">="
    if redacted:
        numeral = "redacted"
    post = _POST_RE.match(text, end)
    if post:
        if comparator != "range":
            comparator = cues.POST_COMPARATORS[post.group()]
        end = post.end()
    pre_cmp, direction, _, _ = _left_context(text, start)
    if pre_cmp and comparator == "=":
        comparator = pre_cmp
    if unit not in _CHANGE_UNITS:
        direction = None
    change = direction is not None
    start = _prefix_start(text, start)
    return Quantity(
        value=value, unit=unit, comparator=comparator, value_high=value_high,
        change=change, direction=direction, redacted=redacted, text=text[start:end],
        start=start, end=end, numeral=numeral,
    )


__all__ = ["Quantity", "parse_quantity", "find_quantities"]
