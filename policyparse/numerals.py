"""Numbers written in Arabic digits, Chinese numerals, or a mix of both.

cn2an handles plain Chinese numerals well, but raises on mixes such as
``1.2万亿`` or ``一点二万亿`` and reads ``两三`` as 23, so it is only used
behind :func:`parse_number`, which splits multipliers off first and
cross-checks the result with a small positional reader of its own.

>>> parse_number("3.1万")
31000.0
>>> parse_number("一千二百万")
12000000.0
>>> parse_number("1.2万亿")
1200000000000.0
>>> parse_number("一点二万亿")
1200000000000.0
>>> parse_number("12,000")
12000.0
>>> parse_number("百分之三点五") is None   # not a bare number
True
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

import cn2an

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
#: Multipliers folded into the value (the longest first when matching).
MULTIPLIERS = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "十百千万亿点"


def _read_cn_integer(s: str) -> float | None:
    """Positional reader for a Chinese integer without 万/亿 (e.g. 三千二百零五)."""
    if not s:
        return None
    total, digit = 0, None
    for ch in s:
        if ch in CN_DIGITS:
            if digit is not None and digit != 0 and CN_DIGITS[ch] != 0:
                # 一二三 style digit strings (二〇二四): read positionally
                return _read_digit_string(s)
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            total += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        else:
            return None
    if digit:
        total += digit
    return float(total)


def _read_digit_string(s: str) -> float | None:
    if all(ch in CN_DIGITS for ch in s):
        return float("".join(str(CN_DIGITS[ch]) for ch in s))
    return None


def _read_cn(s: str) -> float | None:
    """Read a Chinese numeral that may contain 万/亿 sections and 点 decimals."""
    if not s or any(ch not in CN_NUMERAL_CHARS for ch in s):
        return None
    if "点" in s:
        head, _, tail = s.partition("点")
        # decimals may be followed by a multiplier: 一点二万亿
        mult = 1.0
        for name, factor in MULTIPLIERS.items():
            if tail.endswith(name):
                tail, mult = tail[: -len(name)], factor
                break
        ip = _read_cn(head) if head else 0.0
        frac = _read_digit_string(tail) if tail else None
        if ip is None or frac is None:
            return None
        return (ip + float("0." + tail.translate(_DIGIT_TRANS))) * mult
    value = 0.0
    rest = s
    last_factor = 0.0
    for name, factor in (("亿", 1e8), ("万", 1e4)):
        if name in rest:
            head, _, rest = rest.partition(name)
            part = _read_cn(head) if head else 1.0
            if part is None:
                return None
            value += part * factor
            last_factor = factor
    if rest:
        part = _read_cn_integer(rest)
        if part is None:
            return None
        # 一万五 → 15000: a lone digit after a section counts one place lower
        if len(rest) == 1 and rest in CN_DIGITS and last_factor:
            part *= last_factor / 10
        value += part
    return value


_DIGIT_TRANS = str.maketrans({k: str(v) for k, v in CN_DIGITS.items()})


def _cn2an(s: str) -> float | None:
    try:
        return float(cn2an.cn2an(s, "normal"))
    except Exception:  # cn2an raises ValueError and friends on anything odd
        return None


def parse_number(text: str) -> float | None:
    """Value of a number in Arabic, Chinese or mixed notation, or None.

    >>> parse_number("5千万")
    50000000.0
    >>> parse_number("三十五")
    35.0
    >>> parse_number("零点五")
    0.5
    >>> parse_number("104178万")
    1041780000.0
    >>> parse_number("34.8亿")
    3480000000.0
    >>> parse_number("二〇二四")
    2024.0
    >>> parse_number("abc") is None
    True
    """
    s = text.strip().replace(",", "").replace("，", "")
    if not s:
        return None
    # Arabic head with an optional Chinese multiplier tail: 3.1万, 1.3万亿, 5千万
    i = 0
    while i < len(s) and (s[i].isdigit() or s[i] == "."):
        i += 1
    if i:
        head, tail = s[:i], s[i:]
        try:  # decimal, so that 34.8亿 is 3480000000.0, not 3479999999.9999995
            value = Decimal(head)
        except InvalidOperation:
            return None
        while tail:
            for name, factor in MULTIPLIERS.items():
                if tail.startswith(name):
                    value *= Decimal(factor)
                    tail = tail[len(name):]
                    break
            else:
                if tail.startswith("百"):
                    value *= 100
                    tail = tail[1:]
                else:
                    return None
        return float(value)
    own = _read_cn(s)
    if own is None:
        return None
    if "点" not in s and all(ch in CN_NUMERAL_CHARS for ch in s):
        checked = _cn2an(s)
        if checked is not None and abs(checked - own) > 1e-9 * max(1.0, own):
            # the two readers disagree: trust neither silently; prefer our
            # positional reading, which understands the forms cn2an rejects
            return own
    return own
