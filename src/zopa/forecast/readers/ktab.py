"""Readers of KTAB's spatial-model (SMP) scenario files: CSV and XML.

CSV (KTAB ``SMPModel::csvRead``): line 1 is
``scenarioName,description,nActors,nDims,``; line 2 a header
``Actor,Description,Power,<dim> Position,<dim> Salience,...``; then one row per
actor ``name,desc,capability,pos1,sal1,pos2,sal2,...``.  Positions and
saliences are on 0..100 and an actor's saliences may not sum to more than 100.

XML (``smpSchema.xsd``): ``Scenario/{name,desc,prngSeed,ModelParameters,
Dimensions/dName*,Actors/Actor*/{name,description,capability,Position/dCoord*,
Salience/dSal*}}``.  KTAB's reform-priority scenarios are refused.

Both give a :class:`~zopa.forecast.data.ForecastInput` on bounds 0..100 with
saliences divided by 100; the scenario name, description and (XML) model
parameters and seed are kept in ``meta``.
"""

from __future__ import annotations

import csv
import io
import xml.parsers.expat
from pathlib import Path

import numpy as np

from zopa.forecast.data import ForecastInput
from zopa.forecast.readers._util import Problems, read_text

__all__ = ["read_ktab_csv", "read_ktab_xml"]


def _check_ranges(probs: Problems, pos, sal, names, lines, dims) -> None:
    for i, name in enumerate(names):
        for d, dim in enumerate(dims):
            if not 0 <= pos[i, d] <= 100:
                probs.add(lines[i], f"{name}.{dim}.position", "must be within 0..100", f"got {pos[i, d]:g}")
            if not 0 <= sal[i, d] <= 100:
                probs.add(lines[i], f"{name}.{dim}.salience", "must be within 0..100", f"got {sal[i, d]:g}")
        if np.nansum(sal[i]) > 100 + 1e-9:
            probs.add(lines[i], f"{name}.salience", "saliences must sum to at most 100 over the dimensions",
                      f"they sum to {np.nansum(sal[i]):g}")


def read_ktab_csv(path: str | Path) -> ForecastInput:
    """Read a KTAB SMP scenario in CSV.

    Examples
    --------
    >>> import tempfile, os
    >>> text = "Demo,A test,2,1,\\nActor,Description,Power,Tax Position,Tax Salience,\\n"
    >>> text += "A,first,10,20,50,\\nB,second,30,80,40,\\n"
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
    ...     _ = f.write(text)
    >>> inp = read_ktab_csv(f.name); os.unlink(f.name)
    >>> inp.issues, inp.salience[:, 0].tolist()
    (('Tax',), [0.5, 0.4])
    """
    probs = Problems(path)
    rows = [(k + 1, r) for k, r in enumerate(csv.reader(io.StringIO(read_text(path))))]
    rows = [(k, [c.strip() for c in r]) for k, r in rows if any(c.strip() for c in r)]
    if len(rows) < 3:
        probs.fail(None, "", "a KTAB CSV needs a scenario line, a header and at least one actor row")
    line1, first = rows[0]
    if len(first) < 4:
        probs.fail(line1, "scenario", "line 1 must be 'name,description,nActors,nDims'",
                   f"found {len(first)} fields")
    try:
        n_act, n_dim = int(float(first[2])), int(float(first[3]))
    except ValueError:
        probs.fail(line1, "scenario", "fields 3 and 4 of line 1 must be the numbers of actors and dimensions",
                   f"got {first[2]!r}, {first[3]!r}")
    if n_dim < 1 or n_act < 2:
        probs.fail(line1, "scenario", "need at least 2 actors and 1 dimension", f"got {n_act} actors, {n_dim} dims")
    hline, header = rows[1]
    if len(header) < 3 + 2 * n_dim:
        probs.fail(hline, "header", f"the header must name {n_dim} position/salience column pairs",
                   f"found {len(header)} columns")
    dims = []
    for d in range(n_dim):
        name = header[3 + 2 * d]
        for suffix in (" Position", " position", " Pstn"):
            if name.endswith(suffix) and len(name) > len(suffix):
                name = name[: -len(suffix)]
        dims.append(name or f"dim{d + 1}")
    body = rows[2:]
    if len(body) != n_act:
        probs.fail(body[n_act][0] if len(body) > n_act else rows[-1][0], "actors",
                   f"line 1 declares {n_act} actors but the file has {len(body)} actor rows")
    names, cap, lines = [], np.zeros(n_act), []
    pos, sal = np.full((n_act, n_dim), np.nan), np.full((n_act, n_dim), np.nan)
    for i, (ln, r) in enumerate(body):
        lines.append(ln)
        if len(r) < 3 + 2 * n_dim:
            probs.add(ln, f"actors[{i}]", f"needs {3 + 2 * n_dim} fields", f"found {len(r)}")
            names.append(r[0] if r else f"row{ln}")
            continue
        names.append(r[0])
        if not r[0]:
            probs.add(ln, f"actors[{i}].name", "is empty")
        cap[i] = probs.number(r[2], ln, f"{r[0]}.capability", col=3)
        if cap[i] < 0:
            probs.add(ln, f"{r[0]}.capability", "must be >= 0", f"got {cap[i]:g}", 3)
        for d in range(n_dim):
            pos[i, d] = probs.number(r[3 + 2 * d], ln, f"{r[0]}.{dims[d]}.position", col=4 + 2 * d)
            sal[i, d] = probs.number(r[4 + 2 * d], ln, f"{r[0]}.{dims[d]}.salience", col=5 + 2 * d)
    if len(set(names)) != len(names):
        dup = sorted({a for a in names if names.count(a) > 1})
        probs.add(None, "actors", "actor names must be unique", f"repeated: {', '.join(dup)}")
    probs.raise_if_any()
    _check_ranges(probs, pos, sal, names, lines, dims)
    probs.raise_if_any()
    return ForecastInput(names, dims, pos, sal / 100.0, cap, bounds=[(0.0, 100.0)] * n_dim,
                         source=str(path), meta={"format": "ktab-csv", "scenario": first[0],
                                                 "description": first[1]})


