"""Precision, recall and F1 on nomenklatura's labelled name pairs.

Scores every pair of ../shared/data/pairs/nomenklatura_name_bench_cases.csv
(name1 is the query, name2 the listed name) with ``screening.matching.compare``
and prints the figures at DEFAULT_THRESHOLD, overall, per case_group and per
quality grade, plus an F1-by-threshold sweep. When nomenklatura is installed,
its logic-v2 algorithm scores the same pairs side by side (at its own
threshold 0.70 and at ours).

    .venv/bin/python benchmarks/bench_pairs.py [--quick] [--errors] [--no-logic-v2]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screening.matching import DEFAULT_THRESHOLD, compare

DATA = (
    Path(os.environ.get("SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    / "pairs"
)
CASES = DATA / "nomenklatura_name_bench_cases.csv"
LOGIC_V2_THRESHOLD = 0.70
# FollowTheMoney schema names in the file -> our schema names.
SCHEMAS = {"Person": "person", "Company": "company", "Organization": "organization",
           "LegalEntity": None, "Vessel": "vessel"}  # fmt: skip


@dataclass(slots=True)
class Case:
    group: str
    schema: str
    query: str
    listed: str
    is_match: bool
    quality: str


def load_cases(path: Path = CASES) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Case(r["case_group"], r["schema"], r["name1"], r["name2"], r["is_match"] == "true",
                 r["quality"])
            for r in csv.DictReader(fh)
        ]  # fmt: skip


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, predicted: bool, actual: bool) -> None:
        if predicted and actual:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif actual:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self, label: str) -> str:
        n = self.tp + self.fp + self.fn + self.tn
        return (
            f"{label:<22} n={n:<4} P={self.precision:.3f} R={self.recall:.3f} "
            f"F1={self.f1:.3f}  (tp={self.tp} fp={self.fp} fn={self.fn} tn={self.tn})"
        )


def report(title: str, cases: list[Case], scores: list[float], threshold: float) -> Counts:
    overall = Counts()
    groups: dict[str, Counts] = defaultdict(Counts)
    grades: dict[str, Counts] = defaultdict(Counts)
    for case, score in zip(cases, scores, strict=True):
        predicted = score >= threshold
        overall.add(predicted, case.is_match)
        groups[case.group].add(predicted, case.is_match)
        grades[case.quality].add(predicted, case.is_match)
    print(f"\n== {title} at threshold {threshold:.2f}")
    print(overall.row("overall"))
    for name in sorted(groups):
        print(groups[name].row(f"group {name}"))
    for name in sorted(grades):
        print(grades[name].row(f"quality {name}"))
    return overall


def sweep(cases: list[Case], scores: list[float], thresholds: Iterable[float]) -> None:
    cells = []
    for t in thresholds:
        counts = Counts()
        for case, score in zip(cases, scores, strict=True):
            counts.add(score >= t, case.is_match)
        cells.append(f"{t:.2f}:{counts.f1:.3f}")
    print("F1 by threshold: " + "  ".join(cells))


def score_ours(cases: list[Case]) -> list[float]:
    return [compare(c.query, c.listed, schema=SCHEMAS.get(c.schema)).score for c in cases]


def logic_v2_scorer() -> Callable[[Case], float] | None:
    try:
        from followthemoney import model
        from nomenklatura.matching import get_algorithm
        from nomenklatura.matching.types import ScoringConfig
    except ImportError:
        return None
    algorithm = get_algorithm("logic-v2")
    if algorithm is None:
        return None
    config = ScoringConfig.defaults()
    counter = iter(range(10**9))

    def score(case: Case) -> float:
        # logic-v2 remembers results by entity id: every pair needs its own ids.
        n = next(counter)
        query = model.make_entity(case.schema)
        query.id = f"query-{n}"
        query.add("name", case.query)
        result = model.make_entity(case.schema)
        result.id = f"result-{n}"
        result.add("name", case.listed)
        return float(algorithm.compare(query, result, config).score)

    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="every 4th pair, no logic-v2")
    parser.add_argument("--errors", action="store_true", help="print our misclassified pairs")
    parser.add_argument("--no-logic-v2", action="store_true", help="skip nomenklatura")
    args = parser.parse_args()

    cases = load_cases()
    if args.quick:
        cases = cases[::4]
    started = time.perf_counter()
    scores = score_ours(cases)
    elapsed = time.perf_counter() - started
    print(f"{len(cases)} pairs from {CASES.name}; ours scored them in {elapsed:.2f}s "
          f"({elapsed / len(cases) * 1e3:.3f} ms/pair)")  # fmt: skip
    overall = report("screening.matching", cases, scores, DEFAULT_THRESHOLD)
    sweep(cases, scores, [0.60, 0.64, 0.68, 0.70, 0.72, 0.74, 0.76, 0.80, 0.85])
    target = "met" if overall.f1 >= 0.88 else "NOT met"
    print(f"target F1 >= 0.88: {target} (F1={overall.f1:.3f})")

    if args.errors:
        print("\nmisclassified pairs (score, label, schema, query | listed):")
        for case, score in zip(cases, scores, strict=True):
            if (score >= DEFAULT_THRESHOLD) != case.is_match:
                label = "match" if case.is_match else "non-match"
                print(f"  {score:.3f} {label:<9} {case.schema:<12} {case.query} | {case.listed}")

    if args.quick or args.no_logic_v2:
        print("\nlogic-v2: skipped (--quick or --no-logic-v2)")
        return
    scorer = logic_v2_scorer()
    if scorer is None:
        print("\nlogic-v2: skipped, nomenklatura/followthemoney not installed "
              "(pip install nomenklatura followthemoney)")  # fmt: skip
        return
    started = time.perf_counter()
    theirs = [scorer(c) for c in cases]
    elapsed = time.perf_counter() - started
    print(f"\nlogic-v2 scored {len(cases)} pairs in {elapsed:.2f}s "
          f"({elapsed / len(cases) * 1e3:.3f} ms/pair)")  # fmt: skip
    report("nomenklatura logic-v2", cases, theirs, LOGIC_V2_THRESHOLD)
    report("nomenklatura logic-v2", cases, theirs, DEFAULT_THRESHOLD)
    sweep(cases, theirs, [0.60, 0.70, 0.80, 0.85, 0.90, 0.95])


if __name__ == "__main__":
    main()
