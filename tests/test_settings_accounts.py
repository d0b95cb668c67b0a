"""The account settings (sessions, logins, one-time passwords) are read, checked and documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from foundation.settings import ACCOUNT_INT_VARS, Settings, SettingsError

REPO = Path(__file__).resolve().parents[1]


def test_defaults(tmp_path: Path) -> None:
    settings = Settings.from_env({"SCREENING_INSTANCE_PATH": str(tmp_path)})
    assert settings.session_idle_minutes == 30
    assert settings.session_lifetime_hours == 12
    assert settings.one_time_password_hours == 24
    assert (settings.login_failures_per_user, settings.login_failures_per_ip) == (5, 20)
    assert settings.login_backoff_max_seconds == 900


@pytest.mark.parametrize(("attr", "var"), [(a, v[0]) for a, v in ACCOUNT_INT_VARS.items()])
def test_each_is_read_checked_and_documented(tmp_path: Path, attr: str, var: str) -> None:
    base = {"SCREENING_INSTANCE_PATH": str(tmp_path)}
    assert getattr(Settings.from_env({**base, var: "7"}), attr) == 7
    for wrong in ("0", "soon"):
        with pytest.raises(SettingsError, match=var):
            Settings.from_env({**base, var: wrong})
    assert f"| `{var}` |" in (REPO / "README.md").read_text()
