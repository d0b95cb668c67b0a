"""WSGI entry point for gunicorn: ``gunicorn screening.wsgi:app``."""

from screening.app import create_app

app = create_app()
