"""False alerts on real company names: the SEC company list screened against OFAC + UN.

Every one of the 9,610 names in ``negatives/sec_company_tickers_2024-05.json``
(US-listed companies, none of them on a sanctions list) is screened with
``CandidateIndex.search`` at DEFAULT_THRESHOLD against every name of the OFAC
SDN 2024 and UN consolidated lists. A name with any match is a false alert.
The target is at most 1 % flagged.

Flagged names are split into two kinds, so that the figure can be read:

* ``same-name``: every distinctive word of both names agrees exactly or by
  romanisation, and what is left over is generic words, legal forms and
  particles ("Dover Corp" against a listed "DOVER"). A screener must raise
  these: only other data (address, country, registration) can clear them;
* ``near``: anything else, the matcher's own false alerts.

With ``--country US`` every SEC name is screened as a US company, against
an index that knows each listed entity's countries (from the lists
themselves): a contradicting country is a penalty, never a filter
(target: at most 0.5 % flagged).

    .venv/bin/python benchmarks/bench_false_positives.py [--quick] [--list] [--country US]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_speed import load_facts, load_lists, load_sec_names

from screening.matching import DEFAULT_THRESHOLD, CandidateIndex, Match, QueryFields

TARGET = 0.015
TARGET_WITH_COUNTRY = 0.005
_SAME_NAME_METHODS = {"exact", "romanisation", "legal_form"}
_IDENTIFYING_TAGS = {"name", "number", "patronymic"}


def kind_of(match: Match) -> str:
    """``same-name`` when the names agree word for word on what identifies them."""
    explanation = match.explanation
    leftovers = explanation["unmatched_query"] + explanation["unmatched_listed"]
    same = all(p["method"] in _SAME_NAME_METHODS for p in explanation["pairs"]) and not any(
        u["tag"] in _IDENTIFYING_TAGS for u in leftovers
    )
    return "same-name" if same else "near"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the first 500 SEC names only")
    parser.add_argument("--list", action="store_true", help="print every flagged name")
    parser.add_argument("--country", help="screen every name with this country (e.g. US)")
    args = parser.parse_args()

    started = time.perf_counter()
    index = CandidateIndex.build(load_lists(), facts=load_facts())
    fields = QueryFields(country=args.country) if args.country else None
    target = TARGET_WITH_COUNTRY if args.country else TARGET
    print(f"indexed {len(index)} OFAC + UN names in {time.perf_counter() - started:.1f}s")
    names = load_sec_names()
    if args.quick:
        names = names[:500]

    flagged: list[tuple[str, Match]] = []
    started = time.perf_counter()
    for name in names:
        matches = index.search(name, threshold=DEFAULT_THRESHOLD, fields=fields)
        if matches:
            flagged.append((name, matches[0]))
    elapsed = time.perf_counter() - started
    kinds = [kind_of(m) for _, m in flagged]
    rate = len(flagged) / len(names)
    verdict = "met" if rate <= target else "NOT met"
    print(f"{len(names)} SEC company names screened in {elapsed:.1f}s at threshold "
          f"{DEFAULT_THRESHOLD}{', country ' + args.country if args.country else ''}")  # fmt: skip
    print(f"flagged: {len(flagged)} = {rate:.2%} (target <= {target:.1%}: {verdict})")
    print(f"  same-name collisions: {kinds.count('same-name')}  "
          f"near matches: {kinds.count('near')}")  # fmt: skip
    if args.list:
        for (name, match), kind in sorted(zip(flagged, kinds, strict=True), key=lambda x: x[1]):
            pairs = ", ".join(
                f"{p['query']}~{p['listed']} ({p['method']})" for p in match.explanation["pairs"]
            )
            print(f"  {kind:<9} {match.score:.3f}  {name!r} -> {match.name.text!r}  [{pairs}]")


if __name__ == "__main__":
    main()
