"""Load scenarios from YAML or TOML files, report every problem at once.

:func:`load` reads a built-in scenario by name or a file by path, applies
``--set`` overrides and an ``--as-of`` cut, validates the result against the
language (:mod:`zopa.scenario.model`) and its cross-references
(:mod:`zopa.scenario.checks`), and raises :class:`zopa.errors.ScenarioError`
listing each problem as ``file:line:col: field.path: message (hint)``.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import re
import tomllib
import typing
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from zopa.errors import Problem, ScenarioError
from zopa.scenario import yamlsafe
from zopa.scenario.model import Scenario

__all__ = ["load", "loads", "builtin_names", "builtin_path", "validate_data", "scenario_hash", "parse_overrides",
           "apply_overrides"]

SUFFIXES = {".yaml", ".yml", ".toml", ".json"}


# ---------------------------------------------------------------------------- built-ins
def _builtin_dir():
    return resources.files("zopa.scenario") / "builtin"


def builtin_names() -> list[str]:
    """Names of the scenarios that ship with zopa."""
    return sorted(p.name[: -len(".yaml")] for p in _builtin_dir().iterdir() if p.name.endswith(".yaml"))


def builtin_path(name: str) -> Path:
    """Path of a built-in scenario file."""
    return Path(str(_builtin_dir() / f"{name}.yaml"))


def _resolve(name_or_path: str | Path) -> Path:
    p = Path(name_or_path)
    if p.exists():
        if p.is_dir():
            raise ScenarioError([Problem(str(p), None, None, "", "is a folder, not a scenario file")])
        return p
    name = str(name_or_path)
    if name in builtin_names():
        return builtin_path(name)
    from zopa.scenario import catalog

    extra = catalog.find(name)
    if extra is not None:
        return extra
    known = builtin_names() + catalog.names()
    close = difflib.get_close_matches(name, known, n=3)
    hint = f"did you mean {', '.join(close)}?" if close else f"built-in scenarios: {', '.join(known)}"
    if p.suffix.lower() in SUFFIXES or "/" in name:
        return _missing(name, hint)
    return _missing(name, hint, what="no scenario file or built-in scenario named")


def _missing(name: str, hint: str, what: str = "no such file") -> Path:
    raise ScenarioError([Problem(name, None, None, "", f"{what} {name!r}" if "named" in what else what, hint)])


# ---------------------------------------------------------------------------- parsing
def _parse(text: str, filename: str, fmt: str) -> yamlsafe.Parsed:
    if fmt == "toml":
        try:
            return yamlsafe.Parsed(tomllib.loads(text))
        except tomllib.TOMLDecodeError as err:
            m = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
            line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
            msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err)) or "invalid TOML"
            raise ScenarioError([Problem(filename, line, col, "", f"TOML syntax: {msg}")]) from None
    if fmt == "json":
        try:
            return yamlsafe.Parsed(json.loads(text))
        except json.JSONDecodeError as err:
            raise ScenarioError([Problem(filename, err.lineno, err.colno, "", f"JSON syntax: {err.msg}")]) from None
    try:
        parsed = yamlsafe.parse_yaml(text)
    except yamlsafe.LimitError as err:
        raise ScenarioError([Problem(filename, err.line, err.col, "", f"refused: {err}", "scenario files are small, plain data")]) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        msg = " ".join(x for x in (err.context, err.problem) if x) or "invalid YAML"
        raise ScenarioError([Problem(filename, line, col, "", f"YAML syntax: {msg}")]) from None
    except yaml.YAMLError as err:
        raise ScenarioError([Problem(filename, None, None, "", f"YAML: {err}")]) from None
    problems = [
        Problem(filename, line, col, _dotted(path), "duplicate key: the earlier value would be lost", "keep one")
        for path, line, col in parsed.duplicates
    ]
    if problems:
        raise ScenarioError(problems)
    return parsed


def _fmt_of(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return {".toml": "toml", ".json": "json"}.get(suffix, "yaml")


# ---------------------------------------------------------------------------- paths
def _dotted(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types inside Annotated / Optional / Union."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        out = []
        for arg in typing.get_args(tp):
            out.extend(_unwrap(arg))
        return out
    return [tp]


def _fields_at(path: tuple) -> list[str] | None:
    """Allowed keys of the object at ``path`` in a scenario (for did-you-mean hints)."""
    types: list[Any] = [Scenario]
    for part in path:
        nxt: list[Any] = []
        for tp in types:
            for t in _unwrap(tp):
                origin = typing.get_origin(t)
                if isinstance(t, type) and issubclass(t, BaseModel) and isinstance(part, str):
                    fld = t.model_fields.get(part)
                    if fld is not None:
                        nxt.append(fld.annotation)
                elif origin is list and isinstance(part, int):
                    nxt.append(typing.get_args(t)[0])
                elif origin is dict and isinstance(part, str):
                    nxt.append(typing.get_args(t)[1])
        types = nxt
        if not types:
            return None
    keys: list[str] = []
    for tp in types:
        for t in _unwrap(tp):
            if isinstance(t, type) and issubclass(t, BaseModel):
                keys.extend(t.model_fields)
    return keys or None


_BRANCH = re.compile(r"^(function-|tuple\[|list\[|dict\[|union\[|json-or-python|lax-or-strict|literal\[)")


def _clean_loc(loc: tuple, raw: Any) -> tuple:
    """Drop pydantic's union-branch tags from an error location, keep real keys and indices."""
    out: list[str | int] = []
    node = raw
    for part in loc:
        if isinstance(part, int):
            if isinstance(node, list) and 0 <= part < len(node):
                out.append(part)
                node = node[part]
            elif isinstance(node, tuple | list):
                out.append(part)
                node = None
            continue
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
            continue
        if _BRANCH.match(part) or part in {"Quantity", "str", "float", "int", "bool", "SetValue", "date"} or part[:1].isupper():
            continue
        out.append(part)
        node = None
    return tuple(out)


