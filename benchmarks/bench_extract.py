"""How well does the rule-based extractor find what a reviewer wants, and only that?

Three sets, reported separately:

- **seeds**: the five seed documents against the named entries of
  ``seeds/dprk_labour.yaml``. The rules were written while reading them, so
  this is an in-sample score.
- **tune**: ``benchmarks/data/extract_tune/``, excerpts with hand labels, on
  which the rules may be tuned.
- **holdout**: ``benchmarks/data/extract_holdout/`` (the third held-out set),
  ``benchmarks/data/extract_holdout/thirtieth/`` and ``thirtyfirst/``, excerpts
  with hand labels by authors who never saw the rules or the other sets (their READMEs
  tell their history); no rule is changed while looking at them. Each is
  reported on its own, figures only unless ``--show-holdout`` is given.

Matching, stated plainly:

- Names are compared after ``watchlists.curation.extract.normalize`` (casefold,
  words only, possessive 's dropped). Two names match if they are equal, or one
  contains the other as a run of whole words and the shorter has at least one
  word that is not generic (not "Ministry", "of", "region", ...). So "Security
  Council" counts for "Russian Security Council", but "Ministry" alone for nothing.
- **Gold** (seeds): every named seed entry with a source citing the document.
  Some are named only indirectly ("the Party", "the cabinet"); they stay in the
  denominator as misses. **Gold** (labelled sets): each ``want`` item of the
  excerpt (a list of variants counts once).
- **Recall** = gold items matched by a candidate from the same document / gold.
- **Precision** = named candidates that match gold (or an ``allowed`` name of a
  labelled excerpt; for the seed documents, any listed name) / named candidates.
- **Forbidden** = named candidates that contain the name of an outlet, author, author's
  employer or source: the ``forbidden`` labels, and for the seed documents the
  outsiders that ``seeds/README.md`` excludes. The target is zero.
- **Unnamed recall** (labelled sets): ``unnamed`` labels for which an unnamed
  candidate's label contains ``kind`` and its sentence contains ``near``.

Usage: ``.venv/bin/python benchmarks/bench_extract.py [--set all|seeds|tune|holdout]
[--show-holdout] [--quick]``
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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

DEFAULT_DOCS = REPO.parent / "shared" / "seeds"
DATA = REPO / "benchmarks" / "data"
TUNE_DIR = DATA / "extract_tune"
HOLDOUT_DIR = DATA / "extract_holdout"
# Held-out sets, each reported on its own: (name, RESULT tag, folder with labels.yaml).
HOLDOUT_SETS = (
    ("held-out set 3", "held-out-3", HOLDOUT_DIR),
    ("held-out set 30", "held-out-30", HOLDOUT_DIR / "thirtieth"),
    ("held-out set 31", "held-out-31", HOLDOUT_DIR / "thirtyfirst"),
)
GENERIC_WORDS = frozenset(ORG_HEADS) | PLACE_SUFFIXES | {"of", "the", "for", "and", "people"}
# Outsiders named in the seed documents that seeds/README.md says are never entries.
SEED_FORBIDDEN = (
    "Daily NK", "NK News", "The Diplomat", "The Gaze", "Wall Street Journal", "CNN",
    "Rodong Sinmun", "News1", "Asan Institute for Policy Studies", "Observo",
    "National Intelligence Service", "Institute for National Security Strategy",
    "Federal Migration Service", "Office of Foreign Assets Control", "OFAC",
    "Department of the Treasury", "United Nations Security Council", "Eric Lafforgue",
    "Peter Leonard", "Zane Han", "Depositphotos",
)  # fmt: skip


@dataclass
class Gold:
    """One thing a reviewer wants proposed: an id and the names that count for it."""

    key: str
    names: list[str]


@dataclass
class Excerpt:
    path: Path
    want: list[Gold]
    allowed: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    unnamed: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Score:
    document: str
    gold: set[str] = field(default_factory=set)
    found: set[str] = field(default_factory=set)
    correct: list[Candidate] = field(default_factory=list)
    wrong: list[Candidate] = field(default_factory=list)
    forbidden: list[Candidate] = field(default_factory=list)
    unnamed: list[Candidate] = field(default_factory=list)
    unnamed_gold: int = 0
    unnamed_found: int = 0


@dataclass
class SetScore:
    name: str
    scores: list[Score]
    labels: dict[str, str]  # gold key -> readable name, for the misses

    def total(self, attr: str) -> int:
        return sum(len(getattr(s, attr)) for s in self.scores)

    @property
    def recall(self) -> float:
        gold = self.total("gold")
        return self.total("found") / gold if gold else 1.0

    @property
    def precision(self) -> float:
        named = self.total("correct") + self.total("wrong")
        return self.total("correct") / named if named else 1.0

    @property
    def unnamed_recall(self) -> float | None:
        gold = sum(s.unnamed_gold for s in self.scores)
        return sum(s.unnamed_found for s in self.scores) / gold if gold else None


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def names_match(candidate: str, labelled: str) -> bool:
    """Equal, or one contains the other as whole words with a non-generic word in common."""
    a, b = normalize(candidate).split(), normalize(labelled).split()
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return _contains(longer, shorter) and any(w not in GENERIC_WORDS for w in shorter)


def _matches_any(candidate: Candidate, names: list[str]) -> bool:
    return any(names_match(mine, theirs) for mine in candidate.names for theirs in names)


def _names_forbidden(candidate: Candidate, forbidden: list[str]) -> bool:
    """The candidate contains a forbidden name ("Treasury Department" has "Treasury").

    Only this direction: "Security Council" (Russia's) is not "United Nations
    Security Council".
    """
    for mine in candidate.names:
        words = normalize(mine).split()
        for name in forbidden:
            theirs = normalize(name).split()
            if theirs[:1] == ["the"]:
                theirs = theirs[1:]
            if theirs and _contains(words, theirs):
                return True
    return False


def score_excerpt(excerpt: Excerpt) -> Score:
    score = Score(excerpt.path.name, gold={g.key for g in excerpt.want})
    candidates = extract_candidates(excerpt.path.read_text(encoding="utf-8"), excerpt.path.name)
    for candidate in candidates:
        if candidate.unnamed:
            score.unnamed.append(candidate)
            continue
        hits = {g.key for g in excerpt.want if _matches_any(candidate, g.names)}
        score.found |= hits
        if _names_forbidden(candidate, excerpt.forbidden):
            score.forbidden.append(candidate)
            score.wrong.append(candidate)
        elif hits or _matches_any(candidate, excerpt.allowed):
            score.correct.append(candidate)
        else:
            score.wrong.append(candidate)
    score.unnamed_gold = len(excerpt.unnamed)
    for label in excerpt.unnamed:
        kind, near = label["kind"].casefold(), label["near"].casefold()
        if any(
            kind in (c.label or "").casefold()
            and any(near in e.sentence.casefold() for e in c.evidence)
            for c in score.unnamed
        ):
            score.unnamed_found += 1
    return score


def seed_excerpts(docs: Path, seeds: Path) -> tuple[list[Excerpt], dict[str, str]]:
    """The seed documents as labelled excerpts: gold from the curated list."""
    named = [e for e in load_seed_file(seeds).entities if e.names]
    excerpts = []
    for path in sorted(docs.glob("*.txt")):
        want = [
            Gold(e.source_id, [n.value for n in e.names])
            for e in named
            if any(s.document == path.name for s in e.sources)
        ]
        # A candidate naming any listed entry is correct, even if cited from another document.
        listed = [n.value for e in named for n in e.names]
        excerpts.append(Excerpt(path, want, allowed=listed, forbidden=list(SEED_FORBIDDEN)))
    return excerpts, {e.source_id: e.primary_name for e in named}


def labelled_excerpts(folder: Path) -> tuple[list[Excerpt], dict[str, str]]:
    """Excerpts and their hand labels from ``folder/labels.yaml``."""
    data: dict[str, Any] = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    excerpts, readable = [], {}
    for item in data["excerpts"]:
        want = []
        for i, names in enumerate(item.get("want") or []):
            variants = [names] if isinstance(names, str) else list(names)
            key = f"{item['file']}#{i}"
            readable[key] = variants[0]
            want.append(Gold(key, variants))
        excerpts.append(
            Excerpt(
                folder / item["file"],
                want,
                allowed=list(item.get("allowed") or []),
                forbidden=list(item.get("forbidden") or []),
                unnamed=list(item.get("unnamed") or []),
            )
        )
    return excerpts, readable


def print_set(result: SetScore, details: bool) -> None:
    print(f"\n== {result.name}")
    if details:
        print(f"{'document':34} {'gold':>4} {'found':>5} {'recall':>7} {'cands':>5} {'prec':>6} "
              f"{'forb':>4}")  # fmt: skip
        for s in result.scores:
            cands = len(s.correct) + len(s.wrong)
            recall = len(s.found) / len(s.gold) if s.gold else 1.0
            precision = len(s.correct) / cands if cands else 1.0
            print(
                f"{s.document[:34]:34} {len(s.gold):4} {len(s.found):5} {recall:7.1%} "
                f"{cands:5} {precision:6.1%} {len(s.forbidden):4}"
            )
    named = result.total("correct") + result.total("wrong")
    unnamed = result.unnamed_recall
    print(
        f"{'overall (micro)':34} {result.total('gold'):4} {result.total('found'):5} "
        f"{result.recall:7.1%} {named:5} {result.precision:6.1%} {result.total('forbidden'):4}"
        + (f"   unnamed recall {unnamed:.1%}" if unnamed is not None else "")
    )
    if not details:
        print("  (figures only: this set is held out; --show-holdout prints its details)")
        return
    print("misses (wanted, not proposed):")
    for s in result.scores:
        for key in sorted(s.gold - s.found):
            print(f"  {s.document}: {result.labels.get(key, key)}")
    print("forbidden proposals (outlets, authors, their employers, sources):")
    for s in result.scores:
        for c in s.forbidden:
            print(f"  {s.document}: {c.name!r} [{c.evidence[0].rule}]")
    print("other false positives:")
    for s in result.scores:
        for c in s.wrong:
            if c not in s.forbidden:
                print(f"  {s.document}: {c.name!r} as {c.category} [{c.evidence[0].rule}]")
    print("unnamed candidates:")
    for s in result.scores:
        for c in s.unnamed:
            print(f"  {s.document}: {c.label!r} as {c.category}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("all", "seeds", "tune", "holdout"), default="all")
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="seed documents folder")
    parser.add_argument("--seeds", type=Path, default=SEED_PATH, help="curated seed YAML")
    parser.add_argument("--show-holdout", action="store_true", help="print held-out details")
    parser.add_argument("--quick", action="store_true", help="CI smoke run (same, it is small)")
    args = parser.parse_args(argv)

    # (name, RESULT tag, excerpts, readable gold names, print details)
    sets: list[tuple[str, str, list[Excerpt], dict[str, str], bool]] = []
    if args.set in ("all", "seeds"):
        excerpts, readable = seed_excerpts(args.docs, args.seeds)
        if excerpts:
            sets.append(("seed documents (in-sample)", "seed", excerpts, readable, True))
        else:
            print(f"no seed documents in {args.docs}; skipping that set")
    if args.set in ("all", "tune"):
        sets.append(("tuning set", "tuning", *labelled_excerpts(TUNE_DIR), True))
    if args.set in ("all", "holdout"):
        for name, tag, folder in HOLDOUT_SETS:
            sets.append((name, tag, *labelled_excerpts(folder), args.show_holdout))

    started = time.perf_counter()
    results = [
        (SetScore(name, [score_excerpt(e) for e in excerpts], readable), details)
        for name, _tag, excerpts, readable, details in sets
    ]
    elapsed = time.perf_counter() - started
    documents = sum(len(r.scores) for r, _ in results)
    print(f"extractor on {documents} documents in {elapsed * 1000:.0f} ms")
    print("columns: gold, found, recall, named candidates, precision, forbidden proposals")
    for result, details in results:
        print_set(result, details)
    print()
    for (result, _), (_name, tag, *_rest) in zip(results, sets, strict=True):
        print(
            f"RESULT {tag} recall={result.recall:.3f} precision={result.precision:.3f} "
            f"forbidden={result.total('forbidden')}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
