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
    # a footnote mark or a character lost in scraping is not part of the metric
    ("二、2024年重点工作\n城镇新增就业3.1万人以上*,居民收入与经济增长同步。", "城镇新增就业"),
    ("二、2024年重点工作\n新建5所幼儿园\ufffd。", "新建幼儿园"),
    # brackets: a pair stays a pair (then goes, as a gloss), a list marker goes
    # (2026 吉林 and 内蒙古, 2016 海拉尔 reports in fixtures/measure_corpus; dev 002, and dev 003 simplified)
    ("二、2024年重点工作\n建设100个中小学校冰雪运动训练室（场）。", "建设中小学校冰雪运动训练室"),
    ("二、2024年重点工作\n新增村级养老服务站185个、老年食堂(助餐点)229个。", "老年食堂"),
    ("二、2024年重点工作\n7.实施公路安全生命防护工程1500公里；", "实施公路安全生命防护工程"),
    ("继续加大对化肥和农药经营管理。(五)新建村级供销社服务网点23个。", "新建村级供销社服务网点"),
    ("一、2016年工作回顾\n地区生产总值达到287.9亿元,同比增长8.9%（按可比价计算）；", "地区生产总值"),
    # a change verb with its link goes whole (2025 国务院政府工作报告, fixtures/corpus/005)
    ("一、2024年工作回顾\n地级及以上城市细颗粒物（PM2.5）平均浓度下降2.7%，优良天数比例上升至87.2%。", "优良天数比例"),
    # comparators written as symbols
    ("二、2024年重点工作\n森林覆盖率≥40%。", "森林覆盖率"),
    # the speaker is not the metric (2026 重庆 report, fixtures/measure_corpus/122)
    ("二、2026年重点工作\n我们将接续办好15件市级重点民生实事。", "接续办好市级重点民生实事"),
    # 新增 after its noun stays whole (增 is also a change verb): 2023 保定 report, fixtures/corpus/009
    ("一、2022年工作回顾\n对接合作更广,央企在保子公司新增25家、达到225家,总数居全省前列。", "央企在保子公司新增"),
])
def test_metric(text, metric):
    assert extract(text)[-1].metric == metric


def test_a_list_of_numerals_is_not_a_list_marker():
    # 2026 广西 report (fixtures/measure_corpus/130)
    got = records("一、2021年工作回顾\n一、二、三产业增加值分别增长4.2%、5%、5.4%。")
    assert got == [("一产业增加值", 4.2, "%"), ("二产业增加值", 5, "%"), ("三产业增加值", 5.4, "%")]


def test_a_thousands_comma_does_not_split_a_number():
    # the 2025 national report's 城镇新增就业1200万人以上 as statistical pages write it
    assert records("二、2025年重点工作\n城镇新增就业1,200万人以上,完成投资12,345.6万元。") == [
        ("城镇新增就业", 12000000, "人"), ("完成投资", 123456000, "元")]


def test_a_small_rate_in_words_is_a_record_but_a_small_count_in_words_is_not():
    # a rate written in words (as speeches and news write 6%) is not 两个维护
    assert records("二、2024年重点工作\n一般公共预算收入增长百分之六。") == [("一般公共预算收入", 6, "%")]
    assert records("坚定拥护“两个确立”、坚决做到“两个维护”。") == []
    # a rank in words stays out (2026 陕西 report, fixtures/measure_corpus/117)
    assert "‰" not in {u for _, _, u in records("二、2026年重点工作\n21个学科进入ESI前千分之一。")}


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
    # a work summary written during 2023 (dev 003): the year's plan is still open
    text = "一、2023年工作回顾\n全年计划竣工项目41个。\n二、2024年重点工作\n已建成老年食堂229个。"
    assert [t.kind for t in extract(text, year=2023)] == ["target", "actual"]
    # in the 2024 report the 2023 plan had ended: its figure is a result
    assert [t.kind for t in extract(text, year=2024)] == ["actual", "actual"]


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
    # the weights of a scoring formula, a factor of a product (2022 包头 evaluation tasks, fixtures/corpus/014)
    "半年考评分值=日常监测（60%）+实地调研（20%）+民意调查（10%）+第三方评估（10%）",
    "根据工作需要，逐步扩充热线团队，保障“7×24小时\"全天候服务模式。",
])
def test_not_extracted(text):
    assert extract(text) == []


def test_funds_a_plan_commits_to_using_are_records_but_other_means_are_not():
    # 2016 国务院政府工作报告 (fixtures/measure_corpus/109)
    assert records("二、2016年重点工作\n完善政府和社会资本合作模式,用好1800亿元引导基金,依法严格履行合同。") == [
        ("引导基金", 180000000000, "元")]
    assert records("依托3个农业合作社开展托管服务。") == []


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


@pytest.mark.parametrize("text, metric", [
    # the metric is the clause before the number's; its offsets point there
    ("实施高新技术企业倍增工程,年内达到48家。", "实施高新技术企业倍增工程"),
    # a clause shorter than the metric taken from the one before (was an IndexError)
    ("全年完成投资120亿,同比增长5%", "完成投资120亿"),
])
def test_metric_of_a_number_with_no_noun_of_its_own(text, metric):
    (t,) = extract(text, year=2024, rules_only=True)
    assert t.metric == metric
    assert text[t.metric_start:t.metric_end] == metric


