"""The accuracy harness's scorers on tiny hand-made gold and predictions, scores worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.evaluation import report
from claimledger.evaluation.attribution_benchmark import (
    Attribution,
    PolnearArticle,
    annotation_file,
    jaccard,
    load_polnear,
    overlaps,
    parse_ann,
    predicted_attributions,
    score_polnear,
)
from claimledger.evaluation.common import (
    Score,
    load_data,
    one_digit_apart,
    same_number,
    typo_correction,
    written_numbers,
)
from claimledger.evaluation.displacement_benchmark import (
    Excerpt,
    counts_people_or_households,
    figure_numbers,
    load_idetect,
    score_idetect,
)
from claimledger.evaluation.quantity_benchmark import (
    GoldQuantity,
    Sentence,
    load_newsquant,
    parse_value,
    prediction_change,
    prediction_value,
    same_unit,
    same_unit_exact,
    score_newsquant,
    suspect_gold,
)
from claimledger.model import BOUNDS, MEASURES, Article, ArticleClaims, Claim, Source

SHARED = Path(__file__).parents[2] / "shared" / "benchmarks"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"benchmark data not found at {SHARED}")


# --- common -------------------------------------------------------------------------------


def test_score_handles_empty_denominators() -> None:
    assert Score(0, 0, 0).f1 == 0.0
    s = Score(3, 5, 4)  # P = 3/5, R = 3/4, F1 = 2 * .6 * .75 / 1.35 = 2/3
    assert (s.precision, s.recall) == (0.6, 0.75)
    assert s.f1 == pytest.approx(2 / 3)


def test_same_number_uses_relative_tolerance() -> None:
    assert same_number(1_000_000, 1_000_005)  # |5| <= 1e-5 * 1,000,005
    assert not same_number(1_000_000, 1_000_020)
    assert not same_number(None, 3)


def test_written_numbers_reads_digits_multipliers_and_words() -> None:
    found = written_numbers("About 2.5 million people, 260,000 homes, 25k cars")
    assert {2.5, 2_500_000, 260_000, 25, 25_000} <= set(found)
    assert written_numbers("Nine hundred and twenty-one families") == [921]
    assert written_numbers("twenty-eight thousand six hundred forty-two students") == [28642]
    # Neighbouring words of the same rank are separate numbers, not a sum.
    assert written_numbers("four-, five- and six-cylinder engines") == [4, 5, 6]


def test_one_digit_apart() -> None:
    assert one_digit_apart("26000", "260000")  # a zero dropped
    assert one_digit_apart("250000", "350000")  # one digit changed
    assert one_digit_apart("4500", "5400")  # two neighbours swapped
    assert not one_digit_apart("4500", "4500")
    assert not one_digit_apart("45", "4500")


def test_typo_correction_only_when_the_gold_is_not_written() -> None:
    assert typo_correction(26000, "around 260,000 people have been forced to flee") == 260000
    assert typo_correction(921, "Nine hundred and twenty-one families were displaced") is None
    assert typo_correction(-130, "it can dip to minus-130 degrees") is None  # the sign is not a typo
    assert typo_correction(120, "either 110 or 130 people") is None  # two candidates: not decidable
    assert typo_correction(500, "the storm destroyed 500 houses") is None


# --- NewsQuant ----------------------------------------------------------------------------


def _q(value=None, low=None, high=None, bound="exact", change=None, unit=None, counted=None) -> dict:
    return {"text": "", "value": value, "low": low, "high": high, "bound": bound, "change": change,
            "unit": unit, "counted": counted}


def test_newsquant_value_unit_change_by_hand() -> None:
    sentences = [
        Sentence("s1", (GoldQuantity(5.0, "=", "dollar", "5"), GoldQuantity(10.0, "~", "percentage", "10"))),
        Sentence("s2", (GoldQuantity((1.0, 2.0), "=", "people", "1-2"),)),
        Sentence("s3", (GoldQuantity(3.0, "=", "-", "3"),)),
        Sentence("s4", ()),
    ]
    predictions = [
        [_q(5, change="=", unit="dollar"), _q(10, change="=", unit="percentage"), _q(7)],
        [_q(low=1, high=2, bound="range", counted="people")],  # change from bound: range -> "="
        [],
        [_q(4)],
    ]
    result = score_newsquant(sentences, predictions)
    # gold 4, predictions 3 + 1 + 0 + 1 = 5.
    # value: 5, 10 and 1-2 match -> 3: P 3/5, R 3/4.
    assert (result.value.matches, result.value.predictions, result.value.gold) == (3, 5, 4)
    # unit: dollar, percentage, people (head of "people") all agree -> 3.
    assert result.value_unit.matches == 3
    # change: 10 predicted "=" against gold "~" -> 2: P 2/5 = .4, R 2/4 = .5, F1 = .4444.
    assert result.value_change.matches == 2
    assert result.value_change.f1 == pytest.approx(0.4 / 0.9)
    assert [r["index"] for r in result.rows] == [0, 2, 3]  # s2 is fully right


def test_newsquant_first_unused_prediction_wins() -> None:
    # Gold 7 dollar; predictions 7 km then 7 dollar: the first (km) is taken, so the unit fails.
    sentences = [Sentence("s", (GoldQuantity(7.0, "=", "dollar", "7"),))]
    result = score_newsquant(sentences, [[_q(7, unit="km"), _q(7, unit="dollar")]])
    assert (result.value.matches, result.value_unit.matches, result.value.predictions) == (1, 0, 2)
    # Two gold 5s and one predicted 5: only one match.
    sentences = [Sentence("s", (GoldQuantity(5.0, "=", "-", "5"), GoldQuantity(5.0, "=", "-", "5")))]
    assert score_newsquant(sentences, [[_q(5)]]).value.matches == 1


def test_newsquant_values() -> None:
    assert parse_value("-1.3") == -1.3
    assert parse_value("3.0 - 4.0") == (3.0, 4.0)
    assert parse_value("4.8-4.7") == (4.7, 4.8)  # an interval, whichever end is written first
    assert prediction_value(_q(low=24, high=99, bound="vague")) == 24  # vague: value, else low
    assert prediction_value(_q(low=350000, bound="gt")) == 350000
    assert prediction_value(_q(low=5, high=10, bound="range")) == (5, 10)
    assert prediction_change(_q(bound="gt")) == ">"
    assert prediction_change(_q(bound="gt", change="up")) == "up"


def test_newsquant_units() -> None:
    assert same_unit("soldier", _q(counted="North Korean soldiers"))
    # a count's unit is its lemmatised phrase; it agrees with the gold by head noun, or exactly
    speakers = _q(unit="wireless speaker", counted="wireless speakers")
    assert same_unit("good wireless speaker", speakers) and not same_unit_exact("good wireless speaker", speakers)
    assert same_unit_exact("wireless speaker", speakers)
    assert not same_unit("wireless charger", speakers)
    # a rate is a unit of its own, compared whole
    assert not same_unit("test", _q(unit="test per day", counted="tests"))
    assert same_unit("-", _q())
    assert not same_unit("-", _q(counted="people"))
    assert same_unit("dollar", _q(unit="USD"))  # claims-format code, mapped through data/units.json
    assert same_unit("dollar", _q(unit="dollar"))
    assert not same_unit("euro", _q(unit="USD"))
    assert same_unit("inch", _q(counted="inches"))
    assert same_unit("child", _q(counted="children"))


# --- IDETECT ------------------------------------------------------------------------------


def test_idetect_shares_by_hand() -> None:
    excerpts = [
        Excerpt("a", "About 2,000 households were displaced by floods.", 2000.0, "Displaced", "Households"),
        Excerpt("b", "Around 260,000 people fled their homes.", 26000.0, "Forced to Flee", "People"),
        Excerpt("c", "The storm destroyed 500 houses.", 500.0, "Destroyed Housing", "Households"),
        Excerpt("d", "Some 80 homes were evacuated.", 80.0, "Evacuated", "Households"),
        Excerpt("e", "About 1,100 families stayed in tents.", 1100.0, "Sheltered", "Households"),
    ]
    predictions = [
        [{"value": 2000.0, "counted": "households", "measure": "displaced"}],
        # gold 26000 is a typo of the written 260,000; "more than" style figure: value null, low set.
        [{"value": None, "low": 260000.0, "counted": "people", "measure": "evacuated"}],
        [{"value": 500.0, "counted": "storm", "measure": "destroyed"}],
        [],
        [{"value": 1100.0, "counted": "families", "measure": "other"}],  # Sheltered accepts "other"
    ]
    result = score_idetect(excerpts, predictions)
    # found: a, b, c, e = 4/5; counted: a, b, e = 3/5; measure: a, e = 2/5.
    assert (result.found, result.found_counted, result.found_counted_measure) == (4, 3, 2)
    assert result.to_dict()["found"] == 0.8
    assert result.typos == [{"excerpt_id": "b", "gold": 26000.0, "written": 260000.0}]
    assert [(r["excerpt_id"], r["failed"]) for r in result.rows] == [("b", "measure"), ("c", "counted"),
                                                                      ("d", "figure")]


def test_idetect_helpers() -> None:
    assert figure_numbers({"value": None, "low": 5.0, "high": None}) == (5.0,)
    assert figure_numbers({"value": None, "low": None, "high": 92000}) == (92000.0,)  # "as many as 92,000"
    assert figure_numbers({"value": None, "low": 18000, "high": 25000}) == (18000.0, 25000.0)
    assert figure_numbers({"value": 7, "low": None, "high": None}) == (7.0,)
    assert figure_numbers({"value": None, "low": None, "high": None}) == ()
    assert counts_people_or_households("internally displaced families")
    assert not counts_people_or_households("tonnes of rice")
    assert not counts_people_or_households(None)


# --- PolNeAR ------------------------------------------------------------------------------

TEXT = ('The mayor said the bridge would reopen. "We are ready," she told reporters. '
        "Critics argue the plan is late.")
ANN = "\n".join([
    "T1\tSource 0 9\tThe mayor",
    "T2\tCue 10 14\tsaid",
    "T3\tContent 15 38\tthe bridge would reopen",
    "T4\tAttribution 10 14\tsaid",
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
    'T5\tContent 40 55\t"We are ready,"',
    "T6\tSource 56 59\tshe",
    "T7\tCue 60 64\ttold",
    "T8\tAttribution 60 64\ttold",
    "E2\tAttribution:T8 Content:T5 Source:T6 Cue:T7",
    "T9\tCue 84 89\targue",
    "T10\tContent 90 106\tthe plan is late",
    "T11\tAttribution-no-source 84 89\targue",
    "E3\tAttribution-no-source:T11 Cue:T9 Content:T10",
])


def test_parse_ann_spans_roles_and_direct() -> None:
    gold = parse_ann(ANN, TEXT)
    assert [g.id for g in gold] == ["E1", "E2", "E3"]
    assert gold[0].content == ((15, 38),) and gold[0].source == ((0, 9),) and gold[0].cue == ((10, 14),)
    assert [g.direct for g in gold] == [False, True, False]
    assert [g.complete for g in gold] == [True, True, False]  # E3 has no Source


def test_parse_ann_discontinuous_content2_and_line_breaks() -> None:
    ann = "\n".join([
        "T1\tContent 0 4;10 14\tabcd ijkl",
        "T2\tContent 20 30\tfirst line",
        "“second line",
        "T3\tCue 5 9\tsaid",
        "T4\tSource 15 19\tthey",
        "E1\tAttribution:T9 Content:T1 Cue:T3 Source:T4 Content2:T2",
    ])
    (gold,) = parse_ann(ann)
    assert gold.content == ((0, 4), (10, 14), (20, 30))
    assert gold.direct  # the quotation mark sits on the span's continuation line


def test_polnear_score_by_hand() -> None:
    gold = [g for g in parse_ann(ANN, TEXT) if g.complete]
    article = PolnearArticle("a", TEXT, tuple(gold))
    predicted = [
        Attribution((15, 38), source=(0, 9)),  # E1 exactly, with its source
        Attribution((41, 53)),  # inside E2's marks: Jaccard 12/15 = .8, no source
        Attribution((76, 106), source=(76, 83)),  # E3 is not counted gold: a false positive
    ]
    result = score_polnear([article], [predicted])
    # content: 2 of 3 predictions, 2 of 2 gold: P 2/3, R 1, F1 .8
    assert (result.content.matches, result.content.predictions, result.content.gold) == (2, 3, 2)
    assert result.content.f1 == pytest.approx(0.8)
    # content+source: only E1: P 1/3, R 1/2, F1 .4
    assert result.content_source.matches == 1 and result.content_source.f1 == pytest.approx(0.4)
    # E2 is the direct gold (quotation marks), E1 the indirect one.
    assert (result.direct_gold, result.direct_recall_source, result.indirect_recall_source) == (1, 0.0, 1.0)
    (row,) = result.rows
    assert len(row["false_positives"]) == 1 and len(row["source_wrong"]) == 1 and row["missed"] == []


def test_polnear_threshold_and_greedy_use() -> None:
    from claimledger.evaluation.attribution_benchmark import GoldAttribution

    g = GoldAttribution("E1", ((0, 10),), ((20, 25),), ((12, 16),), "ten chars.")
    article = PolnearArticle("a", "x" * 30, (g,))
    # [5,15) against [0,10): 5 shared / 15 in the union = .333 -> no match.
    assert score_polnear([article], [[Attribution((5, 15))]]).content.matches == 0
    # [0,5): 5 / 10 = .5 -> a match (the threshold is inclusive).
    assert score_polnear([article], [[Attribution((0, 5))]]).content.matches == 1
    # The same content predicted twice: the second finds the gold used, a false positive.
    twice = score_polnear([article], [[Attribution((0, 10)), Attribution((0, 10))]])
    assert (twice.content.matches, twice.content.predictions) == (1, 2)
    # A discontinuous gold [0,4)+[10,14) (8 chars) against [0,14): 8 / 14 = .571 -> a match.
    split = GoldAttribution("E2", ((0, 4), (10, 14)), ((20, 25),), ((5, 9),), "")
    result = score_polnear([PolnearArticle("b", "x" * 30, (split,))], [[Attribution((0, 14))]])
    assert result.content.matches == 1


def test_jaccard_and_overlap() -> None:
    assert jaccard({1, 2, 3}, {2, 3, 4}) == 0.5
    assert jaccard(set(), set()) == 0.0
    assert overlaps((3, 5), ((4, 9),))  # character 4 is shared
    assert not overlaps((0, 4), ((4, 9),))  # end is exclusive
    assert not overlaps(None, ((4, 9),))


def test_predicted_attributions_from_claims() -> None:
    def claim(i: str, start: int, end: int, source: Source | None, cue: tuple[int, int] | None,
              kind: str = "statement") -> Claim:
        cue_start, cue_end = cue if cue else (None, None)
        return Claim(i, kind, source, "said" if cue else None, cue_start, cue_end, False, TEXT[start:end],
                     start, end)

    mayor = Source("The mayor", "The mayor", 0, 9, "person")
    unplaced = Source("The mayor", "she", None, None, "person")
    result = ArticleClaims(Article("x"), [
        claim("c2", 41, 53, unplaced, (60, 64)),
        claim("c1", 15, 38, mayor, (10, 14)),
        claim("c3", 76, 106, None, None),  # the article's own assertion: not an attribution
        claim("c4", 0, 9, mayor, None, kind="no_response"),
    ], text=TEXT)
    assert predicted_attributions(result) == [
        Attribution((15, 38), (0, 9), (10, 14)),
        Attribution((41, 53), None, (60, 64)),
    ]


def test_annotation_file_takes_the_first_in_name_order(tmp_path: Path) -> None:
    for name in ("story_5fec.ann", "story_4b22.ann", "story_two_1111.ann"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert annotation_file(tmp_path, "story").name == "story_4b22.ann"
    assert annotation_file(tmp_path, "story_two").name == "story_two_1111.ann"
    assert annotation_file(tmp_path, "missing") is None


# --- data files and report ----------------------------------------------------------------


def test_evaluation_data_files_load_and_agree_with_the_format() -> None:
    idetect = load_data("evaluation/displacement_benchmark.json")
    terms = {"Displaced", "Evacuated", "Forced to Flee", "Sheltered", "Destroyed Housing", "In Relief Camp",
             "Relocated", "Homeless", "Partially Destroyed Housing"}
    assert set(idetect["term_measures"]) == terms
    assert all(m in MEASURES for ms in idetect["term_measures"].values() for m in ms)
    assert "families" in idetect["counted_nouns"]["household"]
    assert "people" in idetect["counted_nouns"]["person"]
    newsquant = load_data("evaluation/quantity_benchmark.json")
    assert set(newsquant["bound_to_change"]) == set(BOUNDS)
    assert newsquant["irregular_plurals"]["feet"] == "foot"


def test_report_table_puts_ours_beside_the_anchor() -> None:
    results = {"newsquant": {"value": {"f1": 0.5}}, "polnear": {"content": {"f1": 0.25}}}
    lines = report.table(results).splitlines()
    row = next(line for line in lines if line.startswith("NewsQuant value F1"))
    assert row.split()[3:5] == ["50.0", "90.4"]
    assert any(line.startswith("PolNeAR test content F1") and "25.0" in line for line in lines)
    dev = report.table(results, polnear_split="dev")
    assert "57.1" not in dev  # test-split anchors are not shown beside dev figures


# --- the real benchmark files (skipped without ../shared) ---------------------------------


@needs_shared
def test_polnear_test_gold_count() -> None:
    articles = load_polnear(SHARED / "polnear", "test")
    assert len(articles) == 84
    assert sum(len(a.gold) for a in articles) == 1878


@needs_shared
def test_idetect_typo_rows() -> None:
    excerpts = load_idetect(SHARED / "idetect" / "idetect_test.jsonl")
    assert len(excerpts) == 312
    result = score_idetect(excerpts, [[] for _ in excerpts])
    assert [t["excerpt_id"] for t in result.typos] == ["1.0", "4.0", "50.0", "222.0"]


@needs_shared
def test_newsquant_gold_and_the_known_wrong_value() -> None:
    sentences = load_newsquant(SHARED / "newsquant" / "NewsQuant.json")
    assert (len(sentences), sum(len(s.quantities) for s in sentences)) == (590, 904)
    assert [s["gold"] for s in suspect_gold(sentences)] == ["280642.0"]


@needs_shared
def test_polnear_gold_fed_back_as_predictions_scores_almost_perfectly() -> None:
    # Each gold as one predicted span from its first to its last content piece: all match except
    # 17 whose pieces are far apart (Jaccard of the covering span < .5) or taken by a neighbour.
    articles = load_polnear(SHARED / "polnear", "test")
    predictions = [[Attribution((g.content[0][0], g.content[-1][1]), g.source[0], g.cue[0]) for g in a.gold]
                   for a in articles]
    result = score_polnear(articles, predictions)
    assert (result.content.matches, result.content_source.matches) == (1861, 1861)
    assert (result.direct_gold, result.indirect_gold, result.characters) == (650, 1228, 388124)


def _accuracy_script():
    import importlib.util

    path = Path(__file__).parents[1] / "benchmarks" / "accuracy.py"
    spec = importlib.util.spec_from_file_location("accuracy_script", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_accuracy_script_refuses_unknown_benchmarks_and_missing_data(tmp_path: Path, capsys) -> None:
    script = _accuracy_script()
    with pytest.raises(SystemExit) as exit_info:
        script.main(["--only", "newsquant,squad", "--shared", str(tmp_path)])
    assert exit_info.value.code == 2
    assert script.main(["--shared", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "No benchmark data" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_prediction_value_uses_the_stated_end_of_an_open_bound() -> None:
    from claimledger.evaluation.quantity_benchmark import prediction_value

    # "up to 500" states 500 as its upper end; "more than 3,000" states 3,000 as its lower end.
    assert prediction_value({"bound": "le", "value": None, "low": None, "high": 500}) == 500.0
    assert prediction_value({"bound": "gt", "value": None, "low": 3000, "high": None}) == 3000.0
    assert prediction_value({"bound": "range", "value": None, "low": 20, "high": 25}) == (20.0, 25.0)
