"""Metric spans: the indicator a quantity measures, read around it.

Rules of ANNOTATION.md: modal and comparator words out, the counted verb
kept, count-before-noun joined (改造22个老旧小区 → 改造老旧小区).

>>> metric_around("改造22个老旧小区", 2, 5, "个")
('改造老旧小区', 0, 9)
>>> metric_around("城镇登记失业率控制在4.5%以内", 10, 17, "%")
('城镇登记失业率', 0, 7)
>>> metric_around("预计实现地区生产总值2100亿元", 10, 17, "元")
('地区生产总值', 4, 10)
>>> metric_around("生产总值从2017年的3.06万亿元增长到2022年的4.2万亿元", 11, 18, "元")
('生产总值', 0, 4)
"""
from __future__ import annotations

import regex

from . import cues

_PAREN = regex.compile(r"\([^()]*\)|（[^（）]*）")
_YEAR_OF = r"(?:(?:19|20)\d{2}\s*年(?:底|末)?\s*的?)?"
#: 生产总值从2017年的|3.06万亿元: the start of a 从…到… pair; what precedes 从 is the metric
_FROM_TAIL = regex.compile(rf"[从由]\s*{_YEAR_OF}$")
#: 增长到2022年的|4.2万亿元: the end of the pair; the metric is the start's
_TO_ONLY = regex.compile(rf"^[\s,，]*(?:增长|增加|提高|提升|上升|下降|降低|减少|扩大|缩小|压减|减|降)?\s*[到至]\s*{_YEAR_OF}$")
#: Never at either end of a metric: punctuation, and the symbols of a character
#: lost in scraping (U+FFFD), bullets and footnote marks (城镇新增就业3.1万人以上*).
_EDGE_PUNCT = " ,.;:、，。；：!?\"'‘’()（）《》-—" + "\ufffd*＊★☆▲△▼▽●○◆◇■□※#＃·•・→←"


#: Endings with a tail word in them (比 of 同比, 增) that stay whole: 个数占比28.3%, 高新技术企业新增210家
_NOUN_ENDINGS = ("占比", "新增")


#: A list marker a metric may start with when line breaks were lost
#: (…。(五)新建村级供销社服务网点23个, 1.市政基础设施项目5项).
#: Not a list of numerals (一、二、三产业增加值).
_LIST_MARKER = regex.compile(
    r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|(?:[一二三四五六七八九十]{1,3}|\d{1,2})[、.．])(?![一二三四五六七八九十\d])")
#: A period counted from now (三年内建成充电桩2万个, 5年来): time, not the metric.
_RELATIVE_PERIOD = regex.compile(r"^(?:[一二两三四五六七八九十]{1,2}|\d{1,2})(?:个)?(?:年|月)(?:内|来|间|以来)")
_PAIRS = {")": "(", "）": "（", "(": ")", "（": "）"}


def _lstrip_edge(s: str) -> str:
    """``s`` without edge punctuation at its start; an opening bracket that a
    later one closes stays (老年食堂(助餐点) keeps both)."""
    while s and s[0] in _EDGE_PUNCT:
        c = s[0]
        if c in "(（" and s.count(_PAIRS[c]) >= s.count(c):
            break
        s = s[1:]
    return s


def _rstrip_edge(s: str) -> str:
    """``s`` without edge punctuation at its end; a closing bracket that closes
    an earlier one stays."""
    while s and s[-1] in _EDGE_PUNCT:
        c = s[-1]
        if c in ")）" and s.count(_PAIRS[c]) >= s.count(c):
            break
        s = s[:-1]
    return s


def _strip_words(s: str, head: tuple[str, ...], tail: tuple[str, ...]) -> tuple[str, int, int]:
    """Strip head words from the start and tail words from the end, repeatedly.

    Returns (text, chars cut at the start, chars cut at the end).

    >>> _strip_words("、老年食堂(助餐点)", (), ())
    ('老年食堂(助餐点)', 1, 0)
    >>> _strip_words("(五)新建村级供销社服务网点", (), ())
    ('新建村级供销社服务网点', 3, 0)
    >>> _strip_words("一年内就实现年产", (), ())
    ('就实现年产', 3, 0)
    """
    cut_l = cut_r = 0
    changed = True
    while changed and s:
        changed = False
        t = _lstrip_edge(s)
        m = _LIST_MARKER.match(t) or _RELATIVE_PERIOD.match(t)
        if m:
            t = t[m.end():]
        if t != s:
            cut_l += len(s) - len(t)
            s, changed = t, True
        for w in head:
            if s.startswith(w):
                s, cut_l, changed = s[len(w):], cut_l + len(w), True
                break
        t = _rstrip_edge(s)
        if t != s:
            cut_r += len(s) - len(t)
            s, changed = t, True
        for w in tail:
            if s.endswith(w) and len(s) >= len(w) and not s.endswith(_NOUN_ENDINGS):
                s, cut_r, changed = s[: len(s) - len(w)], cut_r + len(w), True
                break
    return s, cut_l, cut_r


def _balance_quotes(s: str) -> str:
    """Drop quotation marks left without their partner (喜提“新房 → 喜提新房)."""
    if s.count("“") != s.count("”"):
        s = s.replace("“", "").replace("”", "")
    return s


def _drop_parens(s: str) -> str:
    prev = None
    while prev != s:
        prev, s = s, _PAREN.sub("", s)
    return s


