"""Unit table: what may follow a number, and the base unit it is reported in.

Keys are surface forms as they appear after simplification and full-width
folding; values are the base unit of ANNOTATION.md.  Multipliers (千/万/亿)
are not units: they are folded into the value by the quantity grammar.
"""
from __future__ import annotations

#: surface form -> base unit
UNIT_ALIASES: dict[str, str] = {
    # percent-like
    "%": "%", "‰": "‰", "个百分点": "百分点", "百分点": "百分点", "倍": "倍",
    # money
    "元": "元", "美元": "美元", "欧元": "欧元", "港元": "港元", "元/人": "元/人",
    "元/亩": "元/亩", "元/吨": "元/吨", "元/平方米": "元/平方米",
    # people and households
    "人": "人", "人次": "人次", "户": "户", "户次": "户次", "名": "名", "位": "位",
    "家": "家", "家次": "家次", "批": "批", "批次": "批次", "架次": "架次", "艘次": "艘次",
    "航次": "航次", "班次": "班次", "车次": "车次", "辆次": "辆次",
    # generic measure words
    "个": "个", "项": "项", "件": "件", "所": "所", "座": "座", "条": "条",
    "张": "张", "台": "台", "套": "套", "辆": "辆", "场": "场", "场次": "场次",
    "次": "次", "处": "处", "间": "间", "栋": "栋", "幢": "幢", "根": "根",
    "棵": "棵", "株": "株", "头": "头", "只": "只", "羽": "羽", "册": "册",
    "份": "份", "部": "部", "篇": "篇", "支": "支", "队": "队", "趟": "趟",
    "架": "架", "艘": "艘", "宗": "宗", "笔": "笔", "例": "例", "起": "起",
    "种": "种", "块": "块", "片": "片", "盏": "盏", "口": "口", "眼": "眼",
    "孔": "孔", "门": "门", "床": "床", "节": "节", "班": "班", "枚": "枚", "列": "列",
    "标箱": "标箱", "TEU": "标箱",
    # mass
    "吨": "吨", "千克": "千克", "公斤": "公斤", "斤": "斤", "克": "克",
    "吨标准煤": "吨标准煤", "吨标煤": "吨标准煤",
    # area
    "亩": "亩", "公顷": "公顷", "平方米": "平方米", "平米": "平方米", "㎡": "平方米",
    "m²": "平方米", "m2": "平方米", "平方公里": "平方公里", "平方千米": "平方公里",
    "km²": "平方公里", "km2": "平方公里",
    # length
    "公里": "公里", "km": "公里", "千米": "公里", "米": "米", "延米": "延米",
    # volume and concentration
    "立方米": "立方米", "方": "立方米", "m³": "立方米", "m3": "立方米", "升": "升",
    "微克/立方米": "微克/立方米", "毫克/升": "毫克/升",
    # energy and power
    "千瓦": "千瓦", "千瓦时": "千瓦时", "兆瓦": "兆瓦", "吉瓦": "吉瓦", "瓦": "瓦",
    "度": "千瓦时", "千伏安": "千伏安", "兆伏安": "兆伏安",
    # time spans (not dates: 年/月/日 alone are never units)
    "个月": "个月", "天": "天", "个工作日": "个工作日", "工作日": "个工作日",
    "小时": "小时", "分钟": "分钟", "周岁": "岁", "岁": "岁",
}

#: Units after which a noun usually follows (count-before-noun: 改造22个老旧小区).
MEASURE_WORDS = frozenset(
    "个 项 件 所 座 条 张 台 套 辆 场 次 处 间 栋 幢 根 棵 株 头 只 羽 册 份 部 篇 支 队 "
    "趟 架 艘 宗 笔 例 起 种 块 片 盏 口 眼 孔 门 床 节 班 户 家 名 位 批 人 人次".split()
)

#: Units that never stand alone after a bare Chinese-numeral count because they
#: are far more often part of set phrases (一批, 一张图) than quantities.
WEAK_UNITS = frozenset("届 节 班 门 口 眼 孔 片 块 方 度 起 部 支 队 位 头 只 种".split())

