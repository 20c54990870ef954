"""The ledger's tables as SQLAlchemy 2 models (the migrations in ``migrations/`` create them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    """One stored article; a changed version of a known URL links to the earlier one."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    outlet: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10), index=True)
    language: Mapped[str] = mapped_column(String(8), default="en")
    text: Mapped[str] = mapped_column(Text)
    input_id: Mapped[str | None] = mapped_column(String(200))
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))

    claims: Mapped[list[ClaimRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


class SourceRow(Base):
    """A source known across articles; a person may be affiliated with an organisation."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(20))
    role: Mapped[str | None] = mapped_column(String(200))
    affiliation_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))

    aliases: Mapped[list[SourceAliasRow]] = relationship(
        back_populates="source", cascade="all, delete-orphan", passive_deletes=True
    )


class SourceAliasRow(Base):
    __tablename__ = "source_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Every spelling seen is kept; spellings that fold to one key belong to one source.
    key: Mapped[str] = mapped_column(String(300), index=True)
    alias: Mapped[str] = mapped_column(String(300), unique=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)

    source: Mapped[SourceRow] = relationship(back_populates="aliases")


class SourceRuleRow(Base):
    """A user's correction (``merge`` or ``split``): this alias key always means that source."""

    __tablename__ = "source_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alias_key: Mapped[str] = mapped_column(String(300), unique=True)
    target_name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class PlaceRow(Base):
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(String(200))
    geonameid: Mapped[int | None] = mapped_column(Integer)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    precision: Mapped[str | None] = mapped_column(String(10))


class ClaimRow(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    claim_key: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"), index=True)
    # The source as the extraction named it, kept so identity rules can be re-applied later.
    source_name: Mapped[str | None] = mapped_column(String(300))
    source_key: Mapped[str | None] = mapped_column(String(300), index=True)
    source_mention: Mapped[str | None] = mapped_column(String(300))
    source_type: Mapped[str | None] = mapped_column(String(20))
    source_role: Mapped[str | None] = mapped_column(String(200))
    source_affiliation: Mapped[str | None] = mapped_column(String(300))
    source_start: Mapped[int | None] = mapped_column(Integer)
    source_end: Mapped[int | None] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(String(100))
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    direct: Mapped[bool] = mapped_column(Boolean)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    stated_on: Mapped[str | None] = mapped_column(String(10), index=True)
    hedged: Mapped[bool] = mapped_column(Boolean)

    article: Mapped[ArticleRow] = relationship(back_populates="claims")
    figures: Mapped[list[FigureRow]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (UniqueConstraint("article_id", "claim_key"),)


class FigureRow(Base):
    __tablename__ = "figures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[str] = mapped_column(String(10))
    unit: Mapped[str | None] = mapped_column(String(20))
    counted: Mapped[str | None] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(String(40), index=True)
    subject: Mapped[str | None] = mapped_column(Text)
    location_name: Mapped[str | None] = mapped_column(Text)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id", ondelete="SET NULL"), index=True)
    period_start: Mapped[str | None] = mapped_column(String(10))
    period_end: Mapped[str | None] = mapped_column(String(10))

    claim: Mapped[ClaimRow] = relationship(back_populates="figures")


class SeriesRow(Base):
    """Figures that count the same thing: normalised subject, measure, unit and place."""

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(700), unique=True)
    subject: Mapped[str] = mapped_column(String(300))
    measure: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str | None] = mapped_column(String(20))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id", ondelete="SET NULL"))


class SeriesMemberRow(Base):
    __tablename__ = "series_members"

    figure_id: Mapped[int] = mapped_column(ForeignKey("figures.id", ondelete="CASCADE"), primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"))

    figure: Mapped[FigureRow] = relationship()
    __table_args__ = (Index("ix_series_members_series_id", "series_id"),)
