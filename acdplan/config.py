"""The project file `acdplan.yaml`: where the specs are and which environments (tenants) exist.

With no project file, or no environment named, the embedded default applies: the local
sandbox tenant kept in `.acdplan/sandbox.json`, so `acdplan plan` works on a fresh machine.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from acdplan import sensitive
from acdplan.diagnostics import Diagnostic
from acdplan.load.yaml_source import parse_yaml
from acdplan.validate.catalogue import CF001, CF002, diagnostic

CONFIG_FILE = "acdplan.yaml"
DEFAULT_SPECS = "specs"
DEFAULT_ENVIRONMENT_NAME = "sandbox"


class ConfigError(Exception):
    """The project file, a vars file or a --var is unusable; carries diagnostics to show."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


@dataclass(slots=True)
class Environment:
    name: str
    provider: str = "local"
    settings: dict = field(default_factory=dict)  # provider options: path, base_url_env, ...
    vars: dict = field(default_factory=dict)
    root: Path = field(default_factory=Path.cwd)
    allow_symlinks_outside: bool = False  # the project's setting, carried to the spec loader

    def path_setting(self, key: str, default: str, folder: bool = False) -> Path:
        """A file (or, with folder=True, a folder) setting, resolved from the project root; the wrong
        kind of thing at that place is a clean error here rather than a traceback where it is opened."""
        path = (self.root / self.settings.get(key, default)).resolve()
        wrong = path.is_file() if folder else (path.exists() and not path.is_file())
        if wrong:
            expected, found = ("a folder", "a file") if folder else ("a file", "a folder" if path.is_dir() else "not a regular file")
            raise ConfigError([_error(f"environment {self.name!r}: {key}: {path} is {found}, expected {expected}",
                                      CONFIG_FILE)])
        return path


@dataclass(slots=True)
class ProjectConfig:
    root: Path
    specs: str = DEFAULT_SPECS
    environments: dict[str, Environment] = field(default_factory=dict)
    file: str | None = None
    allow_symlinks_outside: bool = False  # spec files reached through symlinks leaving the spec folder
    rules: dict[str, str] = field(default_factory=dict)  # rule id -> off | warning | error (validate/suppressions.py)
    policies: list = field(default_factory=list)  # acdplan.policies.Policy: `policies:`, judged on every plan

    def __post_init__(self):
        for environment in self.environments.values():
            environment.allow_symlinks_outside = self.allow_symlinks_outside

    def environment(self, name: str | None) -> Environment:
        if name is None:
            return self.environments.get(DEFAULT_ENVIRONMENT_NAME) or self._default()
        if name not in self.environments:
            if name == DEFAULT_ENVIRONMENT_NAME:
                return self._default()
            known = ", ".join(sorted(self.environments)) or "none"
            raise ConfigError([_error(f"no environment named {name!r} (known: {known})", self.file or CONFIG_FILE)])
        return self.environments[name]

    def _default(self) -> Environment:
        environment = default_environment(self.root)
        environment.allow_symlinks_outside = self.allow_symlinks_outside
        return environment


def default_environment(root: Path) -> Environment:
    return Environment(DEFAULT_ENVIRONMENT_NAME, "local", {"path": ".acdplan/sandbox.json"}, {}, root)


