"""The one settings object, read from the environment.

Every knob the service has is a field here with its default and meaning.
A wrong value fails at start-up with a message that names the variable.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, fields
from pathlib import Path

ENVIRONMENTS = ("development", "test", "production")


class SettingsError(RuntimeError):
    """A configuration value is missing or malformed."""


def _default_instance_path() -> Path:
    return Path(os.environ.get("SCREENING_INSTANCE_PATH", Path.cwd() / "instance")).resolve()


def _parse_float(name: str, raw: str, low: float, high: float) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _parse_int(name: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, got {value}")
    return value


def normalize_database_url(url: str) -> str:
    """Route plain ``postgresql://`` URLs to psycopg 3, the driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


# Accounts: sessions, login throttling, one-time passwords (attribute: variable, range).
ACCOUNT_INT_VARS = {
    "session_idle_minutes": ("SCREENING_SESSION_IDLE_MINUTES", 1, 24 * 60),
    "session_lifetime_hours": ("SCREENING_SESSION_LIFETIME_HOURS", 1, 30 * 24),
    "one_time_password_hours": ("SCREENING_ONE_TIME_PASSWORD_HOURS", 1, 30 * 24),
    "login_failures_per_user": ("SCREENING_LOGIN_FAILURES_PER_USER", 1, 1_000),
    "login_failures_per_ip": ("SCREENING_LOGIN_FAILURES_PER_IP", 1, 100_000),
    "login_backoff_max_seconds": ("SCREENING_LOGIN_BACKOFF_MAX", 1, 86_400),
}


