"""The counterparty register: create, change, deactivate and import, versioned and audited.

A counterparty is keyed by its ``reference`` (the ERP's own id). Every change
raises its ``version`` and writes a ``CounterpartyChange`` (what changed, when,
by whom, through which channel); a change to what screening uses (name, type,
country, birth date, identifiers) also changes its ``data_hash``, so the
monitor screens it again and a clearance of it lapses. An upsert of the same
data changes nothing: imports are idempotent.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Table, bindparam, select, update
from sqlalchemy.orm import Session

from foundation.audit import AuditAction, record_event
from foundation.db import iso, utcnow
from foundation.text import is_storable_text
from screening.alerts.models import (
    COUNTERPARTY_TYPES,
    Counterparty,
    CounterpartyChange,
    CounterpartyType,
)
from screening.alerts.subjects import counterparty_data_hash
from watchlists.countries import COUNTRY_NAMES, country_code

FIELDS = ("name", "type", "country", "birth_date", "identifiers")
REFERENCE_MAX = 256
IDENTIFIER_TYPE = re.compile(r"^[a-z0-9][a-z0-9_]{0,31}$")
IDENTIFIER_VALUE_MAX = 128
IDENTIFIERS_MAX = 20
# Rows written per statement batch.
BATCH = 2_000


class CounterpartyInputError(ValueError):
    """The counterparty cannot be accepted; ``problems`` names each bad field."""

    def __init__(self, problems: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{p['field']}: {p['message']}" for p in problems))
        self.problems = problems


class CounterpartyNotFound(LookupError):
    pass


@dataclass(frozen=True)
class CounterpartyInput:
    """A checked counterparty, as the register stores it."""

    reference: str
    name: str
    type: str = CounterpartyType.ANY
    country: str | None = None
    birth_date: str | None = None
    identifiers: tuple[tuple[str, str], ...] = ()
    active: bool = True

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "country": self.country,
            "birth_date": self.birth_date,
            "identifiers": [{"type": t, "value": v} for t, v in self.identifiers],
        }

    def data_hash(self) -> str:
        values = self.values()
        return counterparty_data_hash(
            values["name"],
            values["type"],
            values["country"],
            values["birth_date"],
            values["identifiers"],
        )


# --- checking input -------------------------------------------------------------------


def _text(raw: Any, name: str, problems: list[dict[str, str]]) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        problems.append({"field": name, "message": f"{name} must be text"})
        return None
    text = " ".join(raw.split())
    if not is_storable_text(text):
        problems.append(
            {"field": name, "message": "holds a NUL character or text that is not UTF-8"}
        )
        return None
    return text or None


def _country(text: str | None, problems: list[dict[str, str]]) -> str | None:
    if text is None:
        return None
    if len(text) == 2 and text.isalpha() and text.lower() in COUNTRY_NAMES:
        return text.lower()
    code = country_code(text)
    if code is None:
        problems.append(
            {
                "field": "country",
                "message": f"country {text[:40]!r} is not an ISO 3166 code or a country name",
            }
        )
    return code


def _birth_date(text: str | None, problems: list[dict[str, str]]) -> str | None:
    if text is None:
        return None
    try:
        if re.fullmatch(r"\d{4}", text):
            return text
        if re.fullmatch(r"\d{4}-\d{2}", text):
            date.fromisoformat(f"{text}-01")
            return text
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            date.fromisoformat(text)
            return text
    except ValueError:
        pass
    problems.append(
        {
            "field": "birth_date",
            "message": f"birth_date {text[:20]!r} is not YYYY, YYYY-MM or YYYY-MM-DD",
        }
    )
    return None


def parse_identifiers(raw: Any, problems: list[dict[str, str]]) -> tuple[tuple[str, str], ...]:
    """``[{"type": "imo", "value": "9292211"}]`` or ``"imo:9292211;inn:7702013180"``."""
    if raw is None or raw == "":
        return ()
    pairs: list[tuple[Any, Any]] = []
    if isinstance(raw, str):
        for item in raw.split(";"):
            if not item.strip():
                continue
            kind, sep, value = item.partition(":")
            if not sep:
                problems.append(
                    {
                        "field": "identifiers",
                        "message": f"identifier {item.strip()[:40]!r} is not type:value",
                    }
                )
                return ()
            pairs.append((kind, value))
    elif isinstance(raw, list):
        for item in raw:
            if not isinstance(item, Mapping) or set(item) - {"type", "value"}:
                problems.append(
                    {
                        "field": "identifiers",
                        "message": 'identifiers must be objects {"type": ..., "value": ...}',
                    }
                )
                return ()
            pairs.append((item.get("type"), item.get("value")))
    else:
        problems.append(
            {"field": "identifiers", "message": "identifiers must be a list or type:value;..."}
        )
        return ()
    out: list[tuple[str, str]] = []
    for kind, value in pairs:
        kind = str(kind or "").strip().lower().replace(" ", "_")
        value = " ".join(str(value or "").split())
        if not IDENTIFIER_TYPE.match(kind) or not value:
            problems.append(
                {
                    "field": "identifiers",
                    "message": "each identifier needs a type (letters, digits, _; up to 32) "
                    "and a value",
                }
            )
            return ()
        if len(value) > IDENTIFIER_VALUE_MAX or not is_storable_text(value):
            problems.append(
                {
                    "field": "identifiers",
                    "message": f"identifier values are at most {IDENTIFIER_VALUE_MAX} characters",
                }
            )
            return ()
        if (kind, value) not in out:
            out.append((kind, value))
    if len(out) > IDENTIFIERS_MAX:
        problems.append(
            {"field": "identifiers", "message": f"at most {IDENTIFIERS_MAX} identifiers"}
        )
        return ()
    return tuple(sorted(out))


def parse_counterparty(
    raw: Mapping[str, Any], *, max_name_length: int, reference: str | None = None
) -> CounterpartyInput:
    """Check one counterparty (a CSV row, a JSON object); raises CounterpartyInputError."""
    problems: list[dict[str, str]] = []
    unknown = sorted(set(raw) - {"reference", "active", *FIELDS})
    if unknown:
        problems.append({"field": unknown[0], "message": f"unknown field(s): {', '.join(unknown)}"})
    ref = reference if reference is not None else _text(raw.get("reference"), "reference", problems)
    if ref is not None:
        ref = ref.strip()
    if not ref:
        problems.append({"field": "reference", "message": "reference is empty"})
    elif any(ch < " " or "\x7f" <= ch <= "\x9f" for ch in ref):
        problems.append(
            {
                "field": "reference",
                "message": "reference holds a control character (line feed, tab...)",
            }
        )
    elif len(ref) > REFERENCE_MAX:
        problems.append(
            {
                "field": "reference",
                "message": f"reference is longer than {REFERENCE_MAX} characters",
            }
        )
    name = _text(raw.get("name"), "name", problems)
    if not name:
        if not any(p["field"] == "name" for p in problems):
            problems.append({"field": "name", "message": "name is empty"})
    elif len(name) > max_name_length:
        problems.append(
            {"field": "name", "message": f"name is longer than {max_name_length} characters"}
        )
    kind = (_text(raw.get("type"), "type", problems) or CounterpartyType.ANY).lower()
    if kind not in COUNTERPARTY_TYPES:
        problems.append(
            {
                "field": "type",
                "message": f"type {kind[:30]!r} is not one of {', '.join(COUNTERPARTY_TYPES)}",
            }
        )
    country = _country(_text(raw.get("country"), "country", problems), problems)
    birth = _birth_date(_text(raw.get("birth_date"), "birth_date", problems), problems)
    identifiers = parse_identifiers(raw.get("identifiers"), problems)
    active = raw.get("active", True)
    if not isinstance(active, bool):
        problems.append({"field": "active", "message": "active must be true or false"})
    if problems:
        raise CounterpartyInputError(problems)
    assert ref is not None and name is not None
    return CounterpartyInput(ref, name, kind, country, birth, identifiers, bool(active))


# --- writing ----------------------------------------------------------------------------


@dataclass
class UpsertOutcome:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    # reference -> {"field": [old, new]} of what changed (creations included)
    changes: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)

    def merge(self, other: UpsertOutcome) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.changes.update(other.changes)
        self.ids.update(other.ids)


def _stored(row: Any) -> dict[str, Any]:
    return {
        "name": row.name,
        "type": row.type,
        "country": row.country,
        "birth_date": row.birth_date,
        "identifiers": list(row.identifiers or []),
        "active": row.active,
    }


def _apply(
    session: Session,
    inputs: Sequence[CounterpartyInput],
    *,
    actor: str,
    channel: str,
    api_key_id: int | None,
) -> UpsertOutcome:
    """Create or change counterparties (references unique in ``inputs``). Caller commits."""
    outcome = UpsertOutcome()
    now = utcnow()
    for start in range(0, len(inputs), BATCH):
        batch = inputs[start : start + BATCH]
        existing = {
            row.reference: row
            for row in session.execute(
                select(
                    Counterparty.id,
                    Counterparty.reference,
                    Counterparty.name,
                    Counterparty.type,
                    Counterparty.country,
                    Counterparty.birth_date,
                    Counterparty.identifiers,
                    Counterparty.active,
                    Counterparty.version,
                    Counterparty.data_hash,
                    Counterparty.api_key_id,
                ).where(Counterparty.reference.in_([i.reference for i in batch]))
            )
        }
        new_rows: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        change_rows: list[dict[str, Any]] = []
        for item in batch:
            data_hash = item.data_hash()
            values = item.values()
            row = existing.get(item.reference)
            if row is None:
                new_rows.append(
                    {
                        "reference": item.reference,
                        **values,
                        "active": item.active,
                        "blocked": False,
                        "api_key_id": api_key_id,
                        "version": 1,
                        "data_hash": data_hash,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                changes = {k: [None, v] for k, v in values.items() if v not in (None, [])}
                changes["active"] = [None, item.active]
                outcome.changes[item.reference] = changes
                continue
            outcome.ids[item.reference] = row.id
            before = _stored(row)
            after = {**values, "active": item.active}
            diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
            if not diff:
                outcome.unchanged += 1
                continue
            version = row.version + 1
            updates.append(
                {
                    "b_id": row.id,
                    **{f"b_{k}": v for k, v in values.items()},
                    "b_active": item.active,
                    "b_version": version,
                    "b_data_hash": data_hash,
                    "b_updated_at": now,
                    "b_api_key_id": row.api_key_id if row.api_key_id is not None else api_key_id,
                }
            )
            change_rows.append(_change_row(row.id, version, now, actor, channel, diff))
            outcome.updated.append(item.reference)
            outcome.changes[item.reference] = diff
        if new_rows:
            # A plain executemany, then the ids by reference: RETURNING with many rows
            # costs more than the second query on SQLite.
            _insert_rows(session, Counterparty.__table__, new_rows)
            ids = dict(
                session.execute(
                    select(Counterparty.reference, Counterparty.id).where(
                        Counterparty.reference.in_([r["reference"] for r in new_rows])
                    )
                ).all()
            )
            for values in new_rows:
                reference = values["reference"]
                outcome.ids[reference] = ids[reference]
                outcome.created.append(reference)
                change_rows.append(
                    _change_row(ids[reference], 1, now, actor, channel, outcome.changes[reference])
                )
        if updates:
            table = Counterparty.__table__
            session.execute(
                table.update()
                .where(table.c.id == bindparam("b_id"))
                .values(
                    {
                        **{k: bindparam(f"b_{k}") for k in FIELDS},
                        "active": bindparam("b_active"),
                        "version": bindparam("b_version"),
                        "data_hash": bindparam("b_data_hash"),
                        "updated_at": bindparam("b_updated_at"),
                        "api_key_id": bindparam("b_api_key_id"),
                    }
                ),
                updates,
                execution_options={"synchronize_session": False},
            )
        if change_rows:
            _insert_rows(session, CounterpartyChange.__table__, change_rows)
    return outcome


def _insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """executemany straight to the driver: a million rows spend their time in the
    database, not in per-row parameter processing. JSON columns are serialised here."""
    columns = list(rows[0])
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        marks = ["?"] * len(columns)
    else:
        marks = ["CAST(%s AS JSON)" if c in json_columns else "%s" for c in columns]
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join(marks)})"
    dump = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    params = [tuple(dump(row[c]) if c in json_columns else row[c] for c in columns) for row in rows]
    connection.exec_driver_sql(sql, params)


def _change_row(
    counterparty_id: int,
    version: int,
    now: datetime,
    actor: str,
    channel: str,
    changes: dict[str, list[Any]],
) -> dict[str, Any]:
    return {
        "counterparty_id": counterparty_id,
        "version": version,
        "changed_at": now,
        "changed_by": actor[:128],
        "channel": channel,
        "changes": changes,
    }


def upsert_counterparties(
    session: Session,
    inputs: Sequence[CounterpartyInput],
    *,
    actor: str,
    channel: str,
    api_key_id: int | None = None,
    source: str | None = None,
) -> UpsertOutcome:
    """Create or update many counterparties by reference, idempotently; one audit event.

    The event carries the counts and a digest of every (reference, change) so the
    versioned history can be checked against the audit chain. Caller commits.
    """
    references = [i.reference for i in inputs]
    if len(set(references)) != len(references):
        raise ValueError("references must be unique within one upsert")
    outcome = _apply(session, inputs, actor=actor, channel=channel, api_key_id=api_key_id)
    if outcome.created or outcome.updated:
        digest = hashlib.sha256(
            json.dumps(sorted(outcome.changes.items()), default=str, ensure_ascii=False).encode(
                "utf-8", "surrogatepass"
            )
        ).hexdigest()
        record_event(
            session,
            actor=actor,
            channel=channel,
            action=AuditAction.COUNTERPARTIES_IMPORTED,
            object_type="counterparties",
            object_id=(source or "import")[:160],
            payload={
                "created": len(outcome.created),
                "updated": len(outcome.updated),
                "unchanged": outcome.unchanged,
                "changes_sha256": digest,
                "references": references[:20],
            },
        )
    return outcome


def put_counterparty(
    session: Session,
    item: CounterpartyInput,
    *,
    actor: str,
    channel: str,
    api_key_id: int | None = None,
) -> tuple[Counterparty, str]:
    """Create or replace one counterparty; returns it and created / updated / unchanged."""
    outcome = _apply(session, [item], actor=actor, channel=channel, api_key_id=api_key_id)
    status = "created" if outcome.created else "updated" if outcome.updated else "unchanged"
    if status != "unchanged":
        record_event(
            session,
            actor=actor,
            channel=channel,
            action=AuditAction.COUNTERPARTY_CREATED
            if status == "created"
            else AuditAction.COUNTERPARTY_UPDATED,
            object_type="counterparty",
            object_id=item.reference[:160],
            payload={"changes": outcome.changes[item.reference]},
        )
    counterparty = get_counterparty(session, item.reference)
    session.refresh(counterparty)
    return counterparty, status


def get_counterparty(session: Session, reference: str) -> Counterparty:
    counterparty = session.scalar(select(Counterparty).where(Counterparty.reference == reference))
    if counterparty is None:
        raise CounterpartyNotFound(f"No counterparty with reference {reference[:80]!r}")
    return counterparty


def deactivate_counterparty(
    session: Session, reference: str, *, actor: str, channel: str
) -> Counterparty:
    """Take a counterparty off the books: it is no longer screened; its history stays."""
    counterparty = get_counterparty(session, reference)
    if counterparty.active:
        now = utcnow()
        version = counterparty.version + 1
        session.execute(
            update(Counterparty)
            .where(Counterparty.id == counterparty.id)
            .values(active=False, version=version, updated_at=now)
        )
        session.add(
            CounterpartyChange(
                counterparty_id=counterparty.id,
                version=version,
                changed_at=now,
                changed_by=actor[:128],
                channel=channel,
                changes={"active": [True, False]},
            )
        )
        record_event(
            session,
            actor=actor,
            channel=channel,
            action=AuditAction.COUNTERPARTY_DEACTIVATED,
            object_type="counterparty",
            object_id=reference[:160],
            payload={"version": version},
        )
        session.flush()
        session.refresh(counterparty)
    return counterparty


def counterparty_json(counterparty: Counterparty) -> dict[str, Any]:
    """A counterparty as the API and the CLI show it."""
    return {
        "reference": counterparty.reference,
        "name": counterparty.name,
        "type": counterparty.type,
        "country": counterparty.country,
        "birth_date": counterparty.birth_date,
        "identifiers": counterparty.identifiers,
        "active": counterparty.active,
        "blocked": counterparty.blocked,
        "version": counterparty.version,
        "created_at": iso(counterparty.created_at),
        "updated_at": iso(counterparty.updated_at),
        "screened_at": iso(counterparty.screened_at),
    }
