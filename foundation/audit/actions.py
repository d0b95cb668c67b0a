"""Every kind of event the audit trail records. An action not listed here cannot be written."""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    # Screening jobs
    JOB_SUBMITTED = "job.submitted"
    RESULTS_STORED = "results.stored"
    JOB_COMPLETED = "job.completed"
    JOB_FAILED = "job.failed"
    WEBHOOK_REDELIVERY_REQUESTED = "webhook.redelivery_requested"
    # Review of matches and alerts
    MATCH_DISPOSITION = "match.disposition"
    ALERT_OPENED = "alert.opened"
    ALERT_CLOSED = "alert.closed"
    # Alert review (four eyes): proposals, their confirmation or rejection, work on alerts
    ALERT_DECISION_PROPOSED = "alert.decision_proposed"
    ALERT_DECISION_CONFIRMED = "alert.decision_confirmed"
    ALERT_DECISION_REJECTED = "alert.decision_rejected"
    ALERT_DECISION_APPLIED = "alert.decision_applied"  # SCREENING_FOUR_EYES=off
    ALERT_ASSIGNED = "alert.assigned"
    ALERT_COMMENTED = "alert.commented"
    CLEARANCE_CREATED = "clearance.created"
    COUNTERPARTY_BLOCKED = "counterparty.blocked"
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
    # Continuous screening: the counterparty register, list sources, the monitor
    COUNTERPARTY_CREATED = "counterparty.created"
    COUNTERPARTY_UPDATED = "counterparty.updated"
    COUNTERPARTY_DEACTIVATED = "counterparty.deactivated"
    COUNTERPARTIES_IMPORTED = "counterparties.imported"
    SOURCE_ADDED = "source.added"
    SOURCE_CHANGED = "source.changed"
    SOURCE_FETCHED = "source.fetched"
    MONITOR_RUN_STARTED = "monitor.run_started"
    MONITOR_RUN_FINISHED = "monitor.run_finished"