def test_within_the_year_of_a_review_heading_is_a_result():
    # 2019 海拉尔区 report: 年内 under 2018年工作回顾 is 2018, a year that had ended
    text = ("——2019年3月4日在呼伦贝尔市海拉尔区第十五届人民代表大会第三次会议上\n"
            "一、2018年工作回顾\n"
            "（三）产业项目蓬勃发展。发展着力点不断向提升质量和效益上聚焦，年内开工项目57个，完成投资34.8亿元。\n"
            "二、2019年工作安排\n"
            "年内开工项目60个。")
    got = [(round(t.value), t.kind, t.deadline) for t in extract(text, rules_only=True)]
    assert got == [(57, "actual", "2018"), (3_480_000_000, "actual", "2018"), (60, "target", "2019")]


@pytest.mark.parametrize("text, kind", [
    # 计划 as a noun (a programme's name) is not a plan cue (2019 海拉尔区 report)
    ("继续实施学前教育三年行动计划，学前三年入园率及公办园入园率分别达到96.4%和50.2%。", "actual"),
    ("全面完成城市更新工程计划，改造老旧小区45个。", "actual"),
    # as a verb it still is
    ("全年计划竣工项目41个。", "target"),
])
def test_plan_cue_only_as_a_verb(text, kind):
    got = extract("一、2018年工作回顾\n" + text, year=2018, rules_only=True)
    assert got and {t.kind for t in got} == {kind}


@pytest.mark.parametrize("text, kind", [
    # a target met, exceeded or missed is a result, not a commitment
    # (2017 国务院政府工作报告, fixtures/measure_corpus/108; 2018 海拉尔区, fixtures/corpus/013)
    ("以钢铁、煤炭行业为重点去产能，全年退出钢铁产能超过6500万吨、煤炭产能超过2.9亿吨，超额完成年度目标任务。", "actual"),
    ("新增就业6435人，失业人员再就业1755人，分别完成目标任务的117%。", "actual"),
    ("外贸进出口总额仅完成年度目标的80%。", "actual"),
    # the target itself, in a plan, still is one
    ("确保完成年度目标任务，新增就业5000人。", "target"),
])
def test_a_target_met_is_a_result(text, kind):
    section = "二、2024年工作计划\n" if kind == "target" else "一、2016年工作回顾\n"
    got = extract(section + text, rules_only=True)
    assert got and {t.kind for t in got} == {kind}


def test_from_to_pairs_are_two_levels_of_one_metric():
    # 2023 河北省政府工作报告 (fixtures/corpus/010), five-year review
    text = ("一、过去五年工作回顾\n"
            "全省生产总值从2017年的3.06万亿元增长到2022年的4.2万亿元，"
            "一般公共预算收入从2017年的3233亿元增长到4084亿元。钢铁产能由2.39亿吨减至1.99亿吨。")
    # the report is of 2023; the end of a pair with no year of its own is the review's end
    got = [(round(t.value), t.metric, t.deadline, t.change) for t in extract(text, year=2023, rules_only=True)]
    assert got == [
        (3_060_000_000_000, "生产总值", "2017", False), (4_200_000_000_000, "生产总值", "2022", False),
        (323_300_000_000, "一般公共预算收入", "2017", False), (408_400_000_000, "一般公共预算收入", "2022", False),
        # a start with no year of its own takes the base year the paragraph set
        (239_000_000, "钢铁产能", "2017", False), (199_000_000, "钢铁产能", "2022", False)]


def test_respectively_twice_in_one_sentence():
    # the second 分别 takes the list of the first, in order, and 和 carries 增长
    text = "一、2022年工作回顾\n城镇和农村居民人均可支配收入分别达到46503元和18000元，分别增长5%和6%。"
    got = [(t.value, t.metric, t.change) for t in extract(text, year=2023, rules_only=True)]
    assert got == [(46503, "城镇居民人均可支配收入", False), (18000, "农村居民人均可支配收入", False),
                   (5, "城镇居民人均可支配收入", True), (6, "农村居民人均可支配收入", True)]


@pytest.mark.parametrize("text, values", [
    # money spent on a work and the work's size are two records (2019 海拉尔区 report)
    ("投资1100万元新建污水管线2847米。", [11_000_000, 2847]),
    ("投资2650万元改扩建15个社区党群服务中心。", [26_500_000, 15]),
    # a money threshold that qualifies the counted noun is not (dev gold)
    ("新签约10亿元以上项目50个。", [50]),
    # two counts of two things are two records (2023 保定市 report, fixtures/corpus/009)
    ("2.37万名干部服务7.38万家企业。", [23_700, 73_800]),
    # a count naming the set a rate measures is not (dev gold)
    ("22个国考断面水质优良比例95.5%。", [95.5]),
])
def test_a_number_before_another_number(text, values):
    got = extract("一、2018年工作回顾\n" + text, year=2019, rules_only=True)
    assert [t.value for t in got] == values


@pytest.mark.parametrize("text, metrics", [
    # 深圳 2022 重大项目 (fixtures/corpus/006): every attribute belongs to the projects
    ("其中，现代产业类项目250个，个数占比28.3%，总投资10373.3亿元，投资占比29.2%。",
     ["现代产业类项目", "现代产业类项目个数占比", "现代产业类项目总投资", "现代产业类项目投资占比"]),
    ("重大项目中，政府投资575.5亿元，占25.7%。", ["政府投资", "政府投资占比"]),
    # 2023 保定市 report (fixtures/corpus/009)
    ("力争全年研发经费投入超105亿元、增速超10%。", ["研发经费投入", "研发经费投入增速"]),
    # a bare verb names nothing the share could belong to
    ("年度计划完成1533.7亿元，投资占比68.4%。", ["完成", "投资占比"]),
])
def test_attribute_metrics_belong_to_the_thing_before(text, metrics):
    assert [t.metric for t in extract("二、2022年工作\n" + text, year=2022, rules_only=True)] == metrics
