"""How long does the OFAC SDN file take to import, and how much memory?

Runs the administrator's own command, ``screening lists import ofac-csv FILE
--list NAME``, as a child process against a fresh, throwaway database, and
reads the child's wall time and peak resident memory (``ru_maxrss`` from
``wait4``: the whole process, interpreter and app included). The targets
(issue 3) are under 60 s and under 500 MB for the 2024-05-03 SDN file
(14,965 rows).

Database: SQLite in a temporary folder by default. With DATABASE_URL set to a
PostgreSQL URL, a database of its own (``<name>_bench_<random>``) is created
on that server and dropped at the end, so nobody else's data is touched.

Runs, each a separate process:

1. baseline: ``screening lists show`` (interpreter and app start-up, no import);
2. fresh: the file into an empty list, the figure the targets apply to;
3. unchanged: the same file again (hashed, no new version);
4. diff: the 2021-07 set (sdn/alt/add), then the 2024 file into a second list;
   that second import also closes the removed and changed rows of version 1
   and writes the diff, whose added/removed counts are checked against the
   ent_nums of the two files.

``--quick`` imports the first 300 rows (runs 1 to 3) for CI smoke runs.

Usage: ``.venv/bin/python benchmarks/bench_import.py [--quick] [--file SDN.csv]``
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import resource
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SHARED = Path(__file__).resolve().parents[2] / "shared"
SDN_2024 = SHARED / "data" / "ofac" / "2024-05-03" / "sdn.csv"
SET_2021 = SHARED / "data" / "ofac" / "2021-07"
FIXTURE = REPO / "tests" / "fixtures" / "importers" / "ofac_2024_sdn_excerpt.csv"

TARGET_SECONDS = 60.0
TARGET_BYTES = 500_000_000  # 500 MB
QUICK_ROWS = 300
# A child still running after this is killed and reported as a failure.
CHILD_TIMEOUT_SECONDS = 900.0

# The child runs the installed CLI entry point with this interpreter.
CLI = "import sys; from screening.cli import main; sys.exit(main(prog_name='screening'))"


@dataclass(frozen=True)
class Run:
    label: str
    seconds: float
    peak_bytes: int
    exit_code: int
    output: str

    @property
    def summary(self) -> str:
        lines = [ln for ln in self.output.splitlines() if ln.strip() and "importing" not in ln]
        return lines[-1].strip() if lines else ""


def run_cli(args: list[str], env: dict[str, str], label: str) -> Run:
    """Run ``screening ARGS`` in a child process; its wall time and peak RSS."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", CLI, *args], env=env, stdout=out, stderr=subprocess.STDOUT
        )
        watchdog = threading.Timer(CHILD_TIMEOUT_SECONDS, proc.kill)
        watchdog.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            watchdog.cancel()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    # Linux reports kilobytes, macOS bytes.
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return Run(label, seconds, peak, proc.returncode, output)


def ent_nums(path: Path) -> set[str]:
    """The ent_nums of an OFAC primary file, read with the csv module alone."""
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        return {row[0].strip() for row in csv.reader(handle) if row and row[0].strip().isdigit()}


@contextmanager
def fresh_database(instance: Path) -> Iterator[tuple[str, str]]:
    """(DATABASE_URL for the child, description), dropped again on exit."""
    configured = os.environ.get("DATABASE_URL", "").strip()
    if not configured.startswith(("postgres://", "postgresql")):
        yield f"sqlite:///{instance / 'bench.sqlite'}", "SQLite (temporary file)"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from foundation.settings import normalize_database_url

    server = make_url(normalize_database_url(configured))
    name = f"{server.database or 'screening'}_bench_{secrets.token_hex(5)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = server.set(database=name).render_as_string(hide_password=False)
        yield url, f"PostgreSQL {server.host}:{server.port or 5432}, throwaway database {name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def child_env(instance: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENING_")}
    env.pop("REDIS_URL", None)  # an import needs no broker
    env.update(
        {
            "DATABASE_URL": database_url,
            "SCREENING_ENV": "development",
            "SCREENING_INSTANCE_PATH": str(instance),
            "SECRET_KEY": secrets.token_hex(16),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
        }
    )
    return env


def mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"first {QUICK_ROWS} rows only")
    parser.add_argument("--file", type=Path, default=SDN_2024, help="OFAC sdn.csv to import")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        instance = Path(tmp)
        source: Path = args.file
        if args.quick:
            if source.is_file():
                lines = source.read_bytes().splitlines(keepends=True)[:QUICK_ROWS]
                source = instance / "sdn.csv"
                source.write_bytes(b"".join(lines))
            else:
                source = FIXTURE
        elif not source.is_file():
            print(f"{source} not found: the OFAC 2024 SDN file is expected in the shared folder")
            return 2
        rows = len(ent_nums(source))
        size = source.stat().st_size

        with fresh_database(instance) as (database_url, where):
            env = child_env(instance, database_url)
            print(f"OFAC SDN import: {source.name}, {rows:,} rows, {size:,} bytes")
            print(f"database: {where}")
            print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}\n")

            migrate = run_cli(["db", "upgrade"], env, "migrate")
            if migrate.exit_code != 0:
                print(f"migrating the fresh database failed:\n{migrate.output}")
                return 1
            runs = [
                run_cli(["lists", "show"], env, "baseline: start-up, no import"),
                run_cli(
                    ["lists", "import", "ofac-csv", str(source), "--list", "ofac-bench"],
                    env,
                    "fresh import (the target)",
                ),
                run_cli(
                    ["lists", "import", "ofac-csv", str(source), "--list", "ofac-bench"],
                    env,
                    "same file again",
                ),
            ]
            if not args.quick and SET_2021.is_dir():
                runs.append(
                    run_cli(
                        ["lists", "import", "ofac-csv", str(SET_2021), "--list", "ofac-diff"],
                        env,
                        "2021-07 set into a 2nd list",
                    )
                )
                runs.append(
                    run_cli(
                        ["lists", "import", "ofac-csv", str(source), "--list", "ofac-diff"],
                        env,
                        "then this file (diff)",
                    )
                )

    print(f"{'run':32} {'wall':>8} {'peak RSS':>10}  result")
    for run in runs:
        print(f"{run.label:32} {run.seconds:7.2f}s {mb(run.peak_bytes):>10}  {run.summary}")
    failed = [r for r in runs if r.exit_code != 0]
    for run in failed:
        print(f"\n{run.label} exited {run.exit_code}:\n{run.output}")

    fresh = runs[1]
    imported = re.search(r"version 1 created, (\d+) entities", fresh.output)
    entities = int(imported.group(1)) if imported else -1
    checks = {
        f"entities imported = rows in the file ({rows:,})": entities == rows,
        f"wall time < {TARGET_SECONDS:.0f} s ({fresh.seconds:.2f} s)": (
            fresh.seconds < TARGET_SECONDS
        ),
        f"peak memory < {mb(TARGET_BYTES)} ({mb(fresh.peak_bytes)})": (
            fresh.peak_bytes < TARGET_BYTES
        ),
        "second load of the same file creates no version": "unchanged" in runs[2].output,
    }
    if len(runs) > 3:
        old, new = ent_nums(SET_2021 / "sdn.csv"), ent_nums(source)
        expected = f"(+{len(new - old)} -{len(old - new)} "
        checks[f"diff counts {expected.strip()}) = ent_nums added/removed"] = (
            expected in runs[4].output
        )
    print()
    for label, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    met = all(checks.values()) and not failed
    print(
        f"\nRESULT wall_s={fresh.seconds:.2f} peak_mb={fresh.peak_bytes / 1e6:.1f} "
        f"entities={entities} targets={'met' if met else 'MISSED'}"
    )
    # The parent's own peak, for comparison: it never imports anything itself.
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"(benchmark process itself: {mb(parent * (1 if sys.platform == 'darwin' else 1024))})")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
