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
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

PLAN_PERIOD_END = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
             "十": 10, "十一": 11, "十二": 12}

_Y = r"(?P<y>(?:19|20)\d{2})\s*年"
_PERIOD_RE = regex.compile(
    rf"""
    (?P<plan>[“"]?(?P<pp>十[一二三四五]五)[”"]?(?:规划)?(?:期间|时期|末|末期)?)
  | (?P<ymd>{_Y}(?P<m>\d{{1,2}})\s*月(?:份)?(?:(?P<d>\d{{1,2}})\s*日)?(?:底|末)?(?:前)?)
  | (?P<yq>{_Y}(?:的)?(?:第)?(?P<q>[一二三四1-4])\s*季度(?:末|底)?(?:前)?)
  | (?P<yh>{_Y}(?P<h>上|下)半年)
  | (?P<ycum>{_Y}1\s*[-—~至到]\s*(?P<cm>\d{{1,2}})\s*月(?:份)?)
  | (?P<yonly>(?P<until>到|至|截至|截止|力争到|争取到)?{_Y}(?:度|底|末|内|年底)?(?:前)?)
  | (?P<cum>1\s*[-—~至到]\s*(?P<cm2>\d{{1,2}})\s*月(?:份)?|前(?P<cq>[一二三])季度)
  | (?P<q2>(?:第)?(?P<q2n>[一二三四1-4])\s*季度(?:末|底)?(?:前)?)
  | (?P<h2>(?P<h2n>上|下)半年)
  | (?P<md>(?:截至|截止)?(?P<m2>\d{{1,2}}|十[一二]?|[一二三四五六七八九])\s*月(?:份)?(?:(?P<d2>\d{{1,2}})\s*日)?(?:底|末|中旬|下旬|上旬)?(?:前)?)
  | (?P<rel>今年|本年|年内|年底前|年底|年末|全年|当年|本年度|明年|去年|上年|上一年|下一年)
    """,
    regex.VERBOSE,
)


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


def _month(s: str) -> int | None:
    if s.isdigit():
        m = int(s)
    else:
        m = _CN_MONTH.get(s, 0)
    return m if 1 <= m <= 12 else None


def _build(m: regex.Match, year: int | None) -> Period | None:
    g = m.groupdict()
    text, start, end = m.group(), m.start(), m.end()
    y = int(g["y"]) if g.get("y") else None
    if g["plan"]:
        v = PLAN_PERIOD_END[g["pp"]]
        return Period(str(v), text, start, end, v, until=True)
    if g["ymd"]:
        mo = _month(g["m"])
        if mo is None:
            return None
        if g["d"]:
            d = int(g["d"])
            if not 1 <= d <= 31:
                return None
            return Period(f"{y}-{mo:02d}-{d:02d}", text, start, end, y)
        return Period(f"{y}-{mo:02d}", text, start, end, y, until=text.endswith(("底", "末", "前")))
    if g["yq"]:
        return Period(f"{y}-Q{_CN_NUM[g['q']]}", text, start, end, y)
    if g["yh"]:
        return Period(f"{y}-H{1 if g['h'] == '上' else 2}", text, start, end, y)
    if g["ycum"]:
        mo = _month(g["cm"])
        return Period(f"{y}-{mo:02d}", text, start, end, y) if mo else None
    if g["yonly"]:
        return Period(str(y), text, start, end, y, until=bool(g["until"]))
    # relative forms
    if g["cum"]:
        if g["cq"]:
            suffix = f"Q{_CN_NUM[g['cq']]}"
        else:
            mo = _month(g["cm2"])
            if mo is None:
                return None
            suffix = f"{mo:02d}"
        return Period(f"{year}-{suffix}" if year else None, text, start, end, year, relative=True)
    if g["q2"]:
        n = _CN_NUM[g["q2n"]]
        return Period(f"{year}-Q{n}" if year else None, text, start, end, year, relative=True)
    if g["h2"]:
        n = 1 if g["h2n"] == "上" else 2
        return Period(f"{year}-H{n}" if year else None, text, start, end, year, relative=True)
    if g["md"]:
        mo = _month(g["m2"])
        if mo is None:
            return None
        until = text.startswith(("截至", "截止")) or text.endswith(("底", "末", "前"))
        if g["d2"]:
            d = int(g["d2"])
            if not 1 <= d <= 31:
                return None
            return Period(f"{year}-{mo:02d}-{d:02d}" if year else None, text, start, end, year, relative=True)
        return Period(f"{year}-{mo:02d}" if year else None, text, start, end, year, relative=True, until=until)
    rel = g["rel"]
    shift = {"明年": 1, "下一年": 1, "去年": -1, "上年": -1, "上一年": -1}.get(rel, 0)
    yy = year + shift if year else None
    return Period(str(yy) if yy else None, text, start, end, yy, relative=True,
                  until=rel in ("年底前", "年底", "年末"))


def find_periods(text: str, year: int | None = None) -> list[Period]:
    """Every period expression in ``text``.

    >>> [p.value for p in find_periods("2023年5月,吸引了78名;2023年7月,举办培训班")]
    ['2023-05', '2023-07']
    >>> [p.value for p in find_periods("紧盯2023年一季度计划开工21个项目", year=2023)]
    ['2023-Q1']
    """
    out = []
    for m in _PERIOD_RE.finditer(text):
        # 2023国际羽绒博览会: a year without 年 is a name, not matched at all;
        # a month number glued to a preceding digit (10KV) is not a month
        if m.group("md") and m.start() > 0 and text[m.start() - 1].isdigit():
            continue
        p = _build(m, year)
        if p is not None:
            out.append(p)
    return out
