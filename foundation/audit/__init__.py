"""The append-only, hash-chained audit trail: ``chain`` appends and verifies,
``actions`` lists what may be recorded, ``exports`` writes logs for auditors."""

from foundation.audit.actions import AuditAction
from foundation.audit.chain import ChainCheck, record_event, verify_chain
from foundation.audit.models import AuditEvent

__all__ = ["AuditAction", "AuditEvent", "ChainCheck", "record_event", "verify_chain"]
