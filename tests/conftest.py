"""Shared fixtures: the real spaCy pipeline, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_path(*parts: str) -> Path:
    """A file in ../shared, or a skip with a message when the folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads the project's ../shared folder")
    return path


@pytest.fixture(scope="session")
def nlp():
    from claimledger import nlp as nlp_loader

    return nlp_loader.load()
