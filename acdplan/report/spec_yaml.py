"""A change's before/after documents as the spec's YAML, so a reviewer reads what they wrote.

The conversion from the provider-neutral document back to the spec's shape is each kind's own
`export` (acdplan/model/kinds/): durations as days/hours/minutes, defaults left out.
"""

from __future__ import annotations

import re

import yaml

from acdplan.model.kinds import REGISTRY

_UNSAFE_BREAKS = re.compile("[\x85\u2028\u2029]")
_CONTEXT = {"account_names": {}, "default_application": "cxone_agent"}


def spec_data(kind: str, name: str, document: dict | None) -> dict | None:
    """{section: {name: body}} (a singleton kind, the tenant: {section: body}) in the spec's shape."""
    if document is None:
        return None
    declared = REGISTRY.get(kind)
    if declared is None:
        return {kind: {name: dict(document)}}
    try:
        body = declared.export(dict(document), {**_CONTEXT, "name": name}) if declared.export else dict(document)
    except (KeyError, TypeError, ValueError, AttributeError):  # a document export cannot read: shown as it is
        body = dict(document)
    return {declared.section: body} if declared.singleton is not None else {declared.section: {name: body}}


def spec_yaml(kind: str, name: str, document: dict | None) -> str:
    data = spec_data(kind, name, document)
    if data is None:
        return ""
    text = _dump(data, allow_unicode=True)
    if _UNSAFE_BREAKS.search(text) or not text.replace("\n", "").isprintable():
        # PyYAML writes U+0085/U+2028/U+2029 raw (and reads them back as spaces), and bidi or control
        # characters raw even in double quotes: then every non-ASCII character is written escaped.
        text = _dump(data, allow_unicode=False)
    return text


class _Dumper(yaml.SafeDumper):
    """Strings holding a line break or any other non-printable character are double-quoted, so
    they are written as escapes on one line: a name cannot start a line of its own (`::error`)."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    plain = value.isprintable() and not value.lstrip().startswith(("::", "##["))  # never a workflow command line
    style = None if plain else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)


def _dump(data: dict, allow_unicode: bool) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=True, allow_unicode=allow_unicode, default_flow_style=False,
                     width=100, indent=2)
