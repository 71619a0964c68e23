"""Edits the server proposes: the did-you-mean of RF001/SC001 and `# acdplan:ignore` as quick
fixes, the rename of an object everywhere it is named (with `renamed_from`), and `acdplan fmt`.

Every edit first checks that the text it replaces is what it expects there; a name written
through a template expression is left alone and the rename says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lsprotocol import types

from acdplan.fmt import format_text
from acdplan.lsp.navigation import Index, Place
from acdplan.lsp.text import char_column, lsp_range, name_span, scalar_span, yaml_name
from acdplan.model.kinds import REGISTRY
from acdplan.validate.suppressions import configurable_rules

_COMMENT = re.compile(r"\s#")


def quick_fixes(uri: str, lines: list[str], diagnostics: list[types.Diagnostic]) -> list[types.CodeAction]:
    actions: list[types.CodeAction] = []
    configurable = configurable_rules()
    for found in diagnostics:
        if found.source != "acdplan":
            continue
        data = found.data if isinstance(found.data, dict) else {}
        proposed = data.get("suggestion")
        line = found.range.start.line
        text = lines[line] if line < len(lines) else ""
        if isinstance(proposed, str) and found.code in ("RF001", "SC001"):
            start = char_column(text, found.range.start.character)
            begin, end = scalar_span(text, start)
            replacement = yaml_name(proposed, text[begin:end])
            actions.append(types.CodeAction(
                title=f"Change to {replacement}", kind=types.CodeActionKind.QuickFix, diagnostics=[found],
                is_preferred=True,
                edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(lsp_range(lines, line, begin, end), replacement)]})))
        if isinstance(found.code, str) and found.code in configurable:
            actions.append(types.CodeAction(
                title=f"Ignore {found.code} on this line (# acdplan:ignore, with a reason)",
                kind=types.CodeActionKind.QuickFix, diagnostics=[found],
                edit=types.WorkspaceEdit(changes={uri: [_ignore_edit(lines, line, found.code)]})))
    return actions


IGNORE_REASON = "TODO say why this is right"


def _ignore_edit(lines: list[str], line: int, rule: str) -> types.TextEdit:
    """`# acdplan:ignore RULE reason` at the end of the line, or alone on the line above when the
    line has a comment already (a second comment cannot follow the first)."""
    text = lines[line] if line < len(lines) else ""
    comment = f"# acdplan:ignore {rule} {IGNORE_REASON}"
    if _COMMENT.search(" " + text) is None or text.lstrip().startswith(("'", '"')):
        end = len(text.rstrip())
        return types.TextEdit(lsp_range(lines, line, end, len(text)), f"  {comment}")
    indent = text[:len(text) - len(text.lstrip())]
    return types.TextEdit(lsp_range(lines, line, 0, 0), f"{indent}{comment}\n")


# ----- rename --------------------------------------------------------------------------------------
@dataclass(slots=True)
class Rename:
    edits: dict[str, list[types.TextEdit]] = field(default_factory=dict)  # file -> edits
    skipped: list[Place] = field(default_factory=list)  # places whose text is not the name (templates)


def rename(index: Index, target: tuple[str, str], new_name: str, lines_of) -> Rename:
    kind, old = target
    result = Rename()
    declared = index.declarations.get(target)
    places = ([declared] if declared else []) + index.references(target)
    for place in places:
        lines = lines_of(place.file)
        text = lines[place.line - 1] if place.line - 1 < len(lines) else ""
        if name_span(text, place.column - 1, old) is None:
            result.skipped.append(place)
            continue
        begin, end = scalar_span(text, place.column - 1)
        replacement = yaml_name(new_name, text[begin:end])
        result.edits.setdefault(place.file, []).append(types.TextEdit(lsp_range(lines, place.line - 1, begin, end), replacement))
    if declared is not None and REGISTRY[kind].renamable:
        edit = _renamed_from(index, declared, old, lines_of(declared.file))
        if edit is not None:
            result.edits.setdefault(declared.file, []).append(edit)
    return result


def _renamed_from(index: Index, declared: Place, old: str, lines: list[str]) -> types.TextEdit | None:
    """`renamed_from: OLD` added to the object, so the next plan keeps its tenant id (docs/SPEC-FORMAT.md).
    An object renamed already keeps its first name: that is the one the tenant still has."""
    body = index.bodies.get((declared.kind, declared.name))
    if isinstance(body, dict) and body.get("renamed_from"):
        return None
    entry = f"renamed_from: {yaml_name(old)}"
    line = declared.line - 1
    text = lines[line] if line < len(lines) else ""
    after = text[scalar_span(text, declared.column - 1)[1]:]
    colon = after.find(":")
    rest = after[colon + 1:] if colon >= 0 else ""
    value = rest.split(" #", 1)[0].strip()
    key_end = len(text) - len(after) + colon + 1
    if value.startswith("{"):
        brace = text.index("{", key_end)
        inner = value[1:].strip()
        return types.TextEdit(lsp_range(lines, line, brace + 1, brace + 1),
                              entry if inner.startswith("}") else f"{entry}, ")
    if value in ("", "~", "null"):
        following = _first_child(lines, line, declared.column - 1)
        if following is not None:  # a block mapping: one more line at its indentation
            return types.TextEdit(lsp_range(lines, following[0], 0, 0), " " * following[1] + entry + "\n")
        end = key_end + len(rest.split(" #", 1)[0].rstrip())
        return types.TextEdit(lsp_range(lines, line, key_end, end), " {" + entry + "}")
    return None


def _first_child(lines: list[str], line: int, indent: int) -> tuple[int, int] | None:
    for number in range(line + 1, len(lines)):
        text = lines[number]
        stripped = text.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        width = len(text) - len(stripped)
        return (number, width) if width > indent else None
    return None


# ----- formatting ----------------------------------------------------------------------------------
def formatting(path: str, text: str, lines: list[str]) -> list[types.TextEdit] | None:
    """`acdplan fmt` of the document: one edit of the whole text, none when it is formatted
    already; None when it cannot be formatted (a template, not YAML)."""
    if path.endswith(".j2"):
        return None
    try:
        formatted = format_text(text)
    except Exception:  # FormatError, YAMLError, whatever ruamel.yaml raises: the document stays as it is
        return None
    if formatted == text:
        return []
    end_line = len(lines) - 1
    return [types.TextEdit(types.Range(types.Position(0, 0), types.Position(end_line, len(lines[end_line].encode("utf-16-le")) // 2)),
                           formatted)]
