"""Safety at the edge: security headers, trusted hosts, size limits and error bodies.

- Every response carries a Content-Security-Policy that allows scripts, styles, images and
  requests from the server itself only (:data:`CSP`), and headers that forbid framing and
  sniffing.
- Requests must name a trusted host (loopback by default), so a web page elsewhere cannot
  reach the server through a rebound DNS name.
- Errors reach clients as JSON ``{"detail", "problems", "messages"}`` (``messages`` are the
  CLI's ``file:line: path: message (hint)`` lines), never as a traceback.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from zopa.errors import InputError, Problem

__all__ = ["CSP", "install", "error_body", "problems_of_validation"]

log = logging.getLogger("zopa.app")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def error_body(detail: str, problems: list[Problem] | None = None) -> dict:
    """The JSON body of every error response."""
    problems = problems or []
    return {"detail": detail, "problems": [p.to_dict() for p in problems], "messages": [str(p) for p in problems]}


def problems_of_validation(err: RequestValidationError) -> list[Problem]:
    """FastAPI's validation errors as :class:`Problem` objects (the client's input is not echoed)."""
    out = []
    for e in err.errors():
        loc = [str(x) for x in e.get("loc", ())]
        where = loc[0] if loc else "request"
        path = ".".join(loc[1:])
        msg = str(e.get("msg", "invalid")).removeprefix("Value error, ")
        out.append(Problem(where, None, None, path, msg))
    return out


def install(app: FastAPI) -> None:
    """Add the security headers and the error handlers to ``app``."""

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(InputError)
    async def _input(request: Request, err: InputError):
        first = str(err.problems[0]) if err.problems else "invalid input"
        return JSONResponse(error_body(first, err.problems), status_code=422)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, err: RequestValidationError):
        problems = problems_of_validation(err)
        return JSONResponse(error_body(str(problems[0]) if problems else "invalid request", problems), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, err: StarletteHTTPException):
        detail = err.detail if isinstance(err.detail, str) else "error"
        problems = getattr(err, "problems", None)
        return JSONResponse(error_body(detail, problems), status_code=err.status_code, headers=getattr(err, "headers", None))

    @app.exception_handler(Exception)
    async def _internal(request: Request, err: Exception):
        log.exception("internal error on %s %s", request.method, request.url.path)
        return JSONResponse(error_body("internal error: the server logged it; please report it"), status_code=500,
                            headers=HEADERS)
