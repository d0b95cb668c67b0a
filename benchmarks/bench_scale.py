"""The candidate index at 25,000, 200,000 and 1,000,000 names: the compact index's cost curve.

Synthetic lists, deterministic, made of the words of the OFAC SDN (2024) and
UN names: entities of the real names' shapes (schema, word count) with words
drawn from the real ones (so common words stay common), a primary name and
three aliases each (a reordering, one word changed, or another name), so
1,000,000 names are 250,000 entities. Queries: variants of listed names (a
typo, a dropped or reordered word) and SEC company names, half each.

Per size it prints, for the compact index (``CompactIndex``, one mapped file):
build time (``--processes`` analysing), file size, memory as PSS (shared
pages count once: a page shared by four processes counts a quarter in each)
of the index file's mapping and of the whole process, with 1 and with 4
processes that each open the file and run the queries; median and p99
latency and queries/s on one core; the time from opening the file to the
first answer in a fresh process; and the incremental update for 500 changed
entities (their names removed, four new ones each added), three times: the
first and the median. Every entity has
synthetic facts (country, birth year, identifier), passed to every build.
``--before`` also
builds today's in-memory ``CandidateIndex`` (build time, RSS growth, latency);
``--build-only`` stops after the build and the update; ``--warm-memory MB`` writes and
frees that much fresh memory before the updates (what the first one otherwise pays).

    .venv/bin/python benchmarks/bench_scale.py [--quick] [--sizes 25000,200000] [--before]
        [--build-only] [--warm-memory MB]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from bench_speed import load_lists, load_sec_names, make_variant, percentile

from screening.matching import CandidateIndex, EntityFacts, ListedName
from screening.matching.compact import CompactIndex

SIZES = (25_000, 200_000, 1_000_000)
CHANGED_ENTITIES = 500
UPDATE_RUNS = 3


def synthetic(n_names: int, seed: int = 16) -> list[ListedName]:
    """``n_names`` names of n/4 entities from the OFAC and UN names' words (deterministic)."""
    real = load_lists()
    rng = random.Random(seed)
    words = [w for n in real for w in n.text.replace(",", " ").split()]
    shapes = [(len(n.text.replace(",", " ").split()), n.schema) for n in real]
    names: list[ListedName] = []
    entity = 0
    while len(names) < n_names:
        length, schema = rng.choice(shapes)
        primary = [rng.choice(words) for _ in range(max(1, length))]
        spellings = [primary]
        for _ in range(3):
            alias = list(primary)
            kind = rng.randrange(3)
            if kind == 0 and len(alias) > 1:
                rng.shuffle(alias)
            elif kind == 1:
                alias[rng.randrange(len(alias))] = rng.choice(words)
            else:
                alias = [rng.choice(words) for _ in range(max(1, length + rng.randrange(-1, 2)))]
            spellings.append(alias)
        for i, spelling in enumerate(spellings[: n_names - len(names)]):
            names.append(ListedName(len(names) + 1, f"syn-{entity}", " ".join(spelling), schema,
                                    "primary" if i == 0 else "alias"))  # fmt: skip
        entity += 1
    return names


def synthetic_facts(names: list[ListedName], seed: int = 17) -> dict[str, EntityFacts]:
    """Secondary fields of the synthetic entities: a country (none for one in five, whose
    names' countries are inferred), a birth year for people, an identifier for one in ten."""
    rng = random.Random(seed)
    countries = ("kp", "ru", "ir", "sy", "cn", "ae", "by", "ve")
    facts: dict[str, EntityFacts] = {}
    for n in names:
        if n.entity_id in facts:
            continue
        i = len(facts)
        facts[n.entity_id] = EntityFacts(
            countries=() if i % 5 == 0 else (rng.choice(countries),),
            birth_dates=(str(rng.randrange(1940, 2000)),) if n.schema == "person" else (),
            identifiers=(("imo", str(9_000_000 + i)),) if i % 10 == 0 else (),
        )
    return facts


