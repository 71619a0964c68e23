"""SC001: check the merged spec against the JSON Schemas, reporting every violation at its place.

The schemas under `schema/` are the single source of truth for field names, types and enums;
this module only turns jsonschema's errors into diagnostics a person can act on.
"""

from __future__ import annotations

import difflib
import json
import time
from functools import cache
from importlib import resources

import fastjsonschema

from acdplan.diagnostics import Diagnostic, Locator, Severity
from acdplan.load.cache import register_file_check

SCHEMA_BASE = "https://acdplan.dev/schema/"
_TYPE_WORDS = {
    "string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
    "object": "a mapping", "array": "a list", "null": "null",
}


@cache
def schema_documents() -> dict[str, dict]:
    """Every schema file shipped with the package, by file name."""
    folder = resources.files("acdplan.schema")
    documents = {
        entry.name: json.loads(entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    }
    # The files carry no `$id`, so editors and check-jsonschema resolve their `$ref`s beside the file
    # (offline); in memory each gets one, the base its references resolve against.
    return {name: {"$id": SCHEMA_BASE + name, **document} for name, document in documents.items()}


@cache
def validator(name: str = "spec.schema.json"):
    """jsonschema's validator, for the full list of errors; imported only when a spec is invalid
    (it and its dependencies weigh about 8 MB that a valid run never needs)."""
    import jsonschema
    from referencing import Registry, Resource

    documents = schema_documents()
    registry = Registry().with_resources(
        (document.get("$id", SCHEMA_BASE + file), Resource.from_contents(document))
        for file, document in documents.items()
    )
    schema = documents[name]
    return jsonschema.Draft202012Validator(schema, registry=registry)


def _inline_references(node, current_file: str):
    """Cross-file `$ref`s rewritten to point into one document's `$defs` (one key a file)."""
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            if key == "$ref":
                file, _, fragment = value.partition("#")
                result[key] = f"#/$defs/{_def_name(file or current_file)}{fragment}"
            else:
                result[key] = _inline_references(value, current_file)
        return result
    if isinstance(node, list):
        return [_inline_references(item, current_file) for item in node]
    return node


def _def_name(file: str) -> str:
    return file.removesuffix(".schema.json").replace(".", "_")


@cache
def fast_validator(name: str = "spec.schema.json"):
    """The same schemas compiled to Python by fastjsonschema: about 10x faster than jsonschema.

    It only answers "valid or not" (it stops at the first error, without positions), so it
    is the fast path for the common case, a valid spec; any failure is re-checked by
    jsonschema, which reports every violation. The keywords the schemas use mean the same
    in both (tests compare their verdicts on mutated specs). It compiles `_fast_form` of the
    schemas, which gives the same verdicts with less work per object.
    """
    documents = schema_documents()
    defs: dict[str, object] = {}
    root = {"$defs": defs, "$ref": f"#/$defs/{_def_name(name)}"}
    for file, document in documents.items():
        body = {key: value for key, value in document.items() if key not in ("$schema", "$id")}
        defs[_def_name(file)] = _inline_references(body, file)
    fast_defs = {file: _fast_form(body, root) for file, body in defs.items()}
    # Without a copy of the failing schema in every `raise`: the code is a fifth of the size,
    # and compiling it (once per run) as much faster; only a verdict is used.
    return fastjsonschema.compile({"$defs": fast_defs, "$ref": root["$ref"]}, detailed_exceptions=False)


# Keywords whose value is a schema, a list of schemas, or names mapped to schemas.
_SUBSCHEMA = {"items", "additionalProperties", "propertyNames", "not", "if", "then", "else", "contains",
              "additionalItems", "unevaluatedProperties", "unevaluatedItems"}
_SUBSCHEMA_LISTS = {"allOf", "anyOf", "oneOf", "prefixItems"}
_SUBSCHEMA_MAPS = {"properties", "patternProperties", "dependentSchemas", "$defs", "definitions"}
# Where a schema applies to each entry of a mapping or list (each object of a section).
_PER_ENTRY = {"items", "additionalProperties", "patternProperties"}
_ANNOTATIONS = {"title", "description", "$comment", "examples"}  # they never change a verdict
_JSON_TYPES = {str: "string", bool: "boolean", int: "number", float: "number", type(None): "null",
               dict: "object", list: "array"}


def _fast_form(schema, root: dict, expanding: frozenset = frozenset(), per_entry: bool = False):
    """A schema with the same verdicts, which fastjsonschema's generated code checks faster.

    - A `$ref` that applies to each entry of a mapping or list (each object of a section) is
      replaced by what it refers to, so each object is checked inline, not by a call that
      first formats the object's name with `str.format(**locals())` (fastjsonschema, too,
      ignores a `$ref`'s siblings; a recursive one is left alone). Other `$ref`s stay calls:
      inlining them all would double the generated code, and its compile time.
    - Annotations go (they never change a verdict).
    - `const: X` is written `enum: [X]`: fastjsonschema checks both with the same test, and
      cannot generate a `const` without detailed exceptions (a missing `definition_rule`).
    - A `oneOf` whose alternatives admit disjoint JSON types becomes `anyOf`: at most one can
      match, so "exactly one" is "at least one", and `anyOf` stops at the first that matches
      instead of trying (and raising from) the others, as a `oneOf` must.
    """
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        reference = schema["$ref"]
        if not per_entry or reference in expanding or not reference.startswith("#"):
            return {"$ref": reference}
        return _fast_form(_pointer(root, reference), root, expanding | {reference})
    fast = {}
    for keyword, value in schema.items():
        if keyword in _ANNOTATIONS:
            continue
        entry = keyword in _PER_ENTRY
        if keyword in _SUBSCHEMA:
            value = _fast_form(value, root, expanding, entry)
        elif keyword in _SUBSCHEMA_LISTS:
            value = [_fast_form(item, root, expanding) for item in value]
        elif keyword in _SUBSCHEMA_MAPS:
            value = {key: _fast_form(item, root, expanding, entry) for key, item in value.items()}
        fast[keyword] = value
    if "oneOf" in fast and "anyOf" not in fast and _disjoint_types(fast["oneOf"], root):
        fast["anyOf"] = fast.pop("oneOf")
    if "const" in fast and "enum" not in fast:
        fast["enum"] = [fast.pop("const")]
    return fast


def _pointer(root: dict, reference: str):
    """The schema a local `$ref` (`#/a/b`, JSON Pointer) names."""
    node = root
    for part in reference.removeprefix("#").split("/")[1:]:
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _disjoint_types(alternatives: list, root: dict) -> bool:
    """Whether no value can be valid against two of the alternatives: each admits only JSON types
    (`type` or `const`) that no other admits ("integer" counting as "number")."""
    seen: set[str] = set()
    for alternative in alternatives:
        followed: set[str] = set()  # an alternative that is a `$ref`: what it refers to
        while isinstance(alternative, dict) and str(alternative.get("$ref", "")).startswith("#"):
            if alternative["$ref"] in followed:
                return False
            followed.add(alternative["$ref"])
            alternative = _pointer(root, alternative["$ref"])
        if not isinstance(alternative, dict):
            return False
        if "type" in alternative:
            kinds = alternative["type"] if isinstance(alternative["type"], list) else [alternative["type"]]
            types = {"number" if kind == "integer" else kind for kind in kinds}
        elif "const" in alternative and type(alternative["const"]) in _JSON_TYPES:
            types = {_JSON_TYPES[type(alternative["const"])]}
        elif "enum" in alternative and all(type(value) in _JSON_TYPES for value in alternative["enum"]):
            types = {_JSON_TYPES[type(value)] for value in alternative["enum"]}
        else:
            return False
        if types & seen:
            return False
        seen |= types
    return True


def is_valid_fast(data, schema: str = "spec.schema.json") -> bool:
    try:
        fast_validator(schema)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


# What the spec schema's top level may say for "every file valid" to imply "the merge valid":
# sections that are mappings of independent objects (merged by union, first declaration kept)
# or single values (the first file's kept), and nothing about the document as a whole.
_UNION_SAFE_KEYWORDS = {"$schema", "$id", "title", "description", "type", "properties", "additionalProperties"}
_SECTION_KEYWORDS = {"type", "description", "additionalProperties", "propertyNames"}  # each about one entry


@cache
def merges_file_by_file(name: str = "spec.schema.json") -> bool:
    """Whether a merged spec is valid when each of its files is: the schema describes one spec
    file, and the files of a folder are merged section by section, each object declared once
    (schema/spec.schema.json's description; acdplan/load/specset.py)."""
    schema = schema_documents()[name]
    if set(schema) - _UNION_SAFE_KEYWORDS or schema.get("type") != "object" or schema.get("additionalProperties") is not False:
        return False
    for section in schema.get("properties", {}).values():
        if "$ref" in section or "const" in section:
            if set(section) - {"$ref", "const", "description"}:
                return False
        elif section.get("type") == "array":  # a list section (removed:) is one file's, whole (specset's singletons)
            if set(section) - {"type", "description", "items", "uniqueItems"}:
                return False
        elif set(section) - _SECTION_KEYWORDS or section.get("type") != "object":
            return False
    return True


def file_is_valid(data) -> bool:
    """Whether one spec file's data is valid on its own, in a way that carries over to any merge of
    valid files (the parse cache keeps this verdict, so an unchanged tenant is not checked again)."""
    return merges_file_by_file() and is_valid_fast(data)


register_file_check(file_is_valid)

def check_schema(data, sources: Locator, schema: str = "spec.schema.json",
                 files_valid: bool = False) -> list[Diagnostic]:
    """All schema violations of `data`, each placed at the key or value it is about.

    `files_valid`: every file merged into `data` was found valid on its own (file_is_valid), so
    the merge is too and there is nothing to check.
    """
    if files_valid and schema == "spec.schema.json" and merges_file_by_file(schema):
        return []
    if is_valid_fast(data, schema):
        return []
    diagnostics: list[Diagnostic] = []
    errors = validator(schema).iter_errors(data)
    for count, error in enumerate(errors):
        if count == MAX_SCHEMA_ERRORS:  # each costs a lookup of its place; the rest are counted
            diagnostics.append(_more_errors(diagnostics[-1], *_count(errors)))
            break
        path, message, at_value = describe(error)
        location = sources.locate(path, prefer_value=at_value)
        diagnostics.append(
            Diagnostic(
                "SC001", Severity.ERROR, message,
                location.file if location else None,
                location.line if location else None,
                location.column if location else None,
                path,
            )
        )
    return sorted(diagnostics, key=Diagnostic.sort_key)


MAX_SCHEMA_ERRORS = 1_000


def _count(errors, seconds: float = 5.0) -> tuple[int, bool]:
    """How many errors remain (counting stops after `seconds`: then it is a lower bound)."""
    deadline = time.monotonic() + seconds
    count = 1
    for count, _ in enumerate(errors, start=2):
        if time.monotonic() > deadline:
            return count, False
    return count, True


def _more_errors(last: Diagnostic, count: int, exact: bool) -> Diagnostic:
    from acdplan.diagnostic_caps import SUMMARY_END

    shown = f"{count:,}" if exact else f"over {count:,}"
    return Diagnostic("SC001", Severity.ERROR,
                      f"{shown} more diagnostics in this file not shown (SC001: {shown}); the schema check "
                      f"describes at most {MAX_SCHEMA_ERRORS:,}, and at most 100 {SUMMARY_END}",
                      last.file, last.line, last.column)


def describe(error) -> tuple[tuple, str, bool]:
    """(path, message, whether to point at the value) for one schema error."""
    path = tuple(error.absolute_path)
    where = _where(path)
    kind = error.validator
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extras = [key for key in error.instance if key not in error.schema.get("properties", {})]
        unknown = extras[0] if extras else "?"
        return path + (unknown,), f"unknown field {unknown!r}{where}{_suggest(unknown, allowed, 'allowed', allowed)}", False
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return path, f"missing required field {missing!r}{where}", False
    if kind == "enum":
        choices = [str(choice) for choice in error.validator_value]
        return path, f"{error.instance!r} is not allowed{where}{_suggest(str(error.instance), choices, 'one of', choices)}", True
    if kind == "const":
        if path == ("acdplan",) and isinstance(error.instance, int) and not isinstance(error.instance, bool) \
                and isinstance(error.validator_value, int) and error.instance > error.validator_value:
            return path, (f"acdplan: {error.instance} is a spec format of a newer acdplan (this one reads "
                          f"{error.validator_value}): upgrade acdplan"), True
        return path, f"{error.instance!r} is not allowed{where}: expected {error.validator_value!r}", True
    if kind == "type":
        expected: list[str] = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
        return path, f"expected {words}{where}, got {_describe_value(error.instance)}", True
    if kind in ("anyOf", "oneOf"):
        alternatives = [_alternative(schema) for schema in error.validator_value]
        return path, f"{_describe_value(error.instance)} is not valid{where}: expected {' or '.join(alternatives)}", True
    if kind == "pattern":
        return path, f"{error.instance!r} does not match the expected form{where} ({error.validator_value})", True
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}[kind]
        return path, f"{error.instance!r} is out of range{where}: must be {bound} {error.validator_value}", True
    if kind == "uniqueItems":
        return path, f"a value is listed twice{where}", True
    if kind == "propertyNames":
        return path, f"invalid name{where}: {error.message}", False
    return path, f"{error.message}{where}", True


def _where(path: tuple) -> str:
    return f" in {'.'.join(str(part) for part in path)}" if path else ""


def _suggest(word: str, candidates: list[str], label: str, listing: list[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    shown = ", ".join(listing[:12]) + (", ..." if len(listing) > 12 else "")
    return f"; {label}: {shown}" if listing else ""


def _alternative(schema: dict) -> str:
    if "const" in schema:
        return repr(schema["const"])
    if "$ref" in schema:
        return "a mapping" if "sla" in schema["$ref"] else schema["$ref"].rsplit("/", 1)[-1]
    kind = schema.get("type")
    if isinstance(kind, str):
        return _TYPE_WORDS.get(kind, kind)
    return "another form"


def _describe_value(value) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (int, float)):
        return f"{value!r} (a number)"
    if isinstance(value, str):
        return f"{value!r} (text)" if len(value) < 60 else "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "null"
