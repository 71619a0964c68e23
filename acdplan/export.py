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

from acdplan.model.documents import SECTION_OF_KIND, TENANT_KEY, address
from acdplan.providers.base import TenantSnapshot
from acdplan.schema_files import modeline
from acdplan.state.atomic import atomic_write

SECTION_ORDER = ("tenant", "campaigns", "scripts", "skills", "channels", "roles", "routing_queues", "agents")
SKILL_DEFAULTS = {"media": "digital", "direction": "inbound", "personal_connection": False, "byoc": False,
                  "sub_skill": False, "popurl": False, "accept_reject": False}
SPEC_SUFFIXES = (".yaml", ".yml", ".yaml.j2", ".yml.j2")


class ExportError(Exception):
    """The export cannot be written (the folder already holds spec files, ...)."""


def duration(minutes: int) -> dict:
    """Minutes as the spec's {days, hours, minutes}, zero parts left out."""
    days, rest = divmod(int(minutes), 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = {"days": days, "hours": hours, "minutes": minutes}
    kept = {key: value for key, value in parts.items() if value}
    return kept or {"minutes": 0}


def sla_spec(document: dict) -> dict:
    return {key: duration(document[key]) for key in ("first_response", "resolution") if key in document}


def _without(body: dict, defaults: dict) -> dict:
    return {key: value for key, value in body.items() if not (key in defaults and defaults[key] == value)}


def tenant_spec(document: dict) -> dict:
    spec: dict = {}
    if document.get("agent_application", "cxone_agent") != "cxone_agent":
        spec["agent_application"] = document["agent_application"]
    if document.get("dynamic_delivery"):
        spec["dynamic_delivery"] = True
    hours = document.get("working_hours")
    if hours:
        spec["working_hours"] = {"timezone": hours["timezone"], **{day: list(ranges) for day, ranges in hours.get("days", [])}}
    if document.get("sla") is not None:
        spec["sla"] = sla_spec(document["sla"])
    return spec


def skill_spec(document: dict) -> dict:
    spec = _without(dict(document), SKILL_DEFAULTS)
    countdown = spec.get("customer_response_countdown")
    if countdown is not None:
        spec["customer_response_countdown"] = _without(dict(countdown), {"unassign": False})
    return spec


def channel_spec(document: dict, account_name: str | None) -> dict:
    spec = dict(document)
    account = _without(dict(document.get("account") or {}), {"professional": False, "allow_message_access": False})
    if account_name:
        account["name"] = account_name
    spec["account"] = account
    if isinstance(spec.get("sla"), dict):
        spec["sla"] = sla_spec(spec["sla"])
    return spec


def role_spec(document: dict) -> dict:
    return _without(dict(document), {"handles_contacts": True, "admin_permissions": [], "channels": {}})


def agent_spec(document: dict, default_application: str) -> dict:
    return _without(dict(document), {"role": None, "application": default_application,
                                     "digital_engagement": False, "skills": {}})


def queue_spec(document: dict) -> dict:
    return {"filters": {name: _without(dict(body), {"included_channels": [], "included_skills": []})
                        for name, body in document.get("filters", {}).items()}}


def export_sections(snapshot: TenantSnapshot, hints: dict | None = None) -> dict[str, tuple[dict, dict[str, list[str]]]]:
    """section -> (its spec data, comments by object name ("" for the section itself))."""
    hints = hints or {}
    notes: dict = hints.get("notes", {})
    account_names: dict = hints.get("account_names", {})
    objects = snapshot.objects
    tenant = objects.get("tenant", {}).get(TENANT_KEY, {"agent_application": "cxone_agent"})
    default_application = tenant.get("agent_application", "cxone_agent")
    sections: dict[str, tuple[dict, dict[str, list[str]]]] = {}

    def convert(kind: str, name: str, body: dict) -> tuple[dict, list[str]]:
        comments = []
        for field, text in notes.get(address(kind, name), []):
            if field and field in body:
                body = {key: value for key, value in body.items() if key != field}
                comments.append(f"{text}: `{field}` left out")
            else:
                comments.append(text)
        return body, comments

    tenant_body, tenant_comments = convert("tenant", TENANT_KEY, tenant_spec(tenant))
    sections["tenant"] = (tenant_body, {"": tenant_comments} if tenant_comments else {})
    builders = {
        "skill": skill_spec,
        "channel": lambda document, name: channel_spec(document, account_names.get(name)),
        "role": role_spec,
        "routing_queue": queue_spec,
        "agent": lambda document, name: agent_spec(document, default_application),
    }
    for kind, build in builders.items():
        data, comments = {}, {}
        for name in sorted(objects.get(kind, {})):
            document = objects[kind][name]
            spec = build(document, name) if kind in ("channel", "agent") else build(document)
            data[name], found = convert(kind, name, spec)
            if found:
                comments[name] = found
        sections[SECTION_OF_KIND[kind]] = (data, comments)
    campaigns = sorted({body["campaign"] for body in sections["skills"][0].values() if body.get("campaign")})
    scripts = sorted({body["default_script"] for body in sections["channels"][0].values() if body.get("default_script")})
    sections["campaigns"] = ({name: {} for name in campaigns}, {})
    sections["scripts"] = ({name: {} for name in scripts}, {})
    return sections


def render_section(section: str, data: dict, comments: dict[str, list[str]], environment: str = "") -> str:
    source = f" from environment {environment!r}" if environment else ""
    lines = [modeline(), f"# {section}: exported by acdplan{source}. Review before applying.", "acdplan: 1", ""]
    for text in comments.get("", []):
        lines.append(f"# could not map: {text}")
    lines.append(f"{section}:" if data or section != "tenant" else f"{section}: {{}}")
    if section == "tenant":
        if data:
            lines += ["  " + line for line in _dump(data).splitlines()]
        return "\n".join(lines) + "\n"
    if not data:
        lines[-1] = f"{section}: {{}}"
    for name in sorted(data):
        for text in comments.get(name, []):
            lines.append(f"  # could not map: {text}")
        lines += ["  " + line for line in _dump({name: data[name]}).splitlines()]
    return "\n".join(lines) + "\n"


def _dump(value) -> str:
    return yaml.safe_dump(value, sort_keys=True, allow_unicode=True, default_flow_style=False, width=100, indent=2)


def existing_spec_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.rglob("*") if path.is_file() and path.name.endswith(SPEC_SUFFIXES))


def write_export(snapshot: TenantSnapshot, directory: str | Path, hints: dict | None = None,
                 environment: str = "", force: bool = False) -> list[Path]:
    """Write one file per non-empty section into `directory`; returns the files written."""
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
        if not data and not comments and section != "tenant":
            continue
        path = directory / f"{section}.yaml"
        atomic_write(path, render_section(section, data, comments, environment).encode("utf-8"), backup=False)
        written.append(path)
    return written
