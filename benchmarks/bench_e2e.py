"""End-to-end throughput: a 10,000-name job through HTTP, PostgreSQL, Redis and two workers.

It creates a database of its own on the PostgreSQL server of ``--pg`` (dropped
at the end), imports OFAC SDN 2024 + UN + the seed list, starts gunicorn and a
Celery worker with two processes, submits one job of variants of listed names
mixed with SEC company names, and measures from submit until every result is
stored, with a per-stage breakdown. Then it reports the latency of
``POST /api/v1/screen`` for one name (median and p95).

    .venv/bin/python benchmarks/bench_e2e.py            # full run
    .venv/bin/python benchmarks/bench_e2e.py --quick    # CI smoke run: UN + seeds, 300 names

Environment (or the matching options):
    BENCH_PG_URL     admin URL of the PostgreSQL server
                     (default postgresql://postgres@127.0.0.1:5432/postgres)
    BENCH_REDIS_URL  Redis for the broker (default redis://127.0.0.1:6379/14);
                     each run uses a queue of its own
    BENCH_SHARED     the shared data folder (default: ../shared beside the repo)
"""

from __future__ import annotations

import argparse
import ast
import functools
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))

from bench_sync_load import screening_cli  # noqa: E402

UN_XML = "data/un/consolidated_2026-02.xml"
OFAC_SDN = "data/ofac/2024-05-03/sdn.csv"
SEC_NAMES = "data/negatives/sec_company_tickers_2024-05.json"


