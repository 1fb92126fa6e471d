"""The JSON API under ``/api`` (its OpenAPI document is ``/api/openapi.json``).

``GET /api/scenarios``, ``GET /api/scenarios/{name}``, ``POST /api/validate`` (a scenario
file: 422 with the CLI's ``file:line`` messages when it is bad), ``POST /api/whatif`` and
``POST /api/whatif/yaml``. See docs/reference/json/api.md.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from zopa.app.service import MAX_WORLDS, Service
from zopa.app.store import MAX_UPLOAD, NAME_PATTERN, UnknownScenario, safe_filename
from zopa.errors import Problem, ScenarioError
from zopa.whatif import DEFAULT_WORLDS, Levers

__all__ = ["router", "WhatIfRequest", "read_upload", "scenario_summary", "scenario_detail"]


class ProblemOut(BaseModel):
    file: str
    line: int | None
    col: int | None
    path: str
    message: str
    hint: str


class ErrorOut(BaseModel):
    """Every error: ``detail`` in one line, each problem, and the CLI's message lines."""

    detail: str
    problems: list[ProblemOut] = []
    messages: list[str] = []


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "A body that cannot be parsed"},
    404: {"model": ErrorOut, "description": "No scenario of that name"},
    422: {"model": ErrorOut, "description": "Bad input: each problem with file, line and field"},
}


class WhatIfRequest(BaseModel):
    """A what-if: which scenario, which levers, on how many sampled worlds."""

    model_config = ConfigDict(extra="forbid")

    scenario: str = Field(pattern=NAME_PATTERN, description="A scenario name from GET /api/scenarios.")
    levers: Levers = Field(default_factory=Levers, description="The levers to move; any left out keep the scenario's value.")
    worlds: int = Field(DEFAULT_WORLDS, ge=10, le=MAX_WORLDS, description="Sampled worlds (baseline and what-if share them).")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="Seed of the worlds.")
    by: int = Field(12, ge=0, le=600, description="Month at which the probability of a deal is read.")


class ScenarioSummary(BaseModel):
    name: str
    kind: str = Field(description="built-in, history, file (given to zopa serve) or upload")
    id: str
    title: str
    start: str
    horizon_months: int
    actors: int
    issues: int
    plans: int
    events: int
    whatif: bool = Field(description="Whether the what-if can run on it")
    whatif_problem: str | None = None


class ScenarioList(BaseModel):
    scenarios: list[ScenarioSummary]


class ScenarioDetail(ScenarioSummary):
    description: str | None
    as_of: str | None
    hash: str
    principals: list[str]
    actors_table: list[dict[str, Any]]
    issues_table: list[dict[str, Any]]
    plans_table: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    levers: list[dict[str, Any]] = Field(description="The what-if's controls: groups of levers with their ranges and the scenario's values")


class Validated(BaseModel):
    ok: bool
    name: str = Field(description="Name to use in POST /api/whatif (kept in server memory only)")
    id: str
    title: str
    filename: str
    whatif: bool
    whatif_problem: str | None = None


router = APIRouter(prefix="/api", tags=["api"])


def _service(request: Request) -> Service:
    return request.app.state.service


def not_found(err: UnknownScenario) -> HTTPException:
    exc = HTTPException(404, f"no scenario named '{err.name}' ({err.hint})")
    exc.problems = [Problem(str(err.name), None, None, "", "no scenario of that name", err.hint)]
    return exc


def _records(df) -> list[dict[str, Any]]:
    import json

    return json.loads(df.to_json(orient="records", date_format="iso"))


def scenario_summary(svc: Service, entry) -> dict[str, Any]:
    s = entry.scenario
    why = svc.whatif_ready(s)
    return {"name": entry.name, "kind": entry.kind, "id": s.id, "title": s.title, "start": str(s.start),
            "horizon_months": s.horizon_months, "actors": len(s.actors), "issues": len(s.issues), "plans": len(s.plans),
            "events": len(s.events), "whatif": why is None, "whatif_problem": why}


def scenario_detail(svc: Service, entry) -> dict[str, Any]:
    from zopa.app.levers import controls
    from zopa.scenario import scenario_hash

    s = entry.scenario
    out = scenario_summary(svc, entry)
    out.update(description=s.description, as_of=str(s.as_of) if s.as_of else None, hash=scenario_hash(s),
               principals=[a.id for a in s.principals], actors_table=_records(s.actors_table()),
               issues_table=_records(s.issues_table()), plans_table=_records(s.plans_table()),
               timeline=_records(s.timeline()), levers=controls(s) if out["whatif"] else [])
    return out


@router.get("/scenarios", response_model=ScenarioList, summary="The scenarios this server knows")
async def list_scenarios(request: Request) -> dict:
    svc = _service(request)

    def work():
        rows = []
        for e in svc.store.entries():
            try:
                rows.append(scenario_summary(svc, e))
            except ScenarioError:  # a broken file given to zopa serve is skipped, not fatal
                continue
        return {"scenarios": rows}

    return await svc.run(work)


