"""YAML text -> validated Settings, with errors that name the YAML line and dotted key."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from camfilter.config.sections import Settings

_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_CAMERA_SECTIONS = ("motion", "filters", "events")


@dataclass(frozen=True)
class ConfigProblem:
    line: int | None
    key: str
    message: str

    def render(self, source: str) -> str:
        where = f"{source}:{self.line}" if self.line else source
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class ConfigError(Exception):
    def __init__(self, source: str, problems: list[ConfigProblem]):
        self.source = source
        self.problems = problems
        super().__init__("\n".join(p.render(source) for p in problems))


def load_settings(text: str, env: Mapping[str, str], source: str = "<config>") -> Settings:
    """Parse, expand ${ENV} placeholders, merge `defaults:` into cameras, validate."""
    tree = _parse(text, source)
    problems: list[ConfigProblem] = []
    data = _Expander(tree, env, problems).copy(tree, ())
    if problems:
        raise ConfigError(source, problems)
    data = _merge_defaults(data)
    try:
        return Settings.model_validate(data)
    except ValidationError as err:
        raise ConfigError(source, [_explain(tree, e) for e in err.errors()]) from None


def load_settings_file(path: str, env: Mapping[str, str]) -> Settings:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as err:
        raise ConfigError(path, [ConfigProblem(None, "", f"cannot read: {err.strerror}")]) from None
    return load_settings(text, env, path)


def _parse(text: str, source: str) -> Any:
    try:
        tree = YAML(typ="rt").load(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        message = f"YAML syntax: {err.problem or err.context}"
        raise ConfigError(source, [ConfigProblem(line, "", message)]) from None
    if tree is None:
        return CommentedMap()
    if not isinstance(tree, CommentedMap):
        raise ConfigError(source, [ConfigProblem(1, "", "the top level must be a mapping of sections")])
    return tree


class _Expander:
    """Plain dict/list copy of the ruamel tree with ${NAME} replaced from env."""

    def __init__(self, root: Any, env: Mapping[str, str], problems: list[ConfigProblem]):
        self.root, self.env, self.problems = root, env, problems

    def copy(self, node: Any, path: tuple) -> Any:
        if isinstance(node, dict):
            return {str(k): self.copy(v, path + (k,)) for k, v in node.items()}
        if isinstance(node, list):
            return [self.copy(v, path + (i,)) for i, v in enumerate(node)]
        if isinstance(node, str):
            return self.substitute(node, path)
        return node

    def substitute(self, text: str, path: tuple) -> str:
        missing = [name for name in _PLACEHOLDER.findall(text) if name not in self.env]
        if missing:
            message = f"environment variable {missing[0]} is not set"
            self.problems.append(ConfigProblem(_line_of(self.root, path), _dotted(path), message))
            return text
        return _PLACEHOLDER.sub(lambda m: self.env[m.group(1)], text)


def _merge_defaults(data: dict) -> dict:
    defaults = data.pop("defaults", None) or {}
    cameras = data.get("cameras")
    if not isinstance(defaults, dict) or not isinstance(cameras, dict):
        if defaults and not isinstance(defaults, dict):
            data["defaults"] = defaults  # let validation report it
        return data
    merged = {}
    for name, camera in cameras.items():
        merged[name] = _deep_merge(defaults, camera) if isinstance(camera, dict) else camera
    return {**data, "cameras": merged}


def _deep_merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _explain(tree: Any, error: Mapping[str, Any]) -> ConfigProblem:
    loc = tuple(part for part in error["loc"] if not _is_union_tag(part))
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = "unknown setting"
    return ConfigProblem(_line_of(tree, loc), _dotted(loc), message)


def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and ("[" in part or part in {"function-after", "function-plain"})


def _line_of(tree: Any, loc: tuple) -> int | None:
    """1-based line of the deepest key of loc present in the ruamel tree."""
    line, node = None, tree
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            line = node.lc.key(part)[0] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line = node.lc.item(part)[0] + 1
            node = node[part]
        else:
            break
    return line


def _dotted(loc: tuple) -> str:
    return ".".join(str(p) for p in loc)
