"""Starting the monitor when something changed: a new list version, a counterparty import."""

from __future__ import annotations

import logging

from foundation.queue import TaskName, TaskQueue
from foundation.settings import Settings

log = logging.getLogger(__name__)


def announce_change(queue: TaskQueue, settings: Settings, reason: str) -> bool:
    """Ask the workers to run the monitor now (``SCREENING_MONITOR_ON_CHANGE``).

    A broker that cannot be reached loses nothing: beat's periodic check
    (``SCREENING_MONITOR_EVERY``) finds the change too. Returns whether it was sent.
    """
    if not settings.monitor_on_change:
        return False
    try:
        queue.send(TaskName.MONITOR_CHANGES, reason)
    except Exception as exc:  # any broker failure: the periodic check catches up
        log.warning("could not start the monitor after %s: %s", reason, exc)
        return False
    return True
