"""`planqa ask|search --url`: the same request to a running server instead of the index in this process.

Loading the index and the embedder takes seconds for every command; a server has them loaded already. This module
imports nothing of planqa's index, so `--url` starts in the time httpx takes to import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn

import httpx

from service import messages

TIMEOUT_S = 120  # a first question on a cold server can take a while; an unreachable one fails at once


def post(url: str, path: str, body: dict, fail: Callable[[str], NoReturn]) -> dict:
    """POST `body` to `url` + `path` and return the JSON; `fail` with the server's `detail` on a refusal, or with
    what went wrong when there is no planqa answering there."""
    base = url.rstrip("/")
    try:
        response = httpx.post(base + path, json=body, timeout=TIMEOUT_S)
    except httpx.HTTPError as e:
        fail(messages.text("unreachable", url=base, reason=str(e) or type(e).__name__))
    if response.status_code != 200:
        fail(messages.text("refused", url=base, status=response.status_code, detail=_detail(response)))
    try:
        return response.json()
    except ValueError:
        fail(messages.text("refused", url=base, status=response.status_code, detail=response.text[:200]))


def _detail(response: httpx.Response) -> str:
    """The API's `detail` message; a proxy or another program answers with something else, shown as it is."""
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    if isinstance(detail, str):
        return detail
    return str(detail) if detail is not None else (response.text[:200] or response.reason_phrase)
