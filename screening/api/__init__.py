"""The JSON API for ERP systems, under /api/v1.

Views are short: authenticate, parse, call a service, shape the response.
Every error leaves as {"error": {"code", "message", "details"}}.
"""

from __future__ import annotations

from flask import Flask

from screening.api import alert_detail, alerts, counterparties, docs, lists, screenings
from screening.api.base import bp
from screening.api.ratelimit import RateLimiter

__all__ = ["alert_detail", "alerts", "counterparties", "lists", "screenings"]  # for their routes


def register_api(app: Flask) -> None:
    app.extensions["rate_limiter"] = RateLimiter(app.extensions["runtime"].settings)
    app.register_blueprint(bp)
    app.register_blueprint(docs.docs_bp)