@dataclass(frozen=True)
class Settings:
    """Service configuration. Build it with :meth:`from_env`."""

    env: str = "development"
    instance_path: Path = field(default_factory=_default_instance_path)
    database_url: str = ""
    redis_url: str | None = None
    # Celery queue; tests use their own so they never share a worker with a running service.
    queue: str = "screening"
    secret_key: str = ""
    # The curated seed list; the image sets it because seeds/ sits outside the package.
    seed_path: Path | None = None
    # Matching
    match_threshold: float = 0.0  # 0 means: use the matcher's documented default
    # Limits, each named so an error can quote it
    max_name_length: int = 512
    max_batch_items: int = 10_000
    max_sync_items: int = 10
    # Most matches a request may ask for per name (its ``limit``; 10 when not given).
    max_match_limit: int = 50
    # A full batch (10,000 items of 512-character names) written with JSON's
    # \uXXXX escapes, as most clients send non-Latin text, is about 32 MB.
    max_request_bytes: int = 32 * 1024 * 1024
    chunk_size: int = 250
    # Requests per API key per minute; 0 turns the limit off.
    rate_limit_per_minute: int = 600
    # Seconds an Idempotency-Key keeps returning the same job.
    idempotency_ttl_seconds: int = 24 * 3600
    # Webhooks. With an allow-list only those hosts are called (and they may be
    # internal); without one, only hosts that resolve to public addresses.
    webhook_allowed_hosts: tuple[str, ...] = ()
    webhooks_disabled: bool = False
    # Deliveries have a queue of their own, so a slow receiver never holds up screening.
    webhook_queue: str = ""
    # Failed deliveries are retried with exponential backoff (2, 4, 8, ... s, at most
    # webhook_max_backoff_seconds apart) until the retry window has passed since the
    # first attempt, or webhook_max_attempts were made.
    webhook_max_attempts: int = 50
    webhook_retry_window_seconds: int = 24 * 3600
    webhook_max_backoff_seconds: int = 3600
    webhook_timeout_seconds: float = 10.0
    # Jobs stuck longer than this are re-enqueued by the reconciler
    stuck_job_seconds: int = 300
    # Review: an officer's decision takes effect only when a reviewer confirms it.
    four_eyes: bool = True
    # Days a cleared pair stays cleared; 0: until either side changes.
    clearance_days: int = 0
    # --- Continuous screening: sources, the counterparty register, the monitor ---
    # One download of a list from its publisher: total seconds, largest body, tries.
    source_timeout_seconds: float = 300.0
    source_max_bytes: int = 1 << 30
    source_attempts: int = 3
    # Seconds between beat's fetches of the enabled sources; 0 turns them off.
    source_fetch_every: int = 3600
    # Most counterparties in one API import call.
    max_counterparty_items: int = 10_000
    # Counterparties per monitor task.
    monitor_chunk_size: int = 5_000
    # Seconds between beat's checks for changes nobody announced (CLI imports,
    # a lost message); 0 turns them off.
    monitor_every: int = 300
    # Start the monitor after every new list version and counterparty import.
    monitor_on_change: bool = True

    # --- accounts: web sessions, logins, one-time passwords -----------------
    # A web session ends after this long without a request, and this long after login.
    session_idle_minutes: int = 30
    session_lifetime_hours: int = 12
    # A generated (one-time) password must be used and changed within this time.
    one_time_password_hours: int = 24
    # Failed logins allowed before each further one makes the next wait 2, 4, 8, ... s.
    login_failures_per_user: int = 5
    login_failures_per_ip: int = 20
    # The longest such wait, in seconds.
    login_backoff_max_seconds: int = 900

    # --- Audit trail and recovery (issue 14, items 3, 4, 12, 13) ---
    # Key of the HMAC over audit chain heads; empty: derived from SECRET_KEY.
    audit_key: str = ""
    # Where anchors (keyed chain heads) are appended; None: instance/audit-anchors.jsonl.
    audit_anchor_file: Path | None = None
    audit_anchor_seconds: int = 3600  # how often beat anchors the head
    audit_seal_seconds: float = 5.0  # how often beat seals appended events into the chain
    # A chunk rides out database or broker outages this long, retrying at most
    # chunk_retry_max_delay seconds apart, before its job is failed.
    chunk_retry_seconds: int = 1800
    chunk_retry_max_delay: float = 10.0
    # A running chunk renews its heartbeat this often; three missed beats and the
    # reconciler sends it again.
    heartbeat_seconds: float = 10.0
    reconcile_seconds: float = 15.0  # how often beat runs the reconciler
    # Redis hands a task that was taken but never acknowledged to another worker
    # after this long (chunks are idempotent, and a copy of a running chunk steps aside).
    broker_visibility_timeout: int = 600

    @property
    def broker_url(self) -> str:
        """Redis when configured, otherwise kombu's SQLAlchemy transport on SQLite."""
        if self.redis_url:
            return self.redis_url
        return f"sqla+sqlite:///{self.instance_path / 'broker.sqlite'}"

    @property
    def uses_embedded_broker(self) -> bool:
        return not self.redis_url

    @property
    def index_cache_dir(self) -> Path:
        """Where built candidate indexes are kept between processes."""
        return self.instance_path / "index"

    @property
    def webhook_queue_name(self) -> str:
        return self.webhook_queue or f"{self.queue}-webhooks"

    @property
    def audit_anchor_path(self) -> Path:
        return self.audit_anchor_file or self.instance_path / "audit-anchors.jsonl"

    @property
    def heartbeat_timeout_seconds(self) -> float:
        """A chunk whose heartbeat is older than this is taken for dead."""
        return 3 * self.heartbeat_seconds

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        env_vars = dict(os.environ if environ is None else environ)
        env = env_vars.get("SCREENING_ENV", "development").strip() or "development"
        if env not in ENVIRONMENTS:
            raise SettingsError(
                f"SCREENING_ENV must be one of {', '.join(ENVIRONMENTS)}, got {env!r}"
            )
        instance_path = Path(
            env_vars.get("SCREENING_INSTANCE_PATH") or (Path.cwd() / "instance")
        ).resolve()

        database_url = env_vars.get("DATABASE_URL", "").strip()
        if not database_url:
            database_url = f"sqlite:///{instance_path / 'screening.sqlite'}"
        database_url = normalize_database_url(database_url)
        if not database_url.startswith(("sqlite:", "postgresql+psycopg:")):
            raise SettingsError(
                "DATABASE_URL must be a sqlite:/// or postgresql:// URL, "
                f"got {database_url.split(':', 1)[0]!r}"
            )

        redis_url = env_vars.get("REDIS_URL", "").strip() or None
        if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise SettingsError(
                f"REDIS_URL must start with redis:// or rediss://, got {redis_url!r}"
            )

        queue = _queue_name(env_vars, "SCREENING_QUEUE", "screening")
        webhook_queue = _queue_name(env_vars, "SCREENING_WEBHOOK_QUEUE", "")

        secret_key = env_vars.get("SECRET_KEY", "").strip()
        if not secret_key:
            if env == "production":
                raise SettingsError("SECRET_KEY is required when SCREENING_ENV=production")
            secret_key = _local_secret_key(instance_path)

        seed_path = env_vars.get("SCREENING_SEED_PATH", "").strip()
        anchor_file = env_vars.get("SCREENING_AUDIT_ANCHOR_FILE", "").strip()
        values: dict[str, object] = {
            "seed_path": Path(seed_path) if seed_path else None,
            "env": env,
            "instance_path": instance_path,
            "database_url": database_url,
            "redis_url": redis_url,
            "queue": queue,
            "webhook_queue": webhook_queue,
            "secret_key": secret_key,
            "audit_key": env_vars.get("SCREENING_AUDIT_KEY", "").strip(),
            "audit_anchor_file": Path(anchor_file).resolve() if anchor_file else None,
        }
        float_vars = {
            "match_threshold": ("SCREENING_THRESHOLD", 0.0, 1.0),
            "webhook_timeout_seconds": ("SCREENING_WEBHOOK_TIMEOUT", 0.1, 120.0),
            "audit_seal_seconds": ("SCREENING_AUDIT_SEAL_SECONDS", 0.5, 3600.0),
            "chunk_retry_max_delay": ("SCREENING_CHUNK_RETRY_MAX_DELAY", 0.1, 300.0),
            "heartbeat_seconds": ("SCREENING_HEARTBEAT_SECONDS", 0.5, 600.0),
            "reconcile_seconds": ("SCREENING_RECONCILE_SECONDS", 1.0, 3600.0),
        }
        int_vars = {
            "max_name_length": ("SCREENING_MAX_NAME_LENGTH", 16, 10_000),
            "max_batch_items": ("SCREENING_MAX_BATCH_ITEMS", 1, 1_000_000),
            "max_sync_items": ("SCREENING_MAX_SYNC_ITEMS", 1, 1_000),
            "max_match_limit": ("SCREENING_MAX_MATCHES_PER_NAME", 1, 500),
            "max_request_bytes": ("SCREENING_MAX_REQUEST_BYTES", 1024, 1 << 30),
            "chunk_size": ("SCREENING_CHUNK_SIZE", 1, 100_000),
            "rate_limit_per_minute": ("SCREENING_RATE_LIMIT_PER_MINUTE", 0, 1_000_000),
            "idempotency_ttl_seconds": ("SCREENING_IDEMPOTENCY_TTL", 60, 30 * 86_400),
            "webhook_max_attempts": ("SCREENING_WEBHOOK_MAX_ATTEMPTS", 1, 1_000),
            "webhook_retry_window_seconds": ("SCREENING_WEBHOOK_RETRY_WINDOW", 60, 30 * 86_400),
            "webhook_max_backoff_seconds": ("SCREENING_WEBHOOK_MAX_BACKOFF", 1, 86_400),
            "stuck_job_seconds": ("SCREENING_STUCK_JOB_SECONDS", 10, 86_400),
            "clearance_days": ("SCREENING_CLEARANCE_DAYS", 0, 36_500),
            "audit_anchor_seconds": ("SCREENING_AUDIT_ANCHOR_SECONDS", 10, 7 * 86_400),
            "chunk_retry_seconds": ("SCREENING_CHUNK_RETRY_SECONDS", 0, 7 * 86_400),
            "broker_visibility_timeout": ("SCREENING_BROKER_VISIBILITY_TIMEOUT", 60, 7 * 86_400),
        }
        for attr, (var, low, high) in float_vars.items():
            if env_vars.get(var, "").strip():
                values[attr] = _parse_float(var, env_vars[var].strip(), low, high)
        for attr, (var, ilow, ihigh) in int_vars.items():
            if env_vars.get(var, "").strip():
                values[attr] = _parse_int(var, env_vars[var].strip(), ilow, ihigh)
        bool_vars = {"four_eyes": "SCREENING_FOUR_EYES"}
        for attr, var in bool_vars.items():
            if env_vars.get(var, "").strip():
                values[attr] = _parse_bool(var, env_vars[var].strip())
        values.update(_monitoring_values(env_vars))
        for attr, (var, ilow, ihigh) in ACCOUNT_INT_VARS.items():
            if env_vars.get(var, "").strip():
                values[attr] = _parse_int(var, env_vars[var].strip(), ilow, ihigh)
        hosts = env_vars.get("SCREENING_WEBHOOK_ALLOWED_HOSTS", "").strip()
        if hosts.lower() == "none":
            values["webhooks_disabled"] = True
        elif hosts:
            values["webhook_allowed_hosts"] = tuple(
                h.strip().lower().rstrip(".") for h in hosts.split(",") if h.strip()
            )
        elif env == "production":
            raise SettingsError(
                "SCREENING_WEBHOOK_ALLOWED_HOSTS is required when SCREENING_ENV=production: "
                "the comma-separated hosts webhooks may call, or 'none' to turn webhooks off"
            )
        known = {f.name for f in fields(cls)}
        for key, value in overrides.items():
            if key not in known:
                raise SettingsError(f"unknown setting {key!r}")
            values[key] = value
        return cls(**values)  # type: ignore[arg-type]


