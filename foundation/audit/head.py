"""Keyed statements of the chain head, and anchors that keep them outside the database.

The hash chain alone proves that no sealed event was edited in place, but
anyone who can write the database can delete the last events, or edit one and
recompute every hash after it. A *head statement* closes both gaps: the head
(sequence and hash) with an HMAC under a key the database does not hold
(``SCREENING_AUDIT_KEY``, or one derived from ``SECRET_KEY``). Exports state
one; the anchor (``screening audit anchor``, and beat on a schedule) appends
one to a file outside the database and to the log. ``screening audit verify``
then checks that the chain still reaches every stated head with the same hash:
a shorter chain (truncation) or another hash (a rewrite) fails, and a
statement whose HMAC does not check was not made by this service.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from foundation.audit.chain import ChainHead, chain_head, event_at, seal_events
from foundation.db import Database, iso, utcnow
from foundation.settings import Settings

log = logging.getLogger(__name__)

# Domain separation: the derived key serves nothing but audit heads.
_KEY_CONTEXT = b"screening audit head v1"


def head_key(settings: Settings) -> bytes:
    """``SCREENING_AUDIT_KEY`` when set, else a key derived from ``SECRET_KEY``."""
    if settings.audit_key:
        return settings.audit_key.encode("utf-8")
    return hmac.new(settings.secret_key.encode("utf-8"), _KEY_CONTEXT, hashlib.sha256).digest()


def key_id(key: bytes) -> str:
    """A short public name for a key, so a statement says which key signed it."""
    return hashlib.sha256(b"key id:" + key).hexdigest()[:12]


def head_hmac(head: ChainHead, key: bytes) -> str:
    message = f"audit-head:v1:{head.seq}:{head.hash}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class HeadStatement:
    """ "The chain had head SEQ:HASH at AT", with an HMAC over the head."""

    seq: int
    hash: str
    hmac: str
    key_id: str
    at: str

    @property
    def head(self) -> ChainHead:
        return ChainHead(self.seq, self.hash)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HeadStatement:
        return cls(
            seq=int(data["seq"]),
            hash=str(data["hash"]),
            hmac=str(data["hmac"]),
            key_id=str(data.get("key_id", "")),
            at=str(data.get("at", "")),
        )


def sign_head(head: ChainHead, key: bytes) -> HeadStatement:
    return HeadStatement(
        head.seq, head.hash, head_hmac(head, key), key_id(key), iso(utcnow()) or ""
    )


def is_genuine(head: ChainHead, mac: str, key: bytes) -> bool:
    """True when ``mac`` is this service's HMAC of ``head``."""
    return hmac.compare_digest(head_hmac(head, key), mac.strip().lower())


def current_statement(database: Database, settings: Settings) -> HeadStatement:
    """Seal what is committed, then state the head."""
    seal_events(database)
    with database.session() as session:
        head = chain_head(session)
    return sign_head(head, head_key(settings))


def head_problem(session: Session, expected: ChainHead) -> str | None:
    """Why the sealed chain does not reach ``expected`` with the same hash; None if it does."""
    current = chain_head(session)
    if current.seq < expected.seq:
        return (
            f"the chain ends at seq {current.seq}, before the expected head {expected.seq}: "
            f"events {current.seq + 1}..{expected.seq} were removed"
        )
    if expected.seq == 0:
        return None
    event = event_at(session, expected.seq)
    if event is None or event.hash != expected.hash:
        found = event.hash if event is not None else "nothing"
        return (
            f"event {expected.seq} has hash {found}, not the expected {expected.hash}: "
            "the chain was rewritten"
        )
    return None


# --- anchors: head statements outside the database -----------------------------


def write_anchor(database: Database, settings: Settings) -> HeadStatement:
    """Seal, state the head, append it to the anchor file (fsynced) and log it."""
    statement = current_statement(database, settings)
    path = settings.audit_anchor_path
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(statement.to_dict(), sort_keys=True) + "\n"
    # O_APPEND: each line lands whole at the end, whoever else appends.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    log.warning(
        "audit head anchored: seq=%d hash=%s hmac=%s key=%s file=%s",
        statement.seq,
        statement.hash,
        statement.hmac,
        statement.key_id,
        path,
    )
    return statement


@dataclass(frozen=True)
class AnchorCheck:
    anchors: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_anchors(session: Session, path: Path, key: bytes) -> AnchorCheck:
    """Every anchored head must be genuine and still reached by the chain with its hash."""
    if not path.exists():
        return AnchorCheck(0, [])
    problems: list[str] = []
    count = 0
    current_key = key_id(key)
    for number, raw in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1):
        if not raw.strip():
            continue
        where = f"{path.name} line {number}"
        try:
            statement = HeadStatement.from_dict(json.loads(raw))
        except (ValueError, KeyError, TypeError):
            problems.append(f"{where}: not an anchor line")
            continue
        count += 1
        if statement.key_id and statement.key_id != current_key:
            problems.append(
                f"{where}: signed with key {statement.key_id}, not the current key "
                f"{current_key} (set SCREENING_AUDIT_KEY to the key used then)"
            )
            continue
        if not is_genuine(statement.head, statement.hmac, key):
            problems.append(f"{where}: HMAC does not match: this anchor was not written by us")
            continue
        problem = head_problem(session, statement.head)
        if problem:
            problems.append(f"{where} (anchored {statement.at}): {problem}")
    return AnchorCheck(count, problems)
