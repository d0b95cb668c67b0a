"""Celery workers: the task code that screens chunks, delivers webhooks and reconciles.

``workers.celery_app`` is the module the ``celery`` command loads. Tasks parse
their arguments, call one service and report; the work itself lives in
``screening.jobs`` and ``screening.webhooks``.
"""
