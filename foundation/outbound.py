"""Outbound HTTP that a URL from outside cannot turn against our own network.

Webhook URLs come from API clients. A URL that names, or resolves to, a
loopback, private, link-local, CGNAT or otherwise non-public address would let a
client make the service call its own infrastructure (server-side request
forgery). So a request here:

- resolves the host at send time, under the request's deadline;
- refuses the request when any resolved address is not public, unless the
  caller's policy trusts the host (an operator's allow-list);
- connects to the address it checked, not to a second lookup (no DNS rebinding);
- follows no redirects: a 3xx is an answer, not an instruction;
- stops at one total deadline, DNS, connect, TLS, sending and reading included.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from foundation.settings import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]

# NAT64 (RFC 6052) embeds an IPv4 address in its last 32 bits.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# Enough of a response body to read a status line and headers politely.
MAX_RESPONSE_BYTES = 64 * 1024


class OutboundError(Exception):
    """The request could not be made or did not finish; the message says why."""


class AddressRefused(OutboundError):
    """The URL names or resolves to an address the policy does not allow."""


@dataclass(frozen=True)
class AddressPolicy:
    """Which destinations a request may reach.

    ``trusted_hosts`` are names an operator vouched for: they may resolve to
    private addresses (an ERP inside the company network). Every other host
    must resolve to public addresses only. ``only_trusted`` refuses all hosts
    outside ``trusted_hosts``.
    """

    trusted_hosts: frozenset[str] = field(default_factory=frozenset)
    only_trusted: bool = False

    @classmethod
    def allow_list(cls, hosts: Iterable[str]) -> AddressPolicy:
        """With hosts, only (and any address of) those hosts; without, public addresses only."""
        trusted = frozenset(h.lower().rstrip(".") for h in hosts)
        return cls(trusted_hosts=trusted, only_trusted=bool(trusted))

    def trusts(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.trusted_hosts


def is_public_address(address: IPAddress) -> bool:
    """Whether ``address`` is globally routable unicast (embedded IPv4 forms unwrapped)."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return is_public_address(address.ipv4_mapped)
        if address.sixtofour is not None:
            return is_public_address(address.sixtofour)
        if address.teredo is not None:
            return False
        if address in _NAT64:
            return is_public_address(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return bool(
        address.is_global
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_unspecified
        and not address.is_loopback
        and not address.is_link_local
    )


def literal_address(host: str) -> IPAddress | None:
    """The address a host written as an IP literal denotes, in any form the C library
    accepts (``127.1``, ``2130706433``, ``0x7f000001``, ``0177.0.0.1``); else None."""
    text = host.strip("[]")
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    if not text or not all(c.isalnum() or c == "." for c in text):
        return None
    try:
        packed = socket.inet_aton(text)
    except OSError:
        return None
    return ipaddress.IPv4Address(packed)


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _resolve_within(resolver: Resolver, host: str, port: int, seconds: float) -> list[str]:
    """Resolve in a helper thread, so a slow DNS server cannot outlast the deadline."""
    outcome: dict[str, object] = {}
    done = threading.Event()

    def work() -> None:
        try:
            outcome["addresses"] = list(resolver(host, port))
        except Exception as exc:  # reported to the caller below
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=work, name=f"resolve {host}", daemon=True).start()
    if not done.wait(max(0.0, seconds)):
        raise OutboundError(f"resolving {host} took longer than the deadline")
    if "error" in outcome:
        raise OutboundError(f"cannot resolve {host}: {outcome['error']}")
    addresses = outcome.get("addresses")
    if not addresses:
        raise OutboundError(f"{host} has no address")
    return addresses  # type: ignore[return-value]


def checked_addresses(
    host: str, port: int, policy: AddressPolicy, resolver: Resolver, seconds: float
) -> list[str]:
    """The addresses to connect to, after the policy check; raises AddressRefused."""
    if policy.only_trusted and not policy.trusts(host):
        raise AddressRefused(f"host {host!r} is not in the allowed hosts")
    literal = literal_address(host)
    addresses = [str(literal)] if literal is not None else None
    if addresses is None:
        addresses = _resolve_within(resolver, host, port, seconds)
    if policy.trusts(host):
        return addresses
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if not is_public_address(address):
            raise AddressRefused(f"{host} resolves to {address}, which is not a public address")
    return addresses


@dataclass(frozen=True)
class Answer:
    status: int
    address: str
    headers: dict[str, str]


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self, what: str) -> float:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise OutboundError(f"deadline passed while {what}")
        return remaining


