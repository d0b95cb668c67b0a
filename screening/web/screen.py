"""Screening pages: the quick screen, CSV batches, jobs with their explained matches,
and match dispositions."""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from werkzeug.wrappers import Response

from screening.audit import record_event
from screening.context import get_session, get_settings
from screening.db import utcnow
from screening.jobs import (
    ITEM_TYPES,
    ItemInput,
    JobInputError,
    create_job,
    effective_threshold,
    enqueue_job,
    job_summary,
    validate_items,
)
from screening.models import DISPOSITIONS, MatchResult, ScreeningItem, ScreeningJob
from screening.web.auth import current_user, login_required
from screening.web.batch_csv import MAX_COUNTRY_LENGTH, BatchFileError, parse_batch_csv
from screening.web.forms import FormError, form_text, parse_page
from screening.web.pagination import paginate
from watchlists.models import Entity, Watchlist
from watchlists.store import version_filter

log = logging.getLogger(__name__)

bp = Blueprint("screening", __name__)

SUBMIT_ROLE = "officer"  # and admin; auditors are read-only
JOBS_PER_PAGE = 25
ITEMS_PER_PAGE = 50
MAX_COMMENT_LENGTH = 4000
FINISHED = ("completed", "failed")
JOB_ID_LENGTH = 36  # a UUID


@bp.get("/")
@login_required
def home() -> str:
    return render_template("screening/home.html", item_types=ITEM_TYPES, form={}, error=None)


@bp.post("/screen")
@login_required(role=SUBMIT_ROLE)
def screen() -> Response | tuple[str, int]:
    settings = get_settings()
    form = {
        "name": form_text("name", settings.max_name_length, "The name"),
        "type": form_text("type") or "any",
        "country": form_text("country", MAX_COUNTRY_LENGTH, "Country"),
    }
    item = ItemInput(name=form["name"], type=form["type"], country=form["country"] or None)
    try:
        validate_items([item], settings, 1)
        job = _submit([item])
    except JobInputError as exc:
        message = _job_error_message(exc)
        return render_template(
            "screening/home.html", item_types=ITEM_TYPES, form=form, error=message
        ), 400
    return redirect(url_for("screening.job", job_id=job.id))


@bp.route("/batch", methods=["GET", "POST"])
@login_required(role=SUBMIT_ROLE)
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
        job = _submit(items)
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


def _submit(items: list[ItemInput]) -> ScreeningJob:
    """Persist the job first, then enqueue it: a lost message never loses a submission."""
    settings = get_settings()
    user = current_user()
    assert user is not None
    db = get_session()
    job = create_job(
        db,
        items=items,
        channel="web",
        submitted_by=user.username,
        threshold=effective_threshold(settings, None),
    )
    db.commit()
    try:
        enqueue_job(current_app.extensions["celery"], job, settings.chunk_size)
    except Exception:
        # The job is saved; the reconciler re-enqueues it once the broker is back.
        log.exception("could not enqueue job %s", job.id)
    else:
        job.enqueued_at = utcnow()
        db.commit()
    return job


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
        query = query.where(ScreeningItem.outcome == "potential_match")
    page = paginate(db, query, parse_page(request.args.get("page")), ITEMS_PER_PAGE)
    return render_template(
        "screening/job.html",
        job=found,
        summary=job_summary(found),
        page=page,
        only_matches=only_matches,
        finished=found.status in FINISHED,
        entities=_matched_entities(db, [m for item in page.items for m in item.matches]),
        dispositions=DISPOSITIONS,
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
        dispositions=DISPOSITIONS,
    )


@bp.post("/matches/<int:match_id>/disposition")
@login_required(role=SUBMIT_ROLE)
def dispose(match_id: int) -> Response:
    db = get_session()
    match = db.get(MatchResult, match_id)
    if match is None:
        raise FormError(f"There is no match {match_id}.", status=404)
    item_row = match.item
    back = url_for("screening.item", job_id=item_row.job_id, position=item_row.position)
    disposition = form_text("disposition")
    comment = request.form.get("comment", "").strip()
    if disposition not in DISPOSITIONS:
        raise FormError(f"Choose one of: {', '.join(DISPOSITIONS)}.", back=back)
    if not comment:
        raise FormError(
            "A comment is required: say why you resolved the match this way.", back=back
        )
    if len(comment) > MAX_COMMENT_LENGTH or "\x00" in comment:
        raise FormError(
            f"The comment must be at most {MAX_COMMENT_LENGTH} characters of text.", back=back
        )
    user = current_user()
    assert user is not None
    old = {
        "disposition": match.disposition,
        "comment": match.disposition_comment,
        "disposed_by": match.disposed_by,
    }
    match.disposition = disposition
    match.disposition_comment = comment
    match.disposed_by = user.username
    match.disposed_at = utcnow()
    record_event(
        db,
        actor=user.username,
        channel="web",
        action="match.disposition",
        object_type="match",
        object_id=str(match.id),
        payload={
            "job_id": item_row.job_id,
            "position": item_row.position,
            "entity_id": match.entity_key,
            "list": match.list_name,
            "list_version": match.list_version,
            "old": old,
            "new": {"disposition": disposition, "comment": comment, "disposed_by": user.username},
        },
    )
    db.commit()
    return redirect(f"{back}#match-{match.id}")


def _matched_entities(db: Session, matches: list[MatchResult]) -> dict[tuple[str, int], Entity]:
    """The list entries the matches point at, as of the version each match ran against."""
    wanted: dict[tuple[str, int], set[str]] = defaultdict(set)
    for match in matches:
        wanted[(match.list_name, match.list_version)].add(match.entity_key)
    found: dict[tuple[str, int], Entity] = {}
    for (list_name, number), keys in wanted.items():
        watchlist_id = db.scalar(select(Watchlist.id).where(Watchlist.name == list_name))
        if watchlist_id is None:
            continue
        rows: Any = db.scalars(
            select(Entity)
            .where(Entity.key.in_(keys), version_filter(watchlist_id, number))
            .options(selectinload(Entity.sources))
        )
        for row in rows:
            found[(row.key, number)] = row
    return found
