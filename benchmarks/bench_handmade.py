"""Hand-made evasions: names written one by one by a red-team tester, blind to the matcher.

``bench_evasion.py`` transforms listed names with our own generator, so a class
it covers can still be missed in a shape the generator never makes. The rows of
``benchmarks/data/evasion_handmade/`` were written by hand by a helper who never
saw the matcher or the generator (its README tells how), in files that target
different entities: ``tune.csv`` and ``holdout.csv`` (the first held-out set, spent
once the second was written) may be looked at and tuned on, ``holdout2.csv`` only
measured (figures, never rows).

Each query is screened with ``CandidateIndex.search`` at DEFAULT_THRESHOLD over
OFAC SDN 2024 + UN + the curated list, as in ``bench_evasion.py``, with the entities'
countries as the service gives its index. A listed row
is caught when its entity is returned, or another list's entry for the same
body that its ``note`` names ("also UN KPe.010", "also OFAC 9345"). An innocent
row (class ``innocent``) is a false alert when anything is returned.

    .venv/bin/python benchmarks/bench_handmade.py [--set tune|holdout|holdout2] [--errors]
        [--quick]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_evasion import load_index_facts, load_index_names

from screening.matching import DEFAULT_THRESHOLD, CandidateIndex

DATA = Path(__file__).resolve().parent / "data" / "evasion_handmade"
# The set that is only ever measured.
HELD_OUT = "holdout2"
# The list names of the CSV as the index names its entities' origins.
ORIGIN = {"ofac": "ofac", "un": "un", "curated": "seed"}
# Other lists' entries named in a note: "also UN KPe.010", "also OFAC 9345".
_ALSO = re.compile(r"\b(OFAC|UN)\s+(\d+|KP[ei]\.\d+)")


def accepted(row: dict[str, str]) -> set[str]:
    """Entity ids whose return catches this row."""
    ids = {f"{ORIGIN[row['list']]}:{row['entity_ref']}"}
    for lst, ref in _ALSO.findall(row["note"]):
        ids.add(f"{lst.lower()}:{ref}")
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("tune", "holdout", "holdout2"), default="tune")
    parser.add_argument("--errors", action="store_true", help="print misses (not of holdout2)")
    parser.add_argument("--quick", action="store_true", help="every sixth row (CI smoke run)")
    args = parser.parse_args()
    if args.errors and args.set == HELD_OUT:
        raise SystemExit("the held-out rows are measured, never printed")
    with (DATA / f"{args.set}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if args.quick:
        rows = rows[::6]
    names, _ = load_index_names()
    index = CandidateIndex.build(names, facts=load_index_facts())
    known = {n.entity_id for n in names}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    errors: list[str] = []
    for row in rows:
        matches = index.search(row["query"], threshold=DEFAULT_THRESHOLD)
        returned = {m.name.entity_id for m in matches}
        if row["class"] == "innocent":
            ok = not returned
            why = ", ".join(f"{m.name.text} {m.score:.2f}" for m in matches[:3])
        else:
            wanted = accepted(row)
            if not wanted & known:
                raise SystemExit(f"{row['query']!r}: no listed entity {sorted(wanted)}")
            ok = bool(wanted & returned)
            why = f"wanted {row['listed_name']!r}; got " + (
                ", ".join(f"{m.name.text} {m.score:.2f}" for m in matches[:3]) or "nothing"
            )
        counts[row["class"]][0] += ok
        counts[row["class"]][1] += 1
        if not ok:
            errors.append(f"  {row['class']:<20} {row['query']!r}: {why}")
    caught = total = 0
    for cls in sorted(counts):
        good, n = counts[cls]
        label = "clear" if cls == "innocent" else "caught"
        print(f"{cls:<20} {label} {good:>3}/{n:<3} {good / n:6.1%}")
        if cls != "innocent":
            caught, total = caught + good, total + n
    innocent_ok, innocent_n = counts.get("innocent", [0, 0])
    false_alerts = innocent_n - innocent_ok
    print(
        f"RESULT handmade-{args.set} caught={caught}/{total} ({caught / max(total, 1):.3f}) "
        f"false_alerts={false_alerts}/{innocent_n}"
    )
    if args.errors:
        print("misses and false alerts:")
        print("\n".join(errors))


if __name__ == "__main__":
    main()
