"""The JSON Schemas as files an editor can use offline, and the line that points a spec file at them.

The schema files carry no `$id`: their `$ref`s ("tenant.schema.json") resolve beside the file,
wherever `acdplan schema --out DIR` wrote them, so nothing is fetched from the network.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from acdplan.state.atomic import atomic_write

SPEC_SCHEMA = "spec.schema.json"
CONFIG_SCHEMA = "config.schema.json"
DEFAULT_RELATIVE = "../schema/" + SPEC_SCHEMA  # specs/ and schema/ side by side, as in this repository


def modeline(schema_path: str = DEFAULT_RELATIVE) -> str:
    """The comment the YAML language server (VS Code, Neovim, ...) reads to validate a file as it is typed."""
    return f"# yaml-language-server: $schema={schema_path}"


def schema_names() -> list[str]:
    return sorted(entry.name for entry in resources.files("acdplan.schema").iterdir() if entry.name.endswith(".json"))


def write_schemas(directory: str | Path) -> list[Path]:
    """Every schema file, byte for byte as shipped, into `directory` (created); returns the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    folder = resources.files("acdplan.schema")
    written = []
    for name in schema_names():
        path = directory / name
        atomic_write(path, folder.joinpath(name).read_bytes(), backup=False, mode=0o644)  # never over a link
        written.append(path)
    return written