def _at(raw: Any, path: tuple) -> Any:
    node = raw
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _message(err: dict) -> str:
    msg = err.get("msg", "invalid")
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    return msg


def _friendly(err: dict, msg: str) -> str:
    """Pydantic's messages for a value of the wrong kind, in the scenario's own words."""
    kind = err["type"]
    if kind == "model_type" and "Quantity" in msg:
        return ("expected a number, or a quantity such as {value: 0.1, source: SOURCE_ID}, "
                "{low: 0.05, high: 0.2, basis: judgement, rationale: why} or {dist: normal, mean: 0.1, sd: 0.02, ...} "
                "(docs/reference/scenario.md)")
    if kind in ("model_type", "dict_type"):
        return "expected a mapping of fields (key: value lines)"
    if kind == "tuple_type":
        return "expected a list of two numbers, e.g. [0, 100]"
    if kind == "list_type":
        return "expected a list (- item lines, or [a, b])"
    if kind.startswith(("date_", "datetime_")):
        return "expected a date written YYYY-MM-DD"
    return msg


def _problems_from_validation(exc: ValidationError, raw: Any, parsed: yamlsafe.Parsed, filename: str) -> list[Problem]:
    grouped: dict[tuple, list[dict]] = {}
    for err in exc.errors(include_url=False):
        path = _clean_loc(tuple(err["loc"]), raw)
        grouped.setdefault(path, []).append(err)
    problems = []
    # a model-level message "field: ..." about a key of that mapping points at the key
    regrouped: dict[tuple, list[dict]] = {}
    for path, errs in grouped.items():
        for e in errs:
            msg = _message(e)
            head, sep, rest = msg.partition(": ")
            node = _at(raw, path)
            if sep and isinstance(node, dict) and head in node and e["type"] == "value_error":
                e = {**e, "msg": rest}
                regrouped.setdefault((*path, head), []).append(e)
            else:
                regrouped.setdefault(path, []).append(e)
    grouped = regrouped
    for path, errs in grouped.items():
        extra = [e for e in errs if e["type"] == "extra_forbidden"]
        if extra:
            key = path[-1]
            allowed = _fields_at(path[:-1]) or []
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.7)
            hint = f"did you mean '{close[0]}'?" if close else (f"allowed: {', '.join(allowed)}" if allowed else "")
            line, col = parsed.position(path, key=True)
            problems.append(Problem(filename, line, col, _dotted(path), f"unknown key '{key}'", hint))
            continue
        line, col = parsed.position(path)
        msgs = []
        for e in errs:
            m = _friendly(e, _message(e))
            if e["type"] == "missing":
                m = "is required"
            elif e["type"] == "literal_error":
                m = m.replace("Input should be", "must be")
            if m not in msgs:
                msgs.append(m)
        # a union: several branches failed; keep the most informative messages
        if len(msgs) > 1:
            specific = [m for m in msgs if not m.startswith(("Input should be a valid", "Input should be an instance"))]
            msgs = specific or msgs
        problems.append(Problem(filename, line, col, _dotted(path), "; ".join(msgs)))
    return problems


