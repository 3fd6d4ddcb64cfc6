"""Pages of the list endpoints (GET /documents, GET /indicators): `limit` and `offset` in the query, the total in
the `X-Total-Count` header, so the body keeps the shape existing clients read (a list of plans; `{"indicators":
[...]}`). A national corpus holds 100,000 plans: one unbounded answer would be hundreds of MB."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from fastapi import Query, Response

TOTAL_HEADER = "X-Total-Count"
DEFAULT_LIMIT = 100  # a screen's worth: the web page and the MCP tools show no more at once
MAX_LIMIT = 1000  # a client reading everything pages by 1,000 (a few hundred KB of plans per answer)

T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int

    def of(self, rows: Iterable[T], total: int, response: Response) -> list[T]:
        """This page of `rows` (`total` of them), with the total in the response's header."""
        response.headers[TOTAL_HEADER] = str(total)
        return list(islice(rows, self.offset, self.offset + self.limit))


def page(limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT,
                            description=f"at most this many rows (1-{MAX_LIMIT}); the total is in the "
                                        f"{TOTAL_HEADER} header", examples=[DEFAULT_LIMIT]),
         offset: int = Query(0, ge=0, description="rows to skip, for the next pages: offset + limit",
                             examples=[0])) -> Page:
    """The page asked for; a limit out of 1-1000 or a negative offset is a 422 saying so."""
    return Page(limit, offset)


def documented(responses: dict) -> dict:
    """`responses=` of a list route, its 200 also documenting the total's header."""
    ok = responses.setdefault(200, {})
    ok.setdefault("headers", {})[TOTAL_HEADER] = {
        "description": "how many rows there are in all (this answer holds `limit` of them from `offset`)",
        "schema": {"type": "integer", "minimum": 0}}
    return responses


__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "TOTAL_HEADER", "Page", "documented", "page"]
