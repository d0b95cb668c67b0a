"""User accounts for the web pages and the admin CLI: creation, login, password rules."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from foundation.audit import AuditAction, record_event
from screening.models import ROLES, User

MIN_PASSWORD_LENGTH = 10
# Longer input is cut before hashing, so a huge password cannot tie up the hasher.
MAX_PASSWORD_LENGTH = 1024


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
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
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
        action=AuditAction.USER_CREATED,
        object_type="user",
        object_id=username,
        payload={"role": role},
    )
    return user, password


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.is_active:
        return None
    return user if check_password_hash(user.password_hash, password[:MAX_PASSWORD_LENGTH]) else None


def password_problem(user: User, current: str, new: str, confirm: str) -> str | None:
    """Why ``new`` cannot replace the user's password (None when it can)."""
    if not check_password_hash(user.password_hash, current[:MAX_PASSWORD_LENGTH]):
        return "Your current password is wrong."
    if len(new) < MIN_PASSWORD_LENGTH:
        return f"The new password must be at least {MIN_PASSWORD_LENGTH} characters."
    if len(new) > MAX_PASSWORD_LENGTH:
        return f"The new password must be at most {MAX_PASSWORD_LENGTH} characters."
    if new != confirm:
        return "The two new passwords differ."
    if new == current:
        return "The new password must differ from the current one."
    return None


def change_password(
    session: Session, user: User, current: str, new: str, confirm: str, channel: str
) -> None:
    """Replace the user's password, or raise UserError saying why not. Caller commits."""
    problem = password_problem(user, current, new, confirm)
    if problem:
        raise UserError(problem)
    user.password_hash = generate_password_hash(new)
    user.must_change_password = False
    record_event(
        session,
        actor=user.username,
        channel=channel,
        action=AuditAction.USER_PASSWORD_CHANGED,
        object_type="user",
        object_id=user.username,
    )


def ensure_admin(session: Session) -> str | None:
    """Create the first admin on first start; returns its one-time password, else None."""
    if session.scalar(select(func.count()).select_from(User)):
        return None
    _user, password = create_user(session, "admin", "admin", actor="system")
    return password
