"""zopa's local web page for what-ifs (extra ``[app]``): FastAPI, Jinja2 templates, HTMX and plotly.

Every script and style is served by the app itself (htmx is vendored in ``static/``, plotly.js
comes from the ``plotly`` package), and a Content-Security-Policy forbids any other source: the
page works without internet access and makes no request outside the server.

:func:`create_app` builds the ASGI application; ``zopa serve`` runs it with uvicorn on
127.0.0.1. The JSON API lives under ``/api`` (:mod:`zopa.app.api`), the pages elsewhere
(:mod:`zopa.app.pages`), the what-if logic in :mod:`zopa.whatif`.

Examples
--------
>>> from fastapi.testclient import TestClient
>>> client = TestClient(create_app())
>>> client.get("/api/scenarios/textbook").json()["principals"]
['A', 'B']
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

__all__ = ["create_app", "LOOPBACK_HOSTS", "plotly_js"]

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]", "testserver")


def plotly_js() -> Path:
    """The plotly.js bundle that ships inside the ``plotly`` package."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():  # pragma: no cover - a broken plotly install
        raise FileNotFoundError(f"plotly.min.js not found at {path}: reinstall plotly")
    return path


def create_app(scenario: str | Path | None = None, *, hosts: Sequence[str] | None = LOOPBACK_HOSTS, threads: int = 2,
               processes: int = 0):
    """The web application.

    Parameters
    ----------
    scenario : str or Path, optional
        A scenario file (or name) to offer first, besides the built-ins and historical cases.
    hosts : sequence of str, optional
        Host names the server answers to (default: loopback names only); ``None`` accepts any.
    threads : int
        What-ifs computed at once (the rest wait their turn; the pages stay responsive).
    processes : int
        Compute what-ifs in this many worker processes instead of threads (uses every core).
    """
    from fastapi import FastAPI
    from fastapi.responses import FileResponse
    from fastapi.staticfiles import StaticFiles
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    from zopa import __version__
    from zopa.app import api, pages, web
    from zopa.app.service import Service
    from zopa.app.store import Store

    service = Service(Store(scenario), threads=threads, processes=processes)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        service.close()

    app = FastAPI(
        lifespan=lifespan,
        title="zopa",
        version=__version__,
        description="What-if analysis of war-ending negotiations: scenarios, levers and their effects on the "
        "zone of agreement, the chance of a deal, the equilibrium, the plans and the claims.",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: not served
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.service = service
    web.install(app)
    if hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))

    js = plotly_js()

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    async def _plotly():
        return FileResponse(js, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})

    app.mount("/static", StaticFiles(directory=str(resources.files("zopa.app") / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app
