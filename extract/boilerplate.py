"""Web page furniture and PDF page furniture, found line by line.

Only whole lines made of furniture words (or starting with an editor's or
copyright notice) are dropped, never a line that also carries report text.
Runs after trad->simp and half-width folding, so one spelling of each word suffices.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from itertools import accumulate

# Lines made only of these words and separators are page furniture.
_WORDS = (
    r"打印(?:本页|此页)?|收藏(?:本页)?|分享(?:到)?|下载|全屏|关闭(?:窗口|本页)?|返回顶部|返回"
    r"|字号|【?字号[:：]?|大|中|小|加大|还原|减小|默认|[【】\[\]|｜/·•>»›]"
    r"|网站地图|站点地图|联系我们|设为首页|加入收藏|会员登录|新用户注册|退出|登录|注册"
    r"|扫一扫|手机版|微信|微博|QQ空间|上一篇|下一篇|相关新闻|相关阅读|阅读次数[:：]?|浏览次数[:：]?"
    r"|首页|正文|无障碍|长者模式|搜索"
)
_FURNITURE_LINE = rf"(?:\s*(?:{_WORDS})\s*[:：]?)+"
# Lines that begin with these are notices, not report text.
_NOTICE = (
    r"^(?:【?(?:责任编辑|责编|编辑|审核|校对|值班编辑|免责声明|声明|本文地址|原文地址|版权所有"
    r"|版权声明|Copyright|©|ICP备|网站标识码|主办单位|承办单位)[】:：\s]|"
    r"(?:您的位置|您现在的位置(?:是)?|当前位置)[:：]|首页\s*[>›»])"
)
# Style sheet rules and bare class selectors left behind by a copied page.
_CSS = (
    r"(?:[.#]?[A-Za-z_][\w-]*(?:[\s>.#:]+[\w-]+)*\s*)?\{[^{}]*:[^{}]*\}"
    r"|\.[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)*"
)
# The three as one pattern, so that a line costs one call: a notice opens the line,
# furniture words or style rules make up the whole of it.
_FURNITURE = re.compile(rf"(?i:{_NOTICE})|(?:{_FURNITURE_LINE})\Z|(?:{_CSS})\Z")
_MAX_FURNITURE = 200
# `— 3 —`, `- 3 -`: page numbers printed in PDFs, alone or inside a joined line.
# The first dash opens the pattern and the look-behind (line start or a space
# before it) follows, so that `re` jumps from dash to dash (6x faster).
_DASH = r"[—－–\-]"
PAGE_NUMBER = re.compile(rf"{_DASH}(?<!\S{_DASH}){_DASH}? ?\d{{1,4}} ?{_DASH}{{1,2}}(?=\s|$)", re.M)
_RUNNING_HEADER_MAX = 40
_RUNNING_HEADER_MIN_REPEATS = 3


def _is_furniture(stripped: str) -> bool:
    """Is this line (stripped of white space) page furniture?"""
    if not stripped or len(stripped) > _MAX_FURNITURE:
        return False
    return _FURNITURE.match(stripped) is not None


def boilerplate_spans(text: str) -> list[tuple[int, int, str]]:
    """Sorted (start, end, "") deletions: furniture lines, page numbers, running headers."""
    lines = text.splitlines(keepends=True)
    ends = list(accumulate(map(len, lines)))
    stripped = [line.strip() for line in lines]
    page_numbers = list(PAGE_NUMBER.finditer(text))
    repeated = _running_headers(stripped) if len(page_numbers) >= 2 else set()
    dropped = {i for i, line in enumerate(stripped) if _is_furniture(line) or line in repeated}
    spans = [(ends[i] - len(lines[i]), ends[i], "") for i in sorted(dropped)]
    for page in page_numbers:  # a page number on a line that stays goes alone
        if bisect_right(ends, page.start()) not in dropped:
            spans.append((page.start(), page.end(), ""))
    return sorted(spans)


def cuts_whole_lines(text: str, spans: list[tuple[int, int, str]]) -> bool:
    """Whether every span is whole lines of `text`, line ends included. Cutting only
    such lines changes no line that stays and leaves no page number: boilerplate_spans
    would find nothing in the result. A page number cut out of a line can bare a notice."""
    return all(
        (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end - 1] == "\n")
        for start, end, _ in spans
    )


def _running_headers(stripped_lines: list[str]) -> set[str]:
    """Short lines repeated on many pages of a PDF (a title or a chapter name)."""
    counts = Counter(stripped_lines)
    return {
        line
        for line, n in counts.items()
        if line and len(line) <= _RUNNING_HEADER_MAX and n >= _RUNNING_HEADER_MIN_REPEATS
    }
