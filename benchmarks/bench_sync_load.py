"""The synchronous endpoint under load: ``POST /api/v1/screen`` with concurrent clients.

It creates a database of its own on the PostgreSQL server of ``--pg`` (dropped at
the end), imports the lists, creates an API key, starts the web server exactly as
``screening web`` starts it (gunicorn, with its default processes and threads) on a
free loopback port, warms it up, then lets ``--clients`` threads (8 by default), each on its own
keep-alive connection, call ``POST /api/v1/screen`` with one name for
``--seconds`` seconds. It prints requests/s, p50/p95/p99 latency, the errors, the
web processes' CPU per request, and checks that every answered call was recorded
as a job with its audit trail (and that the audit chain still verifies).

    .venv/bin/python benchmarks/bench_sync_load.py            # OFAC SDN 2024 + UN + seeds, 30 s
    .venv/bin/python benchmarks/bench_sync_load.py --quick    # seeds only, 5 s (CI smoke run)
    .venv/bin/python benchmarks/bench_sync_load.py --profile  # + py-spy of one web process

Targets (issue 15): >= 250 requests/s with 8 clients on 2 cores, p95 <= 50 ms, no errors.
The machine running it is the machine measured: clients, server, PostgreSQL and
Redis share its cores, so figures on a busy machine are lower bounds.

Environment (or the matching options):
    BENCH_PG_URL     admin URL of the PostgreSQL server
                     (default postgresql://postgres@127.0.0.1:5432/postgres)
    BENCH_REDIS_URL  Redis (default redis://127.0.0.1:6379/14)
    BENCH_SHARED     the shared data folder (default: ../shared beside the repo)
"""

from __future__ import annotations

import argparse
import functools
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))

