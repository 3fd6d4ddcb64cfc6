"""The officials' web page at `/` and the OpenAPI docs at `/docs` and `/redoc`, all served from this machine.

Government networks are often offline, and FastAPI's own docs load their scripts from a CDN (a blank page there),
so every asset comes from a local file: the page's own in `static/`, Swagger UI's and ReDoc's from the
`fastapi-offline` package (MIT), which ships their released bundles (Swagger UI: Apache-2.0; ReDoc: MIT). The page
is a small static one (vanilla JS over the JSON API), so nothing needs a node build.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
DOCS_ASSETS = Path(fastapi_offline.__file__).parent / "static"
PAGE_ASSETS_URL = "/web"
DOCS_ASSETS_URL = "/web/docs-assets"

router = APIRouter(include_in_schema=False)  # pages, not API: kept out of the OpenAPI spec

# The page's own policy: its scripts and styles are files of this server, so nothing else may run or load; this
# also keeps whatever text an uploaded plan holds from ever running as script.
PAGE_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'self'"
# The docs' pages run the bundles' inline set-up code, so scripts and styles are left to them; what they may fetch is
# this server only (ReDoc's side menu shows a logo from its vendor's CDN otherwise: blocked, it hides itself).
DOCS_POLICY = ("img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; media-src 'self'; "
               "frame-src 'self'; object-src 'none'")


@router.get("/", response_class=FileResponse)
def page() -> FileResponse:
    # no-cache: an upgraded server must not leave officials on an old page that calls an API it no longer has
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-cache", "Content-Security-Policy": PAGE_POLICY})


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    return _offline(get_swagger_ui_html(
        openapi_url=f"{root}{request.app.openapi_url}", title=f"{request.app.title} — API",
        oauth2_redirect_url=f"{root}/docs/oauth2-redirect",
        swagger_js_url=f"{root}{DOCS_ASSETS_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{DOCS_ASSETS_URL}/swagger-ui.css",
        swagger_favicon_url=f"{root}{PAGE_ASSETS_URL}/favicon.svg",
        # Swagger UI's default validator badge is an image from validator.swagger.io: a request off the network
        swagger_ui_parameters={**(request.app.swagger_ui_parameters or {}), "validatorUrl": None}))


@router.get("/docs/oauth2-redirect", response_class=HTMLResponse)
def swagger_ui_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    return _offline(get_redoc_html(
        openapi_url=f"{root}{request.app.openapi_url}", title=f"{request.app.title} — API",
        redoc_js_url=f"{root}{DOCS_ASSETS_URL}/redoc.standalone.js",
        redoc_favicon_url=f"{root}{PAGE_ASSETS_URL}/favicon.svg", with_google_fonts=False))


def _offline(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = DOCS_POLICY
    return page


def install(app: FastAPI) -> None:
    """Serve the page and the offline docs from `app` (created with `docs_url=None, redoc_url=None`, so that
    FastAPI's CDN-loading pages are not registered first). A router cannot carry mounts, hence a function."""
    # the more specific mount first: Starlette matches mounts in order
    app.mount(DOCS_ASSETS_URL, StaticFiles(directory=DOCS_ASSETS), name="docs-assets")
    app.mount(PAGE_ASSETS_URL, StaticFiles(directory=STATIC), name="web")
    app.include_router(router)


__all__ = ["install", "router"]
