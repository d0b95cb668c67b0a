"""A service of its own for fault injection: PostgreSQL and Redis on private ports, real
Celery workers and beat, and the means to break them (kill, stop, restart empty).

Nothing here touches the servers the rest of the suite uses: PostgreSQL is a
fresh cluster (``initdb`` in a temporary folder), Redis a fresh ``redis-server``
without persistence, both on free ports, torn down at the end. Used by
``tests/faults/`` and by ``benchmarks/bench_outage.py``.
"""

from __future__ import annotations

import glob
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(predicate: Callable[[], Any], timeout: float, what: str, every: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(every)


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def missing_servers() -> str | None:
    """Why a private cluster cannot run here, or None."""
    if postgres_bin() is None:
        return "PostgreSQL server binaries (initdb) not found"
    if shutil.which("redis-server") is None:
        return "redis-server not found"
    return None


class Postgres:
    """A private PostgreSQL cluster (trust authentication, TCP on 127.0.0.1 only)."""

    def __init__(self) -> None:
        bindir = postgres_bin()
        assert bindir is not None
        self.bindir = bindir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="faults-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        # PostgreSQL refuses to run as root: as root, run it as the postgres user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.root, "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self.as_user, str(self.bindir / tool), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=self.root,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``fast`` ends every connection; ``immediate`` is a crash)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        from sqlalchemy import create_engine, text

        name = f"faults_{uuid.uuid4().hex[:8]}"
        engine = create_engine(
            self.url().replace("postgresql://", "postgresql+psycopg://"),
            isolation_level="AUTOCOMMIT",
        )
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)

    def destroy(self) -> None:
        with suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


