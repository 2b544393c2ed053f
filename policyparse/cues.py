"""Cue-word tables used by the quantity grammar and the metric step.

Kept as data, apart from the code that reads them, so that they can be
reviewed and extended without touching the grammar.
"""
from __future__ import annotations

#: Words right before a number that set its comparator.
PREFIX_COMPARATORS: dict[str, str] = {
    "约": "~", "大约": "~", "近": "~", "将近": "~", "接近": "~", "大概": "~",
    "超过": ">=", "超": ">=", "逾": ">=", "不低于": ">=", "不少于": ">=",
    "至少": ">=", "最少": ">=", "突破": ">=", "高于": ">=", "多于": ">=",
    "不超过": "<=", "不高于": "<=", "最多": "<=", "低于": "<=", "少于": "<=",
    "控制在": "<=", "不多于": "<=",
    # symbols, as tables and bulletins write them (森林覆盖率≥40%; ＞ folds to >)
    "≥": ">=", "≧": ">=", ">": ">=", "≤": "<=", "≦": "<=", "<": "<=",
}

#: Words right after a quantity that set its comparator.
POST_COMPARATORS: dict[str, str] = {
    "以上": ">=", "及以上": ">=", "以下": "<=", "以内": "<=", "之内": "<=",
    "左右": "~", "上下": "~",
}

#: 余 / 多 between number and unit (8000余人, 三千多人): at least.
APPROX_INFIXES = {"余": ">=", "多": ">="}

#: Verbs that make the following number a change of the metric.
CHANGE_VERBS: dict[str, str] = {
    "增长": "up", "增加": "up", "提高": "up", "提升": "up", "上升": "up",
    "上涨": "up", "增": "up", "涨": "up", "扩大": "up",
    "下降": "down", "降低": "down", "减少": "down", "压减": "down", "压降": "down",
    "下调": "down", "回落": "down", "降": "down", "减": "down", "缩减": "down",
    "缩短": "down", "压缩": "down",
}

#: Metric endings that denote a rate of change themselves (涨幅控制在3%左右).
CHANGE_METRIC_SUFFIXES = ("增幅", "涨幅", "增速", "降幅", "增长率", "增长速度", "年均增长")

#: Between a change verb and its number these may stand without turning the
#: number into a level (同比增长了7%, 分别增长5.7%).
CHANGE_FILLERS = ("了", "约", "近", "达", "达到", "超", "超过", "分别", "为", "逾", "均")

#: These between a verb and the number make it a level: 增加至867, 提高到98%.
LEVEL_LINKS = ("至", "到")

#: Words stripped from the end of the text before a quantity when reading
#: its metric (they belong to the comparator, the change or the link verb).
METRIC_TAIL_WORDS = tuple(sorted(set(
    list(PREFIX_COMPARATORS) + list(CHANGE_VERBS) + [
        "达到", "达", "为", "是", "至", "到", "在", "了", "共", "共有", "共计", "合计",
        "累计", "分别", "同比", "比上年", "较上年", "比去年", "较去年", "较", "比",
        "年均", "平均", "稳定在", "保持在", "稳定", "保持", "实现", "完成了", "已",
        "已经", "已有", "有", "总计", "超出", "新增了", "全部", "均", "净", "预计",
        "累计达", "突破", "提高到", "增加到", "增加至", "提高至", "达到了", "约为",
        "分别为", "分别达", "分别达到", "仅", "以", "按照", "按", "每", "控制", "控制为",
        "控制到", "降至", "降到", "升至", "提升至", "提升到",
        # a change verb with its link (下降到0.5吨: not 单位GDP能耗下)
        "下降到", "下降至", "降低到", "降低至", "减少到", "减少至", "减至", "上升到", "上升至",
        "增长到", "增长至", "扩大到", "扩大至", "压减到", "压减至", "压缩到", "压缩至",
        "缩短到", "缩短至", "压降到", "压降至",
    ]
), key=len, reverse=True))

