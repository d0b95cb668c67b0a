"""Settings come from the environment and fail loudly, naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from foundation.settings import Settings, SettingsError


def test_defaults_use_sqlite_and_embedded_broker(tmp_path: Path) -> None:
    settings = Settings.from_env({"SCREENING_INSTANCE_PATH": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'screening.sqlite'}"
    assert settings.uses_embedded_broker
    assert settings.broker_url.startswith("sqla+sqlite:///")


def test_postgres_url_is_routed_to_psycopg3(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"SCREENING_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "postgresql://u@h/db"}
    )
    assert settings.database_url == "postgresql+psycopg://u@h/db"


def test_redis_url_becomes_the_broker(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"SCREENING_INSTANCE_PATH": str(tmp_path), "REDIS_URL": "redis://127.0.0.1:6379/3"}
    )
    assert settings.broker_url == "redis://127.0.0.1:6379/3"
    assert not settings.uses_embedded_broker


@pytest.mark.parametrize(
    ("var", "value"),
    [
        ("SCREENING_THRESHOLD", "high"),
        ("SCREENING_THRESHOLD", "1.5"),
        ("SCREENING_MAX_BATCH_ITEMS", "0"),
        ("SCREENING_CHUNK_SIZE", "ten"),
        ("DATABASE_URL", "mysql://localhost/x"),
        ("REDIS_URL", "http://localhost"),
        ("SCREENING_ENV", "staging"),
    ],
)
def test_wrong_value_names_the_variable(tmp_path: Path, var: str, value: str) -> None:
    with pytest.raises(SettingsError, match=var):
        Settings.from_env({"SCREENING_INSTANCE_PATH": str(tmp_path), var: value})


def test_production_requires_secret_key(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        Settings.from_env({"SCREENING_INSTANCE_PATH": str(tmp_path), "SCREENING_ENV": "production"})


def test_local_secret_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    first = Settings.from_env({"SCREENING_INSTANCE_PATH": str(tmp_path)}).secret_key
    second = Settings.from_env({"SCREENING_INSTANCE_PATH": str(tmp_path)}).secret_key
    assert len(first) == 64
    assert first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


# --- Audit head key, anchors and recovery timings (issue 14) ---------------------


@pytest.mark.parametrize(
    ("var", "value"),
    [
        ("SCREENING_HEARTBEAT_SECONDS", "0"),
        ("SCREENING_RECONCILE_SECONDS", "often"),
        ("SCREENING_CHUNK_RETRY_SECONDS", "-1"),
        ("SCREENING_CHUNK_RETRY_MAX_DELAY", "1000"),
        ("SCREENING_AUDIT_SEAL_SECONDS", "0"),
        ("SCREENING_AUDIT_ANCHOR_SECONDS", "1"),
        ("SCREENING_BROKER_VISIBILITY_TIMEOUT", "5"),
    ],
)
def test_wrong_recovery_or_audit_value_names_the_variable(
    tmp_path: Path, var: str, value: str
) -> None:
    with pytest.raises(SettingsError, match=var):
        Settings.from_env({"SCREENING_INSTANCE_PATH": str(tmp_path), var: value})


def test_audit_head_key_comes_from_its_setting_or_the_secret_key(tmp_path: Path) -> None:
    from foundation.audit.head import head_key

    def key(**env: str) -> bytes:
        return head_key(Settings.from_env({"SCREENING_INSTANCE_PATH": str(tmp_path), **env}))

    derived = key(SECRET_KEY="one")
    assert derived != b"one" and len(derived) == 32
    assert key(SECRET_KEY="two") != derived
    assert key(SECRET_KEY="two", SCREENING_AUDIT_KEY="kept") == key(
        SECRET_KEY="one", SCREENING_AUDIT_KEY="kept"
    )
    default = Settings.from_env({"SCREENING_INSTANCE_PATH": str(tmp_path)})
    assert default.audit_anchor_path == tmp_path.resolve() / "audit-anchors.jsonl"
    elsewhere = Settings.from_env(
        {
            "SCREENING_INSTANCE_PATH": str(tmp_path),
            "SCREENING_AUDIT_ANCHOR_FILE": str(tmp_path / "shipped" / "anchors.jsonl"),
        }
    )
    assert elsewhere.audit_anchor_path == (tmp_path / "shipped" / "anchors.jsonl").resolve()
