"""Every kind of event the audit trail records. An action not listed here cannot be written."""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    # Screening jobs
    JOB_SUBMITTED = "job.submitted"
    RESULTS_STORED = "results.stored"
    JOB_COMPLETED = "job.completed"
    JOB_FAILED = "job.failed"
    # Review of matches and alerts
    MATCH_DISPOSITION = "match.disposition"
    ALERT_OPENED = "alert.opened"
    ALERT_CLOSED = "alert.closed"
    # Watchlists
    LIST_IMPORTED = "list.imported"
    # People and keys
    USER_CREATED = "user.created"
    USER_LOGIN = "user.login"
    USER_LOGIN_FAILED = "user.login_failed"
    USER_LOGOUT = "user.logout"
    USER_PASSWORD_CHANGED = "user.password_changed"
    USER_PASSWORD_RESET = "user.password_reset"
    USER_DEACTIVATED = "user.deactivated"
    USER_REACTIVATED = "user.reactivated"
    USER_ROLE_CHANGED = "user.role_changed"
    API_KEY_CREATED = "api_key.created"
    API_KEY_REVOKED = "api_key.revoked"
    # The audit trail itself
    AUDIT_EXPORT = "audit.export"
