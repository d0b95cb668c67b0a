"""End-to-end throughput: a 10,000-name job through HTTP, PostgreSQL, Redis and two workers.

It creates its own database (``screening_bench`` on the PostgreSQL server in
BENCH_PG_URL), imports OFAC 2024 + UN + the seed list, starts gunicorn and a
Celery worker with two processes, submits one job of variants of listed names
mixed with SEC company names, and measures from submit until every result is
stored. It also reports the p95 latency of POST /api/v1/screen for one name.

    python benchmarks/bench_e2e.py            # full run
    python benchmarks/bench_e2e.py --quick    # CI smoke run: UN + seeds, 300 names
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))


def http(method: str, url: str, body: Any = None, key: str | None = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_database(admin_url: str, name: str) -> str:
    import sqlalchemy as sa

    from screening.settings import normalize_database_url

    engine = sa.create_engine(normalize_database_url(admin_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + name


def variants(names: list[str], rng: random.Random) -> list[str]:
    out = []
    for name in names:
        kind = rng.randrange(5)
        if kind == 0:
            out.append(name.lower())
        elif kind == 1 and len(name) > 6:
            i = rng.randrange(1, len(name) - 1)
            out.append(name[:i] + name[i + 1 :])
        elif kind == 2 and " " in name:
            parts = name.split()
            out.append(" ".join(parts[1:] + parts[:1]))
        elif kind == 3:
            out.append(name + " LLC")
        else:
            out.append(name.upper())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--names", type=int, default=10_000)
    parser.add_argument(
        "--pg",
        default=os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    )
    args = parser.parse_args()
    total_names = 300 if args.quick else args.names

    instance = Path(tempfile.mkdtemp(prefix="bench-e2e-"))
    db_url = make_database(args.pg, "screening_bench")
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "REDIS_URL": args.redis,
        "SCREENING_INSTANCE_PATH": str(instance),
        "SECRET_KEY": "bench",
        "SCREENING_QUEUE": f"bench-{os.getpid()}",
        "SCREENING_RATE_LIMIT_PER_MINUTE": "0",
    }

    def cli(*cli_args: str) -> str:
        result = subprocess.run(
            [str(BIN / "screening"), *cli_args], env=env, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise SystemExit(f"screening {' '.join(cli_args)} failed:\n{result.stderr}")
        return result.stdout

    t0 = time.perf_counter()
    cli("db", "upgrade")
    cli("lists", "load-seeds")
    cli(
        "lists",
        "import",
        "un-xml",
        str(SHARED / "data/un/consolidated_2026-02.xml"),
        "--list",
        "un",
    )
    if not args.quick:
        cli(
            "lists",
            "import",
            "ofac-csv",
            str(SHARED / "data/ofac/2024-05-03/sdn.csv"),
            "--list",
            "ofac",
        )
    print(f"setup (migrate + import lists): {time.perf_counter() - t0:.1f} s")
    key = (
        cli("keys", "create", "--name", "bench", "--scope", "screen,read")
        .split("API key:")[1]
        .split()[0]
    )

    # Query names: half variants of listed names, half SEC company names.
    sys.path.insert(0, str(REPO))
    from watchlists.importers import IMPORTERS

    listed = [
        r.primary_name
        for r in IMPORTERS["un-xml"].read(SHARED / "data/un/consolidated_2026-02.xml")
    ]
    if not args.quick:
        listed += [
            r.primary_name
            for r in IMPORTERS["ofac-csv"].read(SHARED / "data/ofac/2024-05-03/sdn.csv")
        ]
    sec = [
        v["title"]
        for v in json.loads(
            (SHARED / "data/negatives/sec_company_tickers_2024-05.json").read_text()
        ).values()
    ]
    rng = random.Random(7)
    half = total_names // 2
    queries = variants(rng.sample(listed, half), rng) + rng.sample(sec, total_names - half)
    rng.shuffle(queries)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    logs = instance / "logs"
    logs.mkdir()
    web = subprocess.Popen(
        [
            str(BIN / "screening"),
            "web",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--threads",
            "4",
        ],
        env=env,
        stdout=(logs / "web.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [str(BIN / "screening"), "worker", "--concurrency", "2", "--loglevel", "WARNING"],
        env=env,
        stdout=(logs / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.time() + 120
        while True:
            try:
                status, _ = http("GET", f"{base}/readyz")
                if status == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                raise SystemExit("web server not ready in 120 s")
            time.sleep(0.5)
        # Warm the web process's index with one synchronous call (not timed).
        t_warm = time.perf_counter()
        for _ in range(4):
            http("POST", f"{base}/api/v1/screen", {"items": [{"name": "warm up"}]}, key)
        print(f"web index warm-up: {time.perf_counter() - t_warm:.1f} s")
        # Wait for the worker to be up before timing the job (its index is built at start).
        time.sleep(1)
        while b"ready" not in (logs / "worker.log").read_bytes() and worker.poll() is None:
            time.sleep(0.5)

        t_submit = time.perf_counter()
        status, job = http(
            "POST", f"{base}/api/v1/screenings", {"items": [{"name": q} for q in queries]}, key
        )
        t_accepted = time.perf_counter()
        if status != 202:
            raise SystemExit(f"submit failed: {status} {job}")
        first_progress = None
        while True:
            _, state = http("GET", f"{base}/api/v1/screenings/{job['id']}", key=key)
            if first_progress is None and state["counts"]["processed"] > 0:
                first_progress = time.perf_counter()
            if state["status"] == "completed":
                break
            time.sleep(0.2)
        t_done = time.perf_counter()
        elapsed = t_done - t_submit
        print(f"names: {total_names}  potential matches: {state['counts']['potential_matches']}")
        print(f"submit -> 202 (validate, store items, enqueue): {t_accepted - t_submit:.2f} s")
        print(f"202 -> first result stored: {(first_progress or t_done) - t_accepted:.2f} s")
        print(f"first result -> all stored: {t_done - (first_progress or t_done):.2f} s")
        print(f"end to end: {elapsed:.2f} s  =>  {total_names / elapsed:,.0f} names/s")

        latencies = []
        singles = rng.sample(queries, 200 if not args.quick else 40)
        for name in singles:
            t = time.perf_counter()
            status, _ = http("POST", f"{base}/api/v1/screen", {"items": [{"name": name}]}, key)
            latencies.append((time.perf_counter() - t) * 1000)
            assert status == 200, status
        latencies.sort()
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(
            f"POST /api/v1/screen, 1 name, {len(latencies)} calls: "
            f"median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms"
        )
    finally:
        for proc in (web, worker):
            proc.send_signal(signal.SIGTERM)
        for proc in (web, worker):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
