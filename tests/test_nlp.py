"""The loaded pipeline annotates exactly as spaCy's own model does (claimledger only speeds up lookups)."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from claimledger import nlp as nlp_loader
from claimledger.extract import structure  # noqa: F401  registers the structure component

TEXTS = [
    "The ministers said they were gonna review the figures, and officials ain't sure the talks will resume.",
    "Let's be clear: prices rose 4% in March, the agency said, while wages fell and rents kept rising.",
    "Grumbling quintuplets zigzagged past Vorleth's crumbling verandas, flustered wardens wrote.",
]


@pytest.fixture(scope="module")
def plain():
    """The same model as spaCy ships it, with only claimledger's structure component added."""
    pipeline = spacy.load(nlp_loader.DEFAULT_MODEL)
    pipeline.add_pipe("claimledger_structure", before="parser")
    return pipeline


def test_lemma_index_is_sets(nlp):
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(words, frozenset) for words in index.values())


def test_annotations_are_spacys(nlp, plain):
    attrs = [LEMMA, POS, TAG, MORPH, DEP]
    for text in TEXTS:
        ours, theirs = nlp(text), plain(text)
        assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
        assert (ours.to_array(attrs) == theirs.to_array(attrs)).all()
    assert [t.lemma_ for t in nlp("Officials ain't gonna say.")][:4] == ["official", "be", "not", "go"]
