"""Screening pages: the quick screen, CSV batches, jobs with their explained matches,
and match dispositions."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from werkzeug.wrappers import Response

from screening.alerts.models import DECISION_KINDS
from screening.context import get_queue, get_session, get_settings
from screening.jobs.inputs import ITEM_TYPES, ItemInput, JobInputError, parse_identifier_text
from screening.jobs.reports import job_summary
from screening.jobs.submit import Submission, submit_job
from screening.models import (
    Channel,
    JobStatus,
    MatchResult,
    Outcome,
    ScreeningItem,
    ScreeningJob,
)
from screening.review.decisions import decide_match
from screening.review.effects import send_events
from screening.review.rules import WORK_ROLES, Actor, ReviewError, is_id
from screening.web.alerts import home_dashboard
from screening.web.auth import current_user, login_required
from screening.web.batch_csv import MAX_COUNTRY_LENGTH, BatchFileError, parse_batch_csv
from screening.web.forms import FormError, form_text, parse_page
from screening.web.pagination import paginate
from watchlists.entities import entities_for_matches
from watchlists.models import Entity

bp = Blueprint("screening", __name__)

SUBMIT_ROLES = ("officer", "reviewer")  # and admin; auditors are read-only
JOBS_PER_PAGE = 25
ITEMS_PER_PAGE = 50
FINISHED = JobStatus.finished()
JOB_ID_LENGTH = 36  # a UUID
MAX_BIRTH_DATE_LENGTH = 10  # YYYY-MM-DD
MAX_IDENTIFIERS_LENGTH = 500  # the identifiers field: "imo:9137741; inn:7701234567"


@bp.get("/")
@login_required
def home() -> str:
    user = current_user()
    assert user is not None
    return render_template(
        "screening/home.html",
        item_types=ITEM_TYPES,
        identifiers_max_length=MAX_IDENTIFIERS_LENGTH,
        form={},
        error=None,
        **home_dashboard(user),  # alert review: my alerts, the team's, lists, charts
    )


@bp.post("/screen")
@login_required(role=SUBMIT_ROLES)
def screen() -> Response | tuple[str, int]:
    settings = get_settings()
    form = {
        "name": form_text("name", settings.max_name_length, "The name"),
        "type": form_text("type") or "any",
        "country": form_text("country", MAX_COUNTRY_LENGTH, "Country"),
        "birth_date": form_text("birth_date", MAX_BIRTH_DATE_LENGTH, "Date of birth"),
        "identifiers": form_text("identifiers", MAX_IDENTIFIERS_LENGTH, "Identifiers"),
    }
    try:
        identifiers = parse_identifier_text(form["identifiers"])
    except ValueError as exc:
        return _screen_form_error(form, f"Identifiers: {exc}.")
    item = ItemInput(
        name=form["name"],
        type=form["type"],
        country=form["country"] or None,
        birth_date=form["birth_date"] or None,
        identifiers=identifiers,
    )
    try:
        job = _submit([item], limit=1)
    except JobInputError as exc:
        return _screen_form_error(form, _job_error_message(exc))
    return redirect(url_for("screening.job", job_id=job.id))


def _screen_form_error(form: dict[str, str], message: str) -> tuple[str, int]:
    """The quick-screen form again, as filled in, with what to change."""
    return render_template(
        "screening/home.html",
        item_types=ITEM_TYPES,
        identifiers_max_length=MAX_IDENTIFIERS_LENGTH,
        form=form,
        error=message,
    ), 400


@bp.route("/batch", methods=["GET", "POST"])
@login_required(role=SUBMIT_ROLES)
def batch() -> str | Response | tuple[str, int]:
    settings = get_settings()
    if request.method == "GET":
        return render_template(
            "screening/batch.html", item_types=ITEM_TYPES, error=None, problems=[]
        )
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _batch_error("Choose a CSV file to upload.")
    try:
        items = parse_batch_csv(
            upload.read(),
            max_items=settings.max_batch_items,
            max_name_length=settings.max_name_length,
        )
        job = _submit(items, limit=settings.max_batch_items)
    except BatchFileError as exc:
        return _batch_error(exc.message, exc.problems)
    except JobInputError as exc:
        return _batch_error(_job_error_message(exc))
    return redirect(url_for("screening.job", job_id=job.id))


def _batch_error(message: str, problems: list[str] | None = None) -> tuple[str, int]:
    return render_template(
        "screening/batch.html", item_types=ITEM_TYPES, error=message, problems=problems or []
    ), 400


def _job_error_message(exc: JobInputError) -> str:
    if isinstance(exc.details, list) and exc.details:
        return "; ".join(str(d.get("message", d)) for d in exc.details if isinstance(d, dict))
    return str(exc)


def _submit(items: list[ItemInput], limit: int) -> ScreeningJob:
    user = current_user()
    assert user is not None
    submission = Submission(items=items, channel=Channel.WEB, submitted_by=user.username)
    return submit_job(get_session(), get_queue(), get_settings(), submission, limit).job


@bp.get("/jobs")
@login_required
def jobs() -> str:
    db = get_session()
    page = paginate(
        db,
        select(ScreeningJob).order_by(ScreeningJob.created_at.desc(), ScreeningJob.id),
        parse_page(request.args.get("page")),
        JOBS_PER_PAGE,
    )
    return render_template("screening/jobs.html", page=page)


def _get_job(db: Session, job_id: str) -> ScreeningJob:
    job = db.get(ScreeningJob, job_id) if len(job_id) <= JOB_ID_LENGTH else None
    if job is None:
        raise FormError(f"There is no screening job {job_id[:JOB_ID_LENGTH]!r}.", status=404)
    return job


@bp.get("/jobs/<job_id>")
@login_required
def job(job_id: str) -> str:
    db = get_session()
    found = _get_job(db, job_id)
    only_matches = request.args.get("show") == "matches"
    query = (
        select(ScreeningItem)
        .where(ScreeningItem.job_id == found.id)
        .options(selectinload(ScreeningItem.matches))
        .order_by(ScreeningItem.position)
    )
    if only_matches:
        query = query.where(ScreeningItem.outcome == Outcome.POTENTIAL_MATCH)
    page = paginate(db, query, parse_page(request.args.get("page")), ITEMS_PER_PAGE)
    return render_template(
        "screening/job.html",
        job=found,
        summary=job_summary(found),
        page=page,
        only_matches=only_matches,
        finished=found.status in FINISHED,
        entities=_matched_entities(db, [m for item in page.items for m in item.matches]),
        dispositions=DECISION_KINDS,
    )


@bp.get("/jobs/<job_id>/progress")
@login_required
def progress(job_id: str) -> Response:
    found = _get_job(get_session(), job_id)
    return jsonify({**job_summary(found), "done": found.status in FINISHED})


@bp.get("/jobs/<job_id>/items/<int:position>")
@login_required
def item(job_id: str, position: int) -> str:
    db = get_session()
    found = _get_job(db, job_id)
    row = db.scalar(
        select(ScreeningItem)
        .where(ScreeningItem.job_id == found.id, ScreeningItem.position == position)
        .options(selectinload(ScreeningItem.matches))
    )
    if row is None:
        raise FormError(f"Job {found.id} has no item {position}.", status=404)
    return render_template(
        "screening/item.html",
        job=found,
        item=row,
        entities=_matched_entities(db, row.matches),
        dispositions=DECISION_KINDS,
    )


@bp.post("/matches/<int:match_id>/disposition")
@login_required(role=WORK_ROLES)
def dispose(match_id: int) -> Response:
    """The old per-match disposition: now a proposal on the match's alert (issue 12)."""
    db = get_session()
    match = db.get(MatchResult, match_id) if is_id(match_id) else None
    if match is None:
        raise FormError(f"There is no match {match_id}.", status=404)
    back = url_for("screening.item", job_id=match.item.job_id, position=match.item.position)
    user = current_user()
    assert user is not None
    try:
        decided = decide_match(
            db,
            get_settings(),
            match_id,
            disposition=form_text("disposition"),
            comment=request.form.get("comment", ""),
            actor=Actor(user.username, user.role, Channel.WEB),
        )
    except ReviewError as exc:
        raise FormError(exc.message, status=exc.status, back=back) from exc
    db.commit()
    send_events(get_queue(), decided.webhook_events)
    return redirect(url_for("alerts.alert", alert_id=decided.alert.id))


def _matched_entities(db: Session, matches: list[MatchResult]) -> dict[tuple[str, int], Entity]:
    """The list entries the matches point at, as of the version each match ran against."""
    return entities_for_matches(db, ((m.list_name, m.list_version, m.entity_key) for m in matches))
