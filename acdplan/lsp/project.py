"""Which project a file belongs to, the editor's open buffers, and one validation of a project.

A file belongs to the project found as the CLI finds it: the nearest `acdplan.yaml` upward
(stopping at a repository's root), the file being under that project's `specs:` folder; without
a project file, the nearest folder named `specs` above the file, as `acdplan validate specs/`
would read it. A validation is the CLI's: load (parse cache, templates rendered, open buffers
read instead of the disk), then `validate_loaded` (schema, every domain rule, suppressions and
the `rules:` settings of acdplan.yaml).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from acdplan import sensitive
from acdplan.config import CONFIG_FILE, ConfigError, ProjectConfig, find_project_root, load_config, template_variables
from acdplan.diagnostics import Diagnostic
from acdplan.load import load_spec_folder
from acdplan.load.buffers import use_buffers
from acdplan.load.cache import CACHE_DIR, use_parse_cache
from acdplan.load.discovery import SPEC_SUFFIXES
from acdplan.load.yaml_source import Limits
from acdplan.lsp.editor_cache import EditorParseCache
from acdplan.lsp.text import split_lines
from acdplan.validate import ValidationResult, suppressions, validate_loaded

DEFAULT_SPECS = "specs"


@dataclass(slots=True)
class Project:
    root: Path
    config: ProjectConfig | None = None
    config_diagnostics: list[Diagnostic] = field(default_factory=list)  # CF001/CF002: acdplan.yaml cannot be used
    environment: str | None = None  # template variables of this environment (default: the sandbox's)
    cache: EditorParseCache | None = None
    result: ValidationResult | None = None
    generation: int = 0  # counts validations, so a navigation index knows when it is stale
    models: dict = field(default_factory=dict)  # model objects by the body they were built from (build_spec's reuse)

    @property
    def specs(self) -> Path:
        return (self.root / (self.config.specs if self.config else DEFAULT_SPECS)).resolve()

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_FILE

    def read_config(self) -> None:
        self.config_diagnostics = []
        try:
            self.config = load_config(self.root)
        except ConfigError as error:
            self.config = None
            self.config_diagnostics = list(error.diagnostics)

    def owns(self, path: Path) -> bool:
        """Whether `path` is a spec file of this project (or its project file)."""
        path = Path(os.path.abspath(path))
        if path == self.config_file:
            return True
        return path.name.endswith(SPEC_SUFFIXES) and (path == self.specs or self.specs in path.parents)

    def validate(self) -> ValidationResult | None:
        """Validate the specs as `acdplan validate` does; None when acdplan.yaml cannot be used."""
        if self.config is None:
            self.read_config()
        if self.config is None:
            return None
        if self.cache is None:
            self.cache = EditorParseCache(self.root / CACHE_DIR, anchor=self.root)
        sensitive.reset()
        suppressions.use_settings(self.config.rules)
        try:
            environment = self.config.environment(self.environment)
            variables = template_variables(environment)
        except ConfigError as error:
            self.config_diagnostics = list(error.diagnostics)
            return None
        previous = use_parse_cache(self.cache)
        try:
            loaded = load_spec_folder(self.specs, variables, allow_symlinks_outside=environment.allow_symlinks_outside)
            self.cache.keep_only_used()
            self.result = validate_loaded(loaded, self.models)
            if self.result.spec is not None and len(self.models) > 2 * sum(map(len, self.result.spec.objects.values())) + 64:
                self.models.clear()  # objects renamed or removed over a long session: start afresh next time
        finally:
            use_parse_cache(previous)
        self.generation += 1
        return self.result


class Workspace:
    """Every project the editor opened a file of, and the text of its open documents."""

    def __init__(self):
        self.projects: dict[Path, Project] = {}
        self.buffers: dict[str, bytes] = {}  # absolute path -> the open document's text
        self.environment: str | None = None
        use_buffers(self.buffers)

    def project_of(self, path: Path) -> Project | None:
        path = Path(os.path.abspath(path))
        root = _root_of(path)
        if root is None:
            return None
        project = self.projects.get(root)
        if project is None:
            project = self.projects[root] = Project(root, environment=self.environment,
                                                    cache=EditorParseCache(root / CACHE_DIR, anchor=root))
            project.read_config()
        return project if project.owns(path) else None

    def open(self, path: Path, text: str, project: Project | None) -> None:
        self.buffers[os.path.abspath(path)] = text.encode("utf-8")
        if project is not None and project.cache is not None:
            project.cache.volatile.add(project.cache.key(self.buffers[os.path.abspath(path)], Limits()))

    def close(self, path: Path) -> None:
        self.buffers.pop(os.path.abspath(path), None)

    def text(self, path: str | os.PathLike) -> str | None:
        """The file as the user sees it: its buffer when open, else the disk; None if unreadable."""
        found = self.buffers.get(os.path.abspath(path))
        if found is None:
            try:
                found = Path(path).read_bytes()
            except OSError:
                return None
        return found.decode("utf-8-sig", errors="replace")

    def lines(self, path: str | os.PathLike) -> list[str]:
        text = self.text(path)
        return split_lines(text) if text is not None else []


def _root_of(path: Path) -> Path | None:
    root = find_project_root(path.parent)
    if (root / CONFIG_FILE).is_file():
        return root
    for folder in path.parents:
        if folder.name == DEFAULT_SPECS:
            return folder.parent
    return None
