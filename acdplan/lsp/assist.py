"""Help where the cursor is: hover (a rule's fact, why and fix; an object's summary) and
completion (the names a field may refer to, the schema's keys and enum values).

Completion reads the cursor's place from the text's indentation, not from a parse: while the
user types, the file is seldom valid YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from lsprotocol import types

from acdplan.lsp.navigation import Index, Place, label
from acdplan.model.kinds import BY_SECTION
from acdplan.sensitive import redact_data
from acdplan.validate.catalogue import RuleInfo, get

RULE_ID = re.compile(r"\b(?:[A-Z]{2}\d{3}|SAFETY)\b")
_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?(?P<key>\"[^\"]*\"|'[^']*'|[^\s#:][^#:]*?)\s*:(?:\s|$)")
MAX_SUMMARY_LINES = 25


def rule_markdown(info: RuleInfo) -> str:
    fact = f", {info.fact}" if info.fact else ""
    parts = [f"**{info.id}** ({info.severity.value}{fact}): {info.summary}"]
    if info.why:
        parts.append(f"*Why:* {info.why}")
    parts.append(f"*Fix:* {info.fix}")
    if info.good:
        parts.append("```yaml\n" + info.good.rstrip("\n") + "\n```")
    return "\n\n".join(parts)


def rule_at(line: str, character: int) -> RuleInfo | None:
    for found in RULE_ID.finditer(line):
        if found.start() <= character <= found.end():
            return get(found.group(0))
    return None


def object_markdown(index: Index, place: Place) -> str:
    target = (place.kind, place.name)
    declared = index.declarations.get(target)
    users = len(index.references(target))
    head = f"**{label(place.kind)}** `{place.name}`"
    if declared is None:
        return head + " — not declared in the specs"
    body = redact_data(index.bodies.get(target))
    text = yaml.safe_dump({place.name: body}, sort_keys=False, allow_unicode=True, width=100) if body is not None else ""
    lines = text.splitlines()
    if len(lines) > MAX_SUMMARY_LINES:
        lines = lines[:MAX_SUMMARY_LINES] + [f"# ... {len(lines) - MAX_SUMMARY_LINES} more lines"]
    where = f"{declared.file}:{declared.line}"
    return f"{head} — declared at {where}; {users} reference{'s' if users != 1 else ''}\n\n```yaml\n" \
        + "\n".join(lines) + "\n```"


# ----- completion ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Cursor:
    path: tuple[str, ...]  # the keys above the cursor, outermost first
    key: str | None  # the key of the cursor's line when the cursor is in its value
    prefix: str  # what is typed before the cursor, of the word being completed
    in_list: bool = False  # the value is a list item (`- name` or inside `[...]`)


def cursor_at(lines: list[str], line: int, character: int) -> Cursor:
    """Where the cursor is, from the indentation of the lines above it."""
    text = lines[line][:character] if line < len(lines) else ""
    limit = len(text) - len(text.lstrip())
    path: list[str] = []
    for above in range(line - 1, -1, -1):
        found = _KEY_LINE.match(lines[above])
        if not found or lines[above].lstrip().startswith("#"):
            continue
        width = len(found.group("indent")) + len(found.group("dash") or "")
        if width < limit:
            path.insert(0, _unquote(found.group("key")))
            limit = len(found.group("indent"))
            if limit == 0:
                break
    prefix = re.split(r"[\s\[,{:]", text)[-1].lstrip("-").strip("\"'")
    own = _KEY_LINE.match(text)
    if own:
        return Cursor(tuple(path), _unquote(own.group("key")), prefix, in_list="[" in text[own.end():])
    return Cursor(tuple(path), None, prefix, in_list=text.lstrip().startswith("-"))


def _unquote(key: str) -> str:
    key = key.strip()
    return key[1:-1] if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'" else key


def completions(cursor: Cursor, index: Index | None, data: dict) -> list[types.CompletionItem]:
    """The names that may be referenced here, else the schema's keys or enum values."""
    items: list[types.CompletionItem] = []
    names = _reference_names(cursor, index, data)
    if names is not None:
        kind, choices = names
        return [types.CompletionItem(label=name, kind=types.CompletionItemKind.Reference, detail=label(kind))
                for name in sorted(choices)]
    schema = _schema_at(cursor.path + ((cursor.key,) if cursor.key else ()))
    if schema is None:
        return items
    if cursor.key is not None or cursor.in_list:
        for value in _enum(schema if cursor.key is not None else _items(schema)):
            items.append(types.CompletionItem(label=str(value).lower() if isinstance(value, bool) else str(value),
                                              kind=types.CompletionItemKind.EnumMember))
        return items
    for key, sub in _properties(schema).items():
        items.append(types.CompletionItem(label=key, kind=types.CompletionItemKind.Property,
                                          detail=sub.get("description") if isinstance(sub, dict) else None,
                                          insert_text=f"{key}: "))
    return items


