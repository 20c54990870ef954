"""Loading the package's data files (lexicons and tables), once per process."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_json(name: str) -> Any:
    """A JSON data file from ``claimledger/data`` (``name`` may include a subfolder: "places/aliases.json")."""
    return json.loads(resources.files("claimledger").joinpath("data", *name.split("/")).read_text("utf-8"))
