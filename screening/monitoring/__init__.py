"""Continuous screening: the counterparty register and the monitor that re-screens it.

- ``register``: create, change, deactivate and import counterparties, each change
  versioned (``CounterpartyChange``) and audited;
- ``files``: counterparty files (CSV, JSON Lines) read line by line, with rejects;
- ``monitor``: plan a run (what changed since the last one), screen its chunks,
  raise and close alerts;
- ``models``: the runs and their chunks.
"""
