"""Webhooks cannot be aimed at the service's own network (server-side request forgery).

Each test here fails against the wave-1 delivery code, which checked only IP
literals and 'localhost', only in production, only at submission, and let
urllib follow redirects without a total deadline.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from foundation.outbound import (
    AddressPolicy,
    AddressRefused,
    CallbackUrlError,
    OutboundError,
    is_public_address,
    literal_address,
    post,
    validate_callback_url,
)
from foundation.settings import Settings, SettingsError
from screening.models import ScreeningJob, WebhookDelivery
from screening.webhooks import deliver

INTERNAL = [
    "127.0.0.1",
    "127.255.0.9",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "100.64.0.1",  # CGNAT
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:169.254.169.254",
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
]


@pytest.mark.parametrize("address", INTERNAL)
def test_internal_addresses_are_not_public(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "203.0.114.7", "2606:4700:4700::1111"])
def test_public_addresses_are_public(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("host", ["2130706433", "127.1", "0x7f000001", "0177.0.0.1", "0x7f.1"])
def test_every_spelling_of_loopback_is_read_as_loopback(host: str) -> None:
    assert literal_address(host) == ipaddress.IPv4Address("127.0.0.1")


def _settings(tmp_path: Path, **env: str) -> Settings:
    return Settings.from_env({"SCREENING_INSTANCE_PATH": str(tmp_path), **env})


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",
        "http://127.1/",
        "http://0x7f000001/",
        "http://0177.0.0.1/hook",
        "http://[::ffff:127.0.0.1]/",
        "http://[::1]:8080/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://10.0.0.7/",
        "http://localhost:5000/",
        "http://api.localhost/",
    ],
)
def test_internal_callback_urls_are_refused_at_submission_in_every_environment(
    tmp_path: Path, url: str
) -> None:
    for env in ("development", "test"):
        with pytest.raises(CallbackUrlError, match="internal address"):
            validate_callback_url(url, _settings(tmp_path, SCREENING_ENV=env))


def test_public_callback_url_is_accepted_without_an_allow_list(tmp_path: Path) -> None:
    url = "https://erp.example.com/hooks/screening"
    assert validate_callback_url(url, _settings(tmp_path)) == url


def test_allow_listed_internal_host_is_accepted(tmp_path: Path) -> None:
    settings = _settings(tmp_path, SCREENING_WEBHOOK_ALLOWED_HOSTS="10.0.0.7, erp.corp")
    assert validate_callback_url("http://10.0.0.7/hook", settings)
    with pytest.raises(CallbackUrlError, match="allowed hosts"):
        validate_callback_url("http://10.0.0.8/hook", settings)


def test_production_requires_the_webhook_allow_list(tmp_path: Path) -> None:
    env = {"SCREENING_ENV": "production", "SECRET_KEY": "k" * 32}
    with pytest.raises(SettingsError, match="SCREENING_WEBHOOK_ALLOWED_HOSTS"):
        _settings(tmp_path, **env)
    off = _settings(tmp_path, SCREENING_WEBHOOK_ALLOWED_HOSTS="none", **env)
    with pytest.raises(CallbackUrlError, match="turned off"):
        validate_callback_url("https://erp.example.com/hook", off)


class Receiver:
    """A loopback HTTP server that answers POSTs with ``status`` after ``delay`` seconds."""

    def __init__(self, status: int = 204, trickle: float = 0.0, location: str = "") -> None:
        self.calls: list[dict[str, str]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.calls.append(dict(self.headers.items()))
                if trickle:
                    # One byte at a time: each read succeeds, the whole never ends.
                    for byte in b"HTTP/1.1 204 No Content\r\n" * 10:
                        time.sleep(trickle)
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                    return
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("0.0.0.0", 0), Handler)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def _job_with_callback(db: Any, url: str) -> str:
    """A finished job whose callback URL was stored (as if it passed submission earlier)."""
    job_id = str(uuid.uuid4())
    with db.session() as session:
        session.add(
            ScreeningJob(
                id=job_id,
                channel="api",
                submitted_by="tests",
                status="completed",
                threshold=0.72,
                algorithm_version="test",
                callback_url=url,
            )
        )
    return job_id


def _deliveries(db: Any, job_id: str) -> list[WebhookDelivery]:
    with db.session() as session:
        return list(
            session.scalars(select(WebhookDelivery).where(WebhookDelivery.job_id == job_id))
        )


def _own_hostname_address() -> str:
    """This machine's name resolves (through the system resolver) to a non-public address."""
    name = socket.gethostname()
    try:
        address = socket.gethostbyname(name)
    except OSError:
        pytest.skip(f"the host name {name!r} does not resolve here")
    if is_public_address(ipaddress.ip_address(address)):
        pytest.skip(f"the host name resolves to a public address ({address})")
    return name


