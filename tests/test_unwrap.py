"""Hard-wrapped text gets its paragraphs back; text written a paragraph a line is untouched."""

from __future__ import annotations

from extract.normalize import normalize
from extract.numbers import find_numbers

PARAGRAPH = (
    "（示例，虚构）全区上下齐心协力，预计全年实现地区生产总值340亿元，增长6.5%；"
    "规模以上工业增加值增长8%；社会消费品零售总额120亿元，增长9%；一般公共预算收入"
    "21.5亿元，增长7%；城镇新增就业5200人，新建改建农村公路86公里，完成老旧小区改造"
    "12个，新增托位600个。"
)


def _wrap(text: str, chars: int) -> str:
    return "\n".join(text[i : i + chars] for i in range(0, len(text), chars))


def test_a_hard_wrapped_report_reads_as_paragraphs_again() -> None:
    heading = "一、2024年工作回顾"
    wrapped = "\n".join([heading, _wrap(PARAGRAPH, 38), heading, _wrap(PARAGRAPH * 2, 38)])
    text = normalize(wrapped).text
    lines = text.split("\n")
    assert lines[0] == heading and lines[2] == heading
    assert "340亿元" in lines[1] and "\n" not in lines[1]
    assert [m.text for m in find_numbers(lines[1])][:2] == ["340亿元", "6.5%"]
    assert normalize(text).text == text


def test_paragraphs_of_varied_length_are_left_alone() -> None:
    paragraphs = [PARAGRAPH[: 40 + 7 * k] for k in range(12)]
    text = "\n".join(paragraphs)
    assert normalize(text).text.count("\n") == len(paragraphs) - 1
