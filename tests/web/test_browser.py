"""End to end in a real browser: log in, screen a name, watch the job finish, read and
resolve the match. Runs the real app server on 127.0.0.1 and the real Celery worker."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.web.conftest import PASSWORD, Accounts

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT = Path("/tmp/screening-web-job.png")
HOME_SCREENSHOT = Path("/tmp/screening-web-home.png")

if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="browser tests need the playwright package"
)


@pytest.fixture(scope="module")
def web_server(app: Flask) -> Iterator[str]:
    """The app served by werkzeug on a free local port, in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 1100})
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/")
    assert "/login" in page.url
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_officer_screens_a_name_and_resolves_the_match(
    page: Any, web_server: str, worker: Any, accounts: Accounts, watchlist: str
) -> None:
    expect = sync_api.expect
    _log_in(page, web_server, accounts.officer)

    page.fill("#name", "Rungra 888")
    page.fill("#country", "KP")
    page.fill("#identifiers", "inn:7701234567")
    page.screenshot(path=str(HOME_SCREENSHOT), full_page=True)
    page.click("form[action='/screen'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/jobs/[0-9a-f-]{36}$"))

    # progress.js polls, then reloads the page with the results once the job is done.
    expect(page.locator("#job-state")).to_have_text("completed", timeout=60_000)
    match = page.locator("article.match").first
    expect(match).to_contain_text("Rungra 888")
    expect(match).to_contain_text("Why this matched")
    expect(match).to_contain_text("test-labour v1")
    expect(page.locator("#job-progress")).to_have_attribute("value", "1.0")
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # The match's decision is a proposal on its alert (issue 12); the officer lands there.
    match.locator("select[name=disposition]").select_option("false_positive")
    match.locator("input[name=comment]").fill("Different company; checked the registry.")
    match.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/alerts/\d+$"))
    expect(page.locator("#alert-status")).to_contain_text("proposed")
    expect(page.locator("#decision-trail")).to_contain_text("checked the registry")

    page.go_back()
    page.locator("article.match a", has_text="Rungra 888 General Trading").first.click()
    expect(page.locator("h1")).to_have_text("Rungra 888 General Trading")
    expect(page.locator("#provenance")).to_contain_text("Panel of Experts report S/2019/171")


def test_auditor_browses_read_only_and_downloads_the_log(
    page: Any, web_server: str, accounts: Accounts, watchlist: str
) -> None:
    expect = sync_api.expect
    _log_in(page, web_server, accounts.auditor)
    expect(page.locator("#name")).to_have_count(0)
    page.click("nav >> text=Audit")
    expect(page.locator("#chain-status")).to_contain_text("Verified")
    with page.expect_download() as download_info:
        page.click("text=Download JSON Lines")
    assert download_info.value.suggested_filename.endswith(".jsonl")
    page.click("nav >> text=Lists")
    page.click("text=test-labour")
    page.fill("#q", "ministry")
    page.click("form.search button")
    expect(page.locator("table.data").last).to_contain_text("Ministry of External Economic")


def test_the_api_docs_show_the_right_example_for_each_error(page: Any, web_server: str) -> None:
    expect = sync_api.expect
    page.goto(f"{web_server}/api/docs#error-idempotency_conflict")
    conflict = page.locator("#error-idempotency_conflict")
    expect(conflict).to_be_visible()
    expect(page.locator("#errors")).to_contain_text('"code": "idempotency_conflict"')
    submit = page.locator("#submit_screening")
    expect(submit).to_contain_text("401 — Missing, unknown or revoked API key (Unauthorized)")
    expect(submit).to_contain_text('"code": "unauthorized"')
    expect(submit).to_contain_text('"code": "validation_error"')
    expect(submit).to_contain_text("Idempotent-Replayed, Location, RateLimit-Limit")
    lists = page.locator("#list_lists")
    expect(lists).not_to_contain_text('"code": "validation_error"')
    expect(page.locator("[id='webhook-alert.opened']")).to_contain_text("X-Screening-Delivery")
