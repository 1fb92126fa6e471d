"""The HTML pages: the scenario picker, a scenario's overview, and the what-if panel.

The what-if panel is a form whose every change asks ``/ui/whatif/{name}`` (HTMX) for the
results, which the server renders from the same JSON that ``POST /api/whatif`` returns (the
charts are drawn from that JSON in the page). The response's ``HX-Push-Url`` puts the what-if
in the address bar, so a link or a reload shows the same view.
"""

from __future__ import annotations

import json
import math
import urllib.parse
from importlib import resources
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from zopa import whatif
from zopa.app.service import MAX_WORLDS, Service
from zopa.app.store import UnknownScenario
from zopa.errors import InputError, Problem

__all__ = ["router", "templates"]

templates = Jinja2Templates(directory=str(resources.files("zopa.app") / "templates"))
router = APIRouter(include_in_schema=False)

WORLD_CHOICES = (100, whatif.DEFAULT_WORLDS, 300, 1000)


# ---------------------------------------------------------------------------- formatting
def _pct(x: Any, digits: int = 0) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{100 * x:.{digits}f}%"


def _num(x: Any, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:.{digits}f}"


def _signed(x: Any, digits: int = 3, pct: bool = False) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if pct:
        return f"{100 * x:+.{max(digits - 2, 0)}f} pts" if abs(x) >= 5e-4 else "no change"
    return f"{x:+.{digits}f}" if abs(x) >= 0.5 * 10 ** -digits else "no change"


def _format_control(c: dict) -> str:
    fmt = c.get("format", "{:g}")
    try:
        return fmt.format(c["value"])
    except (ValueError, TypeError, KeyError):
        return str(c.get("value"))


templates.env.filters.update(pct=_pct, num=_num, signed=_signed, control_value=_format_control)
templates.env.globals.update(worlds_choices=WORLD_CHOICES, default_worlds=whatif.DEFAULT_WORLDS)


# ---------------------------------------------------------------------------- helpers
def _svc(request: Request) -> Service:
    return request.app.state.service


def _entry(request: Request, name: str):
    try:
        return _svc(request).store.get(name)
    except UnknownScenario as err:
        raise HTTPException(404, f"no scenario named '{err.name}' ({err.hint})") from None


def _int(params, key: str, default: int, lo: int, hi: int, problems: list[Problem]) -> int:
    raw = params.get(key)
    if raw in (None, ""):
        return default
    try:
        v = int(raw)
    except ValueError:
        problems.append(Problem("request", None, None, key, f"expected a whole number, got {raw!r}"))
        return default
    if not lo <= v <= hi:
        problems.append(Problem("request", None, None, key, f"must be in {lo}..{hi}, got {v}"))
        return default
    return v


def _settings(request: Request, s) -> tuple[whatif.Levers, dict[str, int], list[Problem]]:
    """Levers, worlds/seed/by and any problems, from the query string."""
    params = request.query_params
    problems: list[Problem] = []
    try:
        levers = whatif.levers_from_query(params.multi_items())
    except InputError as err:
        problems += err.problems
        levers = whatif.Levers()
    opts = {"worlds": _int(params, "worlds", whatif.DEFAULT_WORLDS, 10, MAX_WORLDS, problems),
            "seed": _int(params, "seed", 0, 0, 2**32 - 1, problems),
            "by": _int(params, "by", min(12, s.horizon_months), 0, s.horizon_months, problems)}
    if not problems:
        try:
            levers = whatif.normalize(s, levers)
            whatif.changes(s, levers)
        except InputError as err:
            problems += err.problems
    return levers, opts, problems


def _query(levers: whatif.Levers, opts: dict[str, int], s) -> str:
    items = whatif.levers_to_query(levers)
    defaults = {"worlds": whatif.DEFAULT_WORLDS, "seed": 0, "by": min(12, s.horizon_months)}
    items += [(k, str(v)) for k, v in opts.items() if v != defaults[k]]
    return urllib.parse.urlencode(items)


def _months(s) -> list[tuple[int, str]]:
    from zopa.whatif.levers import _month_date

    step = 1 if s.horizon_months <= 36 else 3
    return [(m, _month_date(s, m).isoformat()[:7]) for m in range(0, s.horizon_months + 1, step)]


# ---------------------------------------------------------------------------- pages
@router.get("/", response_class=HTMLResponse)
async def index(request: Request):
    from zopa.app.api import scenario_summary

    svc = _svc(request)

    def rows():
        out = []
        for e in svc.store.entries():
            try:
                out.append(scenario_summary(svc, e))
            except InputError:
                continue
        return out

    return templates.TemplateResponse(request, "index.html", {"scenarios": await svc.run(rows), "default": svc.store.default})


