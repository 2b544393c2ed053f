"""Table-driven tests for ``policyparse.parse_period`` / ``Period.fromstring``.

``parse_period(text, year=None)`` finds the FIRST period expression in
``text``.  ``p.value`` is normalised to ``YYYY``, ``YYYY-Qn``, ``YYYY-Hn``,
``YYYY-MM`` or ``YYYY-MM-DD`` (the ``deadline`` formats of
``shared/eval/ANNOTATION.md``); ``p.text`` is the matched substring of the
input.  Relative expressions (今年, 一季度, 6月底前, 1月8日 …) need the
document year: without ``year=`` they are still found but ``p.value`` is None.
Explicit ones (2025年, 2023年5月, 十四五) parse without it.

Conventions used by these tables beyond the issue text:

* 今年以来 / 年内 / 年底(前) / 全年 → the document year.
* 截至10月底, 2月上旬, 4月中下旬, 6月份 → the month (YYYY-MM): anything finer
  than a month that is not a day is folded into its month.
* 今年7月, 去年四季度, 明年上半年: a relative year with a month/quarter/half
  resolves both parts.
* 十四五 (期间/末/时期) → 2025, 十三五 → 2020, 十五五 → 2030 (end year of the
  five-year plan), regardless of ``year``.
* Durations (21个月, 24小时, 三年行动, 每周) are not periods.
"""

import pytest

from policyparse import Period, parse_period

