"""Pure-Python name matching for sanctions screening.

Importable and usable alone: no web, database or task-queue imports.

    from screening.matching import CandidateIndex, ListedName, compare

    index = CandidateIndex.build([ListedName(1, "kp-1", "Air Koryo", "company")])
    index.search("AIRKORYO")          # -> [Match(name=..., score=0.98, explanation={...})]
    compare("김정은", "Kim Jong Un", schema="person").match          # True
    compare("Хуснуллин Марат", "Marat Khusnullin", schema="person").match  # True

``DEFAULT_THRESHOLD`` (0.72) was chosen on the benchmarks: see
``screening.matching.model`` and ``benchmarks/README.md``.
``ALGORITHM_VERSION`` changes whenever scores change; store it with results.
"""

from screening.matching.index import CandidateIndex
from screening.matching.model import ALGORITHM_VERSION, DEFAULT_THRESHOLD, compare
from screening.matching.normalize import normalize_name
from screening.matching.results import EntityFacts, ListedName, Match, QueryFields, ScoreResult

__all__ = [
    "ALGORITHM_VERSION",
    "DEFAULT_THRESHOLD",
    "CandidateIndex",
    "EntityFacts",
    "ListedName",
    "Match",
    "QueryFields",
    "ScoreResult",
    "compare",
    "normalize_name",
]