def post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    timeout: float,
    policy: AddressPolicy,
    resolver: Resolver = system_resolver,
) -> Answer:
    """POST ``body`` to ``url`` under ``policy`` within ``timeout`` seconds in all.

    Returns the status whatever it is (redirects are not followed); raises
    :class:`AddressRefused` or :class:`OutboundError`.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OutboundError("only http and https URLs with a host can be called")
    host = parts.hostname
    port = parts.port or (443 if parts.scheme == "https" else 80)
    deadline = _Deadline(timeout)
    addresses = checked_addresses(host, port, policy, resolver, deadline.left("resolving"))
    last_error: Exception | None = None
    for address in addresses:
        try:
            sock = socket.create_connection((address, port), timeout=deadline.left("connecting"))
        except OSError as exc:
            last_error = exc
            continue
        return _exchange(sock, parts.scheme, host, port, address, url, body, headers, deadline)
    raise OutboundError(f"cannot connect to {host}:{port}: {last_error}")


def _exchange(
    sock: socket.socket,
    scheme: str,
    host: str,
    port: int,
    address: str,
    url: str,
    body: bytes,
    headers: dict[str, str],
    deadline: _Deadline,
) -> Answer:
    # A timer closes the socket at the deadline, so a receiver that trickles
    # its answer a byte at a time cannot hold the worker past it.
    timer = threading.Timer(deadline.left("connecting"), _shut, args=(sock,))
    timer.daemon = True
    timer.start()
    try:
        if scheme == "https":
            context = ssl.create_default_context()
            sock = context.wrap_socket(sock, server_hostname=host)
            timer.args = (sock,)
        connection = http.client.HTTPConnection(host, port, timeout=deadline.left("sending"))
        connection.sock = sock  # connect to the address that was checked, nothing else
        target = urlsplit(url)
        path = (target.path or "/") + (f"?{target.query}" if target.query else "")
        connection.request("POST", path, body=body, headers=headers)
        sock.settimeout(deadline.left("waiting for the answer"))
        response = connection.getresponse()
        response.read(MAX_RESPONSE_BYTES)
        return Answer(response.status, address, {k.lower(): v for k, v in response.getheaders()})
    except (OSError, http.client.HTTPException) as exc:
        if time.monotonic() >= deadline.end:
            raise OutboundError(f"no answer from {host} within the deadline") from exc
        raise OutboundError(f"{type(exc).__name__}: {exc}") from exc
    finally:
        timer.cancel()
        sock.close()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


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


# --- downloads (list sources) -------------------------------------------------------

MAX_REDIRECTS = 5
_BLOCK = 1 << 16


@dataclass(frozen=True)
class Download:
    """What a GET answered. ``size`` bytes of body were written when ``status`` is 200."""

    status: int
    url: str  # after redirects
    headers: dict[str, str]
    size: int = 0


def download(
    url: str,
    dest: Path,
    *,
    headers: dict[str, str],
    timeout: float,
    max_bytes: int,
    policy: AddressPolicy,
    resolver: Resolver = system_resolver,
    max_redirects: int = MAX_REDIRECTS,
) -> Download:
    """GET ``url`` within ``timeout`` seconds in all, writing a 200's body to ``dest``.

    Redirects are followed (up to ``max_redirects``, never from https to http),
    and every host on the way is checked against ``policy`` when it is reached.
    A body longer than ``max_bytes``, or shorter than its Content-Length, raises
    :class:`OutboundError`; so do network failures and the deadline. Any other
    status is returned as it is, without a body.
    """
    deadline = _Deadline(timeout)
    current = url
    for _hop in range(max_redirects + 1):
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise OutboundError(f"only http and https URLs with a host can be fetched: {current}")
        host = parts.hostname
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = checked_addresses(host, port, policy, resolver, deadline.left("resolving"))
        sock = _connect(host, port, addresses, deadline)
        answer = _get(sock, parts.scheme, host, port, current, dest, headers, deadline, max_bytes)
        location = answer.headers.get("location")
        if answer.status in (301, 302, 303, 307, 308) and location:
            target = urljoin(current, location)
            if parts.scheme == "https" and urlsplit(target).scheme != "https":
                raise OutboundError(f"{current} redirects from https to {target}; not followed")
            current = target
            continue
        return Download(answer.status, current, answer.headers, answer.size)
    raise OutboundError(f"more than {max_redirects} redirects from {url}")


def _connect(host: str, port: int, addresses: list[str], deadline: _Deadline) -> socket.socket:
    last_error: Exception | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout=deadline.left("connecting"))
        except OSError as exc:
            last_error = exc
    raise OutboundError(f"cannot connect to {host}:{port}: {last_error}")


def _get(
    sock: socket.socket,
    scheme: str,
    host: str,
    port: int,
    url: str,
    dest: Path,
    headers: dict[str, str],
    deadline: _Deadline,
    max_bytes: int,
) -> Download:
    timer = threading.Timer(deadline.left("connecting"), _shut, args=(sock,))
    timer.daemon = True
    timer.start()
    try:
        if scheme == "https":
            context = ssl.create_default_context()
            sock = context.wrap_socket(sock, server_hostname=host)
            timer.args = (sock,)
        connection = http.client.HTTPConnection(host, port, timeout=deadline.left("sending"))
        connection.sock = sock  # the checked address, nothing else
        target = urlsplit(url)
        path = (target.path or "/") + (f"?{target.query}" if target.query else "")
        connection.request("GET", path, headers=headers)
        sock.settimeout(deadline.left("waiting for the answer"))
        response = connection.getresponse()
        answer_headers = {k.lower(): v for k, v in response.getheaders()}
        if response.status != 200:
            response.read(MAX_RESPONSE_BYTES)
            return Download(response.status, url, answer_headers)
        declared = answer_headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise OutboundError(f"{url} is {declared} bytes, more than the limit of {max_bytes}")
        size = 0
        with dest.open("wb") as out:
            while True:
                # The timer shuts the socket at the deadline; no per-read timeout
                # is set here, since the connection may already be closed for us.
                block = response.read(_BLOCK)
                if not block:
                    break
                size += len(block)
                if size > max_bytes:
                    raise OutboundError(f"{url} is larger than the limit of {max_bytes} bytes")
                out.write(block)
        if declared.isdigit() and size != int(declared):
            raise OutboundError(f"download of {url} truncated: {size} of {declared} bytes")
        return Download(200, url, answer_headers, size)
    except (OSError, http.client.HTTPException) as exc:
        if time.monotonic() >= deadline.end:
            raise OutboundError(f"{url} did not finish within the deadline") from exc
        if isinstance(exc, http.client.IncompleteRead):
            message = f"download of {url} truncated: the connection closed early"
            raise OutboundError(message) from exc
        raise OutboundError(f"{type(exc).__name__}: {exc}") from exc
    finally:
        timer.cancel()
        sock.close()
