"""Propose candidate list entries from an article: a rule-based first pass for analysts.

The extractor reads plain text and proposes organisations, people and places
that look involved in the deployment of workers, each with the sentence it came
from. It knows nothing about the curated list: its rules are generic cue words
(organisation heads such as Ministry or Agency, titles such as Minister or
Director, role phrases such as "run by"), a small gazetteer of Russian and
Ukrainian regions and cities, and filters for things that are never entries
(countries, news outlets and other bodies quoted as sources, transit points).

Its output is a review file in the seed format (``seeds/README.md``) with every
candidate marked ``needs_review``. Nothing it proposes goes on a list until an
analyst has checked it against the article and rewritten the claim.

Modules, in the order the text flows through them: ``sentences`` (paragraphs,
sentences, tokens), ``attribution`` (bylines, datelines, credits and notes on the
author, whose names are never proposed), ``spans`` (capitalised runs that may be names),
``classify`` (which asks ``organisations``, ``places`` and ``people``, after
``filters`` has set aside outlets, authors and their employers, sources and
authorities), ``unnamed`` (described bodies), ``russian`` (Russian names of
bodies, whose words after the head are lower case), ``pipeline`` (per document and
across files, merging) and ``review`` (the review file). ``vocabulary`` holds
every cue word and gazetteer; ``candidates`` the records.
"""

from watchlists.curation.extract.candidates import Candidate, Evidence, normalize
from watchlists.curation.extract.pipeline import extract_candidates, extract_files
from watchlists.curation.extract.review import write_review_file
from watchlists.curation.extract.sentences import split_paragraphs, split_sentences
from watchlists.curation.extract.vocabulary import (
    EXTRACTOR_VERSION,
    GAZETTEER,
    ORG_HEADS,
    PLACE_SUFFIXES,
)

__all__ = [
    "EXTRACTOR_VERSION",
    "GAZETTEER",
    "ORG_HEADS",
    "PLACE_SUFFIXES",
    "Candidate",
    "Evidence",
    "extract_candidates",
    "extract_files",
    "normalize",
    "split_paragraphs",
    "split_sentences",
    "write_review_file",
]
