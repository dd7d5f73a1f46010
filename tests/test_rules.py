"""The rules extractor on small made-up passages: one behaviour per test."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from extract.canonical import canonical_code
from extract.regions import Region
from extract.rules import RulesBackend
from schemas.items import Measure, Qualifier, Result, Target
from schemas.report import Section, SectionExtraction, SectionRole


@dataclass
class FakeDocument:
    text: str
    report_year: int | None = 2025
    doc_id: str = "示例区-2025"
    path: Path = field(default_factory=lambda: Path("示例区-2025.txt"))
    region: Region | None = None

    def section_text(self, section: Section) -> str:
        return self.text[section.start : section.end]


def run(
    text: str, role: str = "plan", year: int | None = 2025, heading: str = ""
) -> SectionExtraction:
    doc = FakeDocument(text)
    section = Section(
        index=0, heading=heading, role=SectionRole(role), year=year, start=0, end=len(text)
    )
    found, usage = RulesBackend().extract_section(doc, section)
    assert usage.requests == 0
    for item in [*found.targets, *found.results, *found.glossary]:
        assert item.start is not None and item.end is not None
        assert text[item.start : item.end] == item.quote  # quotes are spans of the text
    return found


def by_value(items: list[Target] | list[Result], value: float) -> Target | Result:
    [item] = [i for i in items if i.value == value]
    return item


def test_headline_list_gives_main_targets_with_codes() -> None:
    found = run(
        "今年主要预期目标是：地区生产总值增长5%左右，一般公共预算收入增长3%，"
        "进出口稳中提质，城镇调查失业率控制在5.5%以内。\n新建道路12条。"
    )
    gdp = by_value(found.targets, 5)
    assert (gdp.canonical, gdp.measure, gdp.qualifier, gdp.main) == (
        "gdp",
        Measure.growth,
        Qualifier.approx,
        True,
    )
    assert by_value(found.targets, 5.5).qualifier is Qualifier.at_most
    [trade] = [t for t in found.targets if t.value is None]
    assert (trade.indicator, trade.canonical, trade.main) == ("进出口", "trade", True)
    roads = by_value(found.targets, 12)
    assert not roads.main and roads.year == 2025 and "道路" in roads.indicator


def test_five_year_goals_are_not_the_headline_list() -> None:
    found = run("“十五五”时期经济社会发展的主要目标是：地区生产总值年均增长5%左右。", year=None)
    [gdp] = found.targets
    assert not gdp.main and gdp.year is None


def test_review_figures_are_results_with_level_and_growth() -> None:
    found = run(
        "预计全年地区生产总值320亿元、同比增长6%左右；新增城镇就业1.2万人。", "review", 2024
    )
    assert not found.targets
    level, growth = by_value(found.results, 320), by_value(found.results, 6)
    assert level.measure is Measure.level and growth.measure is Measure.growth
    assert level.indicator == growth.indicator == "地区生产总值"
    assert all(r.estimated and r.year == 2024 for r in (level, growth))
    jobs = by_value(found.results, 1.2)
    assert (jobs.unit, jobs.canonical, jobs.estimated) == ("万人", "new_urban_jobs", True)


def test_respectively_pairs_names_and_numbers() -> None:
    found = run("城镇、农村居民人均可支配收入分别增长4.5%、5.5%。", "review", 2024)
    assert by_value(found.results, 4.5).canonical == "urban_income"
    assert by_value(found.results, 5.5).canonical == "rural_income"


def test_one_number_for_two_indicators_gives_two_items() -> None:
    found = run("断面水质优良率、饮用水水源地水质达标率稳定在100%。", "review", 2024)
    assert sorted(r.indicator for r in found.results) == [
        "断面水质优良率",
        "饮用水水源地水质达标率",
    ]


def test_declines_are_negative_and_counts_take_the_noun_after_them() -> None:
    found = run("安全生产事故起数下降12%；引进1—2个“数智”项目。", "plan")
    assert by_value(found.targets, -12).measure is Measure.growth
    projects = by_value(found.targets, 1)
    assert projects.value_max == 2 and projects.indicator.endswith("项目")


def test_describing_amounts_and_labels_are_not_items() -> None:
    found = run("开工建设10亿元以上重大产业项目26个，实施十大行动，办好十件民生实事。", "plan")
    assert [t.value for t in found.targets] == [26]


def test_baseline_of_a_ratio_takes_its_own_year() -> None:
    found = run("三次产业结构由2020年的8.7:41.2:50.1调整为7.4:39.6:53。", "review", 2024)
    assert [r.year for r in found.results] == [2020, 2020, 2020, 2024, 2024, 2024]
    assert {r.indicator.split("(")[0] for r in found.results} == {"三次产业结构"}


def test_glossary_list_and_footnotes() -> None:
    text = (
        "名词解释\n1.KPL：即某某职业联赛简称。\n2.“照亮”工程：即开展照明亮化改造工作。\n"
        "【3】两山：绿水青山和金山银山。"
    )
    found = run(text, "glossary", None)
    assert [(t.number, t.term) for t in found.glossary] == [
        (1, "KPL"),
        (2, "“照亮”工程"),
        (3, "两山"),
    ]
    assert found.glossary[1].definition == "即开展照明亮化改造工作。"


def test_numbered_plan_lines_are_not_glossary_terms() -> None:
    found = run("1.地区生产总值：增长5%左右。\n2.固定资产投资：增长6%。", "plan")
    assert found.glossary == []


@pytest.mark.parametrize(
    ("indicator", "code"),
    [
        ("全市生产总值", "gdp"),
        ("全疆地区生产总值", "gdp"),  # a region's own word for "the whole region"
        ("全国地区生产总值", None),  # the country's is a third party's figure, not a synonym
        ("GDP", "gdp"),
        ("规上工业增加值", "industry_va"),
        ("社零", "retail_sales"),
        ("新增城镇就业", "new_urban_jobs"),
        ("城镇新增就业", "new_urban_jobs"),
        ("居民消费价格涨幅", "cpi"),
        ("研发经费支出占地区生产总值比重", "rnd_share"),
        ("民营经济占地区生产总值比重", None),
        ("数字经济核心产业增加值", None),
        ("进出口总值", "trade"),  # customs' word for the same sum
        ("货物进出口总额", "trade"),
        ("一般公共预算收入同口径", "budget_revenue"),  # the basis, not another quantity
        ("居民消费价格总水平上涨幅度", "cpi"),
        ("城镇调查失业率平均值", "unemployment"),  # the year's mean is the year's rate
        ("城乡居民收入", "income"),
        ("规上高技术制造业增加值", "high_tech_va"),
        ("地区进出口总额", "trade"),
    ],
)
def test_canonical_codes(indicator: str, code: str | None) -> None:
    assert canonical_code(indicator) == code


def test_a_past_year_inside_a_plan_section_is_a_result() -> None:
    found = run("2021年全年地区生产总值3.07万亿元。今年地区生产总值增长6%左右。", "plan", 2022)
    [past] = found.results
    assert (past.value, past.year) == (3.07, 2021)
    assert [t.value for t in found.targets] == [6]


def test_a_headline_list_written_one_target_a_line() -> None:
    found = run(
        "今年主要预期目标是：\n1.地区生产总值增长5%左右；\n2.一般公共预算收入增长3%；\n"
        "3.进出口稳中提质。\n围绕上述目标，新建道路12条。"
    )
    assert sorted((t.value or 0, t.main) for t in found.targets) == [
        (0, True),
        (3, True),
        (5, True),
        (12, False),
    ]


def test_tail_patterns_fit_the_window_they_are_searched_in() -> None:
    """strip_predicate searches only the last _TAIL_REACH characters for these end-anchored
    patterns (a speed-up): a longer alternative added to them must widen the window."""
    import re._parser as sre_parse  # the one place that knows a pattern's longest match

    from extract.rules import indicators

    for pattern in (indicators._TAIL, indicators._DATED_TAIL):
        longest = sre_parse.parse(pattern.pattern).getwidth()[1]
        assert longest + 1 <= indicators._TAIL_REACH  # + 1: `$` also matches before a final \n


def test_sentences_skip_blank_runs_and_keep_their_white_space() -> None:
    from extract.rules.text import sentences

    text = "一、甲。 \n\u3000乙；；  \n丙"
    assert [text[a:b] for a, b in sentences(text)] == ["一、甲", "\u3000乙", "丙"]


def test_a_paragraph_of_a_five_year_review_that_turns_to_one_year_takes_it() -> None:
    found = run(
        "“十四五”时期，全区地区生产总值年均增长5.5%。\n"
        "刚刚过去的2024年，全区上下迎难而上。地区生产总值增长5.2%。",
        role="review",
        year=None,
        heading="一、“十四五”时期工作回顾",
    )
    assert by_value(found.results, 5.5).year is None  # a five-year average has no year
    assert by_value(found.results, 5.2).year == 2024


def test_a_count_takes_the_noun_after_it_into_its_quote() -> None:
    found = run("新建12个口袋公园，改造8处农贸市场。")
    parks = by_value(found.targets, 12)
    assert (parks.indicator, parks.quote) == ("新建口袋公园", "新建12个口袋公园")


def test_the_predicate_after_a_counted_noun() -> None:
    found = run(
        "14个示范项目加快实施，9个项目建成投产，120项检验结果和80项检查结果实现互认。",
        role="review",
        year=2024,
    )
    assert by_value(found.results, 14).indicator == "示范项目"  # only says it is under way
    assert by_value(found.results, 9).indicator == "建成投产项目"  # says which are counted
    assert by_value(found.results, 120).indicator == "检验结果"  # the joiner goes


def test_a_new_count_and_the_total_after_it() -> None:
    found = run("新增3个特色产业集群、总数达13个。", role="review", year=2024)
    assert by_value(found.results, 3).indicator == "新增特色产业集群"
    assert by_value(found.results, 13).indicator == "特色产业集群总数"


def test_met_indicators_of_a_plan_period_are_a_result_without_a_year() -> None:
    found = run(
        "“十三五”确定的8项约束性指标全部完成，12项预期性指标基本完成。报告安排主要指标20个。",
        role="review",
        year=2020,
    )
    assert {r.value: r.year for r in found.results} == {8: None, 12: None}  # 20: the report's


def test_region_verbs_estimates_and_milestones_are_not_the_indicator() -> None:
    found = run(
        "全省完成地区生产总值9000亿元，全省进出口总额预计增长3%，经济总量迈上1万亿元。",
        role="review",
        year=2024,
    )
    assert by_value(found.results, 9000).canonical == "gdp"
    assert by_value(found.results, 3).indicator == "全省进出口总额"
    assert by_value(found.results, 1).indicator == "经济总量"


def test_a_streak_is_no_figure() -> None:
    found = run("工业投资连续18个月保持两位数增长，考核连续3次获评优秀。", "review", 2024)
    assert not found.results


def test_a_base_year_does_not_prefix_the_indicators_it_serves() -> None:
    found = run(
        "全区实现生产总值500亿元、税收收入40亿元，较2019年分别增长30%、20%。",
        role="review",
        year=2024,
    )
    assert by_value(found.results, 30).indicator == "生产总值"
    assert by_value(found.results, 20).indicator == "税收收入"


def test_the_list_item_before_a_count_is_not_its_name() -> None:
    found = run("推进20个示范专科和6个特色重点医院建设，建成文化中心和15个站所。")
    assert by_value(found.targets, 6).indicator == "特色重点医院建设"
    assert by_value(found.targets, 15).indicator.endswith("中心和站所")  # a shared head


def test_each_part_of_a_sector_ratio_names_its_sector() -> None:
    found = run("三次产业结构由9.1:45.2:45.7调整为8.3:44.0:47.7。", "review", 2024)
    assert [r.indicator for r in found.results] == [
        f"三次产业结构({sector})" for sector in ("第一产业", "第二产业", "第三产业") * 2
    ]


def test_a_plant_capacity_names_a_project() -> None:
    found = run(
        "年产30万吨纸浆项目投产，某化工8万吨乙烯、某材料年产600吨涂料等项目建成。"
        "粮食产量达到60万吨。",
        role="review",
        year=2024,
    )
    assert [r.value for r in found.results] == [60]


def test_a_note_or_a_bullet_opens_no_indicator() -> None:
    found = run("全年预计(下同)完成地区生产总值300亿元。\n■财政收入增长5%。", "review", 2024)
    assert by_value(found.results, 300).canonical == "gdp"
    assert by_value(found.results, 5).indicator == "财政收入"


def test_views_and_guesses_of_others_give_no_figure() -> None:
    found = run(
        "有观点认为示例市农业比重不能低于20%。"
        "示例市真实的农业比重可能早就低于20%了。"
        "统筹需要和可能，新建学校3所。"
    )
    assert [t.value for t in found.targets] == [3]  # 可能 as a noun hedges nothing


def test_a_first_or_a_present_state_in_a_plan_is_a_result() -> None:
    found = run("全市实有企业首次突破20万户。新建公园5座。\n目前示例区农业比重依然在12%以上。")
    first, now = by_value(found.results, 20), by_value(found.results, 12)
    assert (first.indicator, first.year) == ("全市实有企业", 2024)  # the plan year's past
    assert (now.indicator, now.year) == ("示例区农业比重", None)  # no reviewed year fixed
    assert by_value(found.targets, 5).year == 2025  # the next sentence plans again


def test_the_reports_own_region_names_no_indicator() -> None:
    region = Region("某省示例市", "999900", "city", "某省", "示例")
    doc = FakeDocument("示例市去年GDP增长6%。示例港集装箱吞吐量达到300万标准箱。", region=region)
    section = Section(
        index=0, heading="", role=SectionRole.review, year=2024, start=0, end=len(doc.text)
    )
    found, _ = RulesBackend().extract_section(doc, section)
    gdp, port = by_value(found.results, 6), by_value(found.results, 300)
    assert (gdp.indicator, gdp.canonical) == ("GDP", "gdp")
    assert port.indicator == "示例港集装箱吞吐量"  # the region starts a name here


def test_a_listed_sibling_keeps_the_counting_verb() -> None:
    found = run(
        "新引进高端人才12名、青年人才80名。新签约项目30个、签约额200亿元。"
        "新增企业5家、营业收入达到20亿元。",
        "review",
        2024,
    )
    assert by_value(found.results, 80).indicator == "新引进青年人才"
    assert by_value(found.results, 200).indicator == "签约额"  # the verb is in the name
    assert by_value(found.results, 20).indicator == "营业收入"  # a verb of its own


def test_a_total_after_a_flow_is_named_cumulative() -> None:
    found = run("新增口袋公园20座、累计达到300座；新建绿道15公里、累计近90公里。", "review", 2024)
    assert by_value(found.results, 300).indicator == "累计口袋公园"
    assert by_value(found.results, 90).indicator == "累计绿道"


def test_a_threshold_before_a_count_stays_in_its_name() -> None:
    found = run("签约亿元以上项目12个、5亿元以上项目3个，新增产值10亿元企业2家。")
    assert by_value(found.targets, 3).indicator == "5亿元以上项目"
    assert by_value(found.targets, 2).indicator == "新增产值10亿元企业"


def test_a_multiple_of_a_base_year_fixes_no_year() -> None:
    found = run("地区生产总值90亿元，是2015年的1.5倍，财政收入8亿元。", "review", 2020)
    assert by_value(found.results, 1.5).year is None  # growth since the base year
    assert by_value(found.results, 8).year == 2020  # the base year is not the figure's


def test_a_duration_that_changes_is_a_figure_and_a_named_one_is_not() -> None:
    found = run("示例城至省城通行时间由3小时缩短到1小时，建设15分钟便民生活圈10个。")
    assert by_value(found.targets, 1).indicator == "示例城至省城通行时间"
    assert by_value(found.targets, 3).indicator == "示例城至省城通行时间"
    assert not [t for t in found.targets if t.value == 15]  # 15分钟生活圈 is a name


def test_adverbs_and_streaks_before_the_verb_are_not_the_indicator() -> None:
    found = run(
        "城镇新增就业连续3年超过20万人，居民人均可支配收入实际增长4%，"
        "一般公共预算收入同口径增长3%，CPI微降0.1%，民间投资逆势增长2%。",
        role="review",
        year=2024,
    )
    names = {r.value: (r.indicator, r.canonical) for r in found.results}
    assert names[20] == ("城镇新增就业", "new_urban_jobs")
    assert names[4] == ("居民人均可支配收入", "income")
    assert names[3] == ("一般公共预算收入", "budget_revenue")
    assert names[2] == ("民间投资", None)
    cpi = [r for r in found.results if r.canonical == "cpi"]
    assert [(r.indicator, r.measure) for r in cpi] == [("CPI", Measure.growth)]
    assert by_value(found.targets or found.results, 20).year is None  # a streak of years
    target = run("粮食产量继续保持300万吨以上，物价涨幅在2%左右。").targets
    assert [(t.indicator, t.measure) for t in target] == [
        ("粮食产量", Measure.level),
        ("物价涨幅", Measure.growth),
    ]


def test_milestones_passed_name_the_figure_after_them_and_fix_no_year() -> None:
    found = run(
        "全市地区生产总值连跨2个千亿台阶，2024年达到2100亿元、增长5%。"
        "进出口总额接连突破300亿元、400亿元。",
        role="review",
        year=2024,
    )
    assert 2 not in [r.value for r in found.results]  # a count of milestones: no figure
    gdp = by_value(found.results, 2100)
    assert (gdp.indicator, gdp.canonical, gdp.year) == ("全市地区生产总值", "gdp", 2024)
    assert by_value(found.results, 5).canonical == "gdp"
    assert [(r.canonical, r.year) for r in found.results if r.value in (300, 400)] == [
        ("trade", None),  # passed one after another, each in its own year
        ("trade", None),
    ]


def test_listed_names_share_their_noun_but_not_inside_a_word() -> None:
    found = run(
        "一、二、三产业增加值分别增长3%、5%、6%，肉、蛋产量分别达到20万吨、8万吨，"
        "农村自来水普及率、卫生厕所普及率分别达到95%、90%，"
        "一般公共预算收入、税收收入分别增长3.5%、2.5%，城乡居民收入预计分别增长4.2%、6.2%。",
        role="review",
        year=2024,
    )
    names = {r.value: r.indicator for r in found.results}
    assert [names[3], names[5], names[6]] == ["一产业增加值", "二产业增加值", "三产业增加值"]
    assert [names[20], names[8]] == ["肉产量", "蛋产量"]
    assert [names[95], names[90]] == ["农村自来水普及率", "卫生厕所普及率"]  # 普及 is a word
    assert by_value(found.results, 2.5).canonical == "tax_revenue"  # not 一般公共税收收入
    assert by_value(found.results, 4.2).canonical == "urban_income"  # 预计 names neither
    assert by_value(found.results, 6.2).canonical == "rural_income"


def test_a_cut_in_percent_is_a_change() -> None:
    [cut] = run("三公经费压减8%。", role="review", year=2024).results
    assert (cut.measure, cut.value) == (Measure.growth, -8)


def test_goals_of_the_plan_periods_development_are_not_the_headline_list() -> None:
    found = run(
        "“十五五”发展的主要目标是：到2030年，研发投入强度达到3.5%以上。\n"
        "今年主要预期目标是：地区生产总值增长5%左右。"
    )
    assert by_value(found.targets, 5).main
    assert not by_value(found.targets, 3.5).main


def test_qualitative_headline_targets_named_after_their_verb_or_by_a_rate() -> None:
    found = run(
        "主要预期目标是：地区生产总值增长5%左右；固定资产投资力争实现正增长；"
        "居民消费价格保持合理水平；全面完成国家下达的单位地区生产总值能耗降低目标。"
    )
    heads = {(t.indicator, t.canonical, t.measure) for t in found.targets if t.value is None}
    assert heads == {
        ("固定资产投资", "fixed_investment", Measure.growth),
        ("居民消费价格", "cpi", Measure.level),
        ("单位地区生产总值能耗", "energy_intensity", Measure.growth),
    }
    assert all(t.main for t in found.targets)


def test_a_five_year_plan_part_gives_targets_no_single_year() -> None:
    # the sections give a “十五五” chapter no year though the report is for 2025
    found = run("常住人口城镇化率达到70%左右，到2030年新增学位1万个。", "plan", None)
    assert by_value(found.targets, 70).year is None
    assert by_value(found.targets, 1).year == 2030  # a year the text gives stands
