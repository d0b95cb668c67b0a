"""Celery integration: the Celery app is built from the Flask app's settings.

Following Flask's Celery pattern, tasks run inside the Flask app context, so
web and workers share one configuration. ``workers.celery_app`` is the module
the ``celery`` command loads.
"""

from __future__ import annotations

from typing import Any

from celery import Celery, Task
from flask import Flask
from kombu import Queue


def celery_init_app(app: Flask) -> Celery:
    settings = app.config["SETTINGS"]

    class FlaskTask(Task):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=FlaskTask)
    celery.conf.update(
        broker_url=settings.broker_url,
        broker_connection_retry_on_startup=True,
        # Results live in our database; Celery's result store is not used.
        task_ignore_result=True,
        # A task is acknowledged after it ran, so a worker that dies mid-task
        # leaves it on the broker for another worker.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=settings.queue,
        # A worker started without -Q consumes both; production runs one worker per queue.
        task_queues=(Queue(settings.queue), Queue(settings.webhook_queue_name)),
        task_routes={"workers.tasks.deliver_webhook": {"queue": settings.webhook_queue_name}},
        task_serializer="json",
        accept_content=["json"],
        include=["workers.tasks"],
        worker_hijack_root_logger=False,
    )
    celery.conf.beat_schedule = {
        "reconcile-stuck-jobs": {
            "task": "workers.tasks.reconcile_jobs",
            "schedule": 60.0,
        },
    }
    if not settings.uses_embedded_broker:
        # Redis hands an unacknowledged task to another worker after this long.
        celery.conf.broker_transport_options = {"visibility_timeout": 3600}
    else:
        # kombu's SQLAlchemy transport polls its table once a second by default.
        # Its transport options go to create_engine(), so the interval can only
        # be set on the class.
        from kombu.transport.sqlalchemy import Transport

        Transport.polling_interval = 0.2
    celery.set_default()
    app.extensions["celery"] = celery
    return celery
