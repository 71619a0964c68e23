"""Rule plugins: the installed packages that declare entry points in the group `acdplan.rules`.

Each entry point names a module whose rules are written as the built-in ones (`acdplan.plugin`);
importing it registers them. Loaded once a run, after the built-in rules, so every id can be
checked: a plugin's ids have a letter prefix of their own (not a built-in family's, not another
plugin's). A plugin that cannot be loaded stops the run with CF003 naming the package: never a
traceback, never skipped (its rules would silently pass).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from importlib import metadata

from acdplan.diagnostics import Diagnostic, Severity
from acdplan.validate import catalogue
from acdplan.validate.catalogue import DuplicateRule, RuleInfo

GROUP = "acdplan.rules"
PLUGIN_ID = re.compile(r"^(?P<prefix>[A-Z]{2,4})[0-9]{3}$")
_PREFIX = re.compile(r"^[A-Z]+")


class PluginError(Exception):
    """Plugins that cannot be loaded; carries one CF003 diagnostic each."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


class _BadRule(Exception):
    """A rule a plugin declares that cannot be registered (its id); the message says why."""


@dataclass(frozen=True, slots=True)
class Plugin:
    package: str  # the distribution's name, as `pip install` knows it
    version: str
    entry_point: str  # name = module, as the package declares it
    rules: tuple[str, ...] = ()


_LOADED: list[Plugin] | None = None
_PROBLEMS: list[Diagnostic] = []
_LOADING = False


def load() -> list[Plugin]:
    """Import every plugin once; raises PluginError (again on each call) when one cannot be loaded."""
    global _LOADED, _LOADING
    if _LOADED is None and not _LOADING:
        _LOADING = True
        try:
            _LOADED = [plugin for plugin in (_load_one(entry) for entry in _entry_points()) if plugin is not None]
        finally:
            _LOADING = False
    if _PROBLEMS:
        raise PluginError(list(_PROBLEMS))
    return list(_LOADED or [])


def plugins() -> list[Plugin]:
    """The plugins loaded (none when loading failed: the run stops anyway)."""
    return list(_LOADED or [])


def _entry_points() -> list[metadata.EntryPoint]:
    return sorted(metadata.entry_points(group=GROUP), key=lambda entry: (_package(entry), entry.name))


def _package(entry: metadata.EntryPoint) -> str:
    dist = getattr(entry, "dist", None)
    return dist.metadata["Name"] if dist is not None and dist.metadata["Name"] else entry.value.split(":")[0]


def _load_one(entry: metadata.EntryPoint) -> Plugin | None:
    from acdplan.validate.rules import base

    package = _package(entry)
    dist = getattr(entry, "dist", None)
    declared: list[str] = []
    homepage = _homepage(dist)
    where = f"rule plugin {package} (entry point {entry.name} = {entry.value})"

    def vet(info: RuleInfo) -> RuleInfo:
        _check_id(info.id, package)
        if not (info.fact or info.source_url or info.why):
            raise _BadRule(f"rule {info.id} cites no source: give it `source_url=` or `why=` (or a `fact=` of the guide)")
        declared.append(info.id)
        return replace(info, plugin=package, help_uri=info.help_uri or info.source_url or homepage)

    base._DECLARING.append(vet)
    try:
        entry.load()
    except (_BadRule, DuplicateRule) as error:
        _PROBLEMS.append(_problem(f"{where}: {error}"))
        return None
    except (Exception, SystemExit) as error:  # whatever the plugin's own import does wrong
        _PROBLEMS.append(_problem(f"{where} cannot be imported: {type(error).__name__}: {error}"))
        return None
    finally:
        base._DECLARING.pop()
    return Plugin(package, dist.version if dist is not None else "", f"{entry.name} = {entry.value}", tuple(declared))


def _homepage(dist) -> str | None:
    """The package's home page (Project-URL or Home-page), where its rules are documented by default."""
    if dist is None:
        return None
    for value in dist.metadata.get_all("Project-URL") or []:
        label, _, url = value.partition(",")
        if label.strip().lower() in ("homepage", "home", "documentation", "docs") and url.strip():
            return url.strip()
    return dist.metadata.get("Home-page") or None


def _check_id(rule_id: str, package: str) -> None:
    match = PLUGIN_ID.match(rule_id)
    if match is None:
        raise _BadRule(f"rule id {rule_id!r} is not a plugin rule id: 2 to 4 capital letters (a prefix of the "
                       f"plugin's own) and 3 digits, e.g. EX001")
    existing = catalogue._CATALOGUE.get(rule_id)
    if existing is not None:
        raise _BadRule(f"rule {rule_id} clashes with {_owner(existing)} {rule_id}: give the plugin's rules ids of their own")
    prefix = match.group("prefix")
    for info in catalogue._CATALOGUE.values():
        letters = _PREFIX.match(info.id)
        if letters and letters.group(0) == prefix and info.plugin != package:
            raise _BadRule(f"rule {rule_id} uses the prefix {prefix} of {_owner(info)} {info.id}: a plugin's rules "
                           f"need a prefix of their own")


def _owner(info: RuleInfo) -> str:
    return f"the rule of plugin {info.plugin}" if info.plugin else "the built-in rule"


def _problem(message: str) -> Diagnostic:
    return Diagnostic(catalogue.CF003, Severity.ERROR, message)