# ---------------------------------------------------------------------------
# (text, year, expected value)
# ---------------------------------------------------------------------------
RESOLVED_CASES = [
    # bare relative expressions, document year 2024
    ("今年", 2024, "2024"),
    ("年内", 2024, "2024"),
    ("年底前", 2024, "2024"),
    ("年底", 2024, "2024"),
    ("全年", 2024, "2024"),
    ("明年", 2024, "2025"),
    ("去年", 2024, "2023"),
    ("上年", 2024, "2023"),
    ("一季度", 2024, "2024-Q1"),
    ("第一季度", 2024, "2024-Q1"),
    ("二季度", 2024, "2024-Q2"),
    ("第三季度", 2024, "2024-Q3"),
    ("四季度", 2024, "2024-Q4"),
    ("第四季度", 2024, "2024-Q4"),
    ("前三季度", 2024, "2024-Q3"),
    ("上半年", 2024, "2024-H1"),
    ("下半年", 2024, "2024-H2"),
    ("6月底前", 2024, "2024-06"),
    ("截至10月底", 2024, "2024-10"),
    ("1月8日", 2024, "2024-01-08"),
    ("6月30日前", 2024, "2024-06-30"),
    ("到2025年", 2024, "2025"),
    ("2023年5月", 2024, "2023-05"),
    ("2023年度", 2024, "2023"),
    ("十四五", 2024, "2025"),
    ("“十四五”末", 2024, "2025"),
    ("“十四五”期间", 2024, "2025"),
    ("十三五", 2024, "2020"),
    ("“十三五”期间", 2024, "2020"),
    # whole phrases, 2024 reports (dev doc 002 and typical phrasing)
    ("做好今年政府工作的总体要求是", 2024, "2024"),
    ("二、2024年重点工作", 2024, "2024"),
    ("一、2023年工作回顾", 2024, "2023"),
    ("2024年1月16日在六安市第六届人民代表大会第三次会议上", 2024, "2024-01-16"),
    ("2024年是新中国成立75周年,是实施“十四五”规划的关键一年", 2024, "2024"),
    ("到2025年,全市地区生产总值突破3000亿元", 2024, "2025"),
    ("到2035年基本实现社会主义现代化", 2024, "2035"),
    ("“十四五”时期累计新增城镇就业15万人以上", 2024, "2025"),
    ("“十五五”规划", 2024, "2030"),
    ("今年一季度实现开门红", 2024, "2024-Q1"),
    ("去年四季度", 2024, "2023-Q4"),
    ("明年上半年建成投用", 2024, "2025-H1"),
    ("3月底前完成招标", 2024, "2024-03"),
    ("9月底前全面完工", 2024, "2024-09"),
    ("12月底前", 2024, "2024-12"),
    ("2月上旬完成全部招标工作", 2024, "2024-02"),
    # whole phrases, 2023 reports / summaries (dev docs 001, 003, 004)
    ("确保东滩会商业新地标年内投运", 2023, "2023"),
    ("全年新增就业1万人", 2023, "2023"),
    ("新建项目一季度开工40%以上", 2023, "2023-Q1"),
    ("上半年开工80%以上", 2023, "2023-H1"),
    ("上半年完成83个村卫生室医疗设备更新配备", 2023, "2023-H1"),
    ("确保6月底前剩余1948.1万平方米回迁楼全部交付使用", 2023, "2023-06"),
    ("一季度完成1000万元数字消费券发放", 2023, "2023-Q1"),
    ("紧盯2023年一季度计划开工21个项目", 2023, "2023-Q1"),
    ("今年我区经济社会发展的主要预期目标是", 2023, "2023"),
    ("1月8日,潘集区正式启动采煤沉陷区房券安置工作", 2023, "2023-01-08"),
    ("2月1日下午,潘集区召开改作风、谋发展、解民忧、促提升务虚会议", 2023, "2023-02-01"),
    ("2023年,潘集区将全面完成11个待安置自然庄2620户6837人的搬迁安置工作", 2023, "2023"),
    ("2022年,潘集紧盯年度目标任务", 2023, "2022"),
    ("2023年5月,县残联联合县人社局及永成人力资源有限公司", 2023, "2023-05"),
    ("2023年7月,县残联在徐桥镇、城西乡举办培训班", 2023, "2023-07"),
    ("截至2023年10月底,我系统没有群众越级上访事件发生", 2023, "2023-10"),
    ("今年以来新纳统项目144个", 2023, "2023"),
    ("今年计划完成投资X亿元,截至10月底完成投资X亿元", 2023, "2023"),
    ("截至10月底完成投资X亿元", 2023, "2023-10"),
    ("该项目6月份开工建设", 2023, "2023-06"),
    ("头门港铁路支线二期工程已于今年7月开工", 2023, "2023-07"),
    ("第二季度、第三季度考评连续获省级五星", 2023, "2023-Q2"),
    ("今年新增贷款XX户XX万元,较去年增加XX%", 2023, "2023"),
    ("初步谋划2024年项目277个", 2023, "2024"),
    ("2024年度计划实施的重点项目", 2023, "2024"),
    ("2023年度共扶持家庭经济困难残疾大学生", 2023, "2023"),
    ("2023年已新增监测对象XX户XX人", 2023, "2023"),
    # traditional characters (dev doc 003), with and without (pinyin)
    ("今年計劃完成投資X億元", 2023, "2023"),
    ("今年以來新納統項目144個", 2023, "2023"),
    ("2024年度計劃實施的重點項目", 2023, "2024"),
    ("五、2024年度計(jì)劃實(shí)施的重點(diǎn)項(xiàng)目", 2023, "2024"),
    ("頭門港鐵路支線二期工程已于今年7月開工", 2023, "2023-07"),
    ("預計4月中下旬掛網招標", 2024, "2024-04"),
    # full-width digits and Chinese-numeral dates
    ("２０２４年", None, "2024"),
    ("２０２３年５月", None, "2023-05"),
    ("确保６月底前全部交付使用", 2024, "2024-06"),
    ("二〇二四年一月十六日", None, "2024-01-16"),
    ("二〇二三年", None, "2023"),
    # explicit expressions parse without a year
    ("2025年", None, "2025"),
    ("到2025年", None, "2025"),
    ("2023年5月", None, "2023-05"),
    ("2024年1月16日", None, "2024-01-16"),
    ("2023年度", None, "2023"),
    ("2024年一季度", None, "2024-Q1"),
    ("2023年上半年", None, "2023-H1"),
    ("2023年下半年", None, "2023-H2"),
    ("2023年6月底前", None, "2023-06"),
    ("2023年12月31日", None, "2023-12-31"),
    ("截至2023年10月底", None, "2023-10"),
    ("十四五", None, "2025"),
    ("“十四五”期间", None, "2025"),
    ("十三五", None, "2020"),
    # an explicit year wins over the document year
    ("2023年5月", 2025, "2023-05"),
    ("到2025年", 2023, "2025"),
]

