"""Diagnostics as SARIF 2.1.0, for code scanning: stable rule ids, rule metadata, regions."""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath
from typing import Any

from acdplan import __version__
from acdplan.diagnostics import Diagnostic, Location
from acdplan.policies import current_policies
from acdplan.report import escape
from acdplan.report.rules_markdown import REPOSITORY, rule_help_uri
from acdplan.validate.catalogue import all_rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = REPOSITORY


def _rule_record(info) -> dict:
    record: dict[str, Any] = {
        "id": info.id,
        "name": info.id,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": info.why or info.summary},
        "help": {"text": info.fix},
        "defaultConfiguration": {"level": info.severity.value},
        "properties": {"stage": info.stage, "tags": [info.family]},
    }
    uri = rule_help_uri(info)
    if uri:
        record["help"]["markdown"] = f"{info.fix}\n\n[{info.id} in {_documented_in(info)}]({uri})"
        record["helpUri"] = uri
    if info.fact:
        record["properties"]["fact"] = info.fact
    if info.source_url:
        record["properties"]["source_url"] = info.source_url
    if info.plugin:
        record["properties"]["plugin"] = info.plugin
        record["properties"]["tags"].append("plugin")
    return record


def _documented_in(info) -> str:
    return f"the documentation of {info.plugin}" if info.plugin else "docs/rules.md"


def _location(file: str, line: int | None, column: int | None) -> dict:
    physical: dict = {"artifactLocation": {"uri": PurePath(file).as_posix(), "uriBaseId": "%SRCROOT%"}}
    if line:
        physical["region"] = {"startLine": line, **({"startColumn": column} if column else {})}
    return {"physicalLocation": physical}


def _fingerprint(diagnostic: Diagnostic) -> str:
    key = "\x1f".join([diagnostic.rule, diagnostic.file or "", json.dumps(list(diagnostic.path)), diagnostic.message])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def render(diagnostics: list[Diagnostic], strict: bool = False, files: list[str] | None = None) -> str:
    rules = all_rules() + [policy.rule_info() for policy in current_policies()]  # the project's policies too
    index = {info.id: position for position, info in enumerate(rules)}
    results = []
    for diagnostic in diagnostics:
        result: dict[str, object] = {
            "ruleId": diagnostic.rule,
            "level": "error" if diagnostic.is_error or strict else "warning",
            "message": {"text": diagnostic.message},
            "partialFingerprints": {"acdplanFinding/v1": _fingerprint(diagnostic)},
        }
        if diagnostic.rule in index:
            result["ruleIndex"] = index[diagnostic.rule]
        if diagnostic.file:
            result["locations"] = [_location(diagnostic.file, diagnostic.line, diagnostic.column)]
        related: tuple[Location, ...] = diagnostic.related
        if related:
            result["relatedLocations"] = [
                dict(_location(r.file, r.line, r.column), id=number) for number, r in enumerate(related)
            ]
        results.append(result)
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "acdplan", "version": __version__, "informationUri": INFORMATION_URI,
                                "rules": [_rule_record(info) for info in rules]}},
            "invocations": [{"executionSuccessful": True}],
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The repository root."}}},
            "results": results,
        }],
    }
    return escape.json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"  # nothing raw on a terminal