#: A unit must not be directly followed by these: they turn it into a word
#: (度 → 年度/力度 is excluded by requiring a number first; 方 → 方面 here).
UNIT_BLOCKERS: dict[str, str] = {
    "方": "面案式向法位针", "度": "假", "部": "门分署", "起": "来步草",
    "届": "", "口": "岸径号", "门": "户槛类诊", "片": "区", "块": "钱", "节": "点日能约",
    "天": "然津", "元": "旦宵素", "名": "单称录", "次": "要生",
    "所": "有以在属得谓", "处": "理置室罚",  "条": "件例款", "项": "目",
    "台": "账湾", "张": "力", "间": "断隔", "种": "植养苗子类", "支": "持出付部援撑",
    "人": "民员才口群类工", "户": "籍口外型", "场": "所景馆地", "家": "庭园乡长",
    "米": "粮饭", "头": "部", "册": "子",
    "份": "额", "套": "餐", "位": "于置", "班": "子组车", "队": "伍员", "列": "入为举出表车",
}

#: Latin unit spellings; any other Latin letter right after a number
#: (5G, 4S店, 10KV, PM2.5) means the number is part of a name.
LATIN_UNITS = ("km²", "km2", "km", "m²", "m³", "m2", "m3", "TEU")


def base_unit(surface: str) -> str:
    """Base unit of a unit surface form.

    >>> base_unit("㎡")
    '平方米'
    >>> base_unit("个百分点")
    '百分点'
    >>> base_unit("km")
    '公里'
    """
    return UNIT_ALIASES.get(surface, surface)


def unit_pattern() -> str:
    """Regex alternation of every unit surface form, longest first."""
    import regex

    forms = sorted(UNIT_ALIASES, key=len, reverse=True)
    return "|".join(regex.escape(f) for f in forms)


#: Which measure word counts a noun (量词搭配), by the noun's head: used to
#: restore a measure word lost in scraping (:mod:`policyparse.lost_units`).
#: Longer heads win over shorter ones (事项 → 项 before 项 → 个 of 项目).
CLASSIFIER_NOUNS: dict[str, str] = {
    **dict.fromkeys("企业 公司 店 门店 医院 银行 机构 工厂 超市 商场 酒店 宾馆 单位 园区 协会 合作社 "
                    "农场 养殖场 厂家 商户 网点 民宿 药店 诊所 卫生院 金融机构 平台公司 上市公司 "
                    "龙头企业 小巨人 专精特新".split(), "家"),
    **dict.fromkeys("路 道路 公路 干道 主干道 航线 街 街道 街巷 巷 小巷 河 河流 河道 线 线路 航线 专线 渠 沟 隧道 "
                    "管网 管道 生产线 措施 举措 政策 意见 建议 经验 意见建议 绿道 步道 廊道".split(), "条"),
    **dict.fromkeys("人员 干部 林长 河长 路长 湖长 田长 网格员 教师 医生 护士 学生 人才 志愿者 党员 "
                    "代表 委员 专家 社工 辅警 职工 工人 农民工 毕业生 村医 队员 士兵 退役军人 院士".split(), "名"),
    **dict.fromkeys("教室 房间 病房 厂房 车间 门面 店面 教室信息化".split(), "间"),
    **dict.fromkeys("住房 安居工程 保障房 公租房 廉租房 安置房 棚户区改造 房屋 商品房 设备 "
                    "装备 系统设备 住宅".split(), "套"),
    **dict.fromkeys("矿 煤矿 矿山 桥 桥梁 水库 电站 变电站 泵站 水厂 污水处理厂 楼 大楼 场馆 体育馆 "
                    "城市 县城 小城镇 山 塔 基站 加油站 垃圾中转站 坝".split(), "座"),
    **dict.fromkeys("学校 中小学 小学 中学 幼儿园 高校 大学 职业院校 院校 养老院 敬老院".split(), "所"),
    **dict.fromkeys("事项 任务 工作 活动 工程 制度 标准 专利 成果 指标 改革 课题 政务服务事项 "
                    "办理事项 审批事项".split(), "项"),
    **dict.fromkeys("户 农户 贫困户 家庭 居民户 脱贫户".split(), "户"),
    **dict.fromkeys("项目 小区 社区 村 乡镇 镇 基地 市场 中心 站 驿站 平台 领域 园 片区 网格 "
                    "示范区 试点 载体 充电桩 停车位 车位 点位 窗口 服务站 集群 产业集群".split(), "个"),
    **dict.fromkeys("资金 基金 周转金 消费券 补贴 补助 奖补 奖励 经费 贷款 债券 专项债 财政资金 "
                    "引导基金 担保 信保基金 预算 投资 金 款 费 低保金 补偿金 救助金".split(), "元"),
}