# Relative expressions without a year: found, but value is None
RELATIVE_NO_YEAR_CASES = [
    "今年",
    "年内",
    "年底前",
    "全年",
    "明年",
    "去年",
    "上年",
    "一季度",
    "第一季度",
    "前三季度",
    "上半年",
    "下半年",
    "6月底前",
    "截至10月底",
    "1月8日",
    "做好今年政府工作的总体要求是",
    "新建项目一季度开工40%以上",
    "确保6月底前剩余1948.1万平方米回迁楼全部交付使用",
]

# No period expression at all
NOT_A_PERIOD_CASES = [
    "",
    "各位代表",
    "新增城镇就业4500人",
    "城镇登记失业率控制在4.5%以内",
    "连续21个月保持30%以上的增速",
    "比原计划提前了4个月",
    "必须在24小时之内上交组织",
    "纵深推进城市建设三年行动",
    "持续推进农村人居环境整治提升五年行动",
    "每周通过线上线下学习2次",
    "新建5G基站670座",
    "持续实施旅游民宿“1289”工程",
    "在六安市第六届人民代表大会第三次会议上",
    "联系电话:010-63691786",
    "PM2.5平均浓度31.1微克/立方米",
    "全面贯彻党的二十大精神",
    "按照市委五届七次全会总体部署",
    "12345热线",
]

# p.text is the whole input when the input is nothing but the expression
TEXT_EXACT_CASES = [
    "今年",
    "明年",
    "去年",
    "一季度",
    "第一季度",
    "前三季度",
    "上半年",
    "下半年",
    "1月8日",
    "2024年",
    "2023年5月",
    "2024年1月16日",
    "2023年度",
    "２０２４年",
]


def _params(group, rows):
    return [
        pytest.param(*(row if isinstance(row, tuple) else (row,)), id=f"{group}-{i:03d}")
        for i, row in enumerate(rows, 1)
    ]


@pytest.mark.parametrize("text,year,expected", _params("period", RESOLVED_CASES))
def test_period(text, year, expected):
    p = parse_period(text, year=year)
    assert p is not None, f"no period found in {text!r}"
    assert isinstance(p, Period)
    assert p.value == expected, f"{text!r} (year={year}): {p.value!r}"
    assert isinstance(p.text, str) and p.text
    assert p.text in text, f"p.text {p.text!r} is not a substring of {text!r}"


@pytest.mark.parametrize("text", _params("relative", RELATIVE_NO_YEAR_CASES))
def test_relative_without_year(text):
    p = parse_period(text)
    assert p is not None, f"no period found in {text!r}"
    assert p.value is None, f"{text!r}: {p.value!r}"
    assert p.text and p.text in text


@pytest.mark.parametrize("text", _params("none", NOT_A_PERIOD_CASES))
def test_not_a_period(text):
    assert parse_period(text) is None
    assert parse_period(text, year=2024) is None
    assert Period.fromstring(text, year=2024) is None


@pytest.mark.parametrize("text", _params("text", TEXT_EXACT_CASES))
def test_text_is_whole_input(text):
    p = parse_period(text, year=2024)
    assert p is not None
    assert p.text == text


@pytest.mark.parametrize(
    "text,year",
    [("今年", 2024), ("6月底前", 2023), ("到2025年", None), ("一季度", None), ("十四五", None)],
)
def test_fromstring_is_parse_period(text, year):
    a, b = parse_period(text, year=year), Period.fromstring(text, year=year)
    assert isinstance(b, Period)
    assert (a.value, a.text) == (b.value, b.text)


def test_year_is_keyword_with_default_none():
    assert parse_period("今年").value is None
    assert parse_period("今年", 2024).value == "2024"
    assert parse_period("今年", year=2024).value == "2024"


def test_tables_have_no_duplicate_inputs():
    keys = [(r[0], r[1]) for r in RESOLVED_CASES]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    assert not dupes, dupes
    for table in (RELATIVE_NO_YEAR_CASES, NOT_A_PERIOD_CASES, TEXT_EXACT_CASES):
        assert len(table) == len(set(table))
