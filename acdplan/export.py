"""Export: the tenant's configuration as spec files, the brownfield start of a project.

One YAML file per section (tenant.yaml, skills.yaml, ...), objects by name (never by the
tenant's id), values equal to the defaults left out, keys sorted. Where a value could not be
mapped to the spec format, the object carries a comment saying what and why, and the value is
left out. Exported specs validate, and planning them against the same tenant changes nothing
(objects acdplan never made are imported into its state, never deleted).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from acdplan import sensitive
from acdplan.model.documents import address
from acdplan.model.kinds import ALL, MANAGED
from acdplan.schema_files import modeline
from acdplan.state.atomic import atomic_write
from acdplan.tenant import TenantSnapshot

IMPORT_SECTION = "import"
# A provider's note written as it is: an inline ignore (acdplan/validate/suppressions.py), or a value
# to set by hand (no public API reads it)
WRITTEN_AS_IS = ("acdplan:ignore ", "set by hand: ")
SECTION_ORDER = (*(kind.section for kind in ALL), IMPORT_SECTION)  # campaigns, scripts, tenant, skills, ..., import
SINGLETON_SECTIONS = frozenset(kind.section for kind in ALL if kind.singleton is not None)  # one mapping, not objects
SPEC_SUFFIXES = (".yaml", ".yml", ".yaml.j2", ".yml.j2")


class ExportError(Exception):
    """The export cannot be written (the folder already holds spec files, ...)."""


def export_sections(snapshot: TenantSnapshot, hints: dict | None = None) -> dict[str, tuple[dict, dict[str, list[str]]]]:
    """section -> (its spec data, comments by object name ("" for a singleton's section)).

    Each kind turns its documents into spec data (defaults left out); unmanaged kinds
    (campaigns, scripts) are the names the exported objects refer to."""
    hints = hints or {}
    notes: dict = hints.get("notes", {})
    objects = snapshot.objects
    tenant_kind, singleton = next((kind, kind.singleton) for kind in MANAGED if kind.singleton is not None)
    tenant = objects.get(tenant_kind.name, {}).get(singleton, {})
    context = {"account_names": hints.get("account_names", {}),
               "default_application": tenant.get("agent_application", "cxone_agent")}
    sections: dict[str, tuple[dict, dict[str, list[str]]]] = {}
    referred: dict[str, set[str]] = {}

    def convert(kind: str, name: str, body: dict) -> tuple[dict, list[str]]:
        body, comments = hide_sensitive(body)
        for field, text in notes.get(address(kind, name), []):
            if field and field in body:
                body = {key: value for key, value in body.items() if key != field}
                comments.append(f"{text}: `{field}` left out")
            else:
                comments.append(text)
        return body, comments

    for kind in MANAGED:
        to_spec = kind.export or (lambda body, _context: dict(body))
        if kind.singleton is not None:
            body, found = convert(kind.name, kind.singleton, to_spec(dict(tenant), context))
            sections[kind.section] = (body, {"": found} if found else {})
            continue
        data, comments = {}, {}
        for name in sorted(objects.get(kind.name, {})):
            document = objects[kind.name][name]
            data[name], found = convert(kind.name, name, to_spec(document, {**context, "name": name}))
            if found:
                comments[name] = found
            for _, target, target_name in kind.references(document):
                referred.setdefault(target, set()).add(target_name)
        sections[kind.section] = (data, comments)
    for kind in ALL:
        if not kind.managed:
            sections[kind.section] = ({name: {} for name in sorted(referred.get(kind.name, ()))}, {})
    # What was made outside acdplan is taken over only through a visible import (docs/DOMAIN.md).
    sections[IMPORT_SECTION] = ({kind.section: sorted(sections[kind.section][0]) for kind in adoptable_kinds()
                                 if sections[kind.section][0]}, {})
    return sections


def hide_sensitive(body: dict) -> tuple[dict, list[str]]:
    """The body without the fields that hold a value marked sensitive (acdplan/sensitive.py: the
    project's `!sensitive` values and `sensitive_vars`), and a comment naming each: an export is
    a file in a repository, and a sensitive value is kept only by the tenant."""
    if not sensitive.marked():
        return body, []
    hidden: list[str] = []

    def keep(value, path: str):
        if isinstance(value, dict):
            return {key: kept for key, item in value.items()
                    if (kept := keep(item, f"{path}.{key}" if path else str(key))) is not _HIDDEN}
        if isinstance(value, list):
            return [kept for index, item in enumerate(value) if (kept := keep(item, f"{path}[{index}]")) is not _HIDDEN]
        if sensitive.redact_data(value) != value:
            hidden.append(path)
            return _HIDDEN
        return value

    kept = keep(body, "")
    return kept, [f"`{path}` is sensitive: left out; write it with `!sensitive` or a `sensitive_vars` variable"
                  for path in hidden]


_HIDDEN = object()


def adoptable_kinds():
    """Kinds whose tenant objects need an explicit import: the ones acdplan could also create."""
    return [kind for kind in MANAGED if kind.creatable and kind.singleton is None]


def render_section(section: str, data: dict, comments: dict[str, list[str]], environment: str = "") -> str:
    source = f" from environment {environment!r}" if environment else ""
    lines = [f"# {section}: exported by acdplan{source}. Review before applying.", "acdplan: 1", ""]
    if section == IMPORT_SECTION:
        lines[1:1] = ["# These objects were made outside acdplan: the first plan imports them into its state.",
                      "# Once that plan is applied, this file can go."]
    lines.insert(0, modeline())  # editors validate the file as it is typed (acdplan/schema_files.py)
    for text in comments.get("", []):
        lines.append(f"# could not map: {text}")
    lines.append(f"{section}:" if data or section not in SINGLETON_SECTIONS else f"{section}: {{}}")
    if section in SINGLETON_SECTIONS:
        if data:
            lines += ["  " + line for line in _dump(data).splitlines()]
        return "\n".join(lines) + "\n"
    if not data:
        lines[-1] = f"{section}: {{}}"
    for name in sorted(data):
        for text in comments.get(name, []):  # an inline ignore is written as such, alone above the object
            lines.append(f"  # {text}" if text.startswith(WRITTEN_AS_IS) else f"  # could not map: {text}")
        lines += ["  " + line for line in _dump({name: data[name]}).splitlines()]
    return "\n".join(lines) + "\n"


class _SpecDumper(yaml.SafeDumper):
    """YAML whose text a terminal shows as it is: a string holding a character Python would not
    print (a control, a bidirectional override, an invisible one: a tenant's names are anyone's)
    is double-quoted with escapes, read back as the same string; other text stays as written."""

    def write_double_quoted(self, text, split=True):
        if text.isprintable():
            return super().write_double_quoted(text, split)
        allow_unicode: bool = getattr(self, "allow_unicode", True)
        self.allow_unicode = False  # every such character escaped
        try:
            return super().write_double_quoted(text, split)
        finally:
            self.allow_unicode = allow_unicode


def _represent_text(dumper, text: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=None if text.isprintable() else '"')


_SpecDumper.add_representer(str, _represent_text)


def _dump(value) -> str:
    return yaml.dump(value, Dumper=_SpecDumper, sort_keys=True, allow_unicode=True, default_flow_style=False,
                     width=100, indent=2)


def existing_spec_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.rglob("*") if path.is_file() and path.name.endswith(SPEC_SUFFIXES))


def write_export(snapshot: TenantSnapshot, directory: str | Path, hints: dict | None = None,
                 environment: str = "", force: bool = False, skip: frozenset[str] | set[str] = frozenset()) -> list[Path]:
    """Write one file per non-empty section into `directory` (less the sections in `skip`);
    returns the files written."""
    directory = Path(directory)
    present = existing_spec_files(directory)
    if present and not force:
        raise ExportError(f"{directory} already holds spec files ({', '.join(p.name for p in present[:3])}"
                          f"{', ...' if len(present) > 3 else ''}): export into an empty folder, or use --force to replace them")
    sections = export_sections(snapshot, hints)
    for path in present:  # --force: the export replaces the folder's specs, or they would clash (YM002)
        path.unlink()
    written = []
    for section in SECTION_ORDER:
        data, comments = sections[section]
        if section in skip or (not data and not comments and section not in SINGLETON_SECTIONS):
            continue
        path = directory / f"{section}.yaml"
        atomic_write(path, render_section(section, data, comments, environment).encode("utf-8"), backup=False)
        written.append(path)
    return written
