"""Each rule family of the extractor, on sentences from real reports."""
import pytest

from policyparse import extract


def one(text, **kw):
    ts = extract(text, **kw)
    assert len(ts) == 1, [(t.metric, t.value, t.unit) for t in ts]
    return ts[0]


def records(text, **kw):
    return [(t.metric, t.value, t.unit) for t in extract(text, **kw)]


# --- metric: modal and comparator words out, verb kept, count joined to noun
@pytest.mark.parametrize("text, metric", [
    ("二、2024年重点工作\n力争实施技改项目400个。", "实施技改项目"),
    ("二、2024年重点工作\n稳步推进城市更新,改造22个老旧小区。", "改造老旧小区"),
    ("二、2024年重点工作\n城镇登记失业率控制在4.5%以内。", "城镇登记失业率"),
    ("一、2023年工作回顾\n预计实现地区生产总值2100亿元。", "地区生产总值"),
    ("一、2023年工作回顾\n新建、改扩建公办园27个,增加学位7710个。", "增加学位"),
    ("(三)着力加强区域合作\n推动8家国有企业瘦身健体。", "推动国有企业瘦身健体"),
    ("抓好383家小微企业危险废物收集处置规范化管理。", "抓好小微企业危险废物收集处置规范化管理"),
])
def test_metric(text, metric):
    assert extract(text)[-1].metric == metric


def test_several_records_per_clause():
    got = records("二、2024年重点工作\n新签约10亿元以上项目50个、30亿元以上项目16个。")
    assert got == [("新签约10亿元以上项目", 50, "个"), ("30亿元以上项目", 16, "个")]


def test_respectively_gives_each_value_its_metric():
    got = extract("一、2023年工作回顾\n工业、技改投资分别增长31.5%、26%。")
    assert [(t.metric, t.value, t.change) for t in got] == [("工业投资", 31.5, True), ("技改投资", 26, True)]


def test_attribute_metric_takes_the_counted_noun():
    got = records("一、2023年工作回顾\n引进沪苏浙亿元以上项目96个、总投资510.5亿元。")
    assert got[1] == ("引进沪苏浙亿元以上项目总投资", 51050000000, "元")


def test_count_that_names_the_set_is_not_a_record():
    got = records("一、2023年工作回顾\n22个国考断面水质优良比例95.5%。预计639个纳入省调度的重点项目完成投资920亿元。")
    assert [v for _, v, _ in got] == [95.5, 92000000000]


def test_change_and_level():
    a, b = extract("二、2024年重点工作\n地区生产总值增长7.5%左右,城乡居民用气覆盖率达到98%以上。")
    assert (a.change, a.direction, a.comparator) == (True, "up", "~")
    assert (b.change, b.comparator) == (False, ">=")


# --- kind
def test_kind_from_sections():
    text = "一、2023年工作回顾\n城镇新增就业3.2万人。\n二、2024年重点工作\n城镇新增就业3.1万人。"
    assert [(t.value, t.kind, t.deadline) for t in extract(text)] == [(32000, "actual", "2023"), (31000, "target", "2024")]


def test_kind_from_cues_overrides_section():
    text = "一、2023年工作回顾\n全年计划竣工项目41个。\n二、2024年重点工作\n已建成老年食堂229个。"
    assert [t.kind for t in extract(text)] == ["target", "actual"]


def test_kind_from_year_written_in_the_clause():
    text = "2023年以来先后召开会商会60场。初步谋划2024年项目277个。"
    assert [(t.kind, t.deadline) for t in extract(text)] == [("actual", "2023"), ("target", "2024")]


def test_kind_without_sections_follows_paragraph_cues():
    text = ("稳步推进全域土地综合整治项目,实施1000亩土地增减挂和新增耕地项目建设。加强森林抚育和退化林修复,"
            "完成成片造林2400亩,创建省级森林村庄4个。")
    assert {t.kind for t in extract(text)} == {"target"}
    text = "老年助餐行动:37个城市老年食堂和51个农村老年食堂已全部建设完成,已有76家老年助餐点投入运营。"
    assert {t.kind for t in extract(text)} == {"actual"}


# --- deadline
@pytest.mark.parametrize("clause, deadline", [
    ("确保续建项目一季度全部复工,新建项目一季度开工40%以上", "2023-Q1"),
    ("上半年完成83个村卫生室医疗设备更新配备", "2023-H1"),
    ("确保6月底前剩余1948.1万平方米回迁楼全部交付使用", "2023-06"),
    ("年内完成40万平方米房屋拆迁", "2023"),
    ("到2025年,建设高标准农田60万亩", "2025"),
])
def test_deadline(clause, deadline):
    t = extract("二、2023年工作安排\n" + clause + "。")[-1]
    assert t.deadline == deadline


def test_document_year_from_title_and_from_dated_events():
    assert extract("2024年六安市政府工作报告\n各位代表:\n新增技能人才2万人。")[0].deadline == "2024"
    assert extract("新增城镇就业4500人。以优异成绩迎接党的二十大胜利召开!")[0].deadline == "2022"


# --- not extracted
@pytest.mark.parametrize("text", [
    "2024年是新中国成立75周年,是实施“十四五”规划的关键一年。",
    "完成交通投资、居全省第3。",
    "常态化推进“2+N”招聘活动。",
    "持续实施旅游民宿“1289”工程。",
    "新建5G基站。",
    "联系电话:\n010-63691786",
    "坚定拥护“两个确立”、坚决做到“两个维护”。",
    "全面贯彻党的二十大和二十届二中全会精神。",
    "依托3个农业合作社开展托管服务。",
])
def test_not_extracted(text):
    assert extract(text) == []


def test_forum_furniture_is_skipped():
    text = "查看: 93|回复: 0\n签到天数: 721 天\n积分\n145312\n二、2024年重点工作\n城镇新增就业3.1万人。"
    assert records(text) == [("城镇新增就业", 31000, "人")]


# --- offsets point into the original input
def test_offsets_index_the_original_text():
    raw = "(二)在擴大有效投資上靶向發力。今年以來新納統項(xiàng)目144個(gè)、總投資XX億元。"
    for t in extract(raw):
        assert raw[t.start:t.end] in t.quote
        if t.metric_start is not None:
            assert raw[t.metric_start:t.metric_end]
    t = extract(raw)[0]
    assert raw[t.start:t.end] == "144個(gè)"
    assert (t.metric, t.value, t.unit) == ("新纳统项目", 144, "个")


def test_redacted_values():
    t = extract("今年以來新納統項目144個、總投資XX億元。")[1]
    assert (t.value, t.unit, t.redacted) == (None, "元", True)
