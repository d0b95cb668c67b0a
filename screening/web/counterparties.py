"""Counterparty pages: the register with search and filters, a counterparty with its
history and alerts, and the CSV upload."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from screening.alerts.models import COUNTERPARTY_TYPES, Alert, AlertStatus, CounterpartyChange
from screening.context import get_database, get_queue, get_session, get_settings
from screening.models import Channel
from screening.monitoring.files import COLUMNS
from screening.monitoring.imports import import_counterparty_file
from screening.monitoring.listing import (
    STATUSES,
    CounterpartyFilter,
    CounterpartyFilterError,
    counterparties_query,
)
from screening.monitoring.register import CounterpartyNotFound, get_counterparty
from screening.monitoring.triggers import announce_change
from screening.web.auth import current_user, login_required
from screening.web.forms import FormError, parse_page
from screening.web.pagination import Page

bp = Blueprint("counterparties", __name__)

PER_PAGE = 50
UPLOAD_ROLE = "officer"  # and admin; auditors read only
REJECTS_SHOWN = 200


def _filters() -> CounterpartyFilter:
    args = request.args
    kind = args.get("type", "").strip() or None
    if kind is not None and kind not in COUNTERPARTY_TYPES:
        raise FormError(f"type must be one of {', '.join(COUNTERPARTY_TYPES)}.")
    country = args.get("country", "").strip() or None
    if country is not None and (len(country) != 2 or not country.isalpha()):
        raise FormError("country must be a two-letter ISO 3166 code, e.g. RU.")
    status = args.get("status", "active").strip() or "active"
    if status not in STATUSES:
        raise FormError(f"status must be one of {', '.join(STATUSES)}.")
    return CounterpartyFilter(
        search=args.get("q", "").strip(),
        status=status,
        type=kind,
        country=country,
        with_alerts=args.get("alerts") == "open",
    )


@bp.get("/counterparties")
@login_required
def index() -> str:
    filters = _filters()
    try:
        query = counterparties_query(filters)
    except CounterpartyFilterError as exc:
        raise FormError(str(exc)) from None
    db = get_session()
    number = parse_page(request.args.get("page"))
    total = db.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = db.execute(query.limit(PER_PAGE).offset((number - 1) * PER_PAGE)).all()
    return render_template(
        "counterparties/index.html",
        page=Page(list(rows), number, PER_PAGE, total),
        filters=filters,
        types=COUNTERPARTY_TYPES,
        statuses=STATUSES,
    )


@bp.route("/counterparties/upload", methods=["GET", "POST"])
@login_required(role=UPLOAD_ROLE)
def upload() -> str | tuple[str, int]:
    if request.method == "GET":
        return render_template("counterparties/upload.html", columns=COLUMNS, error=None)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template(
            "counterparties/upload.html", columns=COLUMNS, error="Choose a file to upload."
        ), 400
    user = current_user()
    assert user is not None
    settings = get_settings()
    summary = import_counterparty_file(
        get_database(),
        upload.stream,
        upload.filename,
        settings,
        actor=user.username,
        channel=Channel.WEB,
    )
    if summary.changed:
        announce_change(get_queue(), settings, f"counterparties:{upload.filename[:64]}")
    nothing = not (summary.created or summary.updated or summary.unchanged)
    status = 400 if summary.stopped and nothing else 200
    return render_template(
        "counterparties/imported.html",
        summary=summary,
        filename=upload.filename,
        rejects=summary.rejects[:REJECTS_SHOWN],
    ), status


@bp.get("/counterparties/<path:reference>")
@login_required
def detail(reference: str) -> str:
    db = get_session()
    try:
        counterparty = get_counterparty(db, reference)
    except CounterpartyNotFound as exc:
        raise FormError(str(exc), status=404) from None
    history = db.scalars(
        select(CounterpartyChange)
        .where(CounterpartyChange.counterparty_id == counterparty.id)
        .order_by(CounterpartyChange.version.desc())
    ).all()
    alerts = db.scalars(
        select(Alert)
        .where(Alert.counterparty_id == counterparty.id)
        .options(selectinload(Alert.events))
        .order_by((Alert.status == AlertStatus.CLOSED).asc(), Alert.opened_at.desc())
    ).all()
    return render_template(
        "counterparties/detail.html",
        counterparty=counterparty,
        history=history,
        alerts=alerts,
        screenings=_screenings(alerts),
    )


def _screenings(alerts: list[Alert]) -> list[dict[str, Any]]:
    """Every screening that found something, from the alerts' events, newest first."""
    rows = []
    for alert in alerts:
        for event in alert.events:
            if event.kind in ("raised", "screened", "closed"):
                rows.append(
                    {"at": event.at, "kind": event.kind, "alert": alert, "data": event.data}
                )
    return sorted(rows, key=lambda r: r["at"], reverse=True)
