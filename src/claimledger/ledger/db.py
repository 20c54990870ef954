"""Engine set-up: a SQLite file by default, PostgreSQL by URL, schema kept current by Alembic."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

DEFAULT_DB = "claimledger.db"
ENV_VAR = "CLAIMLEDGER_DB"
MIGRATIONS = Path(__file__).parent / "migrations"
WRITE_OPTION = "claimledger_write"


def database_url(db: str | None = None) -> str:
    """The SQLAlchemy URL for ``db``: a URL as given, a path as a SQLite file, default from the env."""
    db = db or os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser()}"
    url = make_url(db)
    # psycopg 3 is the driver we pin; plain postgresql:// would ask SQLAlchemy for psycopg2.
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def make_engine(db: str | None = None) -> Engine:
    url = database_url(db)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60})
        _sqlite_setup(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # Transactions are started by us (BEGIN IMMEDIATE below), not by the sqlite3 module.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout=60000")  # first: the pragmas below may wait for a lock
        _wal(cur)
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        # A writer takes the write lock at the start: a deferred transaction that upgrades to
        # a writer later fails at once with "database is locked" when another writer is active.
        immediate = conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


WAL_TRIES = 50


def _wal(cur) -> None:  # type: ignore[no-untyped-def]
    """Switch to WAL. The switch needs the database to itself and SQLite does not wait for that
    (no busy handler), so two processes opening a new ledger at once retry for a while."""
    for attempt in range(WAL_TRIES):
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_TRIES - 1:
                raise
            time.sleep(0.1)


def writer(engine: Engine) -> Engine:
    """The engine for transactions that write (on SQLite they take the write lock at BEGIN)."""
    return engine.execution_options(**{WRITE_OPTION: True})


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # configparser treats % as interpolation (URL-encoded options contain it).
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there already)."""
    cfg = alembic_config(engine)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    if current_revision(engine) == head:
        return
    with writer(engine).begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two processes opening a new ledger at once: one migrates, the other waits.
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4242001)")
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
