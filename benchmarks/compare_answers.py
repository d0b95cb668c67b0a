"""Do two checkouts give the same answers? The matches and scores of ``CandidateIndex.search``
over OFAC SDN 2024 + UN, for the same deterministic queries, from this checkout and another.

A change meant to be exact (a faster path, a filter that drops only what cannot match)
must give the same answers for every query; a change of the algorithm shows here which
queries it moved. The queries: typo variants of 3,000 listed names, 3,000 SEC company
names, 1,000 listed names as written, and the rows of the hand-made tuning and spent
held-out sets (never the held-out set ``holdout2.csv``).

    .venv/bin/python benchmarks/compare_answers.py --against /path/to/other/checkout

Each checkout runs in its own process with its own code first on the path, both with
the same hash seed (the order in which equal scores are met follows set order).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("SHARED_DATA", REPO.parent / "shared" / "data"))
OFAC_SDN = DATA / "ofac" / "2024-05-03" / "sdn.csv"
UN_XML = DATA / "un" / "consolidated_2026-02.xml"
SEC_NAMES = DATA / "negatives" / "sec_company_tickers_2024-05.json"
HANDMADE = ("tune.csv", "holdout.csv")  # holdout2.csv stays unread: it is held out


def variant(text: str, rng: random.Random) -> str:
    """A dropped, doubled or swapped letter, or the name's words in another order."""
    kind = rng.randrange(4)
    i = rng.randrange(1, max(2, len(text) - 1))
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i - 1] + text[i:]
    if kind == 2:
        return text[:i] + text[i + 1 : i + 2] + text[i : i + 1] + text[i + 2 :]
    words = text.split()
    rng.shuffle(words)
    return " ".join(words)


def dump(repo: Path, out: Path) -> None:
    """Write one JSON line per query: the query and its matches (entity, name, score)."""
    sys.path.insert(0, str(repo))
    from screening.matching import CandidateIndex, ListedName
    from watchlists.importers.ofac import read_ofac_csv
    from watchlists.importers.un import read_un_xml

    names: list[ListedName] = []
    for records in (read_ofac_csv(OFAC_SDN), read_un_xml(UN_XML)):
        for record in records:
            for name in record.names:
                names.append(ListedName(len(names), record.source_id, name.value, record.schema))
    index = CandidateIndex.build(names)
    rng = random.Random(20261204)
    sec = [row["title"] for row in json.loads(SEC_NAMES.read_text(encoding="utf-8")).values()]
    queries = [variant(n.text, rng) for n in rng.sample(names, 3000)]
    queries += rng.sample(sec, 3000) + [n.text for n in rng.sample(names, 1000)]
    for file in HANDMADE:
        path = REPO / "benchmarks" / "data" / "evasion_handmade" / file
        with path.open(encoding="utf-8") as fh:
            queries += [row["query"] for row in csv.DictReader(fh) if row.get("query")]
    with out.open("w", encoding="utf-8") as fh:
        for query in queries:
            hits = [(m.name.entity_id, m.name.text, round(m.score, 9)) for m in index.search(query)]
            fh.write(json.dumps([query, hits], ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, help="the other checkout")
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--repo", type=Path, default=REPO, help=argparse.SUPPRESS)
    parser.add_argument("--show", type=int, default=10, help="differing queries to print")
    args = parser.parse_args()
    if args.dump is not None:
        dump(args.repo.resolve(), args.dump)
        return
    if args.against is None:
        parser.error("--against CHECKOUT is required")
    if not (args.against / "screening" / "matching").is_dir():
        parser.error(f"{args.against} is not a checkout of this project")
    with tempfile.TemporaryDirectory() as tmp:
        answers = {}
        for label, repo in (("this", REPO), ("other", args.against.resolve())):
            out = Path(tmp) / f"{label}.jsonl"
            # One hash seed for both: ties between equal scores are met in set order.
            subprocess.run(
                [sys.executable, __file__, "--dump", str(out), "--repo", str(repo)],
                check=True,
                env={**os.environ, "PYTHONHASHSEED": "0"},
            )
            answers[label] = out.read_text(encoding="utf-8").splitlines()
    this, other = answers["this"], answers["other"]
    differing = [(a, b) for a, b in zip(this, other, strict=True) if a != b]
    print(f"{len(this):,} queries; {len(differing):,} with different answers")
    for a, b in differing[: args.show]:
        query, new = json.loads(a)
        _, old = json.loads(b)
        print(f"  {query!r}\n    this:  {new[:3]}\n    other: {old[:3]}")


if __name__ == "__main__":
    main()
