"""A change's before/after documents as the spec's YAML, so a reviewer reads what they wrote.

The conversion from the provider-neutral document back to the spec's shape is export's
(`acdplan/export.py`): durations as days/hours/minutes, defaults left out, keys sorted.
"""

from __future__ import annotations

import re

import yaml

from acdplan import export
from acdplan.model.documents import SECTION_OF_KIND

_UNSAFE_BREAKS = re.compile("[\x85\u2028\u2029]")
_BUILDERS = {
    "tenant": export.tenant_spec,
    "skill": export.skill_spec,
    "channel": lambda document: export.channel_spec(document, None),
    "role": export.role_spec,
    "routing_queue": export.queue_spec,
    "agent": lambda document: export.agent_spec(document, "cxone_agent"),
}


def spec_data(kind: str, name: str, document: dict | None) -> dict | None:
    """{section: {name: body}} (the tenant: {tenant: body}) in the spec's shape; None for none."""
    if document is None:
        return None
    build = _BUILDERS.get(kind)
    try:
        body = build(dict(document)) if build else dict(document)
    except (KeyError, TypeError, ValueError, AttributeError):  # a document export cannot read: show it as is
        body = dict(document)
    section = SECTION_OF_KIND.get(kind, kind)
    return {section: body} if kind == "tenant" else {section: {name: body}}


def spec_yaml(kind: str, name: str, document: dict | None) -> str:
    data = spec_data(kind, name, document)
    if data is None:
        return ""
    text = _dump(data, allow_unicode=True)
    if _UNSAFE_BREAKS.search(text):  # PyYAML writes U+0085/U+2028/U+2029 raw, and reads them back as spaces
        text = _dump(data, allow_unicode=False)
    return text


def _dump(data: dict, allow_unicode: bool) -> str:
    return yaml.safe_dump(data, sort_keys=True, allow_unicode=allow_unicode, default_flow_style=False, width=100,
                          indent=2)
