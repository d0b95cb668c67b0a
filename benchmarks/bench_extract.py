"""How well does the rule-based extractor rediscover the curated list?

Runs ``watchlists.curation.extract`` on each seed document and compares its named
candidates with the named entries of ``seeds/dprk_labour.yaml``.

Matching, stated plainly:

- Names are compared after ``watchlists.curation.extract.normalize`` (casefold, words
  only, possessive 's dropped).
- A candidate is **correct** if one of its names equals a name or alias of a
  named seed entry, or one contains the other as a run of whole words, and the
  shorter side has at least one word that is not generic (not "Ministry",
  "of", "region", ...). So "Security Council" counts for "Russian Security
  Council", but "Ministry" alone would count for nothing.
- **Gold** for a document is every named seed entry with a source citing that
  document. Some are named in the text only indirectly ("the Party", "the
  cabinet", "the army"); the extractor cannot find those, and they stay in
  the denominator as misses.
- **Recall** = gold entries matched by at least one candidate from the same
  document / gold entries. **Precision** = correct named candidates / named
  candidates. Unnamed candidates (descriptions) are listed but not scored,
  because unnamed seed entries have no names to match.

The rules were written while reading these five articles, so this is an
in-sample score: expect less on new text.

Usage: ``.venv/bin/python benchmarks/bench_extract.py [--docs DIR] [--seeds FILE]``
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from watchlists.curation.extract import (  # noqa: E402
    ORG_HEADS,
    PLACE_SUFFIXES,
    Candidate,
    extract_candidates,
    normalize,
)
from watchlists.curation.seeds import SEED_PATH, load_seed_file  # noqa: E402
from watchlists.records import EntityRecord  # noqa: E402

DEFAULT_DOCS = REPO.parent / "shared" / "seeds"
GENERIC_WORDS = frozenset(ORG_HEADS) | PLACE_SUFFIXES | {"of", "the", "for", "and", "people"}


@dataclass
class DocumentScore:
    document: str
    gold: set[str] = field(default_factory=set)
    found: set[str] = field(default_factory=set)
    correct: list[Candidate] = field(default_factory=list)
    wrong: list[Candidate] = field(default_factory=list)
    unnamed: list[Candidate] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return len(self.found) / len(self.gold) if self.gold else 1.0

    @property
    def precision(self) -> float:
        named = len(self.correct) + len(self.wrong)
        return len(self.correct) / named if named else 1.0


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def names_match(candidate: str, seed_name: str) -> bool:
    """Equal, or one contains the other as whole words with a non-generic word in common."""
    a, b = normalize(candidate).split(), normalize(seed_name).split()
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return _contains(longer, shorter) and any(w not in GENERIC_WORDS for w in shorter)


def matched_entities(candidate: Candidate, entities: list[EntityRecord]) -> set[str]:
    return {
        entity.source_id
        for entity in entities
        for seed_name in entity.names
        for name in candidate.names
        if names_match(name, seed_name.value)
    }


def score_document(path: Path, entities: list[EntityRecord]) -> DocumentScore:
    named = [e for e in entities if e.names]
    score = DocumentScore(path.name)
    score.gold = {e.source_id for e in named if any(s.document == path.name for s in e.sources)}
    for candidate in extract_candidates(path.read_text(encoding="utf-8"), path.name):
        if candidate.unnamed:
            score.unnamed.append(candidate)
            continue
        matches = matched_entities(candidate, named)
        (score.correct if matches else score.wrong).append(candidate)
        score.found |= matches & score.gold
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="seed documents folder")
    parser.add_argument("--seeds", type=Path, default=SEED_PATH, help="curated seed YAML")
    parser.add_argument("--quick", action="store_true", help="CI smoke run (same, it is small)")
    args = parser.parse_args(argv)

    paths = sorted(args.docs.glob("*.txt"))
    if not paths:
        print(f"no seed documents in {args.docs}; nothing to measure")
        return 0
    seed_list = load_seed_file(args.seeds)
    by_id = seed_list.by_id()
    started = time.perf_counter()
    scores = [score_document(p, seed_list.entities) for p in paths]
    elapsed = time.perf_counter() - started

    print(f"extractor vs {args.seeds.name}: {len(paths)} documents in {elapsed * 1000:.0f} ms\n")
    print(f"{'document':28} {'gold':>4} {'found':>5} {'recall':>7} {'cands':>5} {'prec':>6}")
    for s in scores:
        cands = len(s.correct) + len(s.wrong)
        print(
            f"{s.document:28} {len(s.gold):4} {len(s.found):5} {s.recall:7.1%} "
            f"{cands:5} {s.precision:6.1%}"
        )
    gold = sum(len(s.gold) for s in scores)
    found = sum(len(s.found) for s in scores)
    correct = sum(len(s.correct) for s in scores)
    named = correct + sum(len(s.wrong) for s in scores)
    recall = found / gold if gold else 1.0
    precision = correct / named if named else 1.0
    print(f"{'overall (micro)':28} {gold:4} {found:5} {recall:7.1%} {named:5} {precision:6.1%}\n")

    print("misses (gold entry not proposed):")
    for s in scores:
        for entity_id in sorted(s.gold - s.found):
            print(f"  {s.document}: {entity_id} ({by_id[entity_id].primary_name})")
    print("false positives (named candidate matching no seed entry):")
    for s in scores:
        for c in s.wrong:
            print(f"  {s.document}: {c.name!r} as {c.category} [{c.evidence[0].rule}]")
    print("unnamed candidates (not scored):")
    for s in scores:
        for c in s.unnamed:
            print(f"  {s.document}: {c.label!r} as {c.category}")
    print(f"\nRESULT recall={recall:.3f} precision={precision:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