def find_project_root(start: str | os.PathLike | None = None) -> Path:
    """The nearest folder holding `acdplan.yaml`, from `start` (default: the working directory)
    upward, as git finds its repository; the search stops at a repository's root (a folder with
    `.git`) so a stray file above the project is never picked up. None found: `start` itself."""
    start = Path(start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
        if (folder / ".git").exists():
            break
    return start


def load_config(root: str | os.PathLike | None = None) -> ProjectConfig:
    """Read `acdplan.yaml` from `root` (default: found upward from the working directory) if there is one."""
    root = Path(root).resolve() if root else find_project_root()
    path = root / CONFIG_FILE
    from acdplan.validate import plugins, suppressions

    try:
        plugins.load()  # the installed rule plugins, before `rules:` can name their ids
    except plugins.PluginError as error:
        raise ConfigError(error.diagnostics) from None

    if not path.is_file():
        suppressions.use_settings({})
        _policies([], None, CONFIG_FILE)
        return ProjectConfig(root)
    from acdplan.validate.schema_check import check_schema  # the schema stage owns shape checks

    name = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    parsed = parse_yaml(path.read_bytes(), name)
    diagnostics = [d for d in parsed.diagnostics if d.is_error]
    data: object = parsed.data if parsed.data is not None else {}
    if not diagnostics:
        # The project file's own id: a shape error here is CF001, not a spec's SC001.
        diagnostics = [dataclasses.replace(d, rule=CF001) for d in check_schema(data, parsed.sources, "config.schema.json")]
    if diagnostics:
        raise ConfigError(diagnostics)
    data = cast(dict, data)  # config.schema.json makes the top level a mapping, checked just above
    environments = {
        env_name: Environment(
            env_name,
            body.get("provider", "local"),
            {k: v for k, v in body.items() if k not in ("provider", "vars", "vars_file")},
            _environment_vars(root, body),
            root,
        )
        for env_name, body in (data.get("environments") or {}).items()
    }
    try:
        rules = suppressions.parse_settings(data.get("rules"))
    except suppressions.RuleSettingsError as error:
        raise ConfigError([_error(str(error), name)]) from None
    suppressions.use_settings(rules)
    policies = _policies(data.get("policies") or [], parsed.sources, name)
    return ProjectConfig(root, data.get("specs", DEFAULT_SPECS), environments, name,
                         allow_symlinks_outside=data.get("allow_symlinks_outside", False), rules=rules,
                         policies=policies)


def _policies(entries: list, sources, name: str) -> list:
    """`policies:` compiled (CF004 at the line of one that cannot be), and in force for this run's plans."""
    from acdplan import policies

    compiled, problems = policies.compile_policies(entries, sources, name)
    if problems:
        raise ConfigError(problems)
    policies.use_policies(compiled)
    return compiled


def _environment_vars(root: Path, body: dict) -> dict:
    variables = {}
    if body.get("vars_file"):
        variables.update(read_vars_file(root / body["vars_file"]))
    variables.update(body.get("vars") or {})
    sensitive.mark_variables(variables, body.get("sensitive_vars"))
    return variables


def read_vars_file(path: Path) -> dict:
    name = str(path)
    try:
        parsed = parse_yaml(path.read_bytes(), name)
    except OSError as error:
        raise ConfigError([_error(f"cannot read vars file: {error.strerror}", name, CF002)]) from None
    errors = [d for d in parsed.diagnostics if d.is_error]
    if errors:
        raise ConfigError(errors)
    if parsed.data is None:
        return {}
    if not isinstance(parsed.data, dict):
        raise ConfigError([_error("a vars file must be a mapping of names to values", name, CF002)])
    return parsed.data


def parse_var_pairs(pairs: tuple[str, ...] | list[str]) -> dict:
    """`--var k=v` pairs; values stay text, as on a command line."""
    variables = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ConfigError([_error(f"--var expects NAME=VALUE, got {pair!r}", "<command line>", CF002)])
        variables[key.strip()] = value
    return variables


def template_variables(environment: Environment, var_files: tuple[str, ...] = (), var_pairs: tuple[str, ...] = ()) -> dict:
    """Variables for templates: the environment's, then --var-file files, then --var pairs (last wins)."""
    variables = dict(environment.vars)
    for file in var_files:
        variables.update(read_vars_file(Path(file)))
    variables.update(parse_var_pairs(var_pairs))
    sensitive.mark_variables(variables, environment.settings.get("sensitive_vars"))  # shown as (sensitive)
    return variables


def _error(message: str, file: str, rule: str = CF001) -> Diagnostic:
    return diagnostic(rule, message, file=file, line=1, column=1)