# ---------------------------------------------------------------------------- overrides
def parse_overrides(items: Iterable[str]) -> list[tuple[str, Any]]:
    """Parse ``path=value`` strings; the value is read as YAML (numbers, lists, mappings)."""
    out = []
    problems = []
    for i, item in enumerate(items, 1):
        if "=" not in item:
            problems.append(Problem("--set", i, None, item, "expected path=value", "e.g. actors.RU.discount_rate=0.1"))
            continue
        path, _, value = item.partition("=")
        try:
            out.append((path.strip(), yaml.safe_load(value) if value.strip() else None))
        except yaml.YAMLError:
            out.append((path.strip(), value))
    if problems:
        raise ScenarioError(problems)
    return out


def apply_overrides(raw: Any, overrides: Iterable[tuple[str, Any]]) -> tuple[Any, list[Problem]]:
    """Apply ``(path, value)`` overrides to raw scenario data (a copy); return it and any problems."""
    raw, problems, _ = _apply_overrides(raw, overrides)
    return raw, problems


def _apply_overrides(raw: Any, overrides: Iterable[tuple[str, Any]]) -> tuple[Any, list[Problem], list[str]]:
    """:func:`apply_overrides`, and where each override landed (its dotted path as problems print
    it, e.g. ``actors[0].discount_rate``; empty when it failed)."""
    raw = copy.deepcopy(raw)
    problems: list[Problem] = []
    targets: list[str] = []
    for n, (path, value) in enumerate(overrides, 1):
        parts = [p for p in re.sub(r"\[(-?\d+)\]", r".\1", path).split(".") if p]  # a[0].b as a.0.b
        node = raw
        walked: list[str | int] = []
        for j, part in enumerate(parts):
            last = j == len(parts) - 1
            if isinstance(node, list):
                idx = None
                if part.lstrip("-").isdigit():
                    idx = int(part)
                    if not -len(node) <= idx < len(node):
                        idx = None
                else:
                    for k, item in enumerate(node):
                        if isinstance(item, dict) and str(item.get("id")) == part:
                            idx = k
                            break
                if idx is None:
                    ids = [str(x.get("id")) for x in node if isinstance(x, dict) and "id" in x]
                    close = difflib.get_close_matches(part, ids, n=1)
                    hint = f"did you mean '{close[0]}'?" if close else (f"ids: {', '.join(ids)}" if ids else "")
                    problems.append(Problem("--set", n, None, path, f"no element '{part}' in {_dotted(walked) or 'the scenario'}", hint))
                    break
                walked.append(idx % len(node))  # as problems print it: actors[2], not actors[-1]
                if last:
                    node[idx] = value
                else:
                    node = node[idx]
            elif isinstance(node, dict):
                walked.append(part)
                if last:
                    node[part] = value
                else:
                    if part not in node or node[part] is None:
                        node[part] = {}
                    node = node[part]
            else:
                problems.append(Problem("--set", n, None, path, f"cannot set inside {_dotted(walked)}: it is a single value"))
                break
        else:
            targets.append(_dotted(walked))
            continue
        targets.append("")
    return raw, problems, targets