def http(
    method: str, url: str, body: Any = None, key: str | None = None, timeout: float = 300
) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def create_database(admin_url: str, name: str) -> str:
    import sqlalchemy as sa

    from foundation.settings import normalize_database_url

    engine = sa.create_engine(normalize_database_url(admin_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + name


def drop_database(admin_url: str, name: str) -> None:
    import sqlalchemy as sa

    from foundation.settings import normalize_database_url

    engine = sa.create_engine(normalize_database_url(admin_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def forget_queue(redis_url: str, queue: str) -> None:
    """Remove the run's queue and kombu's bindings for it from Redis."""
    import redis

    try:
        client = redis.Redis.from_url(redis_url)
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    except redis.RedisError as exc:
        print(f"could not remove queue {queue} from Redis: {exc}")


def variants(names: list[str], rng: random.Random) -> list[str]:
    """Listed names as a clerk might type them: case, a dropped letter, order, a legal form."""
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


def query_names(shared: Path, total: int, with_ofac: bool, rng: random.Random) -> list[str]:
    """Half variants of listed names, half SEC company names (mostly not listed)."""
    from watchlists.importers import IMPORTERS

    listed = [r.primary_name for r in IMPORTERS["un-xml"].read(shared / UN_XML)]
    if with_ofac:
        listed += [r.primary_name for r in IMPORTERS["ofac-csv"].read(shared / OFAC_SDN)]
    sec = [v["title"] for v in json.loads((shared / SEC_NAMES).read_text()).values()]
    half = total // 2
    queries = variants(rng.sample(listed, half), rng) + rng.sample(sec, total - half)
    rng.shuffle(queries)
    return queries


def wait_until(predicate: Any, timeout: float, what: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if proc.poll() is not None:
            raise SystemExit(f"{what}: the process exited with code {proc.returncode}")
        if time.monotonic() > deadline:
            raise SystemExit(f"{what}: not ready in {timeout:.0f} s")
        time.sleep(0.3)


def warm_web(base: str, key: str, processes: int) -> None:
    """Call /screen in parallel until every web process answers fast (its index is loaded)."""
    body = {"items": [{"name": "warm up"}]}
    deadline = time.monotonic() + 600
    fast_rounds = 0
    with ThreadPoolExecutor(max_workers=processes * 4) as pool:
        while fast_rounds < 3:
            if time.monotonic() > deadline:
                raise SystemExit("web processes did not warm up in 600 s")
            started = time.perf_counter()
            statuses = list(pool.map(lambda _: http("POST", f"{base}/api/v1/screen", body, key)[0],
                                     range(processes * 4)))  # fmt: skip
            if any(status != 200 for status in statuses):
                raise SystemExit(f"warm-up /screen calls failed: {statuses}")
            fast_rounds = fast_rounds + 1 if time.perf_counter() - started < 1.0 else 0


def chunk_timings(worker_log: Path) -> list[dict[str, Any]]:
    """What each screen_chunk task reported (the worker logs its return value)."""
    found = []
    for line in worker_log.read_text(errors="replace").splitlines():
        if "workers.tasks.screen_chunk[" in line and " succeeded in " in line:
            seconds = float(line.split(" succeeded in ")[1].split("s:", 1)[0])
            result = ast.literal_eval(line.split("s: ", 1)[1].strip())
            found.append({"task_s": seconds, **result})
    return found


def iso(moment: str) -> float:
    return datetime.fromisoformat(moment).timestamp()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="UN + seeds, 300 names, 40 calls")
    parser.add_argument("--names", type=int, default=10_000)
    parser.add_argument("--sync-calls", type=int, default=200)
    parser.add_argument(
        "--pg",
        default=os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    )
    parser.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("BENCH_SHARED", DEFAULT_SHARED))
    )
    parser.add_argument("--keep", action="store_true", help="keep the database and the logs")
    args = parser.parse_args()
    total_names = 300 if args.quick else args.names
    sync_calls = 40 if args.quick else args.sync_calls
    with_ofac = not args.quick
    needed = [UN_XML, SEC_NAMES] + ([OFAC_SDN] if with_ofac else [])
    missing = [p for p in needed if not (args.shared / p).is_file()]
    if missing:
        raise SystemExit(f"shared data not found under {args.shared}: {', '.join(missing)}")

    run_id = f"{os.getpid()}_{int(time.time())}"
    db_name = f"screening_bench_{run_id}"
    instance = Path(tempfile.mkdtemp(prefix="bench-e2e-"))
    db_url = create_database(args.pg, db_name)
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "REDIS_URL": args.redis,
        "SCREENING_INSTANCE_PATH": str(instance),
        "SECRET_KEY": "bench",
        "SCREENING_QUEUE": f"bench-{run_id}",
        "SCREENING_RATE_LIMIT_PER_MINUTE": "0",
    }
    procs: list[subprocess.Popen[bytes]] = []
    try:
        run(args, env, instance, total_names, sync_calls, with_ofac, procs)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        if args.keep:
            print(f"kept database {db_name} and logs in {instance}")
        else:
            drop_database(args.pg, db_name)
            shutil.rmtree(instance, ignore_errors=True)
            forget_queue(args.redis, env["SCREENING_QUEUE"])


def run(
    args: argparse.Namespace,
    env: dict[str, str],
    instance: Path,
    total_names: int,
    sync_calls: int,
    with_ofac: bool,
    procs: list[subprocess.Popen[bytes]],
) -> None:
    cli = functools.partial(screening_cli, env)

    lists = "OFAC SDN 2024 + UN + seeds" if with_ofac else "UN + seeds"
    print(f"bench_e2e: {total_names:,} names against {lists}")
    print("PostgreSQL, Redis, gunicorn (2 processes), one Celery worker with 2 processes")
    t0 = time.perf_counter()
    cli("db", "upgrade")
    cli("lists", "load-seeds")
    cli("lists", "import", "un-xml", str(args.shared / UN_XML), "--list", "un")
    if with_ofac:
        cli("lists", "import", "ofac-csv", str(args.shared / OFAC_SDN), "--list", "ofac")
    print(f"setup: migrate + import lists            {time.perf_counter() - t0:7.1f} s")
    key = cli("keys", "create", "--name", "bench", "--scope", "screen,read")
    key = key.split("API key:")[1].split()[0]
    queries = query_names(args.shared, total_names, with_ofac, random.Random(7))

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    logs = instance / "logs"
    logs.mkdir()
    web_processes = 2
    t_start = time.perf_counter()
    worker = subprocess.Popen(
        [str(BIN / "screening"), "worker", "--concurrency", "2", "--loglevel", "INFO"],
        env=env,
        stdout=(logs / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    procs.append(worker)
    # The worker builds the index before it forks (and saves it under instance/);
    # the web processes then load the saved index instead of building their own.
    wait_until(
        lambda: b" ready." in (logs / "worker.log").read_bytes(), 900, "celery worker", worker
    )
    print(f"setup: worker up, index built            {time.perf_counter() - t_start:7.1f} s")
    web = subprocess.Popen(
        [str(BIN / "screening"), "web", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(web_processes), "--threads", "4"],
        env=env,
        stdout=(logs / "web.log").open("wb"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    procs.append(web)

    def web_ready() -> bool:
        try:
            return http("GET", f"{base}/readyz", timeout=5)[0] == 200
        except OSError:
            return False

    t_web = time.perf_counter()
    wait_until(web_ready, 120, "web server", web)
    warm_web(base, key, web_processes)
    print(f"setup: web up, index loaded              {time.perf_counter() - t_web:7.1f} s")

    # Times are wall-clock (time.time) so they compare with the job's own timestamps,
    # which the server stores when each stage happens; polling only finds out it is done.
    t_submit = time.time()
    status, job = http(
        "POST", f"{base}/api/v1/screenings", {"items": [{"name": q} for q in queries]}, key
    )
    t_accepted = time.time()
    if status != 202:
        raise SystemExit(f"submit failed: {status} {job}")
    while True:
        time.sleep(0.5)
        _, state = http("GET", f"{base}/api/v1/screenings/{job['id']}", key=key)
        if state["status"] in ("completed", "failed"):
            break
    if state["status"] != "completed":
        raise SystemExit(f"job {state['status']}: {state}")

    started, finished = iso(state["started_at"]), iso(state["finished_at"])
    elapsed = finished - t_submit
    chunks = chunk_timings(logs / "worker.log")
    print()
    print(f"names: {total_names:,}   potential matches: {state['counts']['potential_matches']:,}")
    print(f"submit -> 202 (parse, validate, store items, enqueue)  {t_accepted - t_submit:6.2f} s")
    print(f"submit -> a worker starts the first chunk               {started - t_submit:6.2f} s")
    print(f"first chunk started -> all results stored               {finished - started:6.2f} s")
    if chunks:
        work = sum(c["task_s"] for c in chunks)
        match = sum(c.get("match_s", 0.0) for c in chunks)
        store = sum(c.get("store_s", 0.0) for c in chunks)
        print(
            f"  {len(chunks)} chunk tasks, {work:.2f} s of worker time: matcher {match:.2f} s "
            f"({100 * match / work:.0f}%), storing results {store:.2f} s "
            f"({100 * store / work:.0f}%), other {work - match - store:.2f} s"
        )
        print(
            f"  matcher: {1000 * match / total_names:.2f} ms per name per process; "
            f"2 processes at most {2 * total_names / match:,.0f} names/s"
        )
    print(
        f"submit -> all results stored: {elapsed:.2f} s  =>  {total_names / elapsed:,.0f} names/s"
        "  (target >= 1,000)"
    )

    latencies = []
    singles = random.Random(11).sample(queries, sync_calls)
    for name in singles:
        t = time.perf_counter()
        status, _ = http("POST", f"{base}/api/v1/screen", {"items": [{"name": name}]}, key)
        latencies.append((time.perf_counter() - t) * 1000)
        if status != 200:
            raise SystemExit(f"POST /api/v1/screen answered {status}")
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95 + 0.5) - 1)]
    print(
        f"POST /api/v1/screen, 1 name, {len(latencies)} sequential calls: "
        f"median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms  (target p95 <= 50 ms)"
    )


if __name__ == "__main__":
    main()