def test_a_name_that_resolves_to_an_internal_address_is_refused_at_delivery(
    db: Any, receiver: Receiver, tmp_path: Path
) -> None:
    # The name passes the submission check (it is not a literal), like a name whose
    # DNS answer is changed after submission; the delivery resolves and refuses it.
    name = _own_hostname_address()
    url = f"http://{name}:{receiver.port}/hook"
    settings = _settings(tmp_path)
    assert validate_callback_url(url, settings)
    job_id = _job_with_callback(db, url)
    delivered, retry_in = deliver(db, job_id, 1, settings)
    assert (delivered, retry_in) == (False, None)  # refused, and not tried again
    assert receiver.calls == []
    (row,) = _deliveries(db, job_id)
    assert not row.delivered and "not a public address" in (row.error or "")


def test_an_answer_that_changes_after_the_check_is_never_connected_to(
    receiver: Receiver,
) -> None:
    # A rebinding resolver: public on the first lookup, loopback afterwards.
    answers = iter([["93.184.216.34"], ["127.0.0.1"], ["127.0.0.1"]])
    policy = AddressPolicy()
    with pytest.raises(OutboundError):
        # The checked public address is what we connect to (unreachable here), never
        # the loopback address a second lookup would give.
        post(
            f"http://rebind.test:{receiver.port}/",
            b"{}",
            {},
            timeout=1.0,
            policy=policy,
            resolver=lambda _h, _p: next(answers),
        )
    assert receiver.calls == []


def test_a_mixed_answer_with_one_internal_address_is_refused(receiver: Receiver) -> None:
    with pytest.raises(AddressRefused):
        post(
            f"http://mixed.test:{receiver.port}/",
            b"{}",
            {},
            timeout=2.0,
            policy=AddressPolicy(),
            resolver=lambda _h, _p: ["93.184.216.34", "127.0.0.1"],
        )
    assert receiver.calls == []


def test_trusted_host_connects_to_its_checked_address_with_its_own_host_header(
    receiver: Receiver,
) -> None:
    answer = post(
        f"http://erp.internal.test:{receiver.port}/hook",
        b"{}",
        {"Content-Type": "application/json"},
        timeout=5.0,
        policy=AddressPolicy(frozenset({"erp.internal.test"}), only_trusted=True),
        resolver=lambda _h, _p: ["127.0.0.1"],
    )
    assert answer.status == 204 and answer.address == "127.0.0.1"
    assert receiver.calls[0]["Host"] == f"erp.internal.test:{receiver.port}"


def test_redirects_are_not_followed(db: Any, tmp_path: Path) -> None:
    target = Receiver()
    redirecting = Receiver(status=302, location=f"http://127.0.0.1:{target.port}/elsewhere")
    try:
        settings = _settings(tmp_path, SCREENING_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")
        job_id = _job_with_callback(db, f"http://127.0.0.1:{redirecting.port}/hook")
        delivered, retry_in = deliver(db, job_id, 1, settings)
    finally:
        target.close()
        redirecting.close()
    assert not delivered and retry_in is not None
    assert len(redirecting.calls) == 1 and target.calls == []
    (row,) = _deliveries(db, job_id)
    assert row.status_code == 302 and "redirects are not followed" in (row.error or "")


def test_a_slow_receiver_is_cut_off_at_the_total_deadline(db: Any, tmp_path: Path) -> None:
    slow = Receiver(trickle=0.2)
    try:
        settings = _settings(
            tmp_path, SCREENING_WEBHOOK_ALLOWED_HOSTS="127.0.0.1", SCREENING_WEBHOOK_TIMEOUT="1"
        )
        job_id = _job_with_callback(db, f"http://127.0.0.1:{slow.port}/hook")
        started = time.monotonic()
        delivered, _retry = deliver(db, job_id, 1, settings)
        elapsed = time.monotonic() - started
    finally:
        slow.close()
    assert not delivered
    assert elapsed < 10, f"the delivery waited {elapsed:.1f} s for a trickling receiver"
    (row,) = _deliveries(db, job_id)
    assert "deadline" in (row.error or "")


def test_deliveries_run_on_their_own_queue(app: Any) -> None:
    settings = app.config["SETTINGS"]
    celery = app.extensions["celery"]
    route = celery.amqp.router.route({}, "workers.tasks.deliver_webhook")
    assert route["queue"].name == settings.webhook_queue_name != settings.queue
    screening_route = celery.amqp.router.route({}, "workers.tasks.screen_chunk")
    assert screening_route["queue"].name == settings.queue
