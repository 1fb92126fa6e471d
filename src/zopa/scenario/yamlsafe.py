"""Safe YAML parsing that remembers where every value came from.

PyYAML's safe loader with limits: file size, nesting depth, alias count and the
number of nodes aliases expand to (a "billion laughs" file is refused at once),
duplicate keys reported instead of silently dropped, and a map from each value's
path (a tuple of keys and list indices) to its 1-based line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

MAX_BYTES = 5_000_000
MAX_DEPTH = 64
MAX_ALIASES = 200
MAX_NODES = 500_000

Path_ = tuple[str | int, ...]


class LimitError(Exception):
    """The document breaks a size, depth or alias limit."""

    def __init__(self, message: str, line: int | None = None, col: int | None = None):
        super().__init__(message)
        self.line, self.col = line, col


@dataclass
class Parsed:
    """A parsed document: plain Python data plus where each part of it was."""

    data: Any
    value_pos: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[tuple[Path_, int, int]] = field(default_factory=list)

    def position(self, path: Path_, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of ``path`` (or of its nearest ancestor that has one)."""
        table = self.key_pos if key else self.value_pos
        p = tuple(path)
        if key and p in table:
            return table[p]
        while p:
            if p in self.value_pos:
                return self.value_pos[p]
            p = p[:-1]
        return self.value_pos.get((), (None, None))


class _Loader(yaml.SafeLoader):
    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        if self.check_event(AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise LimitError(f"more than {MAX_ALIASES} aliases", mark.line + 1, mark.column + 1)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise LimitError(f"nested deeper than {MAX_DEPTH} levels", mark.line + 1, mark.column + 1)
        try:
            return Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1


# YAML 1.2-style scalars: only true/false are booleans (not yes/no/on/off, which are
# option names in scenarios), and dates stay strings for the language to validate.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
}


def parse_yaml(text: str) -> Parsed:
    """Parse one YAML document safely; raise ``yaml.YAMLError`` or :class:`LimitError`."""
    if len(text.encode("utf-8", "ignore")) > MAX_BYTES:
        raise LimitError(f"file is larger than {MAX_BYTES // 1_000_000} MB")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        out = Parsed(None)
        if node is None:
            return out
        expanded = _expanded_size(node, {})
        if expanded > MAX_NODES:
            raise LimitError(f"the document expands to more than {MAX_NODES} values (aliases?)", 1, 1)
        budget = [MAX_NODES]
        out.data = _build(loader, node, (), out, budget, 0)
        return out
    finally:
        loader.dispose()


def _expanded_size(node, memo: dict[int, int]) -> int:
    """How many values the document holds once aliases are expanded (shared nodes counted once each use)."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # guards against recursive aliases
    if isinstance(node, SequenceNode):
        size = 1 + sum(_expanded_size(c, memo) for c in node.value)
    elif isinstance(node, MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    else:
        size = 1
    memo[key] = min(size, 10 * MAX_NODES)
    return memo[key]


def _build(loader: _Loader, node, path: Path_, out: Parsed, budget: list[int], depth: int) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise LimitError(
            f"the document expands to more than {MAX_NODES} values (aliases?)",
            node.start_mark.line + 1,
            node.start_mark.column + 1,
        )
    if depth > MAX_DEPTH:
        raise LimitError(f"nested deeper than {MAX_DEPTH} levels", node.start_mark.line + 1, node.start_mark.column + 1)
    out.value_pos.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if node.tag not in _PLAIN_TAGS:
        raise yaml.constructor.ConstructorError(
            None, None, f"tag {node.tag!r} is not allowed: scenario files are plain data", node.start_mark
        )
    if isinstance(node, ScalarNode):
        try:
            return loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as err:
            raise yaml.constructor.ConstructorError(None, None, f"cannot read {node.value!r}: {err}", node.start_mark) from None
    if isinstance(node, SequenceNode):
        return [_build(loader, item, (*path, i), out, budget, depth + 1) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "mapping keys must be plain values", key_node.start_mark
                )
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key_node.value)
            key_path = (*path, key)
            pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                out.duplicates.append((key_path, *pos))
            out.key_pos[key_path] = pos
            result[key] = _build(loader, value_node, key_path, out, budget, depth + 1)
        return result
    raise yaml.constructor.ConstructorError(None, None, "unsupported YAML node", node.start_mark)
