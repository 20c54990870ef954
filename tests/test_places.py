"""Place stage: the offline gazetteer, resolving names and finding place mentions in parsed text."""

from __future__ import annotations

import gzip
import json
from importlib import resources

import pytest

from claimledger.extract import places

KURSK_FORMS = [
    "Kursk",
    "Kursk region",
    "Russia's Kursk region",
    "Russia’s Kursk region",
    "the Kursk region",
    "Kursk Oblast",
    "KURSK OBLAST",
    "Kursk province",
]


def test_alias_file_loads_and_targets_exist():
    raw = json.loads(
        (resources.files("claimledger") / "data" / "places" / "aliases.json").read_text(encoding="utf-8")
    )
    gz = places.gazetteer()
    assert raw["aliases"] and raw["region_words"] and raw["not_places"]
    for alias in raw["aliases"]:
        assert gz.candidates(places.normalise(alias)), alias
    for key in raw["admin1_names"]:
        assert key.startswith("_") or key in gz.admin1


def test_generated_tables_load():
    gz = places.gazetteer()
    assert gz.countries["UA"].name == "Ukraine"
    assert gz.admin1["RU.41"].name == "Kursk Oblast"
    assert gz.admin1["UA.07"].name == "Kharkiv Oblast"
    assert gz.city(706483).name == "Kharkiv"
    assert gz.city(706483).admin1 == "Kharkiv Oblast"
    assert gz.city(1) is None
    assert gz.city_count > 30000
    assert places.gazetteer() is gz  # loaded once


@pytest.mark.parametrize("name", KURSK_FORMS)
def test_kursk_forms_resolve_to_the_oblast(name):
    loc = places.resolve(name)
    assert loc is not None, name
    assert loc.name == name
    assert (loc.resolved, loc.country, loc.admin1, loc.precision) == (
        "Kursk Oblast",
        "RU",
        "Kursk Oblast",
        "admin1",
    )
    assert loc.geonameid == 538555
    assert loc.lat == pytest.approx(51.7, abs=0.5) and loc.lon == pytest.approx(36.3, abs=0.5)


@pytest.mark.parametrize(
    "name, resolved, country, admin1, precision",
    [
        ("Ukraine", "Ukraine", "UA", None, "country"),
        ("the United States", "United States", "US", None, "country"),
        ("U.S.", "United States", "US", None, "country"),
        ("Kharkiv", "Kharkiv", "UA", "Kharkiv Oblast", "point"),
        ("KHARKIV", "Kharkiv", "UA", "Kharkiv Oblast", "point"),
        ("the Kharkiv region", "Kharkiv Oblast", "UA", "Kharkiv Oblast", "admin1"),
        ("Ukraine’s Donetsk Oblast", "Donetsk Oblast", "UA", "Donetsk Oblast", "admin1"),
        ("Kyiv", "Kyiv", "UA", "Kyiv City", "point"),
        ("Kyiv region", "Kyiv Oblast", "UA", "Kyiv Oblast", "admin1"),
        ("Gaza", "Gaza Strip", "PS", "Gaza Strip", "admin1"),
        ("the West Bank", "West Bank", "PS", "West Bank", "admin1"),
        ("Gaza City", "Gaza", "PS", "Gaza Strip", "point"),
        ("Krakow", "Kraków", "PL", None, "point"),
        ("Texas", "Texas", "US", "Texas", "admin1"),
        ("Donbas", "Donbas", "UA", None, "region"),
        ("Belgorod province", "Belgorod Oblast", "RU", "Belgorod Oblast", "admin1"),
    ],
)
def test_resolve(name, resolved, country, admin1, precision):
    loc = places.resolve(name)
    assert loc is not None, name
    assert (loc.resolved, loc.country, loc.precision) == (resolved, country, precision)
    if admin1 is not None:
        assert loc.admin1 == admin1


def test_unknown_names_and_institutions_do_not_resolve():
    assert places.resolve("Zzyzxville") is None
    assert places.resolve("the White House") is None
    assert places.resolve("the United Nations") is None
    assert places.resolve("France's Kursk region") is None  # the owner must hold the region


def test_context_chooses_between_namesakes():
    assert places.resolve("Paris").country == "FR"
    texan = places.resolve("Paris", ["US"])
    assert (texan.country, texan.admin1) == ("US", "Texas")
    assert places.resolve("Paris", ["US", "FR"]).country == "US"
    assert places.resolve("Paris", ["FR", "US"]).country == "FR"
    # A small namesake does not displace a far larger place: Moscow, Idaho vs Moscow.
    assert places.resolve("Moscow", ["US"]).country == "RU"


def _found(doc, start=0, end=None):
    end = len(doc.text) if end is None else end
    return [(doc.text[s:e], loc.resolved, loc.precision) for s, e, loc in places.find_places(doc, start, end)]


def test_find_places_kursk_forms(nlp):
    text = (
        "North Korean troops deployed in Russia’s Kursk region are suffering losses. About 12,000 are "
        "stationed in the Kursk region, and some in Kursk itself."
    )
    found = _found(nlp(text))
    assert found == [
        ("Russia’s Kursk region", "Kursk Oblast", "admin1"),
        ("the Kursk region", "Kursk Oblast", "admin1"),
        ("Kursk", "Kursk Oblast", "admin1"),
    ]