@router.get("/s/{name}", response_class=HTMLResponse)
async def overview(request: Request, name: str):
    from zopa.app import figures
    from zopa.app.levers import AUTHORITY_WORDS

    entry = _entry(request, name)
    svc = _svc(request)

    def build():
        s = entry.scenario
        return {"entry": entry, "s": s, "actors": s.actors_table().to_dict(orient="records"),
                "issues": s.issues_table().to_dict(orient="records"),
                "plans": [{"id": p.id, "name": p.name, "author": p.author, "date": str(p.date), "text": p.text,
                           "points": len(s.effective_points(p.id))} for p in s.plans],
                "events": s.timeline().to_dict(orient="records"), "heatmap": figures.plans_heatmap(s) if s.plans else None,
                "timeline_fig": figures.timeline(s) if s.events else None, "words": AUTHORITY_WORDS,
                "whatif_problem": svc.whatif_ready(s), "principals": [a.id for a in s.principals]}

    ctx = await svc.run(build)
    return templates.TemplateResponse(request, "overview.html", ctx)


@router.get("/s/{name}/whatif", response_class=HTMLResponse)
async def whatif_page(request: Request, name: str):
    from zopa.app.levers import controls

    entry = _entry(request, name)
    svc = _svc(request)
    s = await svc.run(lambda: entry.scenario)
    why = svc.whatif_ready(s)
    levers, opts, problems = _settings(request, s)
    ctx = {"entry": entry, "s": s, "why": why, "problems": problems, "opts": opts, "months": _months(s),
           "groups": [] if why else controls(s, levers), "query": _query(levers, opts, s) if not problems else ""}
    return templates.TemplateResponse(request, "whatif.html", ctx)


@router.get("/ui/whatif/{name}", response_class=HTMLResponse)
async def whatif_results(request: Request, name: str):
    entry = _entry(request, name)
    svc = _svc(request)
    s = await svc.run(lambda: entry.scenario)
    levers, opts, problems = _settings(request, s)
    ctx: dict[str, Any] = {"entry": entry, "s": s}
    if not problems:
        try:
            ctx["r"] = await svc.whatif(entry.name, levers, **opts)
        except InputError as err:
            problems = err.problems
    if problems:
        ctx["problems"] = problems
        return _problems(request, ctx)
    query = _query(levers, opts, s)
    ctx.update(query=query, api_body=_api_body(entry.name, levers, opts), r_json=json.dumps(ctx["r"], separators=(",", ":")))
    resp = templates.TemplateResponse(request, "_results.html", ctx)
    resp.headers["HX-Push-Url"] = f"/s/{urllib.parse.quote(entry.name)}/whatif" + (f"?{query}" if query else "")
    return resp


def _problems(request: Request, ctx: dict):
    """The problems as a fragment for the page to show in place (200: the page asked, and here is the
    answer; ``X-Zopa-Problems`` counts them). The JSON API answers the same input with 422."""
    resp = templates.TemplateResponse(request, "_problems.html", ctx)
    resp.headers["X-Zopa-Problems"] = str(len(ctx["problems"]))
    return resp


def _api_body(name: str, levers: whatif.Levers, opts: dict[str, int]) -> str:
    return json.dumps({"scenario": name, "levers": levers.model_dump(exclude_none=True), **opts})


@router.get("/s/{name}/whatif.yaml")
async def whatif_yaml(request: Request, name: str):
    entry = _entry(request, name)
    svc = _svc(request)
    s = await svc.run(lambda: entry.scenario)
    levers, _, problems = _settings(request, s)
    if problems:
        raise InputError(problems)
    text = await svc.run(lambda: svc.yaml(entry.name, levers))
    fname = f"{s.id}-whatif.yaml"
    return PlainTextResponse(text, media_type="application/yaml",
                             headers={"Content-Disposition": f'attachment; filename="{fname}"'})


@router.post("/ui/upload", response_class=HTMLResponse)
async def upload(request: Request):
    from fastapi.exceptions import HTTPException as FastAPIHTTPException

    from zopa.app.api import read_upload

    svc = _svc(request)
    try:
        text, fname = await read_upload(request)
        entry = await svc.run(lambda: svc.store.add_upload(text, fname))
    except InputError as err:
        return _problems(request, {"problems": err.problems, "upload": True})
    except FastAPIHTTPException as err:
        return _problems(request, {"problems": [Problem("upload", None, None, "", str(err.detail))], "upload": True})
    target = f"/s/{urllib.parse.quote(entry.name)}"
    if request.headers.get("hx-request"):
        resp = HTMLResponse(f'<p class="ok">Loaded {entry.filename}; opening it…</p>')
        resp.headers["HX-Redirect"] = target
        return resp
    return RedirectResponse(target, status_code=303)
