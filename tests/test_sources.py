"""Lists fetched from their publishers: a publisher on 127.0.0.1, the real CLI, the database.

Nothing here needs the internet: a local HTTP server plays the publisher and can
answer with ETags, 304s, redirects, errors, truncated and garbled files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from foundation.settings import Settings
from screening.cli import main
from watchlists.models import ListVersion, Watchlist
from watchlists.sources.fetch import fetch_source
from watchlists.sources.models import FetchOutcome, Source, SourceFetch

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "importers"
SDN_2024 = (FIXTURES / "ofac_2024_sdn_excerpt.csv").read_bytes()
SDN_TRUNCATED = (FIXTURES / "ofac_truncated_sdn.csv").read_bytes()
SDN_BAD_BYTES = (FIXTURES / "ofac_bad_bytes_sdn.csv").read_bytes()
YENTE = Path(__file__).resolve().parents[2] / "shared" / "data" / "ftm" / "yente-fixtures"


@dataclasses.dataclass
class Answer:
    body: bytes = b""
    status: int = 200
    etag: bool = True  # send an ETag and honour If-None-Match
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    cut_at: int | None = None  # close the connection after this many body bytes


class Publisher:
    """A list publisher on loopback: ``files[path]`` is the answer (or a list of answers)."""

    def __init__(self) -> None:
        self.files: dict[str, Answer | list[Answer]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                publisher.requests.append((self.path, dict(self.headers)))
                answer = publisher.files.get(self.path)
                if isinstance(answer, list):
                    answer = answer.pop(0) if len(answer) > 1 else answer[0]
                if answer is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                tag = '"' + hashlib.sha256(answer.body).hexdigest()[:16] + '"'
                if answer.etag and self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(answer.status)
                if answer.etag:
                    self.send_header("ETag", tag)
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                body = answer.body if answer.cut_at is None else answer.body[: answer.cut_at]
                self.wfile.write(body)
                if answer.cut_at is not None:
                    self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture()
def publisher() -> Iterator[Publisher]:
    p = Publisher()
    yield p
    p.server.shutdown()


def cli(test_env: dict[str, str], *args: str, ok: bool = True) -> Any:
    result = CliRunner().invoke(main, list(args), env=test_env)
    if ok:
        assert result.exit_code == 0, (result.output, result.stderr)
    return result


def _versions(db: Any, list_name: str) -> list[int]:
    with db.session() as session:
        return list(
            session.scalars(
                select(ListVersion.number)
                .join(Watchlist, ListVersion.watchlist_id == Watchlist.id)
                .where(Watchlist.name == list_name)
                .order_by(ListVersion.number)
            )
        )


def _active(db: Any, list_name: str) -> int | None:
    with db.session() as session:
        watchlist = session.scalar(select(Watchlist).where(Watchlist.name == list_name))
        return watchlist.active_version.number if watchlist and watchlist.active_version else None


def test_official_sources_are_documented_defaults_that_start_disabled(
    test_env: dict[str, str], db: Any
) -> None:
    shown = cli(test_env, "lists", "sources").output
    for name in ("ofac-sdn", "un-consolidated", "uk-ofsi", "eu-fsf", "us-csl", "opensanctions"):
        line = next(row for row in shown.splitlines() if row.startswith(name))
        assert "default (disabled)" in line and "https://" in line
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Source)) == 0
    refused = cli(test_env, "lists", "fetch", "ofac-sdn", ok=False)
    assert refused.exit_code == 1 and "enable it with" in refused.stderr
    cli(test_env, "lists", "sources", "enable", "eu-fsf")
    line = next(r for r in cli(test_env, "lists", "sources").output.splitlines() if "eu-fsf" in r)
    assert " enabled " in line and "eu-xml" in line


def test_fetch_imports_new_content_and_nothing_else(
    test_env: dict[str, str], db: Any, publisher: Publisher, tmp_path: Path
) -> None:
    publisher.files["/sdn.csv"] = Answer(SDN_2024)
    cli(
        test_env, "lists", "sources", "add", "ofac", "--list", "ofac-sdn", "--format",
        "ofac-csv", "--url", f"{publisher.url}/sdn.csv",
    )  # fmt: skip
    first = cli(test_env, "lists", "fetch", "ofac").output
    assert "ofac: ofac-sdn version 1 (+5 -0 ~0) created" in first
    register = tmp_path / "register.csv"
    register.write_text("reference,name\nV-1,Korea Mining Development Trading\n")
    cli(test_env, "counterparties", "import", str(register))
    assert '"screened": 1' in cli(test_env, "monitor", "run").output
    # The same ETag: the publisher answers 304, no version, no import.
    again = cli(test_env, "lists", "fetch", "ofac").output
    assert "not modified" in again
    assert publisher.requests[-1][1]["If-None-Match"]
    # A publisher without validators sends the same bytes again: unchanged, no version.
    publisher.files["/sdn.csv"] = Answer(SDN_2024, etag=False)
    assert "unchanged" in cli(test_env, "lists", "fetch", "--all").output
    assert _versions(db, "ofac-sdn") == [1]
    # ... and nothing to screen again.
    assert '"screened": 0' in cli(test_env, "monitor", "run").output
    # New content: a new version with its diff.
    changed = SDN_2024.replace(b"KOREA MINING DEVELOPMENT", b"KOREA MINING DEVELOPMENT GROUP")
    publisher.files["/sdn.csv"] = Answer(changed)
    assert "version 2 (+0 -0 ~1) created" in cli(test_env, "lists", "fetch", "ofac").output
    assert _versions(db, "ofac-sdn") == [1, 2]
    with db.session() as session:
        source = session.scalar(select(Source).where(Source.name == "ofac"))
        assert source is not None and source.last_outcome == FetchOutcome.CREATED
        outcomes = session.scalars(select(SourceFetch.outcome).order_by(SourceFetch.id)).all()
    assert outcomes == ["created", "not_modified", "unchanged", "created"]


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (Answer(SDN_2024, cut_at=len(SDN_2024) // 2), "truncated"),
        (Answer(SDN_TRUNCATED), "truncated?"),
        (Answer(SDN_BAD_BYTES), "not valid utf-8"),
        (Answer(b"<html>Service unavailable</html>", status=404), "HTTP 404"),
    ],
    ids=["connection-cut", "file-cut", "garbled", "not-found"],
)
def test_a_bad_download_leaves_the_active_version_and_names_the_source(
    test_env: dict[str, str], db: Any, publisher: Publisher, answer: Answer, error: str
) -> None:
    publisher.files["/sdn.csv"] = Answer(SDN_2024)
    cli(
        test_env, "lists", "sources", "add", "ofac", "--list", "ofac-sdn", "--format",
        "ofac-csv", "--url", f"{publisher.url}/sdn.csv",
    )  # fmt: skip
    cli(test_env, "lists", "fetch", "ofac")
    publisher.files["/sdn.csv"] = dataclasses.replace(answer, etag=False)
    failed = cli(test_env, "lists", "fetch", "ofac", ok=False)
    assert failed.exit_code == 1
    assert "ofac: fetch failed, nothing changed: source 'ofac':" in failed.stderr
    assert error.lower() in failed.stderr.lower()
    assert _versions(db, "ofac-sdn") == [1] and _active(db, "ofac-sdn") == 1
    with db.session() as session:
        source = session.scalar(select(Source).where(Source.name == "ofac"))
        assert source is not None and source.last_outcome == "failed"
        assert error.lower() in (source.last_error or "").lower()


def _settings(app_settings: Settings, **overrides: Any) -> Settings:
    return dataclasses.replace(app_settings, **overrides)


def test_retries_with_backoff_then_succeeds(app: Any, db: Any, publisher: Publisher) -> None:
    from watchlists.sources.service import add_source

    publisher.files["/sdn.csv"] = [
        Answer(b"", status=503),
        Answer(b"", status=429),
        Answer(SDN_2024),
    ]
    with db.session() as session:
        add_source(
            session, name="ofac", list_name="ofac-sdn", source_format="ofac-csv",
            url=f"{publisher.url}/sdn.csv", actor="tests", channel="cli",
        )  # fmt: skip
    slept: list[float] = []
    settings = _settings(app.config["SETTINGS"], source_attempts=3)
    result = fetch_source(db, "ofac", settings, actor="tests", channel="cli", sleep=slept.append)
    assert result.outcome == FetchOutcome.CREATED, result.error
    assert slept == [1.0, 2.0] and len(publisher.requests) == 3


def test_size_limit_and_redirects(app: Any, db: Any, publisher: Publisher) -> None:
    from watchlists.sources.service import add_source

    publisher.files["/old/sdn.csv"] = Answer(status=302, headers={"Location": "/new/sdn.csv"})
    publisher.files["/new/sdn.csv"] = Answer(SDN_2024)
    with db.session() as session:
        add_source(
            session, name="ofac", list_name="ofac-sdn", source_format="ofac-csv",
            url=f"{publisher.url}/old/sdn.csv", actor="tests", channel="cli",
        )  # fmt: skip
    small = _settings(app.config["SETTINGS"], source_max_bytes=1024, source_attempts=1)
    refused = fetch_source(db, "ofac", small, actor="tests", channel="cli")
    assert refused.outcome == FetchOutcome.FAILED
    assert "more than the limit of 1024" in (refused.error or "")
    assert _versions(db, "ofac-sdn") == []
    done = fetch_source(db, "ofac", app.config["SETTINGS"], actor="tests", channel="cli")
    assert done.outcome == FetchOutcome.CREATED
    assert [path for path, _h in publisher.requests][-2:] == ["/old/sdn.csv", "/new/sdn.csv"]


def test_a_redirect_to_an_internal_address_is_refused(
    app: Any, db: Any, publisher: Publisher
) -> None:
    from watchlists.sources.service import add_source

    publisher.files["/sdn.csv"] = Answer(
        status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    with db.session() as session:
        add_source(
            session, name="ofac", list_name="ofac-sdn", source_format="ofac-csv",
            url=f"{publisher.url}/sdn.csv", actor="tests", channel="cli",
        )  # fmt: skip
    result = fetch_source(db, "ofac", app.config["SETTINGS"], actor="tests", channel="cli")
    assert result.outcome == FetchOutcome.FAILED
    assert "not a public address" in (result.error or "")


def test_a_download_that_would_empty_the_list_is_refused(
    test_env: dict[str, str], db: Any, publisher: Publisher
) -> None:
    publisher.files["/sdn.csv"] = Answer(SDN_2024)
    cli(
        test_env, "lists", "sources", "add", "ofac", "--list", "ofac-sdn", "--format",
        "ofac-csv", "--url", f"{publisher.url}/sdn.csv",
    )  # fmt: skip
    cli(test_env, "lists", "fetch", "ofac")
    publisher.files["/sdn.csv"] = Answer(SDN_2024.split(b"\n", 1)[0] + b"\n")
    failed = cli(test_env, "lists", "fetch", "ofac", ok=False)
    assert "would remove 4 of 5 entities" in failed.stderr
    assert _versions(db, "ofac-sdn") == [1]


def test_ftm_delta_index_over_http_applies_each_newer_delta(
    test_env: dict[str, str], db: Any, publisher: Publisher
) -> None:
    if not YENTE.exists():
        pytest.skip("shared FtM fixtures not available")
    cli(test_env, "lists", "import", "ftm", str(YENTE / "t1"), "--list", "opensanctions")
    index = json.loads((YENTE / "t2" / "delta.json").read_text())
    for version in index["versions"]:
        local = YENTE / "t2" / version / "entities.delta.json"
        # The publisher's URLs map to the local files, served from 127.0.0.1.
        index["versions"][version] = f"{publisher.url}/artifacts/{version}/entities.delta.json"
        if local.exists():
            publisher.files[f"/artifacts/{version}/entities.delta.json"] = Answer(
                local.read_bytes()
            )
    publisher.files["/delta.json"] = Answer(json.dumps(index).encode())
    cli(
        test_env, "lists", "sources", "add", "os", "--list", "opensanctions", "--format",
        "ftm", "--url", f"{publisher.url}/delta.json",
    )  # fmt: skip
    out = cli(test_env, "lists", "fetch", "os").output
    assert "version 2 (+2 -0 ~0)" in out and "version 5 (+1 -0 ~0)" in out
    assert _versions(db, "opensanctions") == [1, 2, 3, 4, 5]
    assert "not modified" in cli(test_env, "lists", "fetch", "os").output
