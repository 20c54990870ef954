"""Who is who across articles: one source per person or organisation, however it is written.

A name is reduced to a key (case, accents, "the", possessives, spelling and transliteration
variants folded). A key resolves, in order, through: the user's corrections (``merge`` and
``split`` rules stored in the ledger), the aliases already in the ledger, the known sources
in ``data/ledger_sources.json``, the name without its title ("Ukrainian President Volodymyr
Zelenskyy" -> "Volodymyr Zelenskyy"), and a person's surname when exactly one known person
has it. Otherwise a new source is created.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .schema import ClaimRow, SourceAliasRow, SourceRow, SourceRuleRow

PERSON = "person"


@dataclass(frozen=True)
class SourceRules:
    known: dict[str, dict[str, Any]]  # alias key -> known source entry
    titles: tuple[str, ...]  # title keys, longest first
    unidentified: frozenset[str]
    spelling: dict[str, str]
    endings: dict[str, str]
    fragments: tuple[tuple[str, str], ...] = ()  # longest first


@cache
def load_rules() -> SourceRules:
    raw = json.loads(resources.files("claimledger.data").joinpath("ledger_sources.json").read_text("utf-8"))
    spelling = {k.lower(): v for k, v in raw["spelling"].items()}
    endings = dict(raw["endings"])
    fragments = tuple(sorted(raw["fragments"].items(), key=lambda kv: len(kv[0]), reverse=True))
    partial = SourceRules({}, (), frozenset(), spelling, endings, fragments)
    known: dict[str, dict[str, Any]] = {}
    for entry in raw["known"]:
        for name in [entry["name"], *entry.get("aliases", [])]:
            known[name_key(name, partial)] = entry
    titles = sorted({name_key(t, partial) for t in raw["titles"]}, key=len, reverse=True)
    unidentified = frozenset(name_key(n, partial) for n in raw["unidentified"])
    return SourceRules(known, tuple(titles), unidentified, spelling, endings, fragments)


def name_key(name: str, rules: SourceRules | None = None) -> str:
    """The comparison key of a source name: 'the Ukrainian President' -> 'ukrainian president'."""
    rules = rules or load_rules()
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"\s*\([^)]*\)?\s*$", "", text)  # a trailing "(JOMS)", or "(JOMS" cut short
    text = re.sub(r"[\u2019']s\b", "", text)
    text = re.sub(r"[^\w.\- ]+", " ", text)
    text = " ".join(text.split())
    text = re.sub(r"^(the|a|an)\s+", "", text)
    for variant, canonical in rules.spelling.items():
        text = re.sub(rf"(?<![\w.]){re.escape(variant)}(?![\w])", canonical, text)
    words = []
    for word in text.split():
        for ending, replacement in rules.endings.items():
            if len(word) > len(ending) + 3 and word.endswith(ending):
                word = word[: -len(ending)] + replacement
                break
        words.append(word.strip(".") if len(word) > 2 and "." not in word[:-1] else word)
    text = " ".join(words)
    for fragment, replacement in rules.fragments:
        text = text.replace(fragment, replacement)
    return text


def strip_title(key: str, rules: SourceRules | None = None) -> tuple[str, str | None]:
    """Split 'white house spokesperson john kirby' into ('john kirby', 'white house spokesperson')."""
    rules = rules or load_rules()
    best = -1
    for title in rules.titles:
        for match in re.finditer(rf"(?<!\w){re.escape(title)}(?!\w)", key):
            best = max(best, match.end())
    if best < 0:
        return key, None
    rest = key[best:].strip()
    if not rest:
        return key, None
    return rest, key[:best].strip()


@dataclass
class SourceInput:
    name: str
    type: str
    role: str | None = None
    affiliation: str | None = None


ANONYMOUS = "anonymous"


def identifiable(src: SourceInput) -> bool:
    """Whether the name can be one source across articles: not "officials said", not a bare "they"."""
    if src.type == ANONYMOUS or not src.name.strip():
        return False
    return name_key(src.name) not in load_rules().unidentified


class SourceResolver:
    """Finds or creates the SourceRow for names within one session (one article's transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rules = load_rules()
        self._resolved: dict[tuple[str, str, str | None, str | None], SourceRow] = {}
        # Keys and aliases seen in this transaction; the rows may not be flushed yet.
        self._by_key: dict[str, SourceRow] = {}
        self._aliases: set[str] = set()
        rules = session.execute(select(SourceRuleRow.alias_key, SourceRuleRow.target_name))
        self._user_rules: dict[str, str] = {key: target for key, target in rules}

    def resolve(self, src: SourceInput) -> SourceRow:
        memo = (src.name, src.type, src.role, src.affiliation)
        if memo not in self._resolved:
            self._resolved[memo] = self._resolve(src)
        return self._resolved[memo]

    def _resolve(self, src: SourceInput) -> SourceRow:
        key = name_key(src.name, self.rules)
        row = self._lookup(key, src)
        if row is None and src.type == PERSON:
            bare, prefix = strip_title(key, self.rules)
            if bare != key:
                row = self._lookup(bare, src)
                if row is None:
                    display = _title_case(src.name, bare)
                    row = self._by_surname(bare, display) or self._create(display, bare, src)
                    self._add_alias(row, bare, display)
                if prefix and src.affiliation is None and row.affiliation_id is None:
                    org = self._find(prefix)
                    if org is not None and org.type != PERSON:
                        row.affiliation_id = org.id
            elif row is None:
                row = self._by_surname(key, src.name)
        elif row is None:
            # One word ("Marsk") may be a known person's surname whatever type the extraction gave.
            if " " in key:
                row = self._by_org_suffix(key)
            else:
                row = self._by_surname(key, src.name, upgrade=False)
        name, acronym = _acronym(src.name)
        if row is None:
            row = self._create(name, key, src)
        self._add_alias(row, key, src.name)
        if acronym and self._find(name_key(acronym, self.rules)) is None:
            # "Sarvell People's Front (SPF)": a later "SPF" is the same organisation.
            self._add_alias(row, name_key(acronym, self.rules), acronym)
        if src.affiliation and row.affiliation_id is None and row.type == PERSON:
            org = self.resolve(SourceInput(src.affiliation, "organization"))
            if org.id != row.id:
                row.affiliation_id = org.id
        if src.role and row.role is None:
            row.role = src.role
        return row

    def _find(self, key: str) -> SourceRow | None:
        target = self._user_rules.get(key)
        if target is not None:
            return self._source_named(target)
        if key in self._by_key:
            return self._by_key[key]
        alias = self.session.scalar(select(SourceAliasRow).where(SourceAliasRow.key == key).limit(1))
        if alias is None:
            return None
        self._by_key[key] = alias.source
        return alias.source

    def _lookup(self, key: str, src: SourceInput) -> SourceRow | None:
        row = self._find(key)
        if row is not None:
            return row
        entry = self.rules.known.get(key)
        if entry is None:
            return None
        canonical_key = name_key(entry["name"], self.rules)
        row = self._find(canonical_key) or self._create(
            entry["name"], canonical_key,
            SourceInput(entry["name"], entry.get("type", src.type), entry.get("role"),
                        entry.get("affiliation")),
        )
        self._add_alias(row, canonical_key, entry["name"])
        return row

    def _source_named(self, name: str) -> SourceRow:
        key = name_key(name, self.rules)
        row = self.session.scalar(select(SourceRow).where(SourceRow.key == key))
        if row is None:
            alias = self.session.scalar(select(SourceAliasRow).where(SourceAliasRow.key == key).limit(1))
            row = alias.source if alias is not None else None
        if row is None:
            row = self._create(name, key, SourceInput(name, PERSON))
        return row

    def _by_org_suffix(self, key: str) -> SourceRow | None:
        """'Health Ministry' and "Marenia's Health Ministry" are one organisation while no other matches.

        A short name matches the one organisation whose key ends in it; a full name matches an
        organisation whose first word starts alike ('Marenian …' and "Marenia's …"), never a
        bare short name seen before it.
        """
        words = key.split()
        if len(words) < 2:
            return None
        longer = self._orgs_ending_in(key)
        if len(longer) == 1:
            return longer[0]
        for i in range(1, len(words) - 1):
            suffix = " ".join(words[i:])
            row = self._find(suffix)
            if row is None or row.type == PERSON:
                continue
            others = [r for r in self._orgs_ending_in(suffix) if r.id != row.id]
            if others:
                return None
            # A bare "Defence Ministry" seen first is not joined to the first country that qualifies
            # one: which country's ministry it was is unknown, so it stays apart.
            bare = row.key == suffix
            return row if not bare and _starts_alike(row.key.split()[0], words[0]) else None
        return None

    def _orgs_ending_in(self, key: str) -> list[SourceRow]:
        rows = self.session.scalars(
            select(SourceRow).where(SourceRow.type != PERSON, SourceRow.key.like(f"% {key}"))
        ).all()
        return [r for r in rows if r.key.endswith(" " + key)]

    def _by_surname(self, key: str, display: str, upgrade: bool = True) -> SourceRow | None:
        """A person named by one word matches the one known person whose name ends in it."""
        words = key.split()
        if not words:
            return None
        surname = words[-1]
        rows = self.session.scalars(
            select(SourceRow).where(SourceRow.type == PERSON, SourceRow.key.like(f"% {surname}"))
        ).all()
        rows = [r for r in rows if r.key.split()[-1] == surname]
        if len(words) == 1 and len(rows) == 1:
            return rows[0]
        if len(words) > 1:
            # A fuller name for a person so far known by surname alone: upgrade that source.
            lone = self.session.scalar(
                select(SourceRow).where(SourceRow.type == PERSON, SourceRow.key == surname)
            )
            if lone is not None and not rows and upgrade:
                lone.key, lone.name = key, display.strip()
                return lone
        return None

    def _create(self, name: str, key: str, src: SourceInput) -> SourceRow:
        row = SourceRow(key=key, name=name.strip(), type=src.type or "organization", role=src.role)
        self.session.add(row)
        self.session.flush()
        if src.affiliation and row.type == PERSON:
            org = self.resolve(SourceInput(src.affiliation, "organization"))
            row.affiliation_id = org.id
        return row

    def _add_alias(self, row: SourceRow, key: str, alias: str) -> None:
        alias = alias.strip()
        if not key or not alias:
            return
        self._by_key.setdefault(key, row)
        if alias in self._aliases:
            return
        self._aliases.add(alias)
        if self.session.scalar(select(SourceAliasRow.id).where(SourceAliasRow.alias == alias)) is None:
            self.session.add(SourceAliasRow(key=key, alias=alias, source=row))


ACRONYM = re.compile(r"^(.*?\S)\s*\(([A-Z][A-Za-z0-9.&-]{1,11})\)?\s*$")


def _acronym(name: str) -> tuple[str, str | None]:
    """'Joint Observer Mission in Sarvell (JOMS)' -> ('Joint Observer Mission in Sarvell', 'JOMS')."""
    match = ACRONYM.match(name)
    return (match.group(1), match.group(2)) if match else (name, None)


def _starts_alike(a: str, b: str) -> bool:
    """'marenia' and 'marenian' (a country and its adjective); short words must be equal."""
    return a == b or (min(len(a), len(b)) >= 5 and a[:5] == b[:5])


def _title_case(original: str, key: str) -> str:
    """The last words of ``original``, as many as ``key`` has ('… President Volodymyr Zelenskyy' -> 2)."""
    words = original.split()
    n = len(key.split())
    return " ".join(words[-n:]) if n <= len(words) else original


def add_rule(session: Session, alias_key: str, target_name: str, kind: str) -> None:
    rule = session.scalar(select(SourceRuleRow).where(SourceRuleRow.alias_key == alias_key))
    if rule is None:
        session.add(SourceRuleRow(alias_key=alias_key, target_name=target_name, kind=kind,
                                  created_at=datetime.now(UTC).replace(tzinfo=None)))
    else:
        rule.target_name, rule.kind = target_name, kind
    session.flush()


def find_source(session: Session, name_or_id: str) -> SourceRow | None:
    """A source by id, canonical name or any alias."""
    if name_or_id.isdigit():
        return session.get(SourceRow, int(name_or_id))
    key = name_key(name_or_id)
    row = session.scalar(select(SourceRow).where(SourceRow.key == key))
    if row is None:
        alias = session.scalar(select(SourceAliasRow).where(SourceAliasRow.key == key).limit(1))
        row = alias.source if alias is not None else None
    return row


def merge(session: Session, a: SourceRow, b: SourceRow) -> None:
    """Fold source ``a`` into ``b``: its aliases, claims and affiliates move; rules keep it so."""
    if a.id == b.id:
        return
    for alias in list(a.aliases):
        add_rule(session, alias.key, b.name, "merge")
        alias.source_id = b.id
    add_rule(session, a.key, b.name, "merge")
    session.execute(update(ClaimRow).where(ClaimRow.source_id == a.id).values(source_id=b.id))
    session.execute(update(SourceRow).where(SourceRow.affiliation_id == a.id).values(affiliation_id=b.id))
    session.flush()
    session.expire_all()
    session.delete(session.get(SourceRow, a.id))
    session.flush()


def split(session: Session, source: SourceRow, names: list[str]) -> SourceRow:
    """Move the aliases ``names`` of ``source`` (and their claims) to a new source named ``names[0]``."""
    keys = [name_key(n) for n in names]
    new_key = keys[0]
    if new_key == source.key:
        raise ValueError(f"{names[0]!r} is the canonical name of source {source.id}; split off other aliases")
    target = SourceRow(key=new_key, name=names[0].strip(), type=source.type)
    session.add(target)
    session.flush()
    for key, name in zip(keys, names, strict=True):
        add_rule(session, key, target.name, "split")
        moved = session.execute(
            update(SourceAliasRow).where(SourceAliasRow.key == key).values(source_id=target.id)
        ).rowcount
        if not moved:
            session.add(SourceAliasRow(key=key, alias=name.strip(), source_id=target.id))
    session.execute(
        update(ClaimRow)
        .where(ClaimRow.source_id == source.id, ClaimRow.source_key.in_(keys))
        .values(source_id=target.id)
    )
    session.flush()
    return target
