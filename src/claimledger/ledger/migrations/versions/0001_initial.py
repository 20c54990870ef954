"""initial schema

Revision ID: 0001
Revises: -
Create Date: 2026-11-26 13:59:59.154659
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('outlet', sa.String(length=200), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('published', sa.String(length=10), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('input_id', sa.String(length=200), nullable=True),
    sa.Column('ingested_at', sa.DateTime(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['previous_id'], ['articles.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('content_hash')
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_published'), ['published'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_url'), ['url'], unique=False)

    op.create_table('places',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('admin1', sa.String(length=200), nullable=True),
    sa.Column('geonameid', sa.Integer(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('precision', sa.String(length=10), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('source_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alias_key', sa.String(length=300), nullable=False),
    sa.Column('target_name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('alias_key')
    )
    op.create_table('sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=True),
    sa.Column('affiliation_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['affiliation_id'], ['sources.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('claim_key', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('source_name', sa.String(length=300), nullable=True),
    sa.Column('source_key', sa.String(length=300), nullable=True),
    sa.Column('source_mention', sa.String(length=300), nullable=True),
    sa.Column('source_type', sa.String(length=20), nullable=True),
    sa.Column('source_role', sa.String(length=200), nullable=True),
    sa.Column('source_affiliation', sa.String(length=300), nullable=True),
    sa.Column('source_start', sa.Integer(), nullable=True),
    sa.Column('source_end', sa.Integer(), nullable=True),
    sa.Column('cue', sa.String(length=100), nullable=True),
    sa.Column('cue_start', sa.Integer(), nullable=True),
    sa.Column('cue_end', sa.Integer(), nullable=True),
    sa.Column('direct', sa.Boolean(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('stated_on', sa.String(length=10), nullable=True),
    sa.Column('hedged', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('article_id', 'claim_key')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_source_key'), ['source_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_stated_on'), ['stated_on'], unique=False)

    op.create_table('series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=700), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('measure', sa.String(length=40), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=True),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('source_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('alias', sa.String(length=300), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('alias')
    )
    with op.batch_alter_table('source_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_aliases_key'), ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_source_aliases_source_id'), ['source_id'], unique=False)

    op.create_table('figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('low', sa.Float(), nullable=True),
    sa.Column('high', sa.Float(), nullable=True),
    sa.Column('bound', sa.String(length=10), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=True),
    sa.Column('counted', sa.Text(), nullable=True),
    sa.Column('measure', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.Text(), nullable=True),
    sa.Column('location_name', sa.Text(), nullable=True),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('period_start', sa.String(length=10), nullable=True),
    sa.Column('period_end', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_figures_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_measure'), ['measure'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_place_id'), ['place_id'], unique=False)

    op.create_table('series_members',
    sa.Column('figure_id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['figure_id'], ['figures.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['series_id'], ['series.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('figure_id')
    )
    with op.batch_alter_table('series_members', schema=None) as batch_op:
        batch_op.create_index('ix_series_members_series_id', ['series_id'], unique=False)

    op.execute(CLAIMS_FLAT)
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    else:
        op.execute(
            "ALTER TABLE claims ADD COLUMN text_search tsvector "
            "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED"
        )
        op.execute("CREATE INDEX ix_claims_text_search ON claims USING gin (text_search)")


def downgrade() -> None:
    op.execute("DROP VIEW claims_flat")
    if op.get_bind().dialect.name == "sqlite":
        for name in ("claims_fts_ai", "claims_fts_ad", "claims_fts_au"):
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE claims_fts")
    with op.batch_alter_table('series_members', schema=None) as batch_op:
        batch_op.drop_index('ix_series_members_series_id')

    op.drop_table('series_members')
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figures_place_id'))
        batch_op.drop_index(batch_op.f('ix_figures_measure'))
        batch_op.drop_index(batch_op.f('ix_figures_claim_id'))

    op.drop_table('figures')
    with op.batch_alter_table('source_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_aliases_source_id'))
        batch_op.drop_index(batch_op.f('ix_source_aliases_key'))

    op.drop_table('source_aliases')
    op.drop_table('series')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_stated_on'))
        batch_op.drop_index(batch_op.f('ix_claims_source_key'))
        batch_op.drop_index(batch_op.f('ix_claims_source_id'))
        batch_op.drop_index(batch_op.f('ix_claims_article_id'))

    op.drop_table('claims')
    op.drop_table('sources')
    op.drop_table('source_rules')
    op.drop_table('places')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_url'))
        batch_op.drop_index(batch_op.f('ix_articles_published'))

    op.drop_table('articles')


CLAIMS_FLAT = """
CREATE VIEW claims_flat AS
SELECT
    f.id AS figure_id, f.text AS figure_text, f.value, f.low, f.high, f.bound, f.unit,
    f.counted, f.measure, f.subject, f.period_start, f.period_end,
    f.start AS figure_start, f."end" AS figure_end,
    f.location_name, p.name AS place, p.country AS place_country, p.lat, p.lon,
    c.id AS claim_id, c.claim_key, c.kind, c.text AS claim_text, c.cue, c.direct, c.hedged,
    c.stated_on, c.source_mention, c.source_name AS source_as_given, c.source_type AS source_type_given,
    s.id AS source_id, s.name AS source, s.type AS source_type,
    COALESCE(c.source_role, s.role) AS source_role,
    org.id AS source_affiliation_id, org.name AS source_affiliation,
    a.id AS article_id, a.content_hash AS article_hash, a.url, a.outlet, a.title, a.published,
    sm.series_id
FROM figures f
JOIN claims c ON c.id = f.claim_id
JOIN articles a ON a.id = c.article_id
LEFT JOIN sources s ON s.id = c.source_id
LEFT JOIN sources org ON org.id = s.affiliation_id
LEFT JOIN places p ON p.id = f.place_id
LEFT JOIN series_members sm ON sm.figure_id = f.id
"""

# External-content FTS5 index over claims.text, kept current by triggers.
SQLITE_FTS = (
    "CREATE VIRTUAL TABLE claims_fts USING fts5(text, content='claims', content_rowid='id')",
    "CREATE TRIGGER claims_fts_ai AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER claims_fts_ad AFTER DELETE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER claims_fts_au AFTER UPDATE OF text ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO claims_fts(rowid, text) VALUES (new.id, new.text); END",
)
