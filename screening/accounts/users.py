"""User accounts for the web pages and the admin CLI: creation, login, password rules,
and administration (deactivate, reactivate, reset a password, change a role)."""

from __future__ import annotations

import functools
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from foundation.audit import AuditAction, record_event
from foundation.db import as_utc, utcnow
from foundation.settings import Settings
from screening.accounts.models import SessionEnd
from screening.accounts.sessions import end_user_sessions
from screening.models import ROLES, Role, User

MIN_PASSWORD_LENGTH = 10
# Longer input is cut before hashing, so a huge password cannot tie up the hasher.
MAX_PASSWORD_LENGTH = 1024
# How long a generated password works unless the caller says otherwise (the setting's default).
ONE_TIME_PASSWORD_TTL = timedelta(hours=Settings.one_time_password_hours)


class UserError(ValueError):
    """A user cannot be created or changed as asked."""


def create_user(
    session: Session,
    username: str,
    role: str,
    password: str | None = None,
    actor: str = "system",
    one_time_ttl: timedelta = ONE_TIME_PASSWORD_TTL,
) -> tuple[User, str]:
    """Create a user; returns it with its password.

    A generated password is a one-time password: it must be changed at the first
    login, and stops working after ``one_time_ttl``.
    """
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
        password_expires_at=utcnow() + one_time_ttl if generated else None,
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


@functools.cache
def _dummy_hash() -> str:
    """A hash of nothing anyone knows, made like the real ones, to check unknown names against."""
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, or None.

    Unknown and inactive users cost one password check too, so the time an
    answer takes does not tell whether a username exists.
    """
    user = session.scalar(select(User).where(User.username == username.strip()))
    known = user is not None and user.is_active
    stored = user.password_hash if known and user is not None else _dummy_hash()
    matches = check_password_hash(stored, password[:MAX_PASSWORD_LENGTH])
    return user if known and matches else None


def one_time_password_expired(user: User, now: datetime | None = None) -> bool:
    """Whether the user holds a generated password that is past its time."""
    if not user.must_change_password or user.password_expires_at is None:
        return False
    return as_utc(user.password_expires_at) <= (now or utcnow())


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
    user.password_expires_at = None
    # Every session opened with the old password ends; the caller may open a new one.
    end_user_sessions(session, user, SessionEnd.PASSWORD_CHANGED)
    record_event(
        session,
        actor=user.username,
        channel=channel,
        action=AuditAction.USER_PASSWORD_CHANGED,
        object_type="user",
        object_id=user.username,
    )


def ensure_admin(session: Session, one_time_ttl: timedelta = ONE_TIME_PASSWORD_TTL) -> str | None:
    """Create the first admin on first start; returns its one-time password, else None."""
    if session.scalar(select(func.count()).select_from(User)):
        return None
    _user, password = create_user(
        session, "admin", "admin", actor="system", one_time_ttl=one_time_ttl
    )
    return password


# --- administration (the ``screening users`` commands) ---------------------------


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise UserError(f"no user named {username!r}")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def _audit(
    session: Session,
    user: User,
    action: AuditAction,
    actor: str,
    channel: str,
    payload: dict[str, object] | None = None,
) -> None:
    record_event(
        session,
        actor=actor,
        channel=channel,
        action=action,
        object_type="user",
        object_id=user.username,
        payload=payload or {},
    )


def deactivate_user(session: Session, username: str, actor: str, channel: str = "cli") -> bool:
    """Stop a user from logging in and end their sessions; False if already inactive."""
    user = get_user(session, username)
    if not user.is_active:
        return False
    user.is_active = False
    ended = end_user_sessions(session, user, SessionEnd.DEACTIVATED)
    _audit(session, user, AuditAction.USER_DEACTIVATED, actor, channel, {"sessions_ended": ended})
    return True


def reactivate_user(session: Session, username: str, actor: str, channel: str = "cli") -> bool:
    """Let a deactivated user log in again; False if already active."""
    user = get_user(session, username)
    if user.is_active:
        return False
    user.is_active = True
    _audit(session, user, AuditAction.USER_REACTIVATED, actor, channel)
    return True


def reset_password(
    session: Session,
    username: str,
    actor: str,
    channel: str = "cli",
    one_time_ttl: timedelta = ONE_TIME_PASSWORD_TTL,
) -> str:
    """Give a user a new one-time password and end their sessions; returns the password."""
    user = get_user(session, username)
    password = secrets.token_urlsafe(12)
    user.password_hash = generate_password_hash(password)
    user.must_change_password = True
    user.password_expires_at = utcnow() + one_time_ttl
    ended = end_user_sessions(session, user, SessionEnd.PASSWORD_RESET)
    _audit(
        session,
        user,
        AuditAction.USER_PASSWORD_RESET,
        actor,
        channel,
        {"expires_at": user.password_expires_at.isoformat(), "sessions_ended": ended},
    )
    return password


def set_role(session: Session, username: str, role: str, actor: str, channel: str = "cli") -> bool:
    """Give a user another role (any ``Role``); False if they already have it."""
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    user = get_user(session, username)
    if user.role == role:
        return False
    previous, user.role = user.role, Role(role).value
    _audit(
        session,
        user,
        AuditAction.USER_ROLE_CHANGED,
        actor,
        channel,
        {"from": previous, "to": user.role},
    )
    return True