def test_find_places_offsets_and_range(nlp):
    text = "Shelling hit Kharkiv overnight. Officials in Kyiv said drones also hit the Sumy region."
    doc = nlp(text)
    second = text.index("Officials")
    hits = places.find_places(doc, second, len(text))
    assert [(text[s:e], loc.resolved) for s, e, loc in hits] == [
        ("Kyiv", "Kyiv"),
        ("the Sumy region", "Sumy Oblast"),
    ]
    for s, e, loc in hits:
        assert loc.name == text[s:e]


def test_find_places_skips_adjectives_and_institutions(nlp):
    text = (
        "Ukrainian and Western intelligence agree, a spokesman for the White House said, and the "
        "United Nations called on Israeli and Palestinian leaders to meet."
    )
    assert _found(nlp(text)) == []


def test_find_places_gaza_and_west_bank(nlp):
    text = "Strikes in Gaza and raids in the West Bank killed 20 people, health officials said."
    assert _found(nlp(text)) == [("Gaza", "Gaza Strip", "admin1"), ("the West Bank", "West Bank", "admin1")]


def test_find_places_city_state_apposition(nlp):
    text = "The senator spoke to farmers in Paris, Texas, on Friday."
    doc = nlp(text)
    hits = places.find_places(doc, 0, len(text))
    paris = next(loc for s, e, loc in hits if text[s:e] == "Paris")
    assert (paris.country, paris.admin1) == ("US", "Texas")


def test_find_places_needs_evidence_for_a_bare_city_name(nlp):
    # "Reading" and "Nice" are towns, but here only the second stands where a place is expected.
    text = "Reading the report, the envoy said the mayor was in Nice."
    assert _found(nlp(text)) == [("Nice", "Nice", "point")]


def test_document_countries_most_frequent_first(nlp):
    text = (
        "Russia said its forces advanced in Ukraine. Kyiv denied it, and Ukraine's army said the "
        "Kharkiv region held. Officials in Texas watched; China called for talks."
    )
    assert places.document_countries(nlp(text)) == ["UA", "RU", "US", "CN"]


def test_document_context_picks_namesakes_in_find_places(nlp):
    text = "The governor of Texas visited Paris on Monday. Texas officials said Paris needs water."
    doc = nlp(text)
    assert places.document_countries(doc)[0] == "US"
    hits = [loc for s, e, loc in places.find_places(doc, 0, len(text)) if loc.resolved == "Paris"]
    assert hits and all(loc.country == "US" for loc in hits)


def test_mentioned_countries_do_not_displace_a_well_known_city(nlp):
    # The US is mentioned more, but a small US Geneva must not replace Geneva, Switzerland.
    text = "US officials said the US would send envoys. The talks in Geneva ended on Monday, US media said."
    hits = {loc.resolved: loc for s, e, loc in places.find_places(nlp(text), 0, len(text))}
    assert hits["Geneva"].country == "CH"


def test_paris_without_texas_stays_in_france(nlp):
    text = "The US envoy met her French counterpart in Paris, the State Department said."
    doc = nlp(text)
    paris = next(loc for s, e, loc in places.find_places(doc, 0, len(text)) if text[s:e] == "Paris")
    assert paris.country == "FR"


def test_first_names_and_titles_are_not_places(nlp):
    text = "President Volodymyr Zelenskyy spoke to the Washington Post about the front."
    found = [t for t, _, _ in _found(nlp(text))]
    assert "Volodymyr" not in found and "Washington" not in found


def test_region_word_that_does_not_make_a_region(nlp):
    text = "Fighting continued around Pokrovsk district, officials in the US state of Texas said."
    found = _found(nlp(text))
    assert ("Pokrovsk", "Pokrovsk", "point") in found
    assert all(not t.startswith("US state") for t, _, _ in found)


def test_transliteration_variants_in_focus_countries():
    for written, geonameid in [
        ("Vinnytsia", 689558),
        ("Avdiivka", 713122),
        ("Kharkov", 706483),
        ("Lugansk", 702658),
    ]:
        loc = places.resolve(written)
        assert loc is not None and loc.geonameid == geonameid, written


def test_admin1_namesakes_prefer_the_populous_region():
    assert places.resolve("Maryland").country == "US"
    assert places.resolve("Maryland", ["LR"]).country == "LR"


def test_normalise():
    assert places.normalise("Russia’s  Kursk-region") == "russia's kursk region"
    assert places.normalise("Kraków") == "krakow"


def test_stored_lookup_keys_match_the_runtime_normalisation():
    # The build script stores normalised keys; a change to normalise() needs a rebuild.
    base = resources.files("claimledger") / "data" / "places"
    with gzip.open(base / "cities.tsv.gz", "rt", encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh.read().splitlines()]
    for row in rows:
        assert places.lookup_key(row[1]) in row[7].split("|"), row[1]
    for line in (base / "admin1.tsv").read_text(encoding="utf-8").splitlines()[:500]:
        cols = line.split("\t")
        if len(cols[4]) >= 3:
            assert places.lookup_key(cols[4]) in cols[7].split("|"), cols[4]


def test_find_places_ranges_on_one_doc_do_not_leak(nlp):
    """Names found for one range are not reused for another: a range cuts a name where it ends."""
    text = "Shelling hit Kharkiv overnight. Officials in Kyiv said drones also hit the Sumy region."
    whole = _found(nlp(text))
    assert ("the Sumy region", "Sumy Oblast", "admin1") in whole
    doc = nlp(text)
    cut = text.index(" region")
    assert all(e <= cut for _, e, _ in places.find_places(doc, 0, cut))
    kyiv = text.index("Kyiv")
    assert not [text[s:e] for s, e, _ in places.find_places(doc, kyiv + 2, kyiv + 20)]
    assert _found(doc) == whole
