"""The JSON API for ERP systems, under /api/v1.

Views are short: authenticate, parse, call a service, shape the response.
Every error leaves as {"error": {"code", "message", "details"}}, or as an
RFC 9457 problem when the client accepts application/problem+json.
"""

from __future__ import annotations

from flask import Flask
from flask_compress import Compress

from screening.api import alert_detail, alerts, counterparties, docs, lists, screenings
from screening.api.base import bp, register_hooks
from screening.api.ratelimit import RateLimiter

__all__ = ["alert_detail", "alerts", "counterparties", "lists", "screenings"]  # for their routes

# Answers smaller than this are sent as they are: compressing them saves little.
GZIP_MIN_BYTES = 2048


def register_api(app: Flask) -> None:
    app.extensions["rate_limiter"] = RateLimiter(app.extensions["runtime"].settings)
    # gzip for large API answers (result pages), when the client accepts it; the hooks
    # apply it to /api/ paths only.
    app.config.update(
        COMPRESS_REGISTER=False,
        COMPRESS_ALGORITHM=["gzip"],
        COMPRESS_MIMETYPES=["application/json"],
        COMPRESS_MIN_SIZE=GZIP_MIN_BYTES,
        COMPRESS_LEVEL=6,
    )
    compress = Compress()
    compress.init_app(app)
    register_hooks(app, compress)
    app.register_blueprint(bp)
    app.register_blueprint(docs.docs_bp)
