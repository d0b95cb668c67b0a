"""Continuous screening: the counterparty register and the monitor that re-screens it.

- ``register``: create, change, deactivate and upsert counterparties, each change
  versioned (``CounterpartyChange``) and audited;
- ``files`` and ``imports``: counterparty files (CSV, JSON Lines) read line by line
  and upserted in batches, with rejects;
- ``listing``: search and filters of the register;
- ``diff``: what changed in a list between two versions, and the small index of it;
- ``monitor``: plan a run (what changed since the last one), screen its chunks,
  raise and close alerts, ``alert.opened`` events;
- ``runner``: run the monitor here (CLI, benchmark) or as Celery tasks;
- ``triggers``: start the monitor after a new list version or an import;
- ``models``: the runs and their chunks.
"""
