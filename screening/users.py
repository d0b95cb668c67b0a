"""User accounts for the web pages and the admin CLI."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from screening.audit import record_event
from screening.models import ROLES, User


class UserError(ValueError):
    """A user cannot be created or changed as asked."""


def create_user(
    session: Session, username: str, role: str, password: str | None = None, actor: str = "system"
) -> tuple[User, str]:
    """Create a user; returns it with its password (generated when not given)."""
    username = username.strip()
    if not username or len(username) > 128:
        raise UserError("username must be 1 to 128 characters")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    if session.scalar(select(User).where(User.username == username)):
        raise UserError(f"user {username!r} already exists")
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    if len(password) < 10:
        raise UserError("password must be at least 10 characters")
    user = User(
        username=username,
        password_hash=generate_password_hash(password),
        role=role,
        must_change_password=generated,
    )
    session.add(user)
    session.flush()
    record_event(
        session,
        actor=actor,
        channel="cli",
        action="user.created",
        object_type="user",
        object_id=username,
        payload={"role": role},
    )
    return user, password


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.is_active:
        return None
    return user if check_password_hash(user.password_hash, password) else None


def ensure_admin(session: Session) -> str | None:
    """Create the first admin on first start; returns its one-time password, else None."""
    if session.scalar(select(func.count()).select_from(User)):
        return None
    _user, password = create_user(session, "admin", "admin", actor="system")
    return password
