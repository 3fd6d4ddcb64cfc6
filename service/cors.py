"""Cross-origin access for browser front-ends (a chatbot UI on another host calling /ask or /v1/chat/completions).

Off unless origins are configured: a government intranet decides which pages may call its API. Origins come from
`planqa serve --cors-origins` or PLANQA_CORS_ORIGINS, separated by commas or spaces; `*` allows any page.
"""

from __future__ import annotations

import os
import re

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

ENV = "PLANQA_CORS_ORIGINS"


def origins(value: str | list[str] | None = None) -> list[str]:
    """The allowed origins: `value`, else the environment. 'https://a.gov.vn, http://b:8080/' -> both, without
    the trailing slash a browser never sends."""
    if value is None:
        value = os.environ.get(ENV, "")
    items = value if isinstance(value, list) else re.split(r"[,\s]+", value)
    return [o.strip().rstrip("/") for o in items if o.strip()]


def install(app: FastAPI, allowed: list[str], exposed: list[str]) -> None:
    """Answer preflights and add Access-Control-* headers for the allowed origins; nothing when there are none."""
    if not allowed:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"] if "*" in allowed else allowed,
        allow_methods=["*"],
        allow_headers=["*"],  # content-type for JSON bodies, authorization for the write endpoints
        expose_headers=exposed,  # let a page read which index generation answered
        max_age=600,
    )
