"""Continuous screening at scale: import the register, re-screen by the diff, re-screen in full.

Targets (issue 11), each with its peak memory:

1. import 1,000,000 counterparties (CSV, through the service the CLI uses) in <= 120 s;
2. after a list version that adds or changes 500 entities, the diff re-screen of all
   1,000,000 in <= 60 s on 2 cores (``run_monitor(processes=2)``, as ``screening
   monitor run --processes 2``);
3. a full re-screen of 100,000 counterparties against OFAC + UN in <= 100 s (2 processes).

And the measurement the issue asks for: the small index of the diff (what the
monitor does) against the inverse, an index of the counterparties' words kept
at import and queried with the changed entities' names (a prototype here: its
build is what import would pay, its query what the monitor would). Both must
find the same alerts.

The counterparties are synthetic and deterministic (seeded): people from a
multicultural set of first and last names, companies from the words of the SEC
company list with generic words and legal forms, some vessels, and 1 in 2,000
named like a listed entity, so some alerts are real. Before the diff run the
register is marked as screened (as if the monitor had run before), so the run
measures the diff alone.

Each stage runs in its own child process; the peak memory is that child's
resident set (and its forked screening processes'), from ``getrusage``.
Database: SQLite in a temporary folder (``--database-url`` for an empty other one).
The figures move with the machine's load: other work on the same cores slows
every stage.

Usage: ``.venv/bin/python benchmarks/bench_monitor.py [--quick] [--counterparties N]
[--full-counterparties M] [--changes K] [--processes P] [--skip-inverse]``
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import multiprocessing
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SHARED = REPO.parent / "shared" / "data"
SDN_2024 = SHARED / "ofac" / "2024-05-03" / "sdn.csv"
SET_2021 = SHARED / "ofac" / "2021-07"
UN_XML = SHARED / "un" / "consolidated_2026-02.xml"
SEC = SHARED / "negatives" / "sec_company_tickers_2024-05.json"

TARGETS = {"import": 120.0, "diff": 60.0, "full": 100.0}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST = _words(
    "John Mary Peter Anna James Laura Michael Sarah David Emma Thomas Julia Daniel Sophie "
    "Ivan Olga Sergei Natalia Dmitry Elena Alexei Irina Mikhail Tatiana Andrei Svetlana Wei "
    "Li Ming Xiu Jun Hui Min-jun Seo-yeon Ji-ho Hye-jin Young-soo Kenji Yuki Haruto Aiko "
    "Ahmed Fatima Mohammed Aisha Omar Layla Hassan Zainab Ali Mariam Carlos Lucia Jose Ana "
    "Miguel Carmen Juan Isabel Luis Elena Pierre Claire Jean Marie Hans Greta Klaus Ingrid "
    "Piotr Agnieszka Tomasz Katarzyna Giovanni Chiara Marco Francesca Raj Priya Arjun "
    "Ananya"
)
LAST = _words(
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
    "Martin Jackson White Harris Clark Lewis Walker Young Allen King Wright Scott Green "
    "Ivanov Petrov Sidorov Smirnov Kuznetsov Popov Sokolov Lebedev Kozlov Novikov Morozov "
    "Volkov Pavlov Semenov Golubev Vinogradov Bogdanov Vorobyov Fedorov Mikhailov Belov "
    "Wang Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Kim Lee Park Choi "
    "Jung Kang Cho Yoon Jang Lim Tanaka Suzuki Takahashi Watanabe Ito Yamamoto Nakamura "
    "Kobayashi Haddad Khalil Nasser Saleh Mansour Farouk Rahman Hussein Aziz Karim Garcia "
    "Martinez Rodriguez Lopez Gonzalez Perez Sanchez Ramirez Torres Flores Rivera Gomez "
    "Diaz Mueller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann "
    "Kowalski Nowak Wisniewski Rossi Russo Ferrari Esposito Bianchi Romano Sharma Patel "
    "Singh Kumar Gupta"
)
GENERIC = _words(
    "Trading Logistics Holdings Shipping Energy Foods Textiles Systems Services Consulting "
    "Industries Technologies Solutions Partners Capital Invest Import Export Construction "
    "Engineering Chemicals Metals Minerals Agro Pharma Medical Media Marine Transport Group"
)
LEGAL = _words("LLC Ltd GmbH OOO SA Inc Corp BV AG JSC SRL PLC AO LLP Pte")
VESSEL = _words("Star Ocean Pearl Wind Spirit Glory Fortune Horizon Dawn Breeze")
COUNTRIES = _words("us gb de fr it es nl pl ru ua kz cn kr jp in ae tr br mx ca au za ng eg sg")


# --- synthetic counterparties -------------------------------------------------------------


def company_words() -> list[str]:
    """Distinctive words of the SEC company list (or a built-in list without it)."""
    if not SEC.exists():
        return [f"{a}{b}" for a in ("Nor", "Ast", "Ver", "Cal", "Mer") for b in ("ex", "on", "ia")]
    titles = [row["title"] for row in json.loads(SEC.read_text()).values()]
    words = {
        w.strip(".,&()").title()
        for title in titles
        for w in title.split()
        if len(w.strip(".,&()")) >= 4 and w.strip(".,&()").isalpha()
    }
    stop = {w.title() for w in (*GENERIC, *LEGAL, "Corporation", "Company", "Holding", "Trust")}
    return sorted(words - stop)


def write_counterparties(path: Path, count: int, listed: list[str], seed: int = 11) -> None:
    """``count`` counterparties, deterministic for a seed; 1 in 2,000 named like ``listed``."""
    rng = random.Random(seed)
    words = company_words()
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["reference", "name", "type", "country", "birth_date", "identifiers"])
        for i in range(count):
            roll = rng.random()
            country = rng.choice(COUNTRIES)
            birth, identifiers = "", ""
            if listed and roll < 0.0005:
                kind, name = "any", rng.choice(listed)
            elif roll < 0.45:
                kind = "person"
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                if rng.random() < 0.3:
                    name = f"{rng.choice(FIRST)} {rng.choice(FIRST)} {rng.choice(LAST)}"
                if rng.random() < 0.5:
                    month, day = rng.randint(1, 12), rng.randint(1, 28)
                    birth = f"{rng.randint(1940, 2004)}-{month:02d}-{day:02d}"
            elif roll < 0.97:
                kind = "company"
                parts = [rng.choice(words)]
                if rng.random() < 0.4:
                    parts.append(rng.choice(words))
                if rng.random() < 0.6:
                    parts.append(rng.choice(GENERIC))
                name = " ".join(parts) + " " + rng.choice(LEGAL)
                if rng.random() < 0.3:
                    identifiers = f"registration_number:{rng.randint(10**8, 10**10)}"
            else:
                kind = "vessel"
                name = f"{rng.choice(VESSEL)} {rng.choice(words)}"
                identifiers = f"imo:{rng.randint(9000000, 9999999)}"
            writer.writerow([f"CP-{i:07d}", name, kind, country, birth, identifiers])


# --- stages, each in a child process ----------------------------------------------------------


def _child(stage: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run ``stage(*args)`` in a forked child; its result plus its peak memory (MB)."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()

    def target() -> None:
        try:
            result = stage(*args)
        except BaseException as exc:  # reported to the parent, which stops
            queue.put({"error": f"{type(exc).__name__}: {exc}"})
            raise
        own = resource.getrusage(resource.RUSAGE_SELF)
        forks = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU seconds of the stage and its screening processes: on a shared machine the
        # wall time moves with other work, the CPU time much less.
        cpu = own.ru_utime + own.ru_stime + forks.ru_utime + forks.ru_stime
        queue.put(
            {
                **result,
                "peak_mb": round(own.ru_maxrss / 1024, 1),
                "fork_peak_mb": round(forks.ru_maxrss / 1024, 1),
                "cpu_seconds": round(cpu, 1),
            }
        )

    process = context.Process(target=target)
    process.start()
    result = queue.get()
    process.join()
    if "error" in result:
        raise SystemExit(f"stage {stage.__name__} failed: {result['error']}")
    return result


def _runtime(env: dict[str, str]) -> Any:
    os.environ.update(env)
    from foundation.runtime import Runtime
    from foundation.settings import Settings

    return Runtime.start(Settings.from_env())


def stage_lists(env: dict[str, str], quick: bool) -> dict[str, Any]:
    from screening.schema import upgrade
    from watchlists.loading import import_list_file

    runtime = _runtime(env)
    upgrade(runtime.settings.database_url)
    clock = time.perf_counter()
    names = []
    with runtime.database.session() as session:
        import_list_file(
            session, source_format="un-xml", path=UN_XML, list_name="un", actor="bench"
        )
        names.append("un")
        if not quick:
            import_list_file(
                session, source_format="ofac-csv", path=SDN_2024, list_name="ofac", actor="bench"
            )
            names.append("ofac")
    return {"lists": names, "seconds": time.perf_counter() - clock}


def stage_import(env: dict[str, str], path: Path) -> dict[str, Any]:
    from screening.monitoring.imports import import_counterparty_file

    runtime = _runtime(env)
    clock = time.perf_counter()
    with path.open("rb") as stream:
        summary = import_counterparty_file(
            runtime.database, stream, path.name, runtime.settings, actor="bench", channel="cli"
        )
    return {
        "seconds": time.perf_counter() - clock,
        "created": summary.created,
        "rejected": summary.rejected,
    }


def stage_baseline_and_change(env: dict[str, str], changes: int) -> dict[str, Any]:
    """Mark the register screened (a completed run at the current versions), then import a
    version of the UN list that adds ``changes // 2`` entities and changes as many."""
    import uuid

    from sqlalchemy import update

    from foundation.db import utcnow
    from screening.alerts.models import Counterparty
    from screening.indexes import active_versions
    from screening.monitoring.models import MonitorRun, RunStatus
    from watchlists.importers import IMPORTERS
    from watchlists.records import NameRecord
    from watchlists.store import import_records

    runtime = _runtime(env)
    with runtime.database.session() as session:
        session.execute(
            update(Counterparty).values(screened_version=Counterparty.version, screened_at=utcnow())
        )
        session.add(
            MonitorRun(
                status=RunStatus.COMPLETED,
                requested_by="bench baseline",
                list_versions=active_versions(session),
                previous_versions={},
                finished_at=utcnow(),
            )
        )
    un = list(IMPORTERS["un-xml"].read(UN_XML))
    rng = random.Random(5)
    changed = rng.sample(range(len(un)), changes - changes // 2)
    for i in changed:
        first = un[i].names[0].value.split()
        un[i].names.append(NameRecord(" ".join(reversed(first)), "alias"))
    donors = [r for r in IMPORTERS["ofac-csv"].read(SET_2021) if r.names][: changes // 2]
    for record in donors:
        record.source_id = f"BENCH-{record.source_id}"
    clock = time.perf_counter()
    with runtime.database.session() as session:
        result = import_records(
            session,
            list_name="un",
            source_format="un-xml",
            records=[*un, *donors],
            source_hash=uuid.uuid4().hex,
            source_files=["bench"],
            imported_by="bench",
        )
    return {
        "version": result.version,
        "counts": result.counts,
        "seconds": time.perf_counter() - clock,
    }


def stage_monitor(env: dict[str, str], processes: int, full: bool) -> dict[str, Any]:
    from screening.monitoring.runner import run_monitor

    runtime = _runtime(env)
    report = run_monitor(
        runtime.database,
        runtime.settings,
        None,
        full=full,
        requested_by="bench",
        processes=processes,
    )
    return report.as_json()


def stage_inverse(env: dict[str, str], sample: int) -> dict[str, Any]:
    """The two ways to re-screen by the diff, on the same ``sample`` counterparties, in one
    process: (a) each counterparty against the small index of the diff (what the monitor
    does); (b) the inverse, an index of the counterparties' words (built at import; timed
    here) queried with the diff's names, its candidates checked against the diff index."""
    from array import array

    from sqlalchemy import select

    from screening.alerts.models import Counterparty
    from screening.jobs.process import screen_name
    from screening.matching import CandidateIndex, ListedName
    from screening.matching.tokens import Tag, analyse_name
    from screening.monitoring.models import MonitorRun
    from screening.monitoring.monitor import run_context

    skip = {Tag.LEGAL, Tag.STOP, Tag.TITLE}

    def terms(name: str, kind: str | None) -> set[str]:
        """The words the matcher looks a name up by, and neighbours written together."""
        found: set[str] = set()
        for form in analyse_name(name, None if kind in (None, "any") else kind):
            words = [t.text for t in form.tokens if t.tag not in skip]
            found.update(words)
            found.update(a + b for a, b in itertools.pairwise(words))
        return found

    runtime = _runtime(env)
    settings = runtime.settings
    with runtime.database.session() as session:
        run = session.scalars(select(MonitorRun).order_by(MonitorRun.id.desc())).first()
        context = run_context(session, run, settings)
        rows = session.execute(
            select(Counterparty.id, Counterparty.name, Counterparty.type)
            .order_by(Counterparty.id)
            .limit(sample)
        ).all()
    assert context.diff is not None
    # (a) the small index of the diff
    clock = time.perf_counter()
    direct = {
        (row_id, match["entity_key"])
        for row_id, name, kind in rows
        for match in screen_name(context.diff, name, kind, context.threshold)
    }
    direct_seconds = time.perf_counter() - clock
    # (b) the inverse: what import would pay, then what the monitor would
    clock = time.perf_counter()
    postings: dict[str, array[int]] = {}
    for row_id, name, kind in rows:
        for term in terms(name, kind):
            postings.setdefault(term, array("i")).append(row_id)
    vocabulary = list(postings)
    words = CandidateIndex.build(ListedName(i, w, w) for i, w in enumerate(vocabulary))
    words.max_candidates = 10_000_000
    build_seconds = time.perf_counter() - clock
    clock = time.perf_counter()
    candidates: set[int] = set()
    for listed in context.diff.index.names:
        for term in terms(listed.text, listed.schema):
            for hit in words.candidates(term, threshold=0.0):
                candidates.update(postings[hit.entity_id])
    by_id = {row_id: (name, kind) for row_id, name, kind in rows}
    inverse = {
        (row_id, match["entity_key"])
        for row_id in candidates
        for match in screen_name(context.diff, *by_id[row_id], context.threshold)
    }
    query_seconds = time.perf_counter() - clock
    return {
        "sample": len(rows),
        "direct_seconds": direct_seconds,
        "build_seconds": build_seconds,
        "query_seconds": query_seconds,
        "words": len(vocabulary),
        "candidates": len(candidates),
        "direct_pairs": len(direct),
        "inverse_pairs": len(inverse),
        "missed_by_inverse": len(direct - inverse),
    }


# --- the report ----------------------------------------------------------------------


def line(label: str, seconds: float, target: float | None, extra: str = "") -> str:
    verdict = "" if target is None else ("  ok" if seconds <= target else f"  OVER {target:.0f} s")
    return f"{label:<44} {seconds:8.1f} s{verdict}  {extra}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, UN list only (CI)")
    parser.add_argument("--counterparties", type=int, default=None)
    parser.add_argument("--full-counterparties", type=int, default=None)
    parser.add_argument("--changes", type=int, default=500)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--skip-inverse", action="store_true")
    parser.add_argument(
        "--inverse-sample", type=int, default=None, help="counterparties in the comparison"
    )
    parser.add_argument("--database-url", default=None, help="an empty database (default: SQLite)")
    args = parser.parse_args()
    if not UN_XML.exists() or not SET_2021.exists():
        raise SystemExit(f"shared data not found under {SHARED}")
    count = args.counterparties or (20_000 if args.quick else 1_000_000)
    full_count = args.full_counterparties or (3_000 if args.quick else 100_000)
    changes = 100 if args.quick and args.changes == 500 else args.changes

    work = Path(tempfile.mkdtemp(prefix="bench-monitor-"))
    try:
        env = {
            "SCREENING_ENV": "test",
            "SCREENING_INSTANCE_PATH": str(work / "instance"),
            "SECRET_KEY": "bench",
            "SCREENING_MONITOR_ON_CHANGE": "off",
            "DATABASE_URL": args.database_url or f"sqlite:///{work / 'register.sqlite'}",
        }
        print(
            f"bench_monitor: {count:,} counterparties, {changes} changed entities, "
            f"full re-screen of {full_count:,}, {args.processes} processes, {os.cpu_count()} cpus"
        )
        lists = _child(stage_lists, env, args.quick)
        print(line(f"lists imported ({' + '.join(lists['lists'])})", lists["seconds"], None))
        listed = _listed_names(args.quick)
        csv_path = work / "counterparties.csv"
        clock = time.perf_counter()
        write_counterparties(csv_path, count, listed)
        print(line(f"generated {count:,} counterparties (CSV)", time.perf_counter() - clock, None))
        full_env = None
        if not args.database_url:
            # The same lists, an empty register: the full re-screen's database.
            shutil.copy(work / "register.sqlite", work / "full.sqlite")
            full_env = {**env, "DATABASE_URL": f"sqlite:///{work / 'full.sqlite'}"}

        imported = _child(stage_import, env, csv_path)
        print(
            line(
                f"1. import {imported['created']:,} counterparties",
                imported["seconds"],
                TARGETS["import"],
                f"peak {imported['peak_mb']} MB, "
                f"{imported['created'] / imported['seconds']:,.0f}/s",
            )
        )
        changed = _child(stage_baseline_and_change, env, changes)
        c = changed["counts"]
        print(line(f"   new UN version: +{c['added']} ~{c['changed']}", changed["seconds"], None))
        diff = _child(stage_monitor, env, args.processes, False)
        print(
            line(
                f"2. diff re-screen of {diff['screened']:,}",
                diff["seconds"],
                TARGETS["diff"],
                f"peak {diff['peak_mb']} MB (+ {diff['fork_peak_mb']} MB per fork), "
                f"{diff['alerts_opened']} alerts, {diff['cpu_seconds']} CPU s",
            )
        )
        if not args.skip_inverse:
            sample = args.inverse_sample or min(count, 5_000 if args.quick else 100_000)
            inv = _child(stage_inverse, env, sample)
            per = 1e6 / inv["sample"]
            print(
                line(
                    f"   (a) diff index, {inv['sample']:,} counterparties",
                    inv["direct_seconds"],
                    None,
                    f"{inv['direct_seconds'] * per:.0f} us each, {inv['direct_pairs']} pairs",
                )
            )
            print(
                line(
                    "   (b) inverse: index their words (import)",
                    inv["build_seconds"],
                    None,
                    f"{inv['build_seconds'] * per:.0f} us each, {inv['words']:,} words",
                )
            )
            print(
                line(
                    "       inverse: query with the diff, check",
                    inv["query_seconds"],
                    None,
                    f"{inv['query_seconds'] * per:.0f} us each, {inv['candidates']:,} "
                    f"candidates, {inv['inverse_pairs']} pairs, "
                    f"missed {inv['missed_by_inverse']}",
                )
            )
        if full_env is not None:
            subset = work / "subset.csv"
            with csv_path.open() as src, subset.open("w") as dst:
                for number, row in enumerate(src):
                    if number > full_count:
                        break
                    dst.write(row)
            _child(stage_import, full_env, subset)
            full = _child(stage_monitor, full_env, args.processes, True)
            print(
                line(
                    f"3. full re-screen of {full['screened']:,} ({' + '.join(lists['lists'])})",
                    full["seconds"],
                    TARGETS["full"] if not args.quick else None,
                    f"peak {full['peak_mb']} MB (+ {full['fork_peak_mb']} MB per fork), "
                    f"{full['alerts_opened']} alerts",
                )
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _listed_names(quick: bool) -> list[str]:
    from watchlists.importers import IMPORTERS

    records = list(IMPORTERS["un-xml"].read(UN_XML))
    if not quick:
        records += list(IMPORTERS["ofac-csv"].read(SDN_2024))
    return [r.primary_name for r in records if r.primary_name]


if __name__ == "__main__":
    main()