def queries_for(names: list[ListedName], count: int) -> list[str]:
    rng = random.Random(20261202)
    variants = [make_variant(n.text, rng) for n in rng.sample(names, count // 2)]
    return variants + rng.sample(load_sec_names(), count - count // 2)


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _pss_mb(pid: int, mapping: str) -> tuple[float, float]:
    """(PSS of the mapping of file ``mapping``, PSS of the whole process), in MB."""
    with open(f"/proc/{pid}/smaps_rollup") as fh:
        total = next(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
    mapped, inside = 0, False
    with open(f"/proc/{pid}/smaps") as fh:
        for line in fh:
            first = line.split(maxsplit=1)[0]
            if "-" in first and not first.endswith(":"):
                inside = line.rstrip().endswith(mapping)
            elif inside and first == "Pss:":
                mapped += int(line.split()[1])
    return mapped / 1024, total / 1024


def serve(path: str, queries_file: str) -> None:
    """A process screening as a worker would: open the file, answer the queries, wait."""
    started = time.perf_counter()
    index = CompactIndex.open(path)
    queries = json.loads(Path(queries_file).read_text())
    index.search(queries[0])
    first_answer = time.perf_counter() - started
    gc.freeze()
    for text in queries[:50]:  # warm-up: per-word caches fill, as in a long-running worker
        index.search(text)
    latencies: list[float] = []
    wall = time.perf_counter()
    for text in queries:
        t0 = time.perf_counter_ns()
        index.search(text)
        latencies.append((time.perf_counter_ns() - t0) / 1e6)
    wall = time.perf_counter() - wall
    print(json.dumps({"first_answer": first_answer, "median": statistics.median(latencies),
                      "p99": percentile(latencies, 0.99), "qps": len(queries) / wall}),
          flush=True)  # fmt: skip
    sys.stdin.read()  # stay alive (mapped) until the parent has measured everyone


def _servers(
    path: Path, queries_file: Path, count: int
) -> tuple[list[dict[str, float]], float, float]:
    """Start ``count`` serving processes; their figures, and mean PSS (index, process) in MB."""
    command = [sys.executable, __file__, "--serve", str(path), str(queries_file)]
    procs = [
        subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in range(count)
    ]
    figures = [json.loads(p.stdout.readline()) for p in procs]  # type: ignore[union-attr]
    pss = [_pss_mb(p.pid, str(path)) for p in procs]
    for p in procs:
        p.communicate("")
    return figures, statistics.mean(x[0] for x in pss), statistics.mean(x[1] for x in pss)


def _changed(names: list[ListedName], rng: random.Random) -> tuple[list[int], list[ListedName]]:
    """500 entities changed: every name of theirs removed, four new ones each."""
    entities = sorted({n.entity_id for n in names})
    changed = set(rng.sample(entities, min(CHANGED_ENTITIES, len(entities) // 2)))
    removed = [n.name_id for n in names if n.entity_id in changed]
    donors = rng.sample(names, 4 * len(changed))
    next_id = max(n.name_id for n in names) + 1
    added = [
        ListedName(next_id + i, entity, make_variant(donor.text, rng), donor.schema, "alias")
        for i, (entity, donor) in enumerate(
            zip([e for e in sorted(changed) for _ in range(4)], donors, strict=True)
        )
    ]
    return removed, added


def touch_memory(megabytes: int) -> None:
    """Allocate, write and free ``megabytes`` of memory in 32 MB arrays, and print how long
    it took: the cost of pages this process has not used yet, which the first update pays
    for (later ones reuse what the first freed)."""
    started = time.perf_counter()
    chunks = [np.ones(4_000_000, dtype=np.int64) for _ in range(max(1, megabytes // 32))]
    del chunks
    print(f"touched {megabytes:,} MB of fresh memory in {time.perf_counter() - started:.2f}s")


def bench_size(
    size: int,
    n_queries: int,
    processes: int,
    before: bool,
    tmp: Path,
    build_only: bool = False,
    warm_memory: int = 0,
) -> None:
    started = time.perf_counter()
    names = synthetic(size)
    print(f"\n== {size:,} names, {len({n.entity_id for n in names}):,} entities "
          f"(generated in {time.perf_counter() - started:.1f}s)")  # fmt: skip
    facts = synthetic_facts(names)
    queries = queries_for(names, n_queries)
    queries_file = tmp / "queries.json"
    queries_file.write_text(json.dumps(queries))
    path = tmp / f"index-{size}.bin"

    gc.collect()
    started = time.perf_counter()
    index = CompactIndex.create(names, path, processes=processes, facts=facts)
    build = time.perf_counter() - started
    size_mb = path.stat().st_size / 1e6
    print(f"compact build: {build:.1f}s ({processes} processes), file {size_mb:.0f} MB")
    rng = random.Random(500)
    removed, added = _changed(names, rng)
    if warm_memory:
        touch_memory(warm_memory)
    # Three updates of the same diff, each to a file of its own: the first pays for
    # what a process does once (its analysis caches, memory it has not used yet).
    updates: list[float] = []
    for attempt in range(UPDATE_RUNS):
        target = tmp / f"index-{size}-v2-{attempt}.bin"
        started = time.perf_counter()
        updated = index.update(target, removed, added, processes=1, facts=facts)
        updates.append(time.perf_counter() - started)
        del updated
        target.unlink()
    each = ", ".join(f"{u:.2f}" for u in updates)
    print(f"incremental update, {CHANGED_ENTITIES} entities changed ({len(removed)} names out, "
          f"{len(added)} in): first {updates[0]:.2f}s, median of {UPDATE_RUNS} "
          f"{statistics.median(updates):.2f}s ({each})")  # fmt: skip
    del index
    gc.collect()
    if build_only:
        return

    for count in (1, 4):
        figures, index_pss, process_pss = _servers(path, queries_file, count)
        print(f"{count} process{'es' if count > 1 else ''}: PSS per process {process_pss:.0f} MB "
              f"(of which the index file {index_pss:.0f} MB); per host "
              f"{count * process_pss:.0f} MB")  # fmt: skip
        if count == 1:
            f = figures[0]
            print(f"{len(queries)} queries: median {f['median']:.2f} ms, p99 {f['p99']:.2f} ms, "
                  f"{f['qps']:.0f} queries/s on one core; fresh process opened the file and "
                  f"answered its first query in {f['first_answer']:.2f}s")  # fmt: skip

    if before:
        gc.collect()
        rss = _rss_mb()
        started = time.perf_counter()
        old = CandidateIndex.build(names, facts=facts)
        build = time.perf_counter() - started
        gc.collect()
        memory = _rss_mb() - rss
        gc.freeze()
        for text in queries[:50]:
            old.search(text)
        latencies: list[float] = []
        wall = time.perf_counter()
        for text in queries:
            t0 = time.perf_counter_ns()
            old.search(text)
            latencies.append((time.perf_counter_ns() - t0) / 1e6)
        wall = time.perf_counter() - wall
        median, p99 = statistics.median(latencies), percentile(latencies, 0.99)
        print(f"before (in-memory CandidateIndex): build {build:.1f}s, +{memory:.0f} MB RSS "
              f"per process, median {median:.2f} ms, p99 {p99:.2f} ms, "
              f"{len(queries) / wall:.0f} queries/s")  # fmt: skip
        del old
        gc.unfreeze()
        gc.collect()


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        serve(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="25,000 names, 200 queries")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--before", action="store_true", help="also today's in-memory index")
    parser.add_argument("--build-only", action="store_true", help="build and update, no queries")
    parser.add_argument(
        "--warm-memory",
        type=int,
        default=0,
        metavar="MB",
        help="before the updates, write and free this much fresh memory (and print the time)",
    )
    args = parser.parse_args()
    sizes = [SIZES[0]] if args.quick else [int(s) for s in args.sizes.split(",")]
    n_queries = 200 if args.quick else args.queries
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            bench_size(
                size, n_queries, args.processes, args.before, Path(tmp), args.build_only,
                args.warm_memory,
            )  # fmt: skip
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
