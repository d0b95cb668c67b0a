"""Alert review end to end in a real browser, on the real app server and Celery worker:
officer A proposes a false positive and cannot confirm it, reviewer B confirms it and
the alert closes; the same name screened again comes back cleared; once a new list
version changes the entity's listing, it alerts again."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from tests.web import test_browser as shared
from tests.web.conftest import LIST_NAME, PASSWORD, Accounts, list_records

# test_browser's fixtures (a module-scoped server, Chromium and a page), used here too.
browser, page, web_server = shared.browser, shared.page, shared.web_server
sync_api = shared.sync_api

SCREENSHOTS = Path("/tmp")


def _log_in(tab: Any, base: str, username: str) -> None:
    tab.goto(f"{base}/login")
    tab.fill("#username", username)
    tab.fill("#password", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{base}/")


def _log_out(tab: Any) -> None:
    tab.click("header.site button:has-text('Log out')")
    tab.wait_for_url(re.compile(r".*/login$"))


def _screen(tab: Any, base: str, name: str) -> Any:
    """Screen ``name`` from the home page and wait for the job; returns its first match."""
    tab.goto(f"{base}/")
    tab.fill("#name", name)
    tab.click("form[action='/screen'] button[type=submit]")
    tab.wait_for_url(re.compile(r".*/jobs/[0-9a-f-]{36}$"))
    sync_api.expect(tab.locator("#job-state")).to_have_text("completed", timeout=60_000)
    return tab.locator("article.match").first


def _new_list_version(db: Any, extra_alias: str) -> None:
    """The next version of the list, with one more name for the Rungra agency."""
    from watchlists.records import NameRecord
    from watchlists.store import import_records

    records = list_records()
    records[0].names.append(NameRecord(extra_alias, "alias", "en", "Latn"))
    with db.session() as session:
        import_records(
            session,
            list_name=LIST_NAME,
            source_format="test",
            records=records,
            source_hash=uuid.uuid4().hex,
            source_files=["test.yaml"],
            imported_by="tester",
        )


def test_four_eyes_clear_a_pair_that_stays_quiet_until_its_listing_changes(
    page: Any,
    web_server: str,
    worker: Any,
    db: Any,
    accounts: Accounts,
    watchlist: str,
) -> None:
    from screening.accounts.users import create_user

    with db.session() as session:
        create_user(session, "rita", "reviewer", PASSWORD)
    expect = sync_api.expect
    base = web_server

    # Officer A screens a name; its potential match is an open alert.
    _log_in(page, base, accounts.officer)
    match = _screen(page, base, "Rungra 888")
    expect(match).to_contain_text("open")
    match.locator("a", has_text=re.compile(r"^Alert #\d+$")).click()
    page.wait_for_url(re.compile(r".*/alerts/\d+$"))
    alert_url = page.url
    expect(page.locator("#listed")).to_contain_text("Рунгра 888")
    expect(page.locator("#listed")).to_contain_text("Panel of Experts report S/2019/171")

    # A proposes a false positive ...
    page.select_option("#decision", "false_positive")
    page.fill("#reason", "Different company: a Vladivostok bakery, registry extract attached.")
    page.click("#decision-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/alerts/\d+#decisions$"))
    expect(page.locator("#alert-status")).to_contain_text("proposed")
    # ... and cannot confirm it: no form for it, and a forged request is refused.
    expect(page.locator("#confirm-form")).to_have_count(0)
    expect(page.locator("#own-proposal")).to_be_visible()
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    forged = page.request.post(f"{alert_url}/confirm", form={"csrf_token": token, "reason": ""})
    assert forged.status == 403
    page.screenshot(path=str(SCREENSHOTS / "screening-alert-proposed.png"), full_page=True)
    _log_out(page)

    # Reviewer B finds it waiting on the home page and confirms it: the alert closes.
    _log_in(page, base, "rita")
    expect(page.locator("#awaiting-me")).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "screening-home-reviewer.png"), full_page=True)
    page.locator("#awaiting-me + table a", has_text="#").first.click()
    page.wait_for_url(alert_url)
    page.fill("#confirm-form input[name=reason]", "Agreed: registry checked.")
    page.click("#confirm-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/alerts/\d+#decisions$"))
    expect(page.locator("#alert-status")).to_contain_text("closed")
    expect(page.locator("#alert-status")).to_contain_text("false positive")
    expect(page.locator("#decision-trail")).to_contain_text("confirmed by rita")
    _log_out(page)

    # The same name screened again comes back cleared, with a link to the decision.
    _log_in(page, base, accounts.officer)
    again = _screen(page, base, "Rungra 888")
    expect(again).to_contain_text("cleared")
    expect(again).to_contain_text("see the decision")
    page.screenshot(path=str(SCREENSHOTS / "screening-alert-cleared.png"), full_page=True)
    again.locator("a", has_text="see the decision").click()
    page.wait_for_url(re.compile(re.escape(alert_url) + "#decisions$"))

    # A new list version changes the entity's listing (one more name): it alerts again.
    _new_list_version(db, "Rungra Trading Co")
    loud = _screen(page, base, "Rungra 888")
    expect(loud).to_contain_text("open")
    expect(loud).not_to_contain_text("cleared")
    expect(loud).to_contain_text("test-labour v2")
    link = loud.locator("a", has_text=re.compile(r"^Alert #\d+$"))
    assert link.get_attribute("href") != alert_url.removeprefix(base)
