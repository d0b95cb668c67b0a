"""Alert review pages: the work queue, the alert page with its decision forms, and the
home page's dashboard (my alerts, the team's oldest, list freshness, charts).

Views parse the form, call one review service, commit, and redirect back to the
page (so a reload never posts twice). Every role reads; who may change what is
decided in ``screening.review.rules``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from foundation.db import as_utc, utcnow
from screening.alerts.models import ALERT_REASONS, ALERT_STATUSES, DECISION_KINDS
from screening.context import get_queue, get_session, get_settings
from screening.models import Channel, User
from screening.review.alert_view import load_alert_view
from screening.review.dashboard import load_dashboard
from screening.review.decisions import confirm_decision, propose_decision, reject_decision
from screening.review.effects import send_events
from screening.review.queue import SORT_LABELS, parse_queue_filter, queue_query
from screening.review.rules import (
    CONFIRM_ROLES,
    WORK_ROLES,
    Actor,
    ReviewError,
    may_confirm,
    may_work,
)
from screening.review.work import assign_alerts, assignable_users, comment_on_alert
from screening.web.auth import current_user, login_required
from screening.web.charts import bar_chart, line_chart
from screening.web.forms import FormError, form_text, parse_page, safe_next
from screening.web.pagination import paginate
from watchlists.models import Watchlist

bp = Blueprint("alerts", __name__)

PER_PAGE_CHOICES = (25, 50, 100, 200)
DEFAULT_PER_PAGE = 50
ME = "me"


@bp.app_template_filter("age")
def _age(moment: datetime | None) -> str:
    """How long ago, roughly: '3 d', '5 h', '12 min'."""
    if moment is None:
        return ""
    seconds = max(0, int((utcnow() - as_utc(moment)).total_seconds()))
    if seconds >= 86_400:
        return f"{seconds // 86_400} d"
    if seconds >= 3_600:
        return f"{seconds // 3_600} h"
    return f"{seconds // 60} min"


def _actor() -> Actor:
    user = current_user()
    assert user is not None
    return Actor(user.username, user.role, Channel.WEB)


def _back(alert_id: int, anchor: str = "") -> str:
    return url_for("alerts.alert", alert_id=alert_id) + (f"#{anchor}" if anchor else "")


def _per_page(raw: str | None) -> int:
    if not raw:
        return DEFAULT_PER_PAGE
    if not raw.isascii() or not raw.isdigit() or int(raw) not in PER_PAGE_CHOICES:
        raise FormError(f"per_page must be one of {', '.join(map(str, PER_PAGE_CHOICES))}.")
    return int(raw)


@bp.get("/alerts")
@login_required
def queue() -> str:
    user = current_user()
    assert user is not None
    try:
        wanted = parse_queue_filter(request.args, user.username)
    except ReviewError as exc:
        raise FormError(exc.message, status=exc.status, back=url_for("alerts.queue")) from None
    per_page = _per_page(request.args.get("per_page"))
    db = get_session()
    page = paginate(db, queue_query(wanted), parse_page(request.args.get("page")), per_page)
    return render_template(
        "alerts/queue.html",
        page=page,
        wanted=wanted,
        per_page=per_page,
        per_page_choices=PER_PAGE_CHOICES,
        statuses=ALERT_STATUSES,
        reasons=ALERT_REASONS,
        sorts=SORT_LABELS,
        lists=db.scalars(select(Watchlist.name).order_by(Watchlist.name)).all(),
        assignees=assignable_users(db),
        can_work=may_work(user.role),
        page_args={**wanted.query_args(), "per_page": per_page},
    )


@bp.post("/alerts/assign")
@login_required(role=WORK_ROLES)
def assign_many() -> Response:
    """Bulk assign: every checked ``alert_id`` to ``assignee`` (``me``, a username, or none)."""
    back = safe_next(request.form.get("next"), url_for("alerts.queue"))
    ids = []
    for raw in request.form.getlist("alert_id"):
        if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
            raise FormError(f"alert_id must be an alert number, got {raw[:20]!r}.", back=back)
        ids.append(int(raw))
    _assign(ids, back)
    return redirect(back)


def _assign(ids: list[int], back: str) -> None:
    actor = _actor()
    assignee = form_text("assignee", 128, "The assignee")
    if assignee == ME:
        assignee = actor.username
    db = get_session()
    try:
        assign_alerts(db, ids, assignee or None, actor)
    except ReviewError as exc:
        raise FormError(exc.message, status=exc.status, back=back) from None
    db.commit()


@bp.get("/alerts/<int:alert_id>")
@login_required
def alert(alert_id: int) -> str:
    user = current_user()
    assert user is not None
    db = get_session()
    try:
        view = load_alert_view(db, alert_id)
    except ReviewError as exc:
        raise FormError(exc.message, status=exc.status, back=url_for("alerts.queue")) from None
    return render_template(
        "alerts/alert.html",
        view=view,
        alert=view.alert,
        decisions=DECISION_KINDS,
        can_work=may_work(user.role),
        can_confirm=may_confirm(user.role),
        assignees=assignable_users(db),
        four_eyes=get_settings().four_eyes,
    )


@bp.post("/alerts/<int:alert_id>/decision")
@login_required(role=WORK_ROLES)
def decide(alert_id: int) -> Response:
    db = get_session()
    try:
        decided = propose_decision(
            db,
            get_settings(),
            alert_id,
            form_text("decision", 32, "The decision"),
            request.form.get("reason", ""),
            _actor(),
        )
    except ReviewError as exc:
        raise FormError(exc.message, status=exc.status, back=_back(alert_id)) from None
    db.commit()
    send_events(get_queue(), decided.webhook_events)
    return redirect(_back(alert_id, "decisions"))


@bp.post("/alerts/<int:alert_id>/confirm")
@login_required(role=CONFIRM_ROLES)
def confirm(alert_id: int) -> Response:
    db = get_session()
    try:
        decided = confirm_decision(
            db, get_settings(), alert_id, _actor(), note=request.form.get("reason", "")
        )
    except ReviewError as exc:
        raise FormError(exc.message, status=exc.status, back=_back(alert_id)) from None
    db.commit()
    send_events(get_queue(), decided.webhook_events)
    return redirect(_back(alert_id, "decisions"))


@bp.post("/alerts/<int:alert_id>/reject")
@login_required(role=CONFIRM_ROLES)
def reject(alert_id: int) -> Response:
    db = get_session()
    try:
        reject_decision(db, alert_id, _actor(), request.form.get("reason", ""))
    except ReviewError as exc:
        raise FormError(exc.message, status=exc.status, back=_back(alert_id)) from None
    db.commit()
    return redirect(_back(alert_id, "decisions"))


@bp.post("/alerts/<int:alert_id>/assign")
@login_required(role=WORK_ROLES)
def assign(alert_id: int) -> Response:
    back = safe_next(request.form.get("next"), _back(alert_id))
    _assign([alert_id], back)
    return redirect(back)


@bp.post("/alerts/<int:alert_id>/comment")
@login_required(role=WORK_ROLES)
def comment(alert_id: int) -> Response:
    db = get_session()
    try:
        comment_on_alert(db, alert_id, request.form.get("comment", ""), _actor())
    except ReviewError as exc:
        raise FormError(exc.message, status=exc.status, back=_back(alert_id)) from None
    db.commit()
    return redirect(_back(alert_id, "history"))


def home_dashboard(user: User) -> dict[str, Any]:
    """What the home page shows about alerts and lists, charts drawn."""
    dashboard = load_dashboard(get_session(), user.username, user.role)
    series = dashboard.series
    return {
        "dashboard": dashboard,
        "can_work": may_work(user.role),
        "total_chart": bar_chart(series.days, series.total, "Open alerts at the end of each day"),
        "list_chart": line_chart(series.days, series.per_list, "Open alerts per list"),
    }