def _monitoring_values(env_vars: dict[str, str]) -> dict[str, object]:
    """The continuous-screening settings (sources, register, monitor)."""
    values: dict[str, object] = {}
    floats = {"source_timeout_seconds": ("SCREENING_SOURCE_TIMEOUT", 1.0, 86_400.0)}
    ints = {
        "source_max_bytes": ("SCREENING_SOURCE_MAX_BYTES", 1024, 1 << 40),
        "source_attempts": ("SCREENING_SOURCE_ATTEMPTS", 1, 20),
        "source_fetch_every": ("SCREENING_SOURCE_FETCH_EVERY", 0, 30 * 86_400),
        "max_counterparty_items": ("SCREENING_MAX_COUNTERPARTY_ITEMS", 1, 1_000_000),
        "monitor_chunk_size": ("SCREENING_MONITOR_CHUNK_SIZE", 1, 1_000_000),
        "monitor_every": ("SCREENING_MONITOR_EVERY", 0, 30 * 86_400),
    }
    for attr, (var, low, high) in floats.items():
        if env_vars.get(var, "").strip():
            values[attr] = _parse_float(var, env_vars[var].strip(), low, high)
    for attr, (var, ilow, ihigh) in ints.items():
        if env_vars.get(var, "").strip():
            values[attr] = _parse_int(var, env_vars[var].strip(), ilow, ihigh)
    if env_vars.get("SCREENING_MONITOR_ON_CHANGE", "").strip():
        values["monitor_on_change"] = _parse_bool(
            "SCREENING_MONITOR_ON_CHANGE", env_vars["SCREENING_MONITOR_ON_CHANGE"].strip()
        )
    return values


def _parse_bool(name: str, raw: str) -> bool:
    value = raw.lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be on or off (true/false, 1/0), got {raw!r}")


def _queue_name(env_vars: dict[str, str], var: str, default: str) -> str:
    name = env_vars.get(var, "").strip() or default
    if not all(c.isalnum() or c in "-_." for c in name):
        raise SettingsError(f"{var} may hold only letters, digits, '-', '_', '.': {name!r}")
    return name


def _local_secret_key(instance_path: Path) -> str:
    """Generate a secret key once and keep it under instance/ for local use."""
    path = instance_path / "secret_key"
    try:
        if path.exists():
            return path.read_text().strip()
        instance_path.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key
    except FileExistsError:
        return path.read_text().strip()
    except OSError as exc:
        raise SettingsError(f"SECRET_KEY is not set and {path} cannot be written: {exc}") from exc