class Redis:
    """A private Redis without persistence: a restart starts it empty."""

    def __init__(self) -> None:
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="faults-redis-"))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_until(self._answers, 10, "redis-server answering")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        """Gone at once, with everything it held."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def destroy(self) -> None:
        self.kill()
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def text(self) -> str:
        return self.log.read_text("utf-8", errors="replace")

    def kill_main(self) -> None:
        """SIGKILL the main process only (its pool children are orphaned)."""
        os.kill(self.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)

    def kill_all(self) -> None:
        """SIGKILL the main process and its children: the host died."""
        with suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill_all()
        else:
            # The main process is gone; orphans of its group may linger.
            with suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGKILL)


class Service:
    """The screening service on a private PostgreSQL database and Redis: its settings,
    workers and beat. ``env`` holds every setting the processes share."""

    def __init__(self, pg: Postgres, redis: Redis, **settings: str) -> None:
        self.instance = Path(tempfile.mkdtemp(prefix="faults-instance-"))
        self.env = {
            "SCREENING_ENV": "test",
            "SCREENING_INSTANCE_PATH": str(self.instance),
            "SECRET_KEY": "faults-secret",
            "DATABASE_URL": pg.create_database(),
            "REDIS_URL": redis.url,
            "SCREENING_QUEUE": f"faults-{uuid.uuid4().hex[:6]}",
            "SCREENING_WEBHOOK_ALLOWED_HOSTS": "none",
            **settings,
        }
        self.procs: list[Proc] = []
        self._runtime: Any = None

    @property
    def runtime(self) -> Any:
        from foundation.runtime import Runtime
        from foundation.settings import Settings

        if self._runtime is None:
            self._runtime = Runtime.start(Settings.from_env(self.env))
        return self._runtime

    def prepare(self) -> None:
        """Migrate and load the seed list, as ``screening run`` does."""
        from screening.schema import upgrade
        from watchlists.loading import load_seed_list

        upgrade(self.runtime.settings.database_url)
        with self.runtime.database.session() as session:
            load_seed_list(session, actor="faults")

    def _spawn(self, name: str, *args: str) -> Proc:
        log = self.instance / f"{name}.log"
        popen = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "workers.celery_app", *args],
            cwd=REPO,
            env={**os.environ, **self.env},
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so it can be killed whole
        )
        proc = Proc(name, popen, log)
        self.procs.append(proc)
        return proc

    def start_worker(self, name: str, concurrency: int = 1) -> Proc:
        proc = self._spawn(
            name, "worker", "--pool", "prefork", "--concurrency", str(concurrency),
            "--loglevel", "INFO", "--without-gossip", "--without-mingle",
            "--hostname", f"{name}@faults",
        )  # fmt: skip
        wait_until(lambda: "ready." in proc.text() or proc.popen.poll() is not None, 90, name)
        assert proc.popen.poll() is None, proc.text()[-3000:]
        return proc

    def start_beat(self) -> Proc:
        schedule = self.instance / "celerybeat-schedule"
        return self._spawn("beat", "beat", "--schedule", str(schedule), "--loglevel", "INFO")

    def submit(self, names: list[str]) -> str:
        """Submit a job as the API does (saved, committed, then its chunks sent)."""
        from screening.jobs.inputs import ItemInput
        from screening.jobs.submit import Submission, submit_job
        from screening.models import Channel

        runtime = self.runtime
        submission = Submission(
            items=[ItemInput(name=name) for name in names],
            channel=Channel.API,
            submitted_by="faults",
        )
        with runtime.database.session() as session:
            done = submit_job(session, runtime.queue, runtime.settings, submission, len(names))
            return str(done.job.id)

    def job(self, job_id: str) -> Any:
        from screening.models import ScreeningJob

        with self.runtime.database.session() as session:
            return session.get(ScreeningJob, job_id)

    def job_or_none(self, job_id: str) -> Any:
        """The job, or None while the database is away."""
        try:
            return self.job(job_id)
        except Exception:
            return None

    def running_chunks(self, job_id: str) -> dict[int, str]:
        """Chunks with a heartbeat: start -> owner (the Celery task id)."""
        from sqlalchemy import select

        from screening.models import ChunkHeartbeat

        with self.runtime.database.session() as session:
            rows = session.execute(
                select(ChunkHeartbeat.chunk_start, ChunkHeartbeat.owner).where(
                    ChunkHeartbeat.job_id == job_id
                )
            )
            return {row.chunk_start: row.owner for row in rows}

    def wait_completed(self, job_id: str, timeout: float) -> float:
        """Seconds until the job completed (AssertionError after ``timeout``)."""
        began = time.monotonic()
        wait_until(
            lambda: (
                (job := self.job_or_none(job_id)) is not None
                and job.status != "running"
                and job.status != "queued"
            ),
            timeout,
            f"job {job_id} finished",
            every=0.5,
        )
        job = self.job(job_id)
        assert job.status == "completed", (job.status, job.error)
        return time.monotonic() - began

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "screening"), *args],
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            timeout=300,
        )

    def stop(self) -> None:
        for proc in self.procs:
            proc.stop()
        if self._runtime is not None:
            self._runtime.dispose()
        shutil.rmtree(self.instance, ignore_errors=True)

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.text()[-4000:]}" for p in self.procs)


# --- The work and the checks ---------------------------------------------------

_WORDS = (
    "Trading General Korea Pyongyang Rungra Construction Bureau Ryugyong Marine Shipping",
    "Ocean Mining Development Corporation Investment Technology Joint Venture Export Import",
    "Hana Kumsan Sobaeksu Mansudae Overseas Project Group Amnokgang Tangun Namgang Chonbok",
    "Vostok Stroy Primorye Amur Khabarovsk Sakhalin Lumber Fishery Labour Agency Services",
    "Holding International Limited Company Partners Industrial Engineering Supply Logistics",
)
_VOCABULARY = [word for line in _WORDS for word in line.split()]


# Names of the seed list, spelled as a submitter might: every tenth name is one.
_LISTED = (
    "External Construction Guidance Bureau",
    "Taeoe Konsol Chidoguk",
    "대외건설지도국",
    "External Constructon Guidance Bureau",
)


def job_names(count: int, seed: int = 14) -> list[str]:
    """Long company-like names (each takes the matcher a few milliseconds) and, every
    tenth, a listed one; the same for the same seed."""
    rng = random.Random(seed)
    names = []
    for i in range(count):
        if i % 10 == 0:
            names.append(_LISTED[(i // 10) % len(_LISTED)])
            continue
        words = rng.sample(_VOCABULARY, rng.randint(8, 14))
        names.append(f"{' '.join(words)} No {i}")
    return names


def check_results(service: Service, job_id: str, names: list[str]) -> dict[str, int]:
    """Every item has exactly one result, equal to a fault-free run's; no match twice;
    each result recorded once in the audit trail; the chain and digests verify."""
    from sqlalchemy import func, select

    from foundation.audit import AuditEvent
    from screening.indexes import load_index
    from screening.jobs.process import screen_name
    from screening.models import MatchResult, ScreeningItem

    database = service.runtime.database
    with database.session() as session:
        job = service.job(job_id)
        assert job.status == "completed" and job.processed_count == len(names) == job.item_count
        items = session.execute(
            select(ScreeningItem.id, ScreeningItem.position, ScreeningItem.status)
            .where(ScreeningItem.job_id == job_id)
            .order_by(ScreeningItem.position)
        ).all()
        assert [item.position for item in items] == list(range(len(names)))
        assert {item.status for item in items} == {"done"}
        counts = dict(
            session.execute(
                select(MatchResult.item_id, func.count())
                .join(ScreeningItem, ScreeningItem.id == MatchResult.item_id)
                .where(ScreeningItem.job_id == job_id)
                .group_by(MatchResult.item_id)
            ).all()
        )
        twice = session.execute(
            select(MatchResult.item_id, MatchResult.list_name, MatchResult.entity_key)
            .join(ScreeningItem, ScreeningItem.id == MatchResult.item_id)
            .where(ScreeningItem.job_id == job_id)
            .group_by(MatchResult.item_id, MatchResult.list_name, MatchResult.entity_key)
            .having(func.count() > 1)
        ).all()
        assert twice == [], f"matches stored twice: {twice[:5]}"
        index = load_index(session, job.list_versions)
        expected = [len(screen_name(index, name, "any", job.threshold)) for name in names]
        got = [counts.get(item.id, 0) for item in items]
        assert got == expected, "results differ from a run without faults"
        recorded: list[int] = []
        for payload in session.scalars(
            select(AuditEvent.payload).where(
                AuditEvent.object_id == job_id, AuditEvent.action == "results.stored"
            )
        ):
            recorded += [position for position, _digest in payload["results"]]
        assert sorted(recorded) == list(range(len(names))), "a result recorded twice or never"
    verify = service.cli("audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    return {"items": len(names), "matches": sum(got)}


@contextmanager
def private_servers() -> Iterator[tuple[Postgres, Redis]]:
    pg, redis = Postgres(), Redis()
    try:
        pg.start()
        redis.start()
        yield pg, redis
    finally:
        redis.destroy()
        pg.destroy()