class _Node:
    __slots__ = ("tag", "line", "col", "text", "children")

    def __init__(self, tag, line, col):
        self.tag, self.line, self.col, self.text, self.children = tag, line, col, "", []

    def find(self, tag):
        return next((c for c in self.children if c.tag == tag), None)

    def findall(self, tag):
        return [c for c in self.children if c.tag == tag]


def _parse_xml(path, probs: Problems) -> _Node:
    data = read_text(path).encode("utf-8")
    parser = xml.parsers.expat.ParserCreate()
    root = _Node("#document", 1, 0)
    stack = [root]

    def start(tag, _attrs):
        node = _Node(tag, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        stack[-1].children.append(node)
        stack.append(node)

    def end(_tag):
        stack.pop()

    def chars(text):
        stack[-1].text += text

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as err:
        probs.fail(err.lineno, "", f"not well-formed XML: {xml.parsers.expat.ErrorString(err.code)}")
    if not root.children:
        probs.fail(None, "", "the XML file has no root element")
    return root.children[0]


def read_ktab_xml(path: str | Path) -> ForecastInput:
    """Read a KTAB SMP scenario in XML (see the module notes).

    Empty coordinates or saliences are errors naming their line (KTAB's own
    ``smpExample.xml`` has one, for Alice's first coordinate).
    """
    probs = Problems(path)
    root = _parse_xml(path, probs)
    if root.tag != "Scenario":
        probs.fail(root.line, root.tag, "the root element must be <Scenario>")
    if root.find("Items") is not None or root.find("Categories") is not None:
        probs.fail(root.line, "Scenario", "this is a KTAB reform-priority scenario, not a spatial (SMP) one",
                   "zopa reads only SMP scenarios: <Dimensions> and <Actors> with <Position>/<Salience>")
    dims_el = root.find("Dimensions")
    actors_el = root.find("Actors")
    if dims_el is None or actors_el is None:
        probs.fail(root.line, "Scenario", "missing <Dimensions> or <Actors>")
    dims = [d.text.strip() for d in dims_el.findall("dName")]
    if not dims:
        probs.fail(dims_el.line, "Dimensions", "no <dName> given")
    n_dim = len(dims)
    actors = actors_el.findall("Actor")
    if len(actors) < 2:
        probs.fail(actors_el.line, "Actors", "need at least 2 <Actor> elements", f"found {len(actors)}")
    names, cap, lines = [], np.zeros(len(actors)), []
    pos, sal = np.full((len(actors), n_dim), np.nan), np.full((len(actors), n_dim), np.nan)
    for i, a in enumerate(actors):
        lines.append(a.line)
        name_el = a.find("name")
        name = name_el.text.strip() if name_el is not None and name_el.text.strip() else f"actor{i + 1}"
        if name_el is None or not name_el.text.strip():
            probs.add(a.line, f"Actors[{i}].name", "is missing or empty")
        names.append(name)
        cap_el = a.find("capability")
        if cap_el is None:
            probs.add(a.line, f"{name}.capability", "is missing")
        else:
            cap[i] = probs.number(cap_el.text, cap_el.line, f"{name}.capability", col=cap_el.col)
            if cap[i] <= 0:
                probs.add(cap_el.line, f"{name}.capability", "must be > 0", f"got {cap[i]:g}", cap_el.col)
        for tag, child, out in (("Position", "dCoord", pos), ("Salience", "dSal", sal)):
            el = a.find(tag)
            vals = el.findall(child) if el is not None else []
            if len(vals) != n_dim:
                probs.add(el.line if el is not None else a.line, f"{name}.{tag}",
                          f"needs {n_dim} <{child}> values (one per dimension)", f"found {len(vals)}")
                continue
            for d, v in enumerate(vals):
                if not v.text.strip():
                    probs.add(v.line, f"{name}.{tag}[{d}] ({dims[d]})", f"<{child}> is empty",
                              "give a number on 0..100", v.col)
                else:
                    out[i, d] = probs.number(v.text, v.line, f"{name}.{tag}[{d}] ({dims[d]})", col=v.col)
    probs.raise_if_any()
    _check_ranges(probs, pos, sal, names, lines, dims)
    probs.raise_if_any()
    meta = {"format": "ktab-xml"}
    for tag in ("name", "desc", "prngSeed"):
        el = root.find(tag)
        if el is not None:
            meta[{"name": "scenario", "desc": "description", "prngSeed": "seed"}[tag]] = el.text.strip()
    params = root.find("ModelParameters")
    if params is not None:
        meta["model_parameters"] = {c.tag: c.text.strip() for c in params.children}
    if root.find("IdealAdjustment") is not None:
        meta["ideal_adjustment"] = "present (zopa's SMP keeps ideals at positions and ignores it)"
    return ForecastInput(names, dims, pos, sal / 100.0, cap, bounds=[(0.0, 100.0)] * n_dim,
                         source=str(path), meta=meta)
