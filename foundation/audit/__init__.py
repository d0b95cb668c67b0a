"""The append-only, hash-chained audit trail: ``chain`` appends, seals and verifies,
``head`` states the chain head with an HMAC (exports, anchors), ``actions`` lists
what may be recorded, ``exports`` writes logs for auditors."""

from foundation.audit.actions import AuditAction
from foundation.audit.chain import (
    ChainCheck,
    ChainHead,
    EventBatch,
    chain_head,
    record_event,
    seal_events,
    verify_chain,
)
from foundation.audit.models import AuditEvent

__all__ = [
    "AuditAction",
    "AuditEvent",
    "ChainCheck",
    "ChainHead",
    "EventBatch",
    "chain_head",
    "record_event",
    "seal_events",
    "verify_chain",
]