#: Words stripped from the start of a metric: modal words, time words,
#: connectives and scope words that ANNOTATION.md keeps out of the metric.
METRIC_HEAD_WORDS = tuple(sorted(set([
    "力争", "确保", "争取", "计划", "预计", "全年", "今年", "年内", "年底前", "当年",
    "同时", "其中", "并", "并且", "和", "及", "以及", "另外", "此外", "还", "再",
    "全区", "全市", "全县", "全省", "全镇", "全乡", "全州", "全盟", "全旗", "我市",
    "我区", "我县", "我省", "本市", "本区", "共", "共计", "累计", "已", "已经", "现已",
    "将", "要", "拟", "努力", "进一步", "持续", "积极", "大力", "全力", "着力", "加快",
    "稳步", "扎实", "深入", "全面", "切实", "不断", "继续", "重点", "有序", "统筹",
    "力求", "预期", "目标", "目前", "截至目前", "截至", "先后", "首次", "成功", "顺利",
    "妥善", "圆满", "年度", "全年共", "今年以来", "以来", "年", "对", "为", "在", "向",
    "给", "给予", "从", "由", "通过", "实现", "达到", "共有", "含", "包括",
    "是", "即", "分批", "一次性", "均", "全部", "又", "再次", "最终", "最后", "首批",
    "用好", "用足", "管好用好", "我们", "我们将", "我们要",
]), key=len, reverse=True))

#: Words that end a noun phrase read to the right of a count (改造22个老旧小区).
RIGHT_STOP_WORDS = (
    "全部", "已", "均", "都", "达到", "达", "增加", "提高", "取得", "纳入", "通过",
    "获得", "获评", "列入", "入选", "确定",
    "以上", "以下", "左右", "等", "的",
)

#: Quantities followed by these are idioms, not records (突破15亿元大关).
QUANTITY_IDIOM_FOLLOWERS = ("大关", "台阶", "关口")

#: Metrics that name an attribute of the thing counted just before them
#: (项目96个、总投资510.5亿元 → 项目总投资).
ATTRIBUTE_METRICS = (
    "总投资", "投资", "投资额", "投资概算", "金额", "合计金额", "资金", "总额", "占比", "比重",
    "面积", "总面积", "建筑面积", "总建筑面积", "里程", "总里程", "总建设里程", "规模",
    "产值", "订单金额", "总产值", "收益", "效益", "占", "个数占比", "投资占比", "投资额占比",
    "投资占", "投资额占", "金额占比", "资金占比", "增速", "增幅", "增长率",
)

#: Verbs whose object is a means, not a record (依托3个农业合作社).
INSTRUMENT_VERBS = ("依托", "借助", "用好", "依靠", "利用", "通过", "围绕", "聚焦", "结合", "立足", "发挥")
#: ... except money a plan commits to spending well (用好1800亿元引导基金, 用好5000万元应急周转金).
FUND_VERBS = ("用好", "用足", "管好用好")

#: Events that date a document that never writes its own year.
ERA_CUES = {
    "迎接党的二十大": 2022, "迎接二十大": 2022, "党的二十大胜利召开之年": 2022,
    "迎接党的十九大": 2017, "庆祝建党100周年": 2021, "建党百年": 2021, "十四五开局": 2021,
    "新中国成立75周年": 2024, "新中国成立70周年": 2019, "全面建成小康社会决胜": 2020,
}

#: Words before a count that do not make it anything but the first word of a
#: clause (预计639个…, 其中22个…): the count still only names a set.
SCOPE_WORDS = ("预计", "其中", "全市", "全区", "全县", "全省", "共有", "共", "累计", "另有", "目前", "现有")


#: Verbs that spend or raise the money right after them: 投资1100万元新建污水管线2847米
#: reports the money and the length, where 10亿元项目50个 only qualifies the projects.
MONEY_VERBS = ("投资", "投入", "筹资", "筹措", "争取", "拨付", "下达", "安排资金", "融资", "撬动")

#: A metric that is only one of these verbs names no thing an attribute could
#: belong to (年度计划完成1533.7亿元，投资占比68.4%: not 完成投资占比).
BARE_VERBS = ("完成", "实现", "达到", "新增", "累计完成", "完成投资", "投资", "投入")
