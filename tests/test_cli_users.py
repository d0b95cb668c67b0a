"""``screening users``: the administrator creates, lists, deactivates, reactivates,
resets and re-roles accounts from the shell; every change is audited."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from foundation.audit import AuditEvent
from foundation.db import as_utc, utcnow
from screening.accounts.users import authenticate, one_time_password_expired
from screening.cli import main
from screening.models import Role, User


@pytest.fixture()
def cli(test_env: dict[str, str], db: Any) -> Any:
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(main, list(args), env={**test_env, **(env or {})})

    return invoke


def _password(output: str) -> str:
    found = re.search(r"password(?: for \S+)?: (\S+)", output)
    assert found, output
    return found.group(1)


def _user(db: Any, name: str) -> User:
    with db.session() as session:
        user = session.scalar(select(User).where(User.username == name))
        assert user is not None
        return user


def _audited(db: Any, name: str) -> list[str]:
    with db.session() as session:
        return list(
            session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.object_type == "user", AuditEvent.object_id == name)
                .order_by(AuditEvent.seq)
            )
        )


def test_users_list_shows_role_state_and_password_state(cli: Any) -> None:
    assert cli("users", "create", "ann", "--role", "officer").exit_code == 0
    assert cli("users", "create", "ben", "--role", "auditor").exit_code == 0
    assert cli("users", "deactivate", "ben").exit_code == 0
    listed = cli("users", "list")
    assert listed.exit_code == 0, listed.output
    ann, ben = listed.output.strip().splitlines()
    assert ann.split()[:3] == ["ann", "officer", "active"] and "must change password" in ann
    assert ben.split()[:3] == ["ben", "auditor", "deactivated"]
    assert "last login none in 90 days" in ann


def test_deactivate_and_reactivate_are_audited(cli: Any, db: Any) -> None:
    password = _password(cli("users", "create", "cat", "--role", "officer").output)
    result = cli("users", "deactivate", "cat")
    assert result.exit_code == 0 and "deactivated cat" in result.output
    with db.session() as session:
        assert authenticate(session, "cat", password) is None
    assert "already deactivated" in cli("users", "deactivate", "cat").output
    assert cli("users", "reactivate", "cat").exit_code == 0
    with db.session() as session:
        assert authenticate(session, "cat", password) is not None
    assert _audited(db, "cat") == ["user.created", "user.deactivated", "user.reactivated"]


def test_reset_password_gives_a_one_time_password_that_expires(cli: Any, db: Any) -> None:
    cli("users", "create", "dan", "--role", "officer")
    result = cli("users", "reset-password", "dan", env={"SCREENING_ONE_TIME_PASSWORD_HOURS": "2"})
    assert result.exit_code == 0, result.output
    password = _password(result.output)
    user = _user(db, "dan")
    assert user.must_change_password
    assert user.password_expires_at is not None
    expires = as_utc(user.password_expires_at)
    assert timedelta(hours=1, minutes=59) < expires - utcnow() <= timedelta(hours=2)
    assert not one_time_password_expired(user)
    assert one_time_password_expired(user, now=expires + timedelta(seconds=1))
    with db.session() as session:
        assert authenticate(session, "dan", password) is not None
    assert _audited(db, "dan")[-1] == "user.password_reset"


def test_created_one_time_password_expires_after_24_hours_by_default(cli: Any, db: Any) -> None:
    cli("users", "create", "eve", "--role", "officer")
    expires = as_utc(_user(db, "eve").password_expires_at)  # type: ignore[arg-type]
    assert timedelta(hours=23, minutes=59) < expires - utcnow() <= timedelta(hours=24)


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_set_role_accepts_every_role(cli: Any, db: Any, role: str) -> None:
    cli("users", "create", "fay", "--role", "officer")
    result = cli("users", "set-role", "fay", role)
    assert result.exit_code == 0, result.output
    assert _user(db, "fay").role == role
    if role != "officer":
        assert _audited(db, "fay")[-1] == "user.role_changed"


def test_set_role_refuses_an_unknown_role(cli: Any) -> None:
    cli("users", "create", "gus", "--role", "officer")
    result = cli("users", "set-role", "gus", "overlord")
    assert result.exit_code == 2
    assert "overlord" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["deactivate", "nobody"],
        ["reactivate", "nobody"],
        ["reset-password", "nobody"],
        ["set-role", "nobody", "admin"],
    ],
)
def test_unknown_user_is_a_one_line_error(cli: Any, args: list[str]) -> None:
    result = cli("users", *args)
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no user named 'nobody'"
