"""Audit appends per second with N concurrent writers on PostgreSQL: before and after.

*before* is the old append, reproduced here on a table of the old shape: every
append takes one transaction-scoped advisory lock, reads the last event and
inserts the next, so appends serialise until each transaction commits. *after*
is ``record_event`` today: an insert whose id comes from a sequence, no lock,
nothing read; the sealer chains the events afterwards (its rate is printed too).

Each writer loops: begin, append one event, optionally work for ``--hold-ms``
inside the same transaction (as ``POST /api/v1/screen`` matches after recording
the submission), commit. It creates a database of its own on the server of
``--pg`` and drops it at the end.

    .venv/bin/python benchmarks/bench_audit.py            # 1, 4, 16 writers; 5 s each
    .venv/bin/python benchmarks/bench_audit.py --quick    # CI smoke run: 1 and 8 writers, 2 s

Environment: BENCH_PG_URL, admin URL of the PostgreSQL server
(default postgresql://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from foundation.audit import AuditAction, record_event, seal_events, verify_chain  # noqa: E402
from foundation.audit.chain import GENESIS_HASH, event_hash  # noqa: E402
from foundation.db import Database, utcnow  # noqa: E402
from foundation.settings import normalize_database_url  # noqa: E402
from screening.schema import upgrade  # noqa: E402

OLD_TABLE = """
CREATE TABLE audit_events_before (
    seq INTEGER PRIMARY KEY, created_at TIMESTAMPTZ NOT NULL, actor VARCHAR(128) NOT NULL,
    channel VARCHAR(8) NOT NULL, action VARCHAR(64) NOT NULL, object_type VARCHAR(32) NOT NULL,
    object_id VARCHAR(160) NOT NULL, payload JSON NOT NULL, prev_hash VARCHAR(64) NOT NULL,
    hash VARCHAR(64) NOT NULL UNIQUE
)"""
PAYLOAD = {"items": 1, "names_sha256": "0" * 64, "lists": {"dprk-labour": 3}, "threshold": 0.72}


def locked_append(session: Session, i: int) -> None:
    """The append as it was: lock, read the last event, insert the next, hold until commit."""
    session.execute(text("SELECT pg_advisory_xact_lock(6049511)"))
    last = session.execute(
        text("SELECT seq, hash FROM audit_events_before ORDER BY seq DESC LIMIT 1")
    ).first()
    seq, prev = (last.seq + 1, last.hash) if last else (1, GENESIS_HASH)
    created = utcnow()
    digest = event_hash(
        seq=seq,
        created_at=created,
        actor="bench",
        channel="api",
        action="job.submitted",
        object_type="job",
        object_id=str(i),
        payload=PAYLOAD,
        prev_hash=prev,
    )
    session.execute(
        text(
            "INSERT INTO audit_events_before VALUES "
            "(:seq, :created, 'bench', 'api', 'job.submitted', 'job', :oid, :payload, :prev, :hash)"
        ),
        {
            "seq": seq,
            "created": created,
            "oid": str(i),
            "payload": json.dumps(PAYLOAD),
            "prev": prev,
            "hash": digest,
        },
    )


def sequence_append(session: Session, i: int) -> None:
    record_event(
        session,
        actor="bench",
        channel="api",
        action=AuditAction.JOB_SUBMITTED,
        object_type="job",
        object_id=str(i),
        payload=PAYLOAD,
    )


def run(
    factory: sessionmaker[Session],
    append: Callable[[Session, int], None],
    writers: int,
    seconds: float,
    hold: float,
) -> float:
    """Appends committed per second by ``writers`` threads over ``seconds``."""
    stop = threading.Event()
    counts = [0] * writers
    errors: list[BaseException] = []

    def writer(slot: int) -> None:
        i = 0
        try:
            while not stop.is_set():
                with factory() as session, session.begin():
                    append(session, slot * 10_000_000 + i)
                    if hold:
                        time.sleep(hold)
                counts[slot] += 1
                i += 1
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise errors[0]
    return sum(counts) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="CI smoke run")
    parser.add_argument(
        "--pg",
        default=os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--writers", default=None, help="comma-separated, e.g. 1,4,16")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--hold-ms", default="0,20", help="work inside each transaction, ms")
    args = parser.parse_args()
    writer_counts = [
        int(n) for n in (args.writers or ("1,8" if args.quick else "1,4,16")).split(",")
    ]
    seconds = args.seconds or (2.0 if args.quick else 5.0)
    holds = [float(h) / 1000 for h in args.hold_ms.split(",")]

    admin = create_engine(normalize_database_url(args.pg), isolation_level="AUTOCOMMIT")
    name = f"bench_audit_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = normalize_database_url(args.pg).rsplit("/", 1)[0] + f"/{name}"
    try:
        upgrade(url)
        engine = create_engine(url, pool_size=max(writer_counts) + 2, max_overflow=0)
        with engine.begin() as conn:
            conn.execute(text(OLD_TABLE))
        factory = sessionmaker(engine, expire_on_commit=False)
        print(f"PostgreSQL audit appends per second, {seconds:.0f} s per cell (machine shared: "
              "figures move with the load)")  # fmt: skip
        print(
            f"{'writers':>8} {'work in txn':>12} {'before (lock)':>14} "
            f"{'after (sequence)':>17} {'ratio':>6}"
        )
        for hold in holds:
            for writers in writer_counts:
                before = run(factory, locked_append, writers, seconds, hold)
                after = run(factory, sequence_append, writers, seconds, hold)
                print(
                    f"{writers:>8} {hold * 1000:>9.0f} ms {before:>14.0f} {after:>17.0f} "
                    f"{after / before:>5.1f}x"
                )
        database = Database(url)
        with engine.connect() as conn:
            pending = conn.execute(
                text("SELECT count(*) FROM audit_events WHERE seq IS NULL")
            ).scalar()
        began = time.perf_counter()
        sealed = seal_events(database)
        took = time.perf_counter() - began
        with database.session() as session:
            check = verify_chain(session)
        assert check.ok and sealed == pending, (check, sealed, pending)
        print(
            f"sealer: {sealed} events chained in {took:.2f} s ({sealed / took:.0f}/s); "
            "chain verifies"
        )
        database.dispose()
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
