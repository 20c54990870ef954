"""The quantity recogniser on sentences written for these tests."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from claimledger.extract.numbers import Quantity, find_quantities, lexicon, quantities


def _find(nlp, text: str) -> list[Quantity]:
    return find_quantities(nlp(text))


def _one(nlp, text: str, words: str) -> Quantity:
    """The quantity whose text is ``words``."""
    found = [q for q in _find(nlp, text) if q.text == words]
    assert found, f"{words!r} not found in {[q.text for q in _find(nlp, text)]}"
    return found[0]


@pytest.mark.parametrize("name", ["numbers.json", "bounds.json", "units.json"])
def test_lexicon_files_load(name: str) -> None:
    data = json.loads(files("claimledger.data").joinpath(name).read_text(encoding="utf-8"))
    assert "_about" in data


def test_lexicon_has_the_vague_words_and_bounds() -> None:
    lex = lexicon()
    assert lex.vague[("hundreds",)] == (200, 999)
    assert lex.vague[("tens", "of", "thousands")][0] == 20000
    assert lex.bound_before[("at", "least")] == "ge"
    assert lex.units["per cent"][1] == "percentage"
    assert lex.currency["€"] == ("EUR", "euro")


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("The convoy carried 3,000 tents to the border.", "3,000", 3000),
        ("Officials said 12.5 million people need aid.", "12.5 million", 12_500_000),
        ("Five soldiers were hurt in the blast.", "Five", 5),
        ("A dozen drones were launched overnight.", "A dozen", 12),
        ("The town sheltered twenty-eight thousand residents.", "twenty-eight thousand", 28_000),
        (
            "The camp holds twenty-eight thousand six hundred forty-two families.",
            "twenty-eight thousand six hundred forty-two",
            28_642,
        ),
        ("The flood displaced one and a half million people.", "one and a half million", 1_500_000),
        ("The agency counted 68400 claims last year.", "68400", 68_400),
    ],
)
def test_number_values(nlp, text: str, words: str, value: float) -> None:
    q = _one(nlp, text, words)
    assert q.value == value
    assert q.bound == "exact"
    assert q.kind == "count"
    assert q.is_figure


@pytest.mark.parametrize(
    ("text", "words", "value", "unit", "quant_unit"),
    [
        ("The company raised $1.2bn from investors.", "$1.2bn", 1.2e9, "USD", "dollar"),
        ("The city received €40m in grants.", "€40m", 40e6, "EUR", "euro"),
        ("The fund paid US$4.5 million to farmers.", "US$4.5 million", 4.5e6, "USD", "dollar"),
        ("Prices rose 5% in March.", "5%", 5, "percent", "percentage"),
        ("Prices rose 5 per cent in March.", "5 per cent", 5, "percent", "percentage"),
        ("Prices rose five percent in March.", "five percent", 5, "percent", "percentage"),
        ("The front line moved 40 km overnight.", "40 km", 40, "km", "kilometre"),
        ("The column stretched 12 kilometres along the road.", "12 kilometres", 12, "km", "kilometre"),
        ("The storm moved 30 miles inland.", "30 miles", 30, "mi", "mile"),
        ("The ship delivered 2,000 tonnes of grain.", "2,000 tonnes", 2000, "tonne", "metric ton"),
        ("Each parcel weighed 5 kg.", "5 kg", 5, "kg", "kilogram"),
        (
            "Fire burned 15 square kilometres of forest.",
            "15 square kilometres",
            15,
            "km2",
            "square kilometre",
        ),
        ("The tanker lost 300 litres of fuel.", "300 litres", 300, "l", "litre"),
        ("Oil traded at $58.24 per barrel.", "$58.24 per barrel", 58.24, "USD/barrel", "dollar per barrel"),
    ],
)
def test_units(nlp, text: str, words: str, value: float, unit: str, quant_unit: str) -> None:
    q = _one(nlp, text, words)
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert q.quant_unit == quant_unit
    assert q.is_figure


def test_money_and_percent_kinds(nlp) -> None:
    assert _one(nlp, "The firm raised $1.2bn.", "$1.2bn").kind == "money"
    assert _one(nlp, "Turnout was 61%.", "61%").kind == "percent"
    assert _one(nlp, "The trench ran 3 km.", "3 km").kind == "physical"


@pytest.mark.parametrize(
    ("text", "words", "bound", "value", "low", "high", "change"),
    [
        ("More than 3,000 soldiers were killed.", "More than 3,000", "gt", None, 3000, None, ">"),
        ("Over 400 homes were damaged.", "Over 400", "gt", None, 400, None, ">"),
        ("At least 57 people died.", "At least 57", "ge", None, 57, None, ">"),
        ("Around 12,000 troops are stationed there.", "Around 12,000", "approx", 12000, None, None, "~"),
        ("About 200 people fled.", "About 200", "approx", 200, None, None, "~"),
        ("Approximately 1,000 troops were lost.", "Approximately 1,000", "approx", 1000, None, None, "~"),
        ("Nearly 90 villages were emptied.", "Nearly 90", "approx", 90, None, None, "~"),
        ("Some 300 families stayed behind.", "Some 300", "approx", 300, None, None, "~"),
        ("Roughly 80 trucks crossed.", "Roughly 80", "approx", 80, None, None, "~"),
        ("An estimated 5,000 people were trapped.", "An estimated 5,000", "approx", 5000, None, None, "~"),
        ("Up to 30,000 people could be evacuated.", "Up to 30,000", "le", None, None, 30000, "<"),
        ("As many as 80 prisoners were freed.", "As many as 80", "le", None, None, 80, "<"),
        ("At most 40 buses left.", "At most 40", "le", None, None, 40, "<"),
        ("Fewer than 100 people remained.", "Fewer than 100", "lt", None, None, 100, "<"),
        ("Less than 20 trucks arrived.", "Less than 20", "lt", None, None, 20, "<"),
        ("Under 50 shelters are open.", "Under 50", "lt", None, None, 50, "<"),
        ("Police said 5,000 or more people marched.", "5,000 or more", "ge", None, 5000, None, ">"),
    ],
)
def test_bounds(nlp, text, words, bound, value, low, high, change) -> None:
    q = _one(nlp, text, words)
    assert (q.bound, q.value, q.low, q.high, q.change) == (bound, value, low, high, change)


@pytest.mark.parametrize(
    ("text", "words", "low", "high"),
    [
        ("Between 20,000 and 25,000 people fled the city.", "Between 20,000 and 25,000", 20000, 25000),
        ("Officials estimate 20,000-25,000 troops are deployed.", "20,000-25,000", 20000, 25000),
        ("The shelling reached from 20 to 25 villages.", "from 20 to 25", 20, 25),
        ("The road is 20 to 25 km long.", "20 to 25 km", 20, 25),
        ("Between 1 and 2 million people need food.", "Between 1 and 2 million", 1e6, 2e6),
        ("Two or three boats capsized.", "Two or three", 2, 3),
    ],
)
def test_ranges(nlp, text, words, low, high) -> None:
    q = _one(nlp, text, words)
    assert (q.bound, q.value, q.low, q.high) == ("range", None, low, high)


@pytest.mark.parametrize(
    ("text", "words", "low", "high"),
    [
        ("Dozens of civilians were wounded.", "Dozens", 24, 99),
        ("Hundreds of homes were destroyed.", "Hundreds", 200, 999),
        ("Thousands of people marched.", "Thousands", 2000, 9999),
        ("Tens of thousands of people fled.", "Tens of thousands", 20000, 99999),
        ("Hundreds of thousands of people were displaced.", "Hundreds of thousands", 200000, 999999),
        ("Millions of people lost power.", "Millions", 2_000_000, None),
        ("Several hundred fighters surrendered.", "Several hundred", 300, 900),
    ],
)
def test_vague_amounts(nlp, text, words, low, high) -> None:
    q = _one(nlp, text, words)
    assert (q.bound, q.value, q.low, q.high) == ("vague", None, low, high)


@pytest.mark.parametrize(
    ("text", "words", "counted"),
    [
        (
            "Officials said more than 3,000 North Korean soldiers have been killed or wounded.",
            "more than 3,000",
            "North Korean soldiers",
        ),
        ("Approximately 12,000 North Korean troops in Kursk", "Approximately 12,000", "North Korean troops"),
        (
            "He said approximately 1,000 North Korean troops have been killed in a week.",
            "approximately 1,000",
            "North Korean troops",
        ),
        ("Over 3,000 North Koreans killed or wounded", "Over 3,000", "North Koreans"),
        ("Thousands of civilians crossed the river.", "Thousands", "civilians"),
        ("The storm destroyed 200 homes in the valley.", "200", "homes"),
        ("Floods displaced about  26,000  people last week.", "about  26,000", "people"),
    ],
)
def test_counted_noun_phrase(nlp, text, words, counted) -> None:
    q = _one(nlp, text, words)
    assert q.counted == counted
    assert text[q.counted_start : q.counted_end] == counted
    assert q.head is not None and nlp(text)[q.head].text == counted.split()[-1]


def test_two_numbers_in_one_clause(nlp) -> None:
    found = _find(nlp, "The strike left 57 killed and 169 injured.")
    assert [(q.text, q.value) for q in found] == [("57", 57), ("169", 169)]


@pytest.mark.parametrize(
    ("text", "words", "change"),
    [
        ("Exports rose by 5% last year.", "5%", "up"),
        ("Sales increased 12 per cent.", "12 per cent", "up"),
        ("Shares were up 3% on Monday.", "3%", "up"),
        ("Profits fell 8% in the quarter.", "8%", "down"),
        ("The plant cut 200 jobs.", "200", "down"),
        ("Shares were down 2.5 per cent.", "2.5 per cent", "down"),
        ("The firm employs 600 people.", "600", "="),
        ("The index lost 190 points, or 0.6%.", "0.6%", "down"),
    ],
)
def test_change(nlp, text, words, change) -> None:
    assert _one(nlp, text, words).change == change


def test_durations_and_ages_are_quantities_but_not_figures(nlp) -> None:
    text = "A man aged 42 and a 35-year-old woman were held for three months."
    by_text = {q.text: q for q in _find(nlp, text)}
    assert by_text["42"].kind == "age" and by_text["42"].quant_unit == "year of age"
    assert by_text["35-year-old"].kind == "age" and by_text["35-year-old"].value == 35
    assert by_text["three months"].kind == "duration" and by_text["three months"].unit == "month"
    assert not any(q.is_figure for q in by_text.values())


@pytest.mark.parametrize(
    "text",
    [
        "In his address on 27 December 2024, he spoke for the second time.",
        "The meeting ended on Tuesday at 3 p.m.",
        "The war began in 2022.",
        "G7 leaders discussed Patriot PAC-3 interceptors and Resolution 2231.",
        "The COVID-19 wave grounded F-16 jets.",
        "For details call 555-123-4567 today.",
        "The session opened at 10:30 and closed on Dec. 31.",
    ],
)
def test_not_quantities(nlp, text: str) -> None:
    assert [q.text for q in _find(nlp, text)] == []


def test_offsets_match_text(nlp) -> None:
    text = "The firm raised €40m. Around 12,000 troops moved; between 20,000 and 25,000 people fled."
    found = _find(nlp, text)
    assert [q.text for q in found] == ["€40m", "Around 12,000", "between 20,000 and 25,000"]
    for q in found:
        assert text[q.start : q.end] == q.text


def test_search_window(nlp) -> None:
    text = "First 10 trucks came. Then 20 trucks came."
    doc = nlp(text)
    second = text.index("Then")
    assert [q.value for q in find_quantities(doc, second)] == [20]
    assert [q.value for q in find_quantities(doc, 0, second)] == [10]


def test_public_quantities_api() -> None:
    from claimledger import quantities as public_quantities

    rows = public_quantities("More than 3,000 soldiers and 5% of the budget.")
    assert rows == quantities("More than 3,000 soldiers and 5% of the budget.")
    assert set(rows[0]) == {
        "text",
        "start",
        "end",
        "value",
        "low",
        "high",
        "bound",
        "change",
        "unit",
        "counted",
    }
    # a count keeps its noun as its unit (lemmatised, NewsQuant style); "counted" is the phrase as written
    assert rows[0]["low"] == 3000 and rows[0]["change"] == ">" and rows[0]["unit"] == "soldier"
    assert rows[0]["counted"] == "soldiers"
    assert rows[1]["unit"] == "percentage" and rows[1]["value"] == 5


@pytest.mark.parametrize(
    ("text", "words", "value", "quant_unit"),
    [
        ("Revenue reached EUR50m last year.", "EUR50m", 50e6, "euro"),
        ("The plan costs RM79 a month.", "RM79 a month", 79, "malaysian ringgit per month"),
        ("The package is worth US $4.46 per share.", "US $4.46 per share", 4.46, "dollar per share"),
        ("The mix needs 1/2 pound of flour.", "1/2 pound", 0.5, "pound-mass"),
        (
            "Gas is cooled to minus-130 degrees Fahrenheit.",
            "minus-130 degrees Fahrenheit",
            -130,
            "fahrenheit",
        ),
        ("The mine produced 1.2m tons of ore.", "1.2m tons", 1.2e6, "ton"),
        ("Chips below sub-7 nanometre sizes are hard to make.", "sub-7 nanometre", None, "nanometre"),
    ],
)
def test_written_forms(nlp, text, words, value, quant_unit) -> None:
    q = _one(nlp, text, words)
    assert q.value == (pytest.approx(value) if value is not None else None)
    assert q.quant_unit == quant_unit


def test_hyphenated_strength_counts_the_noun(nlp) -> None:
    q = _one(nlp, "A 3,000-strong force crossed the river.", "3,000")
    assert q.counted == "force"


def test_fractions_and_not_dates(nlp) -> None:
    assert [q.text for q in _find(nlp, "The 9/11 attacks changed policy.")] == []
    assert _one(nlp, "About 3/4 of voters agreed.", "About 3/4").value == 0.75


def test_scores_are_not_ranges(nlp) -> None:
    assert [q.text for q in _find(nlp, "United won the match 2-1 at home.")] == []


def test_spaces_from_pdf_extraction(nlp) -> None:
    q = _one(nlp, "Officials say between  one  to  1.5  million  people could flee.", "one  to  1.5  million")
    assert (q.low, q.high, q.counted) == (1e6, 1.5e6, "people")


def test_age_phrases(nlp) -> None:
    text = "He died at the age of 81; the driver, Olga Marchenko, 34, was unhurt."
    by_text = {q.text: q for q in _find(nlp, text)}
    assert by_text["81"].kind == "age"
    assert by_text["34"].kind == "age"


def test_bare_count_shares_the_noun_before_it(nlp) -> None:
    text = "Eight people have been killed and four have been wounded."
    four = _one(nlp, text, "four")
    assert four.counted == "people"
    assert text[four.counted_start : four.counted_end] == "people"
    assert [q.counted for q in _find(nlp, "The strike left 57 killed and 169 injured.")] == [None, None]


def test_count_rates_keep_their_unit() -> None:
    rows = quantities("The clinic can run four hundred scans per day and its fans spin 9,000 times a minute.")
    assert [(r["value"], r["unit"]) for r in rows] == [(400, "scan per day"), (9000, "count per minute")]


@pytest.mark.parametrize(
    ("text", "words", "low", "high", "unit"),
    [
        ("Shares slid from $52 to $47 in early trade.", "from $52 to $47", 47, 52, "USD"),
        ("Inflation is seen easing from 6.1 percent to 5.9 percent.", "from 6.1 percent to 5.9 percent", 5.9, 6.1, "percent"),
        ("Output is expected to slow from 3.2 to 2.8 percent next year.", "from 3.2 to 2.8 percent", 2.8, 3.2, "percent"),
        ("She went from 150 pounds to 138 in a year.", "from 150 pounds to 138", 138, 150, "lb"),
    ],
)
def test_falling_from_to_ranges(nlp, text, words, low, high, unit) -> None:
    q = _one(nlp, text, words)
    assert (q.bound, q.low, q.high, q.unit) == ("range", low, high, unit)


def test_to_then_from_stays_two_figures(nlp) -> None:
    text = "Sales climbed to $9.1 billion from $8.4 billion a year before."
    assert [q.text for q in _find(nlp, text)] == ["$9.1 billion", "$8.4 billion"]


@pytest.mark.parametrize(
    ("text", "words", "value", "unit"),
    [
        ("The estate sold for $US4,250,000 last month.", "$US4,250,000", 4.25e6, "USD"),
        ("The deal values it at $A1.2 billion.", "$A1.2 billion", 1.2e9, "AUD"),
        ("The chief got a PS3.4m bonus.", "PS3.4m", 3.4e6, "GBP"),
        ("Fares totalled PS12,300 last year.", "PS12,300", 12300, "GBP"),
        ("Toyota fell 1.5 percent to Y=6,120.", "Y=6,120", 6120, "JPY"),
    ],
)
def test_currency_spellings(nlp, text, words, value, unit) -> None:
    q = _one(nlp, text, words)
    assert (q.value, q.unit) == (pytest.approx(value), unit)


def test_ps_console_is_not_money(nlp) -> None:
    assert [q.unit for q in _find(nlp, "He bought a PS5 and two games.")] == [None]


@pytest.mark.parametrize(
    "text",
    [
        "The S&P 500 utilities index rose.",
        "the sp 500 was flat at noon.",
        "Nasdaq 100 futures slipped.",
        "Wins in the Big 12 matter.",
    ],
)
def test_index_and_league_names_are_not_counts(nlp, text) -> None:
    assert _find(nlp, text) == []


def test_percent_changes_after_index_names(nlp) -> None:
    found = _find(nlp, "Markets: FTSE -0.8% DAX -1.2% CAC +0.3%.")
    assert [(q.value, q.change) for q in found] == [(-0.8, "down"), (-1.2, "down"), (0.3, "up")]


def test_conversion_of_an_estimate_is_not_itself_approximate(nlp) -> None:
    found = _find(nlp, "The fund holds about $US20 billion ($28 billion) in bonds.")
    assert [q.change for q in found] == ["~", "="]
    found = _find(nlp, "Exports rose 4% (or 2.1 points) last year.")
    assert [q.change for q in found] == ["up", "up"]


@pytest.mark.parametrize(
    ("text", "words", "value", "counted"),
    [
        ("A third of the voters stayed home.", "A third", 1 / 3, "voters"),
        ("Nearly two-thirds of the shops closed.", "Nearly two-thirds", 2 / 3, "shops"),
        ("Three quarters of pupils passed.", "Three quarters", 0.75, "pupils"),
        ("Half the flats are empty.", "Half", 0.5, "flats"),
        ("Seven out of ten drivers agreed.", "Seven out of ten", 0.7, "drivers"),
        ("One in a hundred? No: one out of 20 tickets won.", "one out of 20", 0.05, "tickets"),
    ],
)
def test_fractions_in_words(nlp, text, words, value, counted) -> None:
    q = _one(nlp, text, words)
    assert (q.value, q.counted, q.kind, q.is_figure) == (pytest.approx(value), counted, "fraction", False)


@pytest.mark.parametrize(
    "text", ["He was half an hour late.", "They scored in the third quarter.", "It was the second half of the game."]
)
def test_fraction_words_that_are_not_fractions(nlp, text) -> None:
    assert [q.kind for q in _find(nlp, text) if q.kind == "fraction"] == []


@pytest.mark.parametrize(
    ("text", "words", "quant_unit", "kind"),
    [
        ("Carriers are rolling out 5G this year.", "5G", "generation wireless", "label"),
        ("The reliever was worth 1.2 WAR last season.", "1.2 WAR", "win above replacement", None),
        ("The engine makes 180 PS at 6,000 rpm.", "180 PS", "horsepower", None),
        ("The shares closed at 245p.", "245p", "point", "money"),
        ("The bag holds 5g of salt.", "5g", "gram", "physical"),
    ],
)
def test_units_written_in_capitals(nlp, text, words, quant_unit, kind) -> None:
    q = _one(nlp, text, words)
    assert q.quant_unit == quant_unit
    assert kind is None or q.kind == kind


def test_upward_by_and_slash_restatements(nlp) -> None:
    assert _one(nlp, "The target was revised upward by $2 billion.", "$2 billion").change == "up"
    found = _find(nlp, "It makes just under 150 hp (112 kW / 152 PS) at the wheels.")
    assert [q.change for q in found] == ["<", "<", "<"]


def test_bare_index_level_is_in_points(nlp) -> None:
    q = _one(nlp, "The blue-chip index slipped 0.4% to 3,912.45 by the close.", "3,912.45")
    assert (q.quant_unit, q.is_figure) == ("point", False)
    assert _one(nlp, "The parcel weighed 3,912.45 in total.", "3,912.45").quant_unit is None


def test_years_with_an_era_are_dates_not_quantities():
    from claimledger import quantities

    found = quantities("The fort was built around 80 B.C. and fell in AD 14; divers found 40 coins there.")
    assert [(q["value"], q["counted"]) for q in found] == [(40, "coins")]


def test_multiplier_abbreviations_set_apart():
    from claimledger import quantities

    found = quantities("Up to 7 bn roubles will be invested, and 3 mln euros more; the 10 m wall stands.")
    assert [(q["high"] or q["value"], q["unit"]) for q in found][:2] == [(7e9, "russian ruble"), (3e6, "euro")]
    assert found[2]["value"] == 10  # a lone 'm' after a bare number is not a million
