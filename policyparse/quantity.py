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
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import regex

from . import cues
from .numerals import CN_DIGITS, parse_number
from .units import LATIN_UNITS, UNIT_BLOCKERS, base_unit, unit_pattern

_NUMBER = (
    r"(?:\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    r"|[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿点]*"
    r"|(?<=近)[百千万][百千万亿]*"
    r"|(?<![A-Za-z])[Xx×]{1,4}(?![A-Za-z0-9]))"
)
_MULT = r"(?:万亿|[百千万亿]{1,2}?)"  # lazy: 1500万千瓦 is 万 × 千瓦
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
_PAIR_RE = regex.compile(r"^([一二两三四五六七八])([二三四五六七八九])([十百千万亿]*)$")
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
    out = []
    for ch in text:
        o = ord(ch)
        if 0xFF01 <= o <= 0xFF5E:
            out.append(chr(o - 0xFEE0))
        elif ch == "\u3000":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


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
_SHORT_VERB_LEADS = ("同比", "比", "较", "年均")


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
        if hit is None:
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
    return comparator, (None if level else direction), text[i:start], i


def _is_blocked(text: str, m: regex.Match) -> bool:
    s, e = m.start(), m.end()
    before = text[s - 1] if s else ""
    after = text[e] if e < len(text) else ""
    n1 = m.group("n1") or ""
    if before and (before.isascii() and before.isalnum() or before in "#.·_"):
        return True  # PM2.5, G237, X903, 2.5 inside a version
    if before == "第":
        return True  # ordinals
    unit = m.group("unit") or ""
    if unit and after and after in UNIT_BLOCKERS.get(unit, ""):
        return True
    if after and after.isascii() and after.isalpha() and unit not in LATIN_UNITS:
        return True  # 5G, 4S店, 10KV
    if unit and (unit.isascii() and unit.isalpha()) and after.isascii() and after.isalnum():
        return True
    if m.group("pct") is None and not n1:
        return True
    for idiom in cues.QUANTITY_IDIOM_FOLLOWERS:
        if text.startswith(idiom, e):
            return True
    return False


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, left to right.

    >>> [(q.value, q.unit) for q in find_quantities("接待来访群众240批968人次")]
    [(240.0, '批'), (968.0, '人次')]
    >>> [(q.value, q.value_high, q.comparator) for q in find_quantities("10-15万人")]
    [(100000.0, 150000.0, 'range')]
    >>> [q.text for q in find_quantities("新签约10亿元以上项目50个")]
    ['10亿元以上', '50个']
    """
    folded = _fold(text)
    if any(0x4E00 <= ord(ch) <= 0x9FFF for ch in folded):
        from .clean import to_simplified

        folded = to_simplified(folded)  # 億→亿, 萬→万, 個→个 (length kept)
    out: list[Quantity] = []
    for m in QUANTITY_RE.finditer(folded):
        q = _build(folded, m)
        if q is not None:
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
    pre_cmp, direction, _, pre_start = _left_context(text, start)
    if pre_cmp and comparator == "=":
        comparator = pre_cmp
    change = direction is not None
    return Quantity(
        value=value, unit=unit, comparator=comparator, value_high=value_high,
        change=change, direction=direction, redacted=redacted, text=text[start:end],
        start=start, end=end, numeral=numeral,
    )


__all__ = ["Quantity", "parse_quantity", "find_quantities"]
