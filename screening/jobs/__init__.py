"""Screening jobs, one module per step of their life.

- ``inputs``: what a submission may hold, and its validation;
- ``submit``: save a job with its items, then enqueue it (or screen it at once);
- ``process``: a worker screens a chunk of items and stores their results;
- ``lifecycle``: a job's status changes (running, completed, failed);
- ``reconcile``: re-send what a lost message or a dead worker left behind;
- ``reports``: jobs and results as JSON, the one shape every channel shows;
- ``log``: the screening log that auditors download.
"""
