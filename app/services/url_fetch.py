"""Fetch an article page for import by URL, refusing what a server should not fetch.

Invariants:
- only ``http``/``https`` URLs are fetched, and every hop of a redirect is checked again;
- a host whose addresses include a private, loopback, link-local, reserved, multicast or
  unspecified address is refused (SSRF) unless it is listed in ``fetch_allowed_hosts``;
- at most ``max_bytes`` are read (a longer body is refused, never cut), within a timeout
  that covers the whole download; only HTML (or plain text) is accepted;
- every refusal is an :class:`~app.services.errors.InvalidInput` with a one-line message.

Known limit: the address is checked before httpx connects and resolves again, so a DNS
answer that changes between the two (rebinding) is not caught.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from app.services.errors import InvalidInput

ACCEPTED_TYPES = {"text/html": "text/html", "application/xhtml+xml": "text/html"}
PLAIN_TYPES = {"text/plain": "text/plain"}
USER_AGENT = "Communique/0.1 (article import)"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    timeout: float
    max_bytes: int
    max_redirects: int
    allowed_hosts: frozenset[str]


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    media_type: str


def _refuse(url: str, why: str) -> InvalidInput:
    return InvalidInput(f"{url}: {why}", 422)


def check_url(url: str, policy: FetchPolicy) -> None:
    """Refuse a URL that is not http(s) or whose host resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _refuse(url, "not an http:// or https:// address.")
    host = parts.hostname.lower()
    if host in policy.allowed_hosts or f"{host}:{parts.port}" in policy.allowed_hosts:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or 80, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise _refuse(url, "the host name does not resolve.") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise _refuse(
                url,
                f"refused: {host} is a private, loopback or link-local address ({address}).",
            )


def fetch(url: str, policy: FetchPolicy) -> Fetched:
    """The page at ``url`` (redirects followed and checked); raises InvalidInput on refusal."""
    deadline = time.monotonic() + policy.timeout
    timeout = httpx.Timeout(policy.timeout)
    current = url.strip()
    with httpx.Client(timeout=timeout, headers={"User-Agent": USER_AGENT}) as client:
        for _hop in range(policy.max_redirects + 1):
            check_url(current, policy)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect and "location" in response.headers:
                        current = urljoin(current, response.headers["location"])
                        continue
                    return _read(url, current, response, policy, deadline)
            except httpx.TimeoutException as exc:
                raise _refuse(url, f"no answer within {policy.timeout:g} s (timeout).") from exc
            except httpx.HTTPError as exc:
                raise _refuse(url, f"could not be fetched ({type(exc).__name__}).") from exc
    raise _refuse(url, f"more than {policy.max_redirects} redirects.")


def _read(
    url: str, final: str, response: httpx.Response, policy: FetchPolicy, deadline: float
) -> Fetched:
    if response.status_code != 200:
        reason = response.reason_phrase or "error"
        raise _refuse(url, f"the server answered {response.status_code} {reason}.")
    declared = response.headers.get("content-type", "").split(";")[0].strip().lower()
    media_type = ACCEPTED_TYPES.get(declared) or PLAIN_TYPES.get(declared)
    if media_type is None:
        raise _refuse(url, f"not an HTML page (content type {declared or 'missing'}).")
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > policy.max_bytes:
        raise _refuse(url, _too_large(int(length), policy.max_bytes))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > policy.max_bytes:
            raise _refuse(url, _too_large(size, policy.max_bytes, "over"))
        if time.monotonic() > deadline:
            raise _refuse(url, f"the download took longer than {policy.timeout:g} s (timeout).")
        chunks.append(chunk)
    return Fetched(url=final, data=b"".join(chunks), media_type=media_type)


def _too_large(size: int, max_bytes: int, qualifier: str = "") -> str:
    said = f"{qualifier} {size:,}".strip()
    return f"the page is {said} bytes; the limit is {max_bytes:,} bytes (too large)."
