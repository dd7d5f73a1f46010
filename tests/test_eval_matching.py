"""Matching and scoring with hand-built gold whose right answers are known."""

from __future__ import annotations

import pytest

from eval.assignment import max_weight_assignment
from eval.matching import match_items, match_kind, match_terms, normalize_term
from eval.scores import EvalCase, evaluate_case, score_corpus
from tests.eval_fixtures import extraction, gold_doc, result, target, term


def _case(gold: object, pred: object) -> EvalCase:
    return EvalCase("doc", gold, pred)  # type: ignore[arg-type]


def test_three_matches_one_false_positive_two_misses() -> None:
    gold = [
        target("地区生产总值", 5.5),
        target("规模以上工业增加值", 8),
        target("固定资产投资", 6),
        target("社会消费品零售总额", 7),
        target("城镇新增就业", 2200, "人"),
    ]
    pred = [
        target("地区生产总值", 5.5),
        target("规模以上工业增加值", 8),
        target("城镇新增就业", 2200, "人"),
        target("新增车位", 2000, "个"),  # invented: nothing in gold
    ]
    res = evaluate_case(_case(gold_doc(targets=gold), extraction(targets=pred)))
    counts = res.counts["targets"]
    assert (counts.tp, counts.fp, counts.fn) == (3, 1, 2)
    assert counts.precision == pytest.approx(0.75)
    assert counts.recall == pytest.approx(0.6)
    assert counts.f1 == pytest.approx(0.6667, abs=1e-4)
    assert res.evaluations[0].reason == (
        "3 of 4 predicted targets match gold; 3 of 5 gold targets found"
    )


def test_scale_words_are_compared_after_conversion() -> None:
    gold = [target("城镇新增就业", 1.3, "万人")]
    pred = [target("城镇新增就业", 13000, "人", quote="城镇新增就业13000人")]
    m = match_items(gold, pred)
    assert [(p.gold, p.pred) for p in m.pairs] == [(0, 0)]
    # 1.3 万人 is not 1.3 亿人: same base unit, different value
    assert match_items(gold, [target("城镇新增就业", 1.3, "亿人")]).pairs == []


def test_a_wrong_unit_with_the_right_number_pairs_and_counts_as_a_unit_error() -> None:
    gold = [result("新增企业", 12, "家")]
    res = evaluate_case(
        _case(gold_doc(results=gold), extraction(results=[result("新增企业", 12, "")]))
    )
    assert res.counts["results"].tp == 1
    assert res.fields["results"]["unit"] == (0, 1)
    assert res.fields["results"]["qualifier"] == (1, 1)


def test_ranges_pair_only_when_both_ends_agree() -> None:
    gold = [target("招引数据服务头部企业", 4, "家", value_max=5)]
    assert len(match_items(gold, [target("招引数据服务头部企业", 4, "家", value_max=5)]).pairs) == 1
    assert match_items(gold, [target("招引数据服务头部企业", 4, "家", value_max=6)]).pairs == []
    assert match_items(gold, [target("招引数据服务头部企业", 4, "家")]).pairs == []


def test_sign_and_measure_must_agree() -> None:
    gold = [result("单位GDP能耗", -3, measure="growth")]
    assert match_items(gold, [result("单位GDP能耗", 3, measure="growth")]).pairs == []
    assert match_items(gold, [result("单位GDP能耗", -3, measure="level")]).pairs == []
    assert len(match_items(gold, [result("单位GDP能耗", -3, measure="growth")]).pairs) == 1


def test_qualitative_targets_match_on_the_indicator() -> None:
    gold = [
        target("节能减排降碳等约束性指标", None, "", quote="节能减排降碳等约束性指标完成市下达目标")
    ]
    pred = [target("节能减排降碳约束性指标", None, "", quote="约束性指标完成市下达目标")]
    assert len(match_items(gold, pred).pairs) == 1
    assert match_items(gold, [target("实际使用外资", None, "")]).pairs == []
    # a number on one side only is never the same item
    assert match_items(gold, [target("节能减排降碳等约束性指标", 3)]).pairs == []


def test_a_near_miss_below_the_similarity_floor_is_no_match() -> None:
    gold = [target("规模以上工业增加值", 8, quote="规模以上工业增加值增长8%左右")]
    pred = [target("固定资产投资", 8, quote="固定资产投资增长8%以上")]
    m = match_items(gold, pred)
    assert m.pairs == [] and m.misses == [0] and m.false_positives == [0]
    assert "below floor" in m.near[0][2]


def test_synonyms_and_punctuation_do_not_block_a_match() -> None:
    gold = [target("地区生产总值", 5), target("规模以上工业增加值", 6)]
    pred = [
        target("GDP", 5, quote="GDP增长5%"),
        target("规上工业增加值", 6, quote="规上工业增加值增长6%"),
    ]
    assert [(p.gold, p.pred) for p in match_items(gold, pred).pairs] == [(0, 0), (1, 1)]


