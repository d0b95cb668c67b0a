"""Sanctions screening: the matcher, the services that screen and review, and the
channels people and systems use (web pages, JSON API, CLI).

- ``matching/``: the pure matcher (no Flask, database or Celery);
- ``indexes``: candidate indexes over pinned list versions;
- ``jobs/``, ``review/``, ``accounts/``, ``webhooks``: the services every channel calls;
- ``app``: the Flask app factory; ``web/`` pages, ``api/`` JSON API, ``cli/`` commands.

Importing this package imports nothing: ``import screening.matching`` loads no Flask.
"""
