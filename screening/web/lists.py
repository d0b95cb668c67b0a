"""The list browser: watchlists, their versions and diffs, entity search and entity pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template, request
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from werkzeug.wrappers import Response

from screening.context import get_session
from screening.web.auth import login_required
from screening.web.forms import FormError, parse_page
from screening.web.pagination import paginate
from watchlists.diffs import version_diff
from watchlists.entities import EntityNotFound, read_entity
from watchlists.models import Entity, EntityName, ListVersion, Watchlist
from watchlists.queries import ListNotFound, get_version, get_watchlist, version_filter

bp = Blueprint("lists", __name__)

ENTITIES_PER_PAGE = 50
MAX_QUERY_LENGTH = 200


@bp.get("/lists")
@login_required
def index() -> str:
    db = get_session()
    watchlists = db.scalars(
        select(Watchlist).options(selectinload(Watchlist.active_version)).order_by(Watchlist.name)
    ).all()
    version_counts = dict(
        db.execute(
            select(ListVersion.watchlist_id, func.count()).group_by(ListVersion.watchlist_id)
        ).all()
    )
    return render_template("lists/index.html", watchlists=watchlists, version_counts=version_counts)


@bp.get("/lists/<name>")
@login_required
def detail(name: str) -> str:
    db = get_session()
    try:
        watchlist = get_watchlist(db, name)
    except ListNotFound as exc:
        raise FormError(str(exc), status=404) from None
    versions = sorted(watchlist.versions, key=lambda v: -v.number)
    shown = _requested_version(db, watchlist)
    query = request.args.get("q", "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise FormError(f"The search is longer than {MAX_QUERY_LENGTH} characters.")
    page = None
    if shown is not None:
        page = paginate(
            db,
            _entity_query(watchlist, shown.number, query),
            parse_page(request.args.get("page")),
            ENTITIES_PER_PAGE,
        )
    return render_template(
        "lists/detail.html",
        watchlist=watchlist,
        versions=versions,
        shown=shown,
        query=query,
        page=page,
    )


def _requested_version(db: Session, watchlist: Watchlist) -> ListVersion | None:
    raw = request.args.get("version", "").strip()
    if not raw:
        return watchlist.active_version
    if not raw.isdigit():
        raise FormError(f"version must be a version number, got {raw[:20]!r}.")
    try:
        return get_version(db, watchlist, int(raw))
    except ListNotFound as exc:
        raise FormError(str(exc)) from None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _entity_query(watchlist: Watchlist, number: int, text: str) -> Any:
    query = (
        select(Entity)
        .where(version_filter(watchlist.id, number))
        .options(selectinload(Entity.names))
        .order_by(Entity.primary_name, Entity.key)
    )
    if text:
        pattern = f"%{_escape_like(text)}%"
        named = select(EntityName.entity_id).where(EntityName.value.ilike(pattern, escape="\\"))
        query = query.where(Entity.id.in_(named) | Entity.primary_name.ilike(pattern, escape="\\"))
    return query


@bp.get("/entities/<path:key>")
@login_required
def entity(key: str) -> str:
    raw = request.args.get("version", "").strip()
    if raw and not raw.isdigit():
        raise FormError(f"version must be a version number, got {raw[:20]!r}.")
    try:
        detail = read_entity(get_session(), key, int(raw) if raw else None)
    except EntityNotFound as exc:
        raise FormError(str(exc), status=404) from None
    return render_template(
        "lists/entity.html",
        entity=detail.entity,
        watchlist=detail.watchlist,
        number=detail.version,
        history=detail.history,
        targets=detail.targets,
        referenced_by=detail.referenced_by,
    )


# --- the diff of any two versions -------------------------------------------------------

DIFF_PER_PAGE = 100


def _version_arg(name: str, default: int | None) -> int:
    raw = request.args.get(name, "").strip()
    if not raw:
        if default is None:
            raise FormError(f"Choose the {name} version.")
        return default
    if not raw.isdigit() or len(raw) > 9:
        raise FormError(f"{name} must be a version number, got {raw[:20]!r}.")
    return int(raw)


def _diff(name: str, limit: int | None) -> tuple[Watchlist, dict[str, Any]]:
    db = get_session()
    try:
        watchlist = get_watchlist(db, name)
    except ListNotFound as exc:
        raise FormError(str(exc), status=404) from None
    active = watchlist.active_version
    newest = active.number if active else None
    new = _version_arg("to", newest)
    old = _version_arg("from", max(1, new - 1))
    page = parse_page(request.args.get("page"))
    try:
        diff = version_diff(db, watchlist, old, new, offset=(page - 1) * (limit or 0), limit=limit)
    except ListNotFound as exc:
        raise FormError(str(exc)) from None
    return watchlist, diff


@bp.get("/lists/<name>/diff")
@login_required
def diff(name: str) -> str:
    """Entities added, removed and changed (with what changed) between two versions."""
    watchlist, found = _diff(name, DIFF_PER_PAGE)
    counts = found["counts"]
    page = parse_page(request.args.get("page"))
    pages = max(1, -(-max(counts.values()) // DIFF_PER_PAGE))
    return render_template(
        "lists/diff.html",
        watchlist=watchlist,
        versions=sorted(watchlist.versions, key=lambda v: -v.number),
        diff=found,
        page=page,
        pages=pages,
    )


@bp.get("/lists/<name>/diff.json")
@login_required
def diff_json(name: str) -> Response:
    """The same diff as JSON, every entity of it."""
    _watchlist, found = _diff(name, None)
    return jsonify(found)
