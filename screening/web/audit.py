"""Audit pages: the screening log download and the audit chain's verification."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from flask import Blueprint, Response, render_template, request
from sqlalchemy import select

from foundation.audit import AuditAction, AuditEvent, record_event, verify_chain
from foundation.audit.exports import (
    csv_lines,
    csv_with_head,
    head_headers,
    jsonl_lines,
    jsonl_with_head,
)
from foundation.audit.head import current_statement, head_hmac, head_key
from screening.context import get_database, get_session, get_settings
from screening.jobs.log import LOG_COLUMNS, log_rows
from screening.models import Channel
from screening.web.auth import current_user, login_required
from screening.web.forms import FormError, parse_day

bp = Blueprint("audit", __name__)

AUDIT_ROLE = "auditor"  # and admin
DEFAULT_RANGE_DAYS = 30
RECENT_EVENTS = 50
FORMATS = {
    "csv": ("text/csv; charset=utf-8", lambda rows: csv_lines(rows, LOG_COLUMNS)),
    "jsonl": ("application/x-ndjson; charset=utf-8", jsonl_lines),
}
# Each file ends with the audit chain head it was exported at, keyed.
WITH_HEAD = {"csv": csv_with_head, "jsonl": jsonl_with_head}


def _date_range() -> tuple[date, date]:
    """The requested [from, to] days, both inclusive; the last 30 days by default."""
    today = datetime.now(UTC).date()
    raw_from, raw_to = request.args.get("from"), request.args.get("to")
    start = parse_day(raw_from, "from") if raw_from else today - timedelta(days=DEFAULT_RANGE_DAYS)
    end = parse_day(raw_to, "to") if raw_to else today
    if start > end:
        raise FormError(f"The from date ({start}) is after the to date ({end}).")
    return start, end


def _page(start: date | str, end: date | str, error: str | None) -> str:
    events = (
        get_session()
        .scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(RECENT_EVENTS))
        .all()
    )
    # verify_chain detaches what it reads, so it gets a session of its own.
    with get_database().session() as chain_session:
        chain = verify_chain(chain_session)
    head_mac = head_hmac(chain.head, head_key(get_settings())) if chain.head else None
    return render_template(
        "audit/index.html",
        start=start,
        end=end,
        error=error,
        chain=chain,
        head_mac=head_mac,
        events=events,
    )


@bp.get("/audit")
@login_required(role=AUDIT_ROLE)
def index() -> str | tuple[str, int]:
    try:
        start, end = _date_range()
    except FormError as exc:
        return _page(request.args.get("from", ""), request.args.get("to", ""), exc.message), 400
    return _page(start, end, None)


@bp.get("/audit/screening-log.<fmt>")
@login_required(role=AUDIT_ROLE)
def export(fmt: str) -> Response | tuple[str, int]:
    if fmt not in FORMATS:
        raise FormError(f"Unknown format {fmt[:10]!r}; choose csv or jsonl.", status=404)
    try:
        start, end = _date_range()
    except FormError as exc:
        return _page(request.args.get("from", ""), request.args.get("to", ""), exc.message), 400
    user = current_user()
    assert user is not None
    db = get_session()
    record_event(
        db,
        actor=user.username,
        channel=Channel.WEB,
        action=AuditAction.AUDIT_EXPORT,
        object_type="screening_log",
        object_id=f"{start}..{end}",
        payload={"format": fmt, "from": str(start), "to": str(end)},
    )
    db.commit()
    # Sealed first, so the head stated includes this export's own event.
    statement = current_statement(get_database(), get_settings())
    content_type, serialize = FORMATS[fmt]
    rows = log_rows(
        get_database(),
        datetime.combine(start, time.min, UTC),
        datetime.combine(end + timedelta(days=1), time.min, UTC),
    )
    body: Iterator[str] = WITH_HEAD[fmt](serialize(rows), statement)
    return Response(
        body,
        content_type=content_type,
        headers={
            "Content-Disposition": f'attachment; filename="screening-log-{start}-{end}.{fmt}"',
            "Cache-Control": "no-store",
            **head_headers(statement),
        },
    )
