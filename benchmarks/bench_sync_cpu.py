"""CPU per ``POST /api/v1/screen`` call in one process, without concurrency.

``bench_sync_load.py`` measures the endpoint as production runs it, and on a
2-core machine shared by clients, server and databases its figures move with
everything else the machine does. This benchmark isolates what one call costs
the web process: it creates a database of its own on the PostgreSQL server of
``--pg`` (dropped at the end), loads the curated seed list (matching is then a
small share, so the figure is the endpoint's own overhead: authentication, rate
limit, job, items, matches, alerts, audit events, commit, JSON), and calls the
endpoint ``--calls`` times through Flask's test client, one name per call, for
names that are clear and for names that raise (or join) an alert. It prints the
process CPU time and the wall time per call for each kind.

    .venv/bin/python benchmarks/bench_sync_cpu.py [--calls 600] [--pg URL] [--quick]

Compare two checkouts by running each with ``PYTHONPATH=<checkout>``.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))

from bench_sync_load import create_database, drop_database, screening_cli  # noqa: E402

CLEAR = ["Acme Widgets", "Global Trading Inc", "Blue Sky Farms"]
# Names of the curated seed list, so that every call of this kind raises or joins an
# alert (until 2026-12-04 two of three were OFAC names, clear against the seeds).
LISTED = ["Air Koryo", "External Construction Guidance Bureau", "Ministry of Labour"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=600, help="measured calls per kind")
    parser.add_argument("--quick", action="store_true", help="50 calls per kind (CI smoke run)")
    parser.add_argument(
        "--pg",
        default=os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="admin URL of the PostgreSQL server",
    )
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    )
    args = parser.parse_args()
    if args.quick:
        args.calls = 50

    name = f"bench_sync_cpu_{uuid.uuid4().hex[:8]}"
    database_url = create_database(args.pg, name)
    instance = Path(tempfile.mkdtemp(prefix="bench-sync-cpu-"))
    try:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": args.redis,
            "SCREENING_INSTANCE_PATH": str(instance),
            "SECRET_KEY": "bench-sync-cpu",
            # The limit is not what is measured.
            "SCREENING_RATE_LIMIT_PER_MINUTE": "1000000",
        }

        cli = functools.partial(screening_cli, env)

        cli("db", "upgrade")
        cli("lists", "load-seeds")
        key = cli("keys", "create", "--name", "bench", "--scope", "screen")
        key = key.split("API key:")[1].split()[0]
        os.environ.update(env)
        from screening.app import create_app

        client = create_app().test_client()
        headers = {"Authorization": f"Bearer {key}"}

        def call(names: list[str], count: int) -> int:
            """Call ``count`` times; how many answers had a match with an alert."""
            alerted = 0
            for i in range(count):
                body = {"items": [{"name": names[i % len(names)]}]}
                response = client.post("/api/v1/screen", json=body, headers=headers)
                if response.status_code != 200:
                    raise SystemExit(f"HTTP {response.status_code}: {response.data[:200]!r}")
                matches = response.get_json()["results"][0]["matches"]
                alerted += any(m.get("alert_id") for m in matches)
            return alerted

        print(f"bench_sync_cpu: POST /api/v1/screen in one process, seeds list, {args.calls} calls")
        for kind, names in (("clear", CLEAR), ("alerting", LISTED)):
            call(names, 30)  # warm: index loaded, statements compiled and prepared
            cpu, wall = time.process_time(), time.perf_counter()
            alerted = call(names, args.calls)
            cpu_ms = (time.process_time() - cpu) * 1000 / args.calls
            wall_ms = (time.perf_counter() - wall) * 1000 / args.calls
            print(
                f"{kind:9} names: CPU {cpu_ms:5.2f} ms per call, wall {wall_ms:5.2f} ms per call"
                f" ({alerted} of {args.calls} calls raised or joined an alert)"
            )
    finally:
        drop_database(args.pg, name)
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