@router.get("/scenarios/{name}", response_model=ScenarioDetail, responses=ERRORS, summary="One scenario and its levers")
async def get_scenario(request: Request, name: str) -> dict:
    svc = _service(request)
    try:
        entry = svc.store.get(name)
    except UnknownScenario as err:
        raise not_found(err) from None
    return await svc.run(lambda: scenario_detail(svc, entry))


async def read_upload(request: Request) -> tuple[str, str]:
    """The uploaded file's text and a file name for messages (multipart field ``file``, or the raw body)."""
    length = request.headers.get("content-length")
    if length is None:
        raise HTTPException(411, "send the file with a Content-Length")
    try:
        n = int(length)
    except ValueError:
        raise HTTPException(400, "bad Content-Length") from None
    if n > MAX_UPLOAD + 16_000:
        raise HTTPException(413, f"the file is larger than {MAX_UPLOAD // 1000} kB")
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "multipart/form-data":
        from starlette.datastructures import UploadFile

        try:
            form = await request.form(max_files=1, max_fields=4)
        except Exception:  # malformed multipart bodies
            raise HTTPException(400, "a malformed multipart body") from None
        f = form.get("file")
        if not isinstance(f, UploadFile):
            raise HTTPException(422, "no file: send the scenario as the multipart field 'file'")
        data = await f.read(MAX_UPLOAD + 1)
        name = safe_filename(f.filename)
        await form.close()
    else:
        data = await request.body()
        name = safe_filename(request.query_params.get("filename"))
    if len(data) > MAX_UPLOAD:
        raise HTTPException(413, f"the file is larger than {MAX_UPLOAD // 1000} kB")
    try:
        return data.decode("utf-8"), name
    except UnicodeDecodeError:
        raise ScenarioError([Problem(name, None, None, "", "not a UTF-8 text file", "save it as UTF-8 YAML, TOML or JSON")]) from None


_UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                           "properties": {"file": {"type": "string", "format": "binary"}}}},
        "application/yaml": {"schema": {"type": "string"}},
        "text/plain": {"schema": {"type": "string"}},
    },
}


@router.post("/validate", response_model=Validated, summary="Validate a scenario file (and keep it for what-ifs)",
             responses={**ERRORS, 411: {"model": ErrorOut}, 413: {"model": ErrorOut}},
             openapi_extra={"requestBody": _UPLOAD_BODY})
async def validate(request: Request, filename: str | None = Query(None, max_length=200, description="File name for messages when the body is the raw file (.yaml, .toml or .json)")) -> dict:
    """Validate a scenario file with zopa's safe loader. A bad file gives 422 with each problem's
    ``file:line:col: path: message (hint)``, as ``zopa validate`` prints them. A good one is kept in
    server memory (never on disk) under the returned ``name``."""
    svc = _service(request)
    text, name = await read_upload(request)
    entry = await svc.run(lambda: svc.store.add_upload(text, name))
    s = entry.scenario
    why = svc.whatif_ready(s)
    return {"ok": True, "name": entry.name, "id": s.id, "title": s.title, "filename": entry.filename,
            "whatif": why is None, "whatif_problem": why}


@router.post("/whatif", responses={**ERRORS, 200: {"description": "The what-if against the scenario on the same worlds "
                                                  "(schema: schema/json/whatif.schema.json)",
                                                  "content": {"application/json": {"schema": {"type": "object"}}}}},
             summary="Move levers, compare with the scenario on the same worlds")
async def post_whatif(request: Request, body: WhatIfRequest) -> JSONResponse:
    """Run a what-if: ``levers`` are applied to ``scenario`` and both are analysed on the same ``worlds``
    sampled worlds of ``seed`` (paired differences). Unknown levers, or levers the scenario does not
    have, give 422 naming them."""
    svc = _service(request)
    try:
        svc.store.get(body.scenario)
    except UnknownScenario as err:
        raise not_found(err) from None
    out = await svc.whatif(body.scenario, body.levers, worlds=body.worlds, seed=body.seed, by=body.by)
    # the answer is plain JSON data already (zopa.whatif cleans it): sent as is, without FastAPI's
    # generic encoder walking it again (a few ms of the server's own CPU per request)
    return JSONResponse(out)


@router.post("/whatif/yaml", summary="The what-if as a scenario file",
             responses={**ERRORS, 200: {"content": {"application/yaml": {"schema": {"type": "string"}}},
                                        "description": "A scenario file that zopa validate accepts"}})
async def post_whatif_yaml(request: Request, body: WhatIfRequest) -> PlainTextResponse:
    svc = _service(request)
    try:
        svc.store.get(body.scenario)
    except UnknownScenario as err:
        raise not_found(err) from None
    text = await svc.run(lambda: svc.yaml(body.scenario, body.levers))
    return PlainTextResponse(text, media_type="application/yaml")