def _reference_names(cursor: Cursor, index: Index | None, data: dict) -> tuple[str, list[str]] | None:
    if len(cursor.path) < 2:
        return None
    kind = BY_SECTION.get(cursor.path[0])
    if kind is None:
        return None
    inner = cursor.path[2:] + ((cursor.key,) if cursor.key else ())
    in_value = cursor.key is not None or cursor.in_list
    for ref in kind.refs:
        if ref.keys != in_value and _matches(inner, ref.path):
            return ref.target, _declared(ref.target, index, data)
    return None


def _matches(inner: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    return len(inner) == len(wanted) and all(w == "*" or w == i for i, w in zip(inner, wanted, strict=True))


def _declared(kind: str, index: Index | None, data: dict) -> list[str]:
    if index is not None:
        return index.names(kind)
    from acdplan.model.kinds import REGISTRY

    section = data.get(REGISTRY[kind].section)
    return [str(name) for name in section] if isinstance(section, dict) else []


def _schema_at(path: tuple[str, ...]) -> dict | None:
    from acdplan.validate.schema_check import schema_documents

    documents = schema_documents()
    node: dict | None = documents["spec.schema.json"]
    for key in path:
        node = _resolve(node, documents)
        if node is None:
            return None
        properties = _properties(node)
        if key in properties:
            node = properties[key]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return None
    return _resolve(node, documents)


def _resolve(node, documents) -> dict | None:
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 10:
        reference = node["$ref"]
        file, _, pointer = reference.partition("#")
        target = documents.get(file.rsplit("/", 1)[-1]) if file else documents["spec.schema.json"]
        for part in [p for p in pointer.split("/") if p]:
            target = target.get(part, {}) if isinstance(target, dict) else {}
        node, seen = target, seen + 1
    return node if isinstance(node, dict) else None


def _alternatives(schema: dict) -> list[dict]:
    from acdplan.validate.schema_check import schema_documents

    found = [schema]
    for key in ("anyOf", "oneOf", "allOf"):
        for alternative in schema.get(key, ()):
            resolved = _resolve(alternative, schema_documents())
            if resolved is not None:
                found.append(resolved)
    return found


def _properties(schema: dict) -> dict:
    merged: dict = {}
    for alternative in _alternatives(schema):
        merged.update(alternative.get("properties") or {})
    return merged


def _enum(schema: dict | None) -> list:
    if schema is None:
        return []
    values: list = []
    for alternative in _alternatives(schema):
        values += [v for v in alternative.get("enum", ()) if v not in values]
        if "const" in alternative and alternative["const"] not in values:
            values.append(alternative["const"])
        if alternative.get("type") == "boolean" and True not in values:
            values += [True, False]
    return values


def _items(schema: dict) -> dict | None:
    from acdplan.validate.schema_check import schema_documents

    for alternative in _alternatives(schema):
        if isinstance(alternative.get("items"), dict):
            return _resolve(alternative["items"], schema_documents())
    return None