# ---------------------------------------------------------------------------- validation
def validate_data(raw: Any, filename: str = "<data>", parsed: yamlsafe.Parsed | None = None, *, strict: bool = False) -> Scenario:
    """Validate already-parsed data (a dict) as a scenario; raise ScenarioError with every problem."""
    from zopa.scenario import checks

    parsed = parsed or yamlsafe.Parsed(raw)
    if not isinstance(raw, dict):
        raise ScenarioError([Problem(filename, 1, 1, "", "a scenario file must be a mapping of sections (id, title, issues, actors, ...)")])
    problems: list[Problem] = []
    scenario = None
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        problems.extend(_problems_from_validation(exc, raw, parsed, filename))
    for path, message, hint in checks.check_references(raw):
        line, col = parsed.position(path)
        problems.append(Problem(filename, line, col, _dotted(path), message, hint))
    if scenario is not None:
        for path, message, hint in checks.check_claim_inputs(scenario):
            line, col = parsed.position(path)
            problems.append(Problem(filename, line, col, _dotted(path), message, hint))
    if scenario is not None and strict and not problems:
        for path, message, hint in checks.check_provenance(scenario):
            line, col = parsed.position(path)
            problems.append(Problem(filename, line, col, _dotted(path), message, hint))
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.col or 0))
        raise ScenarioError(_dedupe(problems))
    assert scenario is not None
    return scenario


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = (p.line, p.path, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def loads(
    text: str,
    filename: str = "<string>",
    *,
    fmt: str | None = None,
    overrides: Iterable[str] | Mapping[str, Any] | None = None,
    as_of: str | None = None,
    strict: bool = False,
) -> Scenario:
    """Load a scenario from text. See :func:`load`."""
    parsed = _parse(text, filename, fmt or _fmt_of(filename))
    raw = parsed.data
    if overrides:
        pairs = list(overrides.items()) if isinstance(overrides, Mapping) else parse_overrides(overrides)
        raw, problems, targets = _apply_overrides(raw, pairs)
        if problems:
            raise ScenarioError(problems)
        try:
            scenario = validate_data(raw, filename, parsed, strict=strict)
        except ScenarioError as err:
            raise ScenarioError(_blame_overrides(err.problems, pairs, targets)) from None
    else:
        scenario = validate_data(raw, filename, parsed, strict=strict)
    if as_of is not None:
        from zopa.scenario.plans import cut_as_of

        scenario = cut_as_of(scenario, as_of)
    return scenario


def _blame_overrides(problems: list[Problem], pairs: list[tuple[str, Any]], targets: list[str]) -> list[Problem]:
    """A problem inside a value that ``--set`` replaced names the option (``--set:N``), not the line
    of the file the value no longer comes from (``targets``: where each override landed)."""
    out = []
    for p in problems:
        hit = next((n for n, t in reversed(list(enumerate(targets, 1)))
                    if t and (p.path == t or p.path.startswith((t + ".", t + "[")))), None)
        out.append(p if hit is None else Problem("--set", hit, None, p.path, p.message, p.hint or f"the value given with --set {pairs[hit - 1][0]}=..."))
    return out


def load(
    name_or_path: str | Path,
    *,
    overrides: Iterable[str] | Mapping[str, Any] | None = None,
    as_of: str | None = None,
    strict: bool = False,
) -> Scenario:
    """Load a scenario: a built-in name (see ``zopa list``) or a YAML / TOML / JSON file.

    Parameters
    ----------
    name_or_path : str or Path
        ``"ukraine-2025"``, ``"textbook"``, or a path to a scenario file.
    overrides : list of "path=value" strings, or a mapping, optional
        Changes applied before validation, e.g. ``["actors.RU.discount_rate=0.2"]``;
        list elements are addressed by their ``id`` (or index).
    as_of : str, optional
        Keep only what was known on this date (later events, plans and reactions are dropped).
    strict : bool
        Also fail on facts without a source and judgements without a rationale.

    Raises
    ------
    zopa.ScenarioError
        Listing every problem as ``file:line:col: field.path: message (hint)``.

    Examples
    --------
    >>> import zopa
    >>> s = zopa.load("textbook")
    >>> [a.id for a in s.principals]
    ['A', 'B']
    >>> zopa.load("textbook", overrides=["actors.A.discount_rate=0.5"]).actor("A").discount_rate.nominal
    0.5
    """
    path = _resolve(name_or_path)
    shown = str(name_or_path) if Path(str(name_or_path)).exists() else str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScenarioError([Problem(shown, None, None, "", "not a UTF-8 text file")]) from None
    except OSError as err:
        raise ScenarioError([Problem(shown, None, None, "", f"cannot read: {err.strerror}")]) from None
    if len(text.encode()) > yamlsafe.MAX_BYTES:
        raise ScenarioError([Problem(shown, None, None, "", f"refused: file is larger than {yamlsafe.MAX_BYTES // 1_000_000} MB")])
    return loads(text, shown, overrides=overrides, as_of=as_of, strict=strict)


def scenario_hash(scenario: Scenario) -> str:
    """A short, stable hash of a scenario's content (for report footers and sweep manifests)."""
    blob = json.dumps(scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:16]
