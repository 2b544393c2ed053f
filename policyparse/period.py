"""Periods: the time a number belongs to, normalised to YYYY[-Qn|-Hn|-MM[-DD]].

Relative expressions (今年, 一季度, 6月底前) need the document's year.

>>> parse_period("一季度开工40%以上", year=2023).value
'2023-Q1'
>>> parse_period("确保6月底前全部交付使用", year=2023).value
'2023-06'
>>> parse_period("到2025年达到").value
'2025'
>>> parse_period("上半年开工80%以上", year=2023).value
'2023-H1'
>>> parse_period("十四五期间").value
'2025'
>>> parse_period("今年").value is None      # relative, and no year given
True
>>> parse_period("吸引了78名求职者") is None
True
>>> parse_period("去年四季度", year=2024).value     # relative year + quarter
'2023-Q4'
>>> parse_period("截至2023年10月底").value
'2023-10'
>>> parse_period("二〇二四年一月十六日").value
'2024-01-16'
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .numerals import parse_number

PLAN_PERIOD_END = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
             "十": 10, "十一": 11, "十二": 12}
#: relative year words -> shift from the document year
_REL_YEARS = {"今年": 0, "本年度": 0, "本年": 0, "当年": 0, "明年": 1, "下一年": 1,
              "去年": -1, "上一年": -1, "上年": -1}

_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY = r"3[01]|[12]\d|0?[1-9]|[二三]十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
# the part of a period below the year: cumulative months/quarters, a month
# (and day), a quarter or a half; group names are shared by every copy
_SUB = rf"""
    (?:1\s*[-—–~～至到]\s*(?P<cm>1[0-2]|[2-9])\s*月(?:份)?
      |前(?P<cq>[一二三])季度
      |(?P<m>{_MONTH})\s*月(?:份)?(?:(?P<d>{_DAY})\s*[日号])?
         (?:底|末|初|上中旬|中下旬|上旬|中旬|下旬)?
      |(?:第)?(?P<q>[一二三四1-4])\s*季度(?:末|底)?
      |(?P<h>上|下)半年(?:末|底)?
    )(?:前)?
"""
_PERIOD_RE = regex.compile(
    rf"""
    (?P<plan>[“"]?(?P<pp>十[一二三四五]五)[”"]?(?:规划)?(?:期间|时期|末|末期)?)
  | (?P<until>力争到|争取到|截至|截止|到|至)?
    (?:
        (?P<y>(?:19|20)\d{{2}}|[一二][〇零][〇零一二三四五六七八九]{{2}})\s*年
        (?:的?(?P<sub>{_SUB})|(?:度|底|末|内|年底)?(?:前)?)
      | (?P<ry>{"|".join(sorted(_REL_YEARS, key=len, reverse=True))})(?:的?(?P<sub>{_SUB}))?
      | (?P<sub>{_SUB})
      | (?P<rel>年内|年底前|年底|年末|全年)
    )
    """,
    regex.VERBOSE,
)
# forms of the few characters of the grammar that differ in traditional script
_TRAD = str.maketrans("內當爭規劃時間號後來", "内当争规划时间号后来")


@dataclass
class Period:
    """A period expression; ``value`` is None when it is relative and no year is known."""

    value: str | None
    text: str
    start: int = 0
    end: int = 0
    year: int | None = None
    relative: bool = False
    until: bool = False  # 到2025年, 截至10月底: a deadline rather than a span

    @classmethod
    def fromstring(cls, text: str, year: int | None = None) -> "Period | None":
        """The first period in ``text``; ``year`` anchors relative ones."""
        found = find_periods(text, year=year)
        return found[0] if found else None


#: price-parser style alias
parse_period = Period.fromstring


def _small(s: str) -> int | None:
    """A month or day number, Arabic or Chinese."""
    if s.isdigit():
        return int(s)
    if s in _CN_MONTH:
        return _CN_MONTH[s]
    v = parse_number(s)
    return int(v) if v is not None else None


def _month(s: str) -> int | None:
    m = _small(s) or 0
    return m if 1 <= m <= 12 else None


def _sub_value(g: dict) -> tuple[str, bool] | None:
    """(suffix, ends-a-deadline) of the part below the year, or None if invalid."""
    text = g["sub"]
    until = text.endswith(("底", "末", "前"))
    if g["cm"]:
        mo = _month(g["cm"])
        return (f"{mo:02d}", until) if mo else None
    if g["cq"]:
        return f"Q{_CN_NUM[g['cq']]}", until
    if g["m"]:
        mo = _month(g["m"])
        if mo is None:
            return None
        if g["d"]:
            d = _small(g["d"]) or 0
            if not 1 <= d <= 31:
                return None
            return f"{mo:02d}-{d:02d}", until
        return f"{mo:02d}", until
    if g["q"]:
        return f"Q{_CN_NUM[g['q']]}", until
    return f"H{1 if g['h'] == '上' else 2}", until


def _build(m: regex.Match, year: int | None) -> Period | None:
    g = m.groupdict()
    text, start, end = m.group(), m.start(), m.end()
    if g["plan"]:
        v = PLAN_PERIOD_END[g["pp"]]
        return Period(str(v), text, start, end, v, until=True)
    until = bool(g["until"])
    if g["until"] == "至" and not g["y"]:
        # 3月至6月: the second end of a span, not a deadline; 至2025年 is one
        text, start, until = text[1:], start + 1, False
    if g["rel"]:
        return Period(str(year) if year else None, text, start, end, year, relative=True,
                      until=until or g["rel"] in ("年底前", "年底", "年末"))
    relative = True
    if g["y"]:
        y = int(parse_number(g["y"]) or 0)
        if not 1900 <= y <= 2099:
            return None
        relative = False
    elif g["ry"]:
        y = year + _REL_YEARS[g["ry"]] if year else None
    else:
        y = year
    if not g["sub"]:
        if g["y"]:
            until = until or text.endswith(("底", "末", "前"))
        return Period(str(y) if y else None, text, start, end, y, relative=relative, until=until)
    sub = _sub_value(g)
    if sub is None:
        return None
    suffix, sub_until = sub
    # a day is a point in time, not a deadline (unless 截至/到 says so)
    if not g["d"]:
        until = until or sub_until
    return Period(f"{y}-{suffix}" if y else None, text, start, end, y, relative=relative, until=until)


def _fold(text: str) -> str:
    """Full-width digits and letters to ASCII, a few traditional forms to
    simplified; the length is kept so offsets index ``text``."""
    if not text.isascii():
        from .clean import fold_width

        text = fold_width(text).translate(_TRAD)
    return text


def find_periods(text: str, year: int | None = None) -> list[Period]:
    """Every period expression in ``text``.

    >>> [p.value for p in find_periods("2023年5月,吸引了78名;2023年7月,举办培训班")]
    ['2023-05', '2023-07']
    >>> [p.value for p in find_periods("紧盯2023年一季度计划开工21个项目", year=2023)]
    ['2023-Q1']
    >>> [p.value for p in find_periods("头门港铁路支线二期工程已于今年7月开工", year=2023)]
    ['2023-07']
    """
    folded = _fold(text)
    out = []
    for m in _PERIOD_RE.finditer(folded):
        # 2023国际羽绒博览会: a year without 年 is a name, not matched at all;
        # a month number glued to a preceding digit (10KV) is not a month
        if (m.group("sub") and not (m.group("y") or m.group("ry") or m.group("until"))
                and m.start() > 0 and folded[m.start() - 1].isdigit()):
            continue
        p = _build(m, year)
        if p is not None:
            p.text = text[p.start:p.end]
            out.append(p)
    return out
