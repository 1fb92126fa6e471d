"""The scenarios the server knows: built-ins, historical cases, the operator's file and uploads.

A client names a scenario; it never gives a path. Names map to entries built when the server
starts (built-ins and cases from the package, the file given to ``zopa serve``) or when a file
is uploaded (kept in memory only, under ``upload-<hash of its text>``; the oldest are dropped
past :data:`MAX_UPLOADS`). Scenarios are parsed lazily with zopa's safe loader and cached.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zopa.errors import Problem, ScenarioError

__all__ = ["Store", "Entry", "UnknownScenario", "MAX_UPLOAD", "MAX_UPLOADS", "NAME_PATTERN", "safe_filename"]

MAX_UPLOAD = 1_000_000  # bytes
MAX_UPLOADS = 16
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
_NAME = re.compile(NAME_PATTERN)


class UnknownScenario(KeyError):
    """No scenario of that name (with a did-you-mean hint)."""

    def __init__(self, name: str, hint: str):
        super().__init__(name)
        self.name, self.hint = name, hint


def safe_filename(name: str | None, default: str = "upload.yaml") -> str:
    """A file name fit for messages only: the last path part, plain characters, at most 80 of them.

    >>> safe_filename("../../etc/passwd"), safe_filename("war plan.YAML"), safe_filename(None)
    ('passwd', 'war_plan.YAML', 'upload.yaml')
    """
    if not name:
        return default
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._")[:80]
    return base or default


@dataclass
class Entry:
    """One scenario the server can analyse."""

    name: str
    kind: str  # built-in, history, file, upload
    filename: str
    read: Callable[[], str] = field(repr=False)
    _scenario: Any = field(default=None, repr=False)
    _raw: Any = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def scenario(self):
        """The validated scenario (parsed on first use)."""
        with self._lock:
            if self._scenario is None:
                from zopa.scenario import loads

                self._scenario = loads(self.read(), self.filename)
            return self._scenario

    @property
    def raw(self) -> dict:
        """The file as parsed data (its layout kept, for the what-if YAML)."""
        with self._lock:
            if self._raw is None:
                self._raw = _parse_raw(self.read(), self.filename)
            return self._raw


def _parse_raw(text: str, filename: str) -> dict:
    suffix = Path(filename).suffix.lower()
    if suffix == ".toml":
        import tomllib

        return tomllib.loads(text)
    if suffix == ".json":
        import json

        return json.loads(text)
    from zopa.scenario import yamlsafe

    return yamlsafe.parse_yaml(text).data


class Store:
    """Name -> :class:`Entry` (thread-safe)."""

    def __init__(self, extra: str | Path | None = None):
        from zopa.scenario import builtin_names, catalog
        from zopa.scenario.load import builtin_path

        self._lock = threading.Lock()
        self._entries: dict[str, Entry] = {}
        self._uploads: OrderedDict[str, Entry] = OrderedDict()
        for name in builtin_names():
            path = builtin_path(name)
            self._entries[name] = Entry(name, "built-in", f"{name}.yaml", _reader(path))
        for name in catalog.names():
            path = catalog.find(name)
            if path is not None and name not in self._entries:
                self._entries[name] = Entry(name, "history", f"{name}.yaml", _reader(path))
        self.default = "ukraine-2025" if "ukraine-2025" in self._entries else next(iter(self._entries), None)
        if extra is not None:
            self.default = self.add_file(extra)

    def add_file(self, path: str | Path) -> str:
        """Register the operator's scenario file (``zopa serve FILE``) or a name; return its name."""
        p = Path(path)
        if str(path) in self._entries and not p.exists():
            return str(path)
        from zopa.scenario import load

        s = load(path)  # the operator's own path, validated like the CLI does
        text = p.read_text(encoding="utf-8")
        name = s.id if _NAME.match(s.id) and s.id not in self._entries else f"file-{hashlib.sha256(text.encode()).hexdigest()[:12]}"
        e = Entry(name, "file", p.name, lambda: text)
        e._scenario = s
        self._entries[name] = e
        return name

    def add_upload(self, text: str, filename: str) -> Entry:
        """Validate an uploaded scenario and keep it in memory; raises ScenarioError with file:line problems."""
        from zopa.scenario import loads

        filename = safe_filename(filename)
        if len(text.encode("utf-8")) > MAX_UPLOAD:
            raise ScenarioError([Problem(filename, None, None, "", f"refused: larger than {MAX_UPLOAD // 1000} kB", "upload a smaller file")])
        s = loads(text, filename)
        name = "upload-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        with self._lock:
            e = self._uploads.pop(name, None) or Entry(name, "upload", filename, lambda: text)
            e._scenario = e._scenario or s
            self._uploads[name] = e
            while len(self._uploads) > MAX_UPLOADS:
                self._uploads.popitem(last=False)
        return e

    def add_text(self, name: str, kind: str, text: str, filename: str) -> Entry:
        """Register a scenario's text under a given name (worker processes mirror the server's entries)."""
        with self._lock:
            e = self._entries.get(name) or self._uploads.get(name)
            if e is None:
                e = Entry(name, kind, filename, lambda: text)
                (self._uploads if kind == "upload" else self._entries)[name] = e
        return e

    def get(self, name: str) -> Entry:
        """The entry called ``name``; :class:`UnknownScenario` if there is none."""
        with self._lock:
            e = self._entries.get(name) or self._uploads.get(name)
            if e is None:
                known = list(self._entries) + list(self._uploads)
        if e is None:
            close = difflib.get_close_matches(str(name), known, n=1)
            raise UnknownScenario(name, f"did you mean '{close[0]}'?" if close else f"known: {', '.join(known)}")
        return e

    def entries(self) -> list[Entry]:
        """Every entry: built-ins, cases and the operator's file, then uploads (newest last)."""
        with self._lock:
            return list(self._entries.values()) + list(self._uploads.values())


def _reader(path: Path) -> Callable[[], str]:
    return lambda: path.read_text(encoding="utf-8")