def test_word_order_and_a_missing_canonical_code_do_not_block_a_match() -> None:
    gold = [result("全面开工“两重”项目", 318, "个", quote="全面开工“两重”项目318个")]
    assert len(match_items(gold, [result("“两重”项目全面开工", 318, "个")]).pairs) == 1
    # 经济增长 has the code gdp and 经济 none: compared as written, they still look alike
    gold = [target("经济增长", 5.5, quote="经济增长5.5%左右")]
    assert len(match_items(gold, [target("经济", 5.5, quote="经济增长5.5%左右")]).pairs) == 1


def test_assignment_is_optimal_not_greedy() -> None:
    # Two growth-8% gold items; a greedy pass would give the first prediction the
    # first gold item it resembles and strand the second prediction.
    gold = [target("城镇居民人均可支配收入", 8), target("农村居民人均可支配收入", 8)]
    pred = [target("农村居民人均可支配收入", 8), target("城镇居民人均可支配收入", 8)]
    assert [(p.gold, p.pred) for p in match_items(gold, pred).pairs] == [(0, 1), (1, 0)]
    assert max_weight_assignment([[0.9, 0.8], [0.85, 0.0]]) == [(0, 1), (1, 0)]


def test_glossary_terms_match_with_quotes_and_brackets_ignored() -> None:
    assert normalize_term("“照亮”工程") == normalize_term("照亮工程") == "照亮工程"
    assert normalize_term("【9】KPL") == "kpl"
    m = match_terms([term("“照亮”工程"), term("三重一大")], [term("照亮工程"), term("四新经济")])
    assert [(p.gold, p.pred) for p in m.pairs] == [(0, 0)]
    assert m.misses == [1] and m.false_positives == [1]


def test_main_targets_scope_scores_only_predicted_main_targets() -> None:
    gold = gold_doc(scope="main_targets", targets=[target("地区生产总值", 5.5, main=True)])
    pred = extraction(
        targets=[target("地区生产总值", 5.5, main=True), target("新增车位", 2000, "个")],
        results=[result("地区生产总值", 5.2)],
        glossary=[term("KPL")],
    )
    res = evaluate_case(_case(gold, pred))
    assert set(res.counts) == {"targets", "main_targets"}  # results, glossary say nothing
    assert (res.counts["targets"].tp, res.counts["targets"].fp) == (1, 0)
    assert match_kind(gold, pred, "results") is None


def test_glossary_scope_scores_only_the_glossary() -> None:
    gold = gold_doc(scope="glossary", glossary=[term("KPL")])
    pred = extraction(targets=[target("地区生产总值", 5.5)], glossary=[term("KPL")])
    res = evaluate_case(_case(gold, pred))
    assert set(res.counts) == {"glossary"} and res.counts["glossary"].f1 == 1.0


def test_main_targets_kind_compares_main_flags_within_scope_all() -> None:
    gold = gold_doc(
        targets=[target("地区生产总值", 5.5, main=True), target("新增车位", 2000, "个")]
    )
    pred = extraction(targets=[target("地区生产总值", 5.5), target("新增车位", 2000, "个")])
    res = evaluate_case(_case(gold, pred))
    assert res.counts["targets"].f1 == 1.0
    assert res.fields["targets"]["main"] == (1, 2)
    assert (res.counts["main_targets"].tp, res.counts["main_targets"].fn) == (0, 1)


def test_empty_documents_score_perfectly_and_missing_predictions_score_zero() -> None:
    empty = evaluate_case(_case(gold_doc(), extraction()))
    assert all(c.f1 == 1.0 for c in empty.counts.values())
    missing = evaluate_case(EvalCase("doc", gold_doc(results=[result("地区生产总值", 5)]), None))
    assert missing.counts["results"].recall == 0.0 and missing.counts["results"].f1 == 0.0


def test_corpus_scores_are_micro_averaged_with_an_interval() -> None:
    cases = []
    for i in range(6):
        gold = [result(f"指标{i}", 1), result(f"项目{i}", 2)]
        pred = gold if i % 2 else gold[:1]
        cases.append(
            evaluate_case(
                EvalCase(
                    f"d{i}", gold_doc(f"d{i}", results=gold), extraction(f"d{i}", results=pred)
                )
            )
        )
    scores = score_corpus(cases)
    f1 = scores.prf["results"]["f1"]
    assert scores.counts["results"].tp == 9 and scores.counts["results"].fn == 3
    assert f1.value == pytest.approx(18 / 21)
    assert f1.low is not None and f1.high is not None and f1.low <= f1.value <= f1.high
    assert f1.direction == "higher" and f1.stderr is not None and f1.stderr > 0
    assert score_corpus(cases).prf["results"]["f1"] == f1  # a fixed seed: reproducible


def test_a_pair_made_on_number_and_quote_still_reports_a_wrong_indicator() -> None:
    quote = "电子信息、有色金属、装备制造业产业规模分别达1.28万亿"
    gold = [target("电子信息产业规模", 1.28, "万亿元", quote=quote)]
    pred = [target("装备制造业产业规模", 1.28, "万亿", quote=quote)]
    res = evaluate_case(_case(gold_doc(targets=gold), extraction(targets=pred)))
    assert res.counts["targets"].tp == 1
    assert res.fields["targets"]["indicator"] == (0, 1)
    assert res.fields["targets"]["unit"] == (0, 1)  # 万亿 as written vs 万亿元
