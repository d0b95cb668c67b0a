"""Recall and precision on DPRK/Russia-style name variants (benchmarks/data/quality_set.csv).

Each row pairs a screened name (query) with a listed name, a schema, a label
and a category: transliterations both ways (Cyrillic, Hangul in McCune–
Reischauer and Revised Romanization), typos, reorderings, legal forms,
evasions (homoglyphs, zero-width characters, spacing, punctuation) and hard
negatives that share words with the listed name. Labels were set when the
rows were written, never by the matcher.

Two figures are printed:

* pairwise: ``compare(query, listed)`` at DEFAULT_THRESHOLD, overall and per
  category (targets: recall >= 0.98, precision >= 0.95);
* search: the same queries through ``CandidateIndex.search`` over the set's
  listed names plus, unless ``--quick``, the OFAC SDN and UN lists, counting
  a positive as found when its listed name's entity is returned.

    .venv/bin/python benchmarks/bench_quality.py [--quick] [--errors]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_pairs import Counts
from bench_speed import load_lists

from screening.matching import DEFAULT_THRESHOLD, CandidateIndex, ListedName, compare

QUALITY_SET = Path(__file__).resolve().parent / "data" / "quality_set.csv"


@dataclass(slots=True)
class Row:
    query: str
    listed: str
    schema: str | None
    is_match: bool
    category: str


def load_rows(path: Path = QUALITY_SET) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Row(r["query"], r["listed"], r["schema"] or None, r["is_match"] == "true",
                r["category"])
            for r in csv.DictReader(fh)
        ]  # fmt: skip


def pairwise(rows: list[Row], show_errors: bool) -> Counts:
    overall = Counts()
    by_category: dict[str, Counts] = defaultdict(Counts)
    errors: list[str] = []
    for row in rows:
        result = compare(row.query, row.listed, schema=row.schema)
        overall.add(result.match, row.is_match)
        by_category[row.category].add(result.match, row.is_match)
        if result.match != row.is_match:
            label = "match" if row.is_match else "non-match"
            errors.append(f"  {result.score:.3f} {label:<9} {row.category:<28} "
                          f"{row.query!r} | {row.listed!r}")  # fmt: skip
    print(f"\n== pairwise compare() at threshold {DEFAULT_THRESHOLD:.2f}")
    print(overall.row("overall"))
    for name in sorted(by_category):
        print(by_category[name].row(name[:22]))
    verdict = "met" if overall.recall >= 0.98 and overall.precision >= 0.95 else "NOT met"
    print(f"targets recall >= 0.98 and precision >= 0.95: {verdict} "
          f"(R={overall.recall:.3f}, P={overall.precision:.3f})")  # fmt: skip
    if show_errors and errors:
        print("misclassified rows (score, label, category, query | listed):")
        print("\n".join(errors))
    return overall


def through_index(rows: list[Row], with_lists: bool, show_errors: bool = False) -> None:
    listed: dict[str, ListedName] = {}
    for row in rows:
        if row.listed not in listed:
            n = len(listed)
            listed[row.listed] = ListedName(n, f"q{n}", row.listed, row.schema, "primary")
    names = list(listed.values())
    extra = load_lists(len(names)) if with_lists else []
    started = time.perf_counter()
    index = CandidateIndex.build(names + extra)
    built = time.perf_counter() - started
    found = Counts()
    for row in rows:
        target = listed[row.listed].entity_id
        hits = index.search(row.query, schema=row.schema)
        hit = any(m.name.entity_id == target for m in hits)
        found.add(hit, row.is_match)
        if show_errors and hit != row.is_match:
            best = f"{hits[0].score:.3f} {hits[0].name.text!r}" if hits else "-"
            print(f"  search {row.category:<28} {row.query!r} | {row.listed!r} -> {best}")
    scope = (
        f"{len(names)} set names + {len(extra)} OFAC/UN names"
        if extra
        else f"{len(names)} set names"
    )
    print(f"\n== through CandidateIndex.search ({scope}, built in {built:.1f}s)")
    print(found.row("listed name returned"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="index only the set's own names")
    parser.add_argument("--errors", action="store_true", help="print misclassified rows")
    args = parser.parse_args()
    rows = load_rows()
    positives = sum(r.is_match for r in rows)
    print(f"{len(rows)} rows ({positives} matches, {len(rows) - positives} non-matches) "
          f"from {QUALITY_SET.name}")  # fmt: skip
    pairwise(rows, args.errors)
    through_index(rows, with_lists=not args.quick, show_errors=args.errors)


if __name__ == "__main__":
    main()
