"""The digest of one screened name's stored result, as ``results.stored`` audit events record it.

The worker records it when it stores the result; ``screening audit verify``
recomputes it from the rows in the database, so an edited result (an outcome,
a score, a match added or removed) no longer matches its audit event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable


def result_digest(name: str, outcome: str, matches: Iterable[tuple[str, int, float]]) -> str:
    """SHA-256 of the name, its outcome and its matches (entity, list version, score)."""
    blob = json.dumps(
        {
            "name": name,
            "outcome": str(outcome),
            "matches": [[key, version, score] for key, version, score in matches],
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()
