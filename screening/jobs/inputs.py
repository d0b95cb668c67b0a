"""What a screening submission may hold, and the checks every channel applies to it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from foundation.outbound import AddressPolicy, is_public_address, literal_address
from foundation.settings import Settings
from foundation.text import is_storable_text
from screening.matching import DEFAULT_THRESHOLD

ITEM_TYPES = ("person", "company", "organization", "any")
# Matches kept per screened name; the rest are below the best by definition.
MAX_MATCHES_PER_ITEM = 10


class JobInputError(ValueError):
    """The submission cannot be accepted; the message says what to change."""

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.details = details


@dataclass(frozen=True)
class ItemInput:
    name: str
    type: str = "any"
    country: str | None = None
    reference: str | None = None


def effective_threshold(settings: Settings, requested: float | None) -> float:
    if requested is not None:
        return requested
    return settings.match_threshold or DEFAULT_THRESHOLD


def validate_items(items: Sequence[ItemInput], settings: Settings, limit: int) -> None:
    """Raise :class:`JobInputError` listing every invalid item, or return."""
    if not items:
        raise JobInputError("items must hold at least one name")
    if len(items) > limit:
        raise JobInputError(f"Too many items in one request (limit: {limit})")
    problems = []
    for position, item in enumerate(items):
        problems.extend(_item_problems(position, item, settings))
    if problems:
        raise JobInputError(f"{len(problems)} item(s) are invalid", details=problems)


def _item_problems(position: int, item: ItemInput, settings: Settings) -> list[dict[str, Any]]:
    problems = []
    if not item.name or not item.name.strip():
        problems.append({"item": position, "field": "name", "message": "name is empty"})
    elif len(item.name) > settings.max_name_length:
        problems.append(
            {
                "item": position,
                "field": "name",
                "message": f"name longer than {settings.max_name_length} characters",
            }
        )
    for field_name in ("name", "reference", "country"):
        value = getattr(item, field_name)
        if isinstance(value, str) and not is_storable_text(value):
            problems.append(
                {
                    "item": position,
                    "field": field_name,
                    "message": "holds a NUL character or an unpaired surrogate",
                }
            )
    if item.type not in ITEM_TYPES:
        problems.append(
            {"item": position, "field": "type", "message": f"type must be one of {ITEM_TYPES}"}
        )
    return problems


class CallbackUrlError(ValueError):
    pass


def validate_callback_url(url: str, settings: Settings) -> str:
    """Accept http(s) URLs without credentials, on the allowlist when one is set.

    This refuses what can be refused from the URL alone (an internal IP literal
    in any spelling, localhost). Where a name resolves to is checked again at
    every delivery, since DNS may answer differently then.
    """
    if settings.webhooks_disabled:
        raise CallbackUrlError(
            "webhooks are turned off on this service (SCREENING_WEBHOOK_ALLOWED_HOSTS=none); "
            "poll the job instead"
        )
    if len(url) > 2048:
        raise CallbackUrlError("callback_url is longer than 2048 characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise CallbackUrlError(f"callback_url is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise CallbackUrlError("callback_url must use http or https")
    if not parts.hostname:
        raise CallbackUrlError("callback_url has no host")
    if parts.username or parts.password:
        raise CallbackUrlError("callback_url must not contain credentials")
    if port == 0:
        raise CallbackUrlError("callback_url has an invalid port")
    host = parts.hostname.lower().rstrip(".")
    policy = AddressPolicy.allow_list(settings.webhook_allowed_hosts)
    if policy.only_trusted and not policy.trusts(host):
        raise CallbackUrlError(f"callback_url host {host!r} is not in the allowed hosts")
    if not policy.trusts(host) and _is_internal_name(host):
        raise CallbackUrlError(
            f"callback_url host {host!r} is an internal address; webhooks go to public "
            "addresses unless SCREENING_WEBHOOK_ALLOWED_HOSTS names the host"
        )
    return url


def _is_internal_name(host: str) -> bool:
    literal = literal_address(host)
    if literal is not None:
        return not is_public_address(literal)
    return host == "localhost" or host.endswith((".localhost", ".local", ".internal"))