UN_XML = "data/un/consolidated_2026-02.xml"
OFAC_SDN = "data/ofac/2024-05-03/sdn.csv"
SEC_NAMES = "data/negatives/sec_company_tickers_2024-05.json"
SEED_NAMES = ["Air Koryo", "Rungra 888", "Intergovernmental Migration Center", "Korea Sobaeksu"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def screening_cli(env: dict[str, str], *cli_args: str) -> str:
    """Run ``screening CLI_ARGS`` with ``env``; its output, or exit with its error."""
    result = subprocess.run(
        [str(BIN / "screening"), *cli_args], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"screening {' '.join(cli_args)} failed:\n{result.stderr}")
    return result.stdout


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


def query_names(shared: Path, with_lists: bool, count: int, rng: random.Random) -> list[str]:
    """Half names close to listed ones, half company names that are mostly not listed."""
    listed = list(SEED_NAMES)
    if with_lists:
        from watchlists.importers import IMPORTERS

        listed += [r.primary_name for r in IMPORTERS["un-xml"].read(shared / UN_XML)]
    sec_path = shared / SEC_NAMES
    if sec_path.is_file():
        others = [v["title"] for v in json.loads(sec_path.read_text()).values()]
    else:
        others = [f"Trading Partner {i} GmbH" for i in range(1000)]
    names = [rng.choice(listed).upper() for _ in range(count // 2)]
    names += rng.sample(others, count - count // 2)
    rng.shuffle(names)
    return names


class Client(threading.Thread):
    """One client: its own keep-alive connection, calls until the deadline."""

    def __init__(self, port: int, key: str, names: list[str], deadline: float) -> None:
        super().__init__(daemon=True)
        self.port, self.key, self.names, self.deadline = port, key, names, deadline
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.ok = 0

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"}
        i = 0
        while time.perf_counter() < self.deadline:
            body = json.dumps({"items": [{"name": self.names[i % len(self.names)]}]})
            i += 1
            started = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/screen", body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException) as exc:
                self.errors.append(f"{type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                continue
            self.latencies.append(time.perf_counter() - started)
            if response.status == 200:
                self.ok += 1
            else:
                self.errors.append(f"HTTP {response.status}: {payload[:200]!r}")
        conn.close()


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def process_tree(root: int) -> list[int]:
    """``root`` and every process below it (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / ticks


def database_backends(url: str) -> list[int]:
    """The PostgreSQL server processes serving connections to the run's own database."""
    import sqlalchemy as sa

    from foundation.settings import normalize_database_url

    engine = sa.create_engine(normalize_database_url(url))
    with engine.connect() as conn:
        pids = conn.scalars(
            sa.text(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
        ).all()
    engine.dispose()
    return list(pids)


def load(port: int, key: str, names: list[str], clients: int, seconds: float) -> dict[str, Any]:
    deadline = time.perf_counter() + seconds
    rng = random.Random(3)
    threads = [Client(port, key, rng.sample(names, len(names)), deadline) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(x for t in threads for x in t.latencies)
    errors = [e for t in threads for e in t.errors]
    return {
        "elapsed": elapsed,
        "ok": sum(t.ok for t in threads),
        "calls": len(latencies) + sum(1 for e in errors if not e.startswith("HTTP")),
        "errors": errors,
        "latencies": latencies,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="seeds only, 5 s of load")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=None, help="30, or 5 with --quick")
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn processes (default: as 'screening web')"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="threads per gunicorn process (default: as 'screening web')",
    )
    parser.add_argument("--profile", action="store_true", help="py-spy one web process")
    parser.add_argument(
        "--without-audit",
        action="store_true",
        help="measure what the audit append costs: the web processes record no audit "
        "events (an experiment, never a deployment; the audit checks are skipped)",
    )
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
    if args.seconds is None:
        args.seconds = 5.0 if args.quick else 30.0
    with_lists = not args.quick
    if with_lists:
        missing = [p for p in (UN_XML, OFAC_SDN) if not (args.shared / p).is_file()]
        if missing:
            raise SystemExit(f"shared data not found under {args.shared}: {', '.join(missing)}")

    run_id = f"{os.getpid()}_{int(time.time())}"
    db_name = f"screening_syncbench_{run_id}"
    instance = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    db_url = create_database(args.pg, db_name)
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "REDIS_URL": args.redis,
        "SCREENING_INSTANCE_PATH": str(instance),
        "SECRET_KEY": "bench",
        "SCREENING_ENV": "production",
        "SCREENING_WEBHOOK_ALLOWED_HOSTS": "none",
        "SCREENING_QUEUE": f"syncbench-{run_id}",
        # The limiter stays on (its Redis round trip is part of every call), out of reach.
        "SCREENING_RATE_LIMIT_PER_MINUTE": "1000000",
    }
    if args.without_audit:
        # Loaded before the app: every `from foundation.audit import record_event` gets a no-op.
        stub = instance / "audit_stub"
        stub.mkdir()
        (stub / "sitecustomize.py").write_text(
            "import foundation.audit, foundation.audit.chain\n"
            "def _no_audit(session, **kwargs):\n    return None\n"
            "foundation.audit.record_event = _no_audit\n"
            "foundation.audit.chain.record_event = _no_audit\n"
        )
        env["BENCH_WEB_PYTHONPATH"] = f"{stub}{os.pathsep}{REPO}"
    procs: list[subprocess.Popen[bytes]] = []
    try:
        run(args, env, instance, with_lists, procs)
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


def run(
    args: argparse.Namespace,
    env: dict[str, str],
    instance: Path,
    with_lists: bool,
    procs: list[subprocess.Popen[bytes]],
) -> None:
    cli = functools.partial(screening_cli, env)

    lists = "OFAC SDN 2024 + UN + seeds" if with_lists else "seeds"
    print(f"bench_sync_load: POST /api/v1/screen, 1 name per call, against {lists}")
    shape = f"{args.workers or 'default'} processes x {args.threads or 'default'} threads"
    print(
        f"PostgreSQL + Redis, gunicorn ({shape}, "
        f"as 'screening web'), {args.clients} clients for {args.seconds:.0f} s, "
        f"{os.cpu_count()} CPUs (shared with the clients and the servers)"
    )
    t0 = time.perf_counter()
    cli("db", "upgrade")
    cli("lists", "load-seeds")
    if with_lists:
        cli("lists", "import", "un-xml", str(args.shared / UN_XML), "--list", "un")
        cli("lists", "import", "ofac-csv", str(args.shared / OFAC_SDN), "--list", "ofac")
    key = cli("keys", "create", "--name", "bench", "--scope", "screen")
    key = key.split("API key:")[1].split()[0]
    # Build the index once and save it under instance/, as a worker does at start-up,
    # so that the web processes load it instead of each building their own.
    cli("screen", "warm up", "--format", "json")
    print(f"setup: migrate, import lists, build index {time.perf_counter() - t0:6.1f} s")
    names = query_names(args.shared, with_lists, 2000, random.Random(7))

    port = free_port()
    logs = instance / "logs"
    logs.mkdir()
    web_env = dict(env)
    if "BENCH_WEB_PYTHONPATH" in env:
        web_env["PYTHONPATH"] = env["BENCH_WEB_PYTHONPATH"]
    # Started with the defaults of 'screening web' unless told otherwise: the figure
    # is that of the production configuration, whatever it is today.
    shape_args = [
        *(["--workers", str(args.workers)] if args.workers else []),
        *(["--threads", str(args.threads)] if args.threads else []),
    ]
    web = subprocess.Popen(
        [str(BIN / "screening"), "web", "--host", "127.0.0.1", "--port", str(port), *shape_args],
        env=web_env,
        stdout=(logs / "web.log").open("wb"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    procs.append(web)
    deadline = time.monotonic() + 120
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                break
        except OSError:
            pass
        if web.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"web server did not start:\n{(logs / 'web.log').read_text()[-3000:]}")
        time.sleep(0.3)
    # Warm every process and thread (index loaded, connections open).
    # A process loads the index on its first call (seconds on a busy machine): warm up
    # until a whole round answers every call within a second, so that no load falls
    # inside the measured window.
    warm = {"ok": 0}
    for _round in range(20):
        round_ = load(port, key, names, args.clients, 3.0)
        if round_["errors"]:
            raise SystemExit(f"warm-up calls failed: {round_['errors'][:3]}")
        warm["ok"] += round_["ok"]
        if round_["latencies"] and max(round_["latencies"]) < 1.0:
            break

    profiler = None
    if args.profile:
        workers = [p for p in process_tree(web.pid) if p != web.pid]
        out = instance / "profile.txt"
        profiler = subprocess.Popen(
            [str(BIN / "py-spy"), "record", "--pid", str(workers[0]), "--format", "raw",
             "--output", str(out), "--duration", str(int(args.seconds)), "--rate", "250",
             "--gil"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )  # fmt: skip

    web_pids = process_tree(web.pid)
    db_pids = database_backends(env["DATABASE_URL"])
    cpu_before, db_before = cpu_seconds(web_pids), cpu_seconds(db_pids)
    result = load(port, key, names, args.clients, args.seconds)
    cpu_used = cpu_seconds(web_pids) - cpu_before
    db_used = cpu_seconds(db_pids) - db_before

    lat = [x * 1000 for x in result["latencies"]]
    rate = result["ok"] / result["elapsed"]
    print()
    print(f"calls answered 200: {result['ok']:,} in {result['elapsed']:.1f} s")
    print(
        f"errors: {len(result['errors'])}"
        + (f"  e.g. {result['errors'][:3]}" if result["errors"] else "")
    )
    print(f"requests/s: {rate:,.1f}   (target >= 250)")
    print(
        f"latency ms: p50 {percentile(lat, 0.50):.1f}   p95 {percentile(lat, 0.95):.1f}   "
        f"p99 {percentile(lat, 0.99):.1f}   max {max(lat, default=float('nan')):.1f}"
        "   (target p95 <= 50)"
    )
    if result["ok"]:
        print(
            f"CPU per call: web processes {1000 * cpu_used / result['ok']:.1f} ms, "
            f"their PostgreSQL backends {1000 * db_used / result['ok']:.1f} ms"
        )

    # Every answered call is a job with its audit trail, and the chain is intact.
    import sqlalchemy as sa

    from foundation.settings import normalize_database_url

    engine = sa.create_engine(normalize_database_url(env["DATABASE_URL"]))
    with engine.connect() as conn:
        jobs = conn.scalar(sa.text("SELECT count(*) FROM screening_jobs WHERE channel = 'api'"))
        completed = conn.scalar(
            sa.text(
                "SELECT count(*) FROM screening_jobs WHERE channel = 'api' AND status = 'completed'"
            )
        )
        events = conn.scalar(
            sa.text(
                "SELECT count(*) FROM audit_events WHERE object_type = 'job' AND object_id IN "
                "(SELECT id FROM screening_jobs WHERE channel = 'api')"
            )
        )
    engine.dispose()
    answered = result["ok"] + warm["ok"]
    complete = jobs == completed == answered and (args.without_audit or events == 3 * jobs)
    print(
        f"recorded: {jobs:,} API jobs ({completed:,} completed) for {answered:,} answered "
        f"calls, {events:,} audit events on them (3 per job): "
        + ("every call recorded" if complete else "MISMATCH")
    )
    if args.without_audit:
        print("(--without-audit: the web processes wrote no audit events)")
    else:
        print(cli("audit", "verify").strip().splitlines()[-1])
    if profiler is not None:
        profiler.wait(timeout=args.seconds + 60)
        summarize_profile(instance / "profile.txt")


def summarize_profile(path: Path, top: int = 30) -> None:
    """Where one web process spent its CPU (py-spy samples of the thread holding the GIL):
    inclusive share per function, then the leaf functions (exclusive share)."""
    if not path.exists():
        print("no profile written")
        return
    inclusive: dict[str, int] = {}
    exclusive: dict[str, int] = {}
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        total += n
        frames = [re.sub(r":\d+\)$", ")", f) for f in stack.split(";")]
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + n
        exclusive[frames[-1]] = exclusive.get(frames[-1], 0) + n
    print(f"\nCPU profile of one web process ({total} samples), inclusive share:")
    for frame, n in sorted(inclusive.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {100 * n / total:5.1f}%  {frame[:140]}")
    print("this project's functions, inclusive share:")
    own = [
        kv for kv in inclusive.items() if re.search(r"\((screening|foundation|watchlists)/", kv[0])
    ]
    for frame, n in sorted(own, key=lambda kv: -kv[1])[:top]:
        print(f"  {100 * n / total:5.1f}%  {frame[:140]}")
    print("leaf functions, exclusive share:")
    for frame, n in sorted(exclusive.items(), key=lambda kv: -kv[1])[: top // 2]:
        print(f"  {100 * n / total:5.1f}%  {frame[:140]}")


if __name__ == "__main__":
    main()
