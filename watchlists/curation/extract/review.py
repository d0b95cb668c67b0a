"""Write candidates as a seed-format review file for an analyst."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from watchlists.curation.extract.candidates import Candidate, normalize, unique
from watchlists.curation.extract.vocabulary import EXTRACTOR_VERSION
from watchlists.scripts import script_problem


def write_review_file(candidates: Iterable[Candidate], path: Path | str) -> None:
    """Write candidates as a seed-format YAML file for an analyst to review.

    Every entry is ``needs_review`` and its claim is a placeholder: the analyst
    checks the ``evidence`` sentence against the article and writes the claim
    in our own words before moving the entry into ``seeds/``. The file loads
    with :func:`watchlists.curation.seeds.load_seed_file`.
    """
    candidates = list(candidates)
    documents = unique(e.document for c in candidates for e in c.evidence)
    used: set[str] = set()
    entities = [_review_entry(c, used) for c in candidates]
    data: dict[str, Any] = {
        "name": "extract-review",
        "title": "Extractor candidates for review",
        "description": (
            "Entries proposed by watchlists.curation.extract (rule-based, version "
            f"{EXTRACTOR_VERSION}). Not a list: check each one against its document."
        ),
        "publisher": "project maintainers",
        "version": f"extract-{EXTRACTOR_VERSION}",
        "date": dt.date.today().isoformat(),
        "documents": [{"file": d, "publisher": None, "title": None} for d in documents],
        "entities": entities,
    }
    header = (
        "# Candidates proposed by `screening lists extract`. Review every entry:\n"
        "# confirm it against the evidence, write the claim in our own words,\n"
        "# fix names, schema, category and countries, then move it into seeds/.\n"
    )
    if not entities:
        header += "# The extractor found no candidates.\n"
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    Path(path).write_text(header + body, encoding="utf-8")


def _review_entry(candidate: Candidate, used: set[str]) -> dict[str, Any]:
    slug = re.sub(r"[^a-z0-9]+", "-", normalize(candidate.name or candidate.label or "x")).strip(
        "-"
    )
    entry_id = f"candidate-{slug or 'entry'}"
    n = 2
    while entry_id in used:
        entry_id = f"candidate-{slug}-{n}"
        n += 1
    used.add(entry_id)
    entry: dict[str, Any] = {"id": entry_id}
    if candidate.unnamed:
        entry["unnamed"] = True
        entry["label"] = candidate.label
    entry.update(
        {
            "schema": candidate.schema,
            "category": candidate.category,
            "countries": list(candidate.countries),
            "status": "needs_review",
        }
    )
    if not candidate.unnamed:
        names = []
        for i, value in enumerate(candidate.names):
            kind = "primary" if i == 0 else ("abbreviation" if value.isupper() else "alias")
            name: dict[str, Any] = {"value": value, "kind": kind}
            script = _script_of(value)
            if script == "Latn" and kind != "abbreviation":
                name["lang"] = "en"
            name["script"] = script
            names.append(name)
        entry["names"] = names
    sources = []
    for document in unique(e.document for e in candidate.evidence):
        evidence = [e for e in candidate.evidence if e.document == document]
        sources.append(
            {
                "document": document,
                "claim": (
                    f"TO REVIEW: proposed by the extractor ({evidence[0].rule}); "
                    "replace with the claim this document supports, in our own words."
                ),
                "evidence": evidence[0].sentence,
            }
        )
    entry["sources"] = sources
    return entry


def _script_of(value: str) -> str:
    for script in ("Latn", "Cyrl", "Hang"):
        if script_problem(value, script) is None:
            return script
    return "Latn"
