"""The base layer every other package stands on: settings, the database, the audit
trail, the task queue client and outbound HTTP.

It imports nothing of ``watchlists``, ``screening`` or ``workers`` (an
import-linter contract in pyproject.toml keeps it so).
"""