def left_metric(text: str, left_start: int, q_start: int) -> tuple[str, int, int]:
    """Metric read to the left of a quantity: (metric, start, end) in ``text``."""
    seg = text[left_start:q_start]
    # an example list ends with 等: 后河小学、西吕匠幼儿园等9所学校 → nothing left
    k = seg.rfind("等")
    if k >= 0 and len(seg) - k <= 3:
        left_start += k + 1
        seg = seg[k + 1:]
    # 对畜禽粪便进行100%无害化处理: the object of 对 … 进行 is the metric
    k = seg.rfind("对")
    if k >= 0 and seg.endswith("进行"):
        left_start, seg = left_start + k + 1, seg[k + 1:-2]
    if ends_pair(seg):
        return "", q_start, q_start
    m = _FROM_TAIL.search(seg)
    if m:
        seg = seg[:m.start()]
    s, cut_l, cut_r = _strip_words(seg, cues.METRIC_HEAD_WORDS, cues.METRIC_TAIL_WORDS)
    # a preposition right before the number splits off what precedes it:
    # 对1800余个小区点位 → the metric is read to the right
    if s and s[-1] in "对为在向给使让把从":
        cut_l += len(s)
        s = ""
    if len(s) > 24:  # keep the part next to the number
        cut_l += len(s) - 24
        s = s[-24:]
    start = left_start + cut_l
    return _balance_quotes(_drop_parens(s)), start, start + len(s)


def starts_pair(seg: str) -> bool:
    """Whether ``seg``, the text before a number, makes it the start of a
    从…到… pair (生产总值从2017年的|3.06万亿元, 钢铁产能由|2.39亿吨).

    >>> starts_pair("生产总值从2017年的"), starts_pair("钢铁产能由"), starts_pair("生产总值")
    (True, True, False)
    """
    return bool(_FROM_TAIL.search(seg))


def ends_pair(seg: str) -> bool:
    """Whether ``seg``, the text between two numbers, makes the second the end
    of a 从…到… pair (…3.06万亿元|增长到2022年的|4.2万亿元).

    >>> ends_pair("增长到2022年的"), ends_pair("减至"), ends_pair("，新增")
    (True, True, False)
    """
    return bool(_TO_ONLY.match(seg))


def right_noun(text: str, q_end: int, seg_end: int) -> tuple[str, int, int]:
    """Noun phrase right after a count (22个|老旧小区), up to a stop word."""
    seg = text[q_end:seg_end]
    lead = len(seg) - len(seg.lstrip("的"))
    q_end, seg = q_end + lead, seg[lead:]
    stop = len(seg)
    for w in cues.RIGHT_STOP_WORDS:
        k = seg.find(w)
        if 0 <= k < stop:
            stop = k
    for m in regex.finditer(r"[\dXx×]", seg[:stop]):
        stop = m.start()
        break
    s = seg[:stop]
    s, cut_l, cut_r = _strip_words(s, ("的",), ("的", "和", "及", "与", "并"))
    s = s[:20]
    start = q_end + cut_l
    return _balance_quotes(_drop_parens(s)), start, start + len(s)


def metric_around(text: str, q_start: int, q_end: int, unit: str,
                  left_start: int = 0, seg_end: int | None = None) -> tuple[str, int, int]:
    """Metric of the quantity at [q_start, q_end) in ``text``: (metric, start, end)."""
    seg_end = len(text) if seg_end is None else seg_end
    left, ls, le = left_metric(text, left_start, q_start)
    if _FROM_TAIL.search(text, left_start, q_start):
        return left, ls, le  # 生产总值从3.06万亿元|增长到…: nothing on the right is the metric
    # count before its noun (改造22个老旧小区), a verb before any quantity
    # (完成40万平方米房屋拆迁, 占地943亩的老城二期改造): the noun on the right
    # belongs to the metric
    if q_end < seg_end:
        right, rs, re_ = right_noun(text, q_end, seg_end)
        if right:
            if left:
                return left + right, ls, re_
            left, ls, le = right, rs, re_
    return left, ls, le


def split_subjects(subject: str, n: int) -> list[str] | None:
    """Split 工业、技改投资 into n metrics sharing a head or tail.

    >>> split_subjects("工业、技改投资", 2)
    ['工业投资', '技改投资']
    >>> split_subjects("城镇和农村常住居民人均可支配收入", 2)
    ['城镇常住居民人均可支配收入', '农村常住居民人均可支配收入']
    >>> split_subjects("责任单位满意率、参评率", 2)
    ['责任单位满意率', '责任单位参评率']
    >>> split_subjects("城乡居民人均可支配收入", 2)
    ['城镇居民人均可支配收入', '农村居民人均可支配收入']
    """
    parts = [p for p in regex.split(r"、|以及|和|及|与", subject) if p]
    k = subject.find("城乡")
    if n == 2 and len(parts) == 1 and k >= 0:  # 城乡 is 城镇 and 农村
        return [subject[:k] + "城镇" + subject[k + 2:], subject[:k] + "农村" + subject[k + 2:]]
    if len(parts) != n or n < 2:
        return None
    first, last = parts[0], parts[-1]
    if len(last) > len(first) + 1:  # shared tail: 工业、技改投资
        return [p + last[len(p):] for p in parts[:-1]] + [last]
    if len(first) > len(last) + 1:  # shared head: 责任单位满意率、参评率
        return [first] + [first[: len(first) - len(p)] + p for p in parts[1:]]
    return parts
