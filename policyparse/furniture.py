"""Patterns of web-page and forum furniture (navigation, headers, footers).

A line matching one of these is not document text: later steps skip it.
Metadata lines (发布时间, 发表于) are furniture too, but keep their dates
for the year inference.
"""
from __future__ import annotations

import regex

FURNITURE_PATTERNS = [
    # navigation and page chrome
    r"^(设为首页|收藏本站|加入收藏|当前位置|您的位置|您现在的位置|首页\s*[>›»])",
    r"(上一篇|下一篇|打印本页|关闭窗口|分享到|【\s*打印\s*】|字号\s*[:：]|【\s*大\s*中\s*小\s*】)",
    r"^(网站支持|繁體中文|无障碍|English|网站地图|关于我们|网站声明|联系我们|网上有害信息举报)",
    # forum chrome
    r"^(查看|回复|积分|主题|帖子|Rank|签到天数|发表于|在线时间|联系电话|客服中心|在线咨询)\s*[:：]?",
    r"^(快速回复|返回顶部|返回列表|本版积分规则|您需要登录|TA的每日心情|显示全部楼层|阅读模式|\[复制链接\])",
    r"^(版主|管理员|超级版主|关闭|奋斗|昨天|前天|\[LV\.\d+\])",
    # footers
    r"(ICP备|ICP证|公网安备|网站标识码|版权所有|Copyright|©|Powered by|技术支持\s*[:：]|Licensed)",
    r"^(主办|承办|协办|主管)\s*[:：]",
    # metadata
    r"^(发布时间|信息来源|来源|编辑|作者|责任编辑|浏览次数|点击数|访问量|日期)\s*[:：]",
    r"^\s*\d{1,2}:\d{2}(-\d{1,2}:\d{2})?\s*$",
    r"^(周[一二三四五六日]\s*[~～-]\s*周[一二三四五六日])",
    r"\|.*\|",
    # advertising and calls to action
    r"(>>|»)\s*$|点击(查看|进入|领取|阅读)|扫码(关注|领取)|(领取|抽奖|中奖|红包)[^。]{0,10}$",
]

_FURNITURE_RE = regex.compile("|".join(f"(?:{p})" for p in FURNITURE_PATTERNS))
_HAN6 = regex.compile(r"\p{Han}{6}")
_HAN15 = regex.compile(r"\p{Han}{15}")
_PUNCT = regex.compile(r"[,，。;；:：、]")


def is_furniture_line(line: str) -> bool:
    """True for page furniture.

    >>> is_furniture_line("查看: 93|回复: 0")
    True
    >>> is_furniture_line("晋ICP备18005341号-1")
    True
    >>> is_furniture_line("城镇新增就业3.1万人。")
    False
    """
    s = line.strip()
    if not s:
        return False
    return bool(_FURNITURE_RE.search(s)) and not (len(s) > 60 and is_prose_line(s))


def is_prose_line(line: str) -> bool:
    """True for a line of running text: six Han characters in a row followed
    somewhere by punctuation, or fifteen in a row (linear time on any line).

    >>> is_prose_line("现在,我代表市人民政府,向大会报告工作。")
    True
    >>> is_prose_line("快速回复 返回顶部")
    False
    """
    m = _HAN6.search(line)
    if m is None:
        return False
    return bool(_PUNCT.search(line, m.end()) or _HAN15.search(line, m.start()))
