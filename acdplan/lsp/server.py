"""The language server: pygls around the project's own stages (see the package docstring).

Validation runs on the event loop after a short pause (`DEBOUNCE_S`), once for a burst of
edits: the last text wins, and a project is never validated twice at once. Requests that need
positions (definition, rename, ...) first run a validation still pending, so they answer for
the text the user sees. Whatever goes wrong inside a request is logged and answered with
nothing; the server itself keeps running.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import os
import traceback
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from acdplan import __version__
from acdplan.diagnostics import Diagnostic
from acdplan.lsp import assist, edits, publish
from acdplan.lsp.navigation import Index, Place, build_index
from acdplan.lsp.project import Project, Workspace
from acdplan.lsp.text import char_column, lsp_range, scalar_span

DEBOUNCE_S = 0.005
FULL_COLLECTION_EVERY = 200  # validations between two full garbage collections (see validate_now)
MAX_WORKSPACE_SYMBOLS = 500
log = logging.getLogger("acdplan.lsp")


class AcdplanServer(LanguageServer):
    def __init__(self):
        super().__init__("acdplan", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.space = Workspace()
        self.pending: set[Path] = set()
        self.running: dict[Path, asyncio.Task] = {}
        self.published: dict[Path, set[str]] = {}  # project root -> URIs it published findings on
        self.last: dict[str, list[types.Diagnostic]] = {}  # URI -> what was last published there
        self.indexes: dict[Path, tuple[int, Index]] = {}
        self.index_parts: dict[Path, dict] = {}  # per project, what build_index reuses
        self.told_outside: set[str] = set()

    # ----- documents and validation ------------------------------------------------------------------
    def project_for(self, uri: str) -> Project | None:
        path = to_fs_path(uri)
        return self.space.project_of(Path(path)) if path else None

    def document_changed(self, uri: str, closed: bool = False) -> None:
        path = to_fs_path(uri)
        if not path:
            return
        project = self.space.project_of(Path(path))
        if closed:
            self.space.close(Path(path))
        if project is None:
            if not closed and uri not in self.told_outside:
                self.told_outside.add(uri)
                self.window_show_message(types.ShowMessageParams(
                    types.MessageType.Info,
                    f"acdplan: {path} is not a spec file of an acdplan project (none has it under its `specs:` "
                    f"folder, with acdplan.yaml above it or a `specs` folder): it is not checked."))
            return
        if not closed:
            self.space.open(Path(path), self.workspace.get_text_document(uri).source, project)
        if Path(path) == project.config_file:
            project.config = None  # read again, from the disk, at the next validation
        self.schedule(project)

    def schedule(self, project: Project) -> None:
        self.pending.add(project.root)
        task = self.running.get(project.root)
        if task is None or task.done():
            self.running[project.root] = asyncio.get_running_loop().create_task(self._validate_soon(project))

    async def _validate_soon(self, project: Project) -> None:
        while project.root in self.pending:
            await asyncio.sleep(DEBOUNCE_S)
            self.validate_now(project)

    def validate_now(self, project: Project) -> None:
        self.pending.discard(project.root)
        try:
            result = project.validate()
            found = result.diagnostics if result is not None else project.config_diagnostics
            self.publish(project, found)
            self._settle(project)
        except Exception:
            self.window_log_message(types.LogMessageParams(
                types.MessageType.Error, f"acdplan: validating {project.root} failed:\n{traceback.format_exc()}"))

    def _settle(self, project: Project) -> None:
        """What a validation made lives until the next one: the cyclic collector need not walk it
        (a full collection over a large tenant's model takes longer than a validation). Specs hold
        no reference cycles, so what is dropped later is freed by reference counting all the same;
        now and then, a full collection catches whatever else was left."""
        if project.generation % FULL_COLLECTION_EVERY == 0:
            gc.unfreeze()
            gc.collect()
        gc.freeze()

    def publish(self, project: Project, found: list[Diagnostic]) -> None:
        grouped = publish.by_file(found, str(project.config_file))
        open_here = {path for path in self.space.buffers if project.owns(Path(path))}
        before = self.published.get(project.root, set())
        now: set[str] = set()
        for path in sorted(set(grouped) | open_here | {to_fs_path(uri) or "" for uri in before}):
            if not path:
                continue
            uri = from_fs_path(path) or path
            lines = self.space.lines(path)
            converted = [publish.to_lsp(d, lines, lambda p: from_fs_path(p) or p) for d in grouped.get(path, ())]
            if path in open_here and not os.path.exists(path):
                converted.append(types.Diagnostic(
                    types.Range(types.Position(0, 0), types.Position(0, 0)), severity=types.DiagnosticSeverity.Information,
                    source=publish.SOURCE, message="this file is not on disk (deleted, or not saved yet): acdplan checks "
                    "the spec files on disk, so this text is not part of the specs until it is saved"))
            if converted:
                now.add(uri)
            if path in open_here or converted != self.last.get(uri, []):
                document = self.workspace.text_documents.get(uri)
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                    uri=uri, diagnostics=converted, version=document.version if document is not None else None))
                self.last[uri] = converted
        self.published[project.root] = now

    def current(self, uri: str) -> tuple[Project, Index] | None:
        """The project of `uri` and its index, for the text the user sees (a pending validation runs first)."""
        project = self.project_for(uri)
        if project is None:
            return None
        index = self.index_of(project)
        return (project, index) if index is not None else None

    def index_of(self, project: Project) -> Index | None:
        if project.root in self.pending or project.result is None:
            self.validate_now(project)
        if project.result is None:
            return None
        cached = self.indexes.get(project.root)
        if cached is None or cached[0] != project.generation:
            cached = self.indexes[project.root] = (project.generation, self.build_index(project))
        return cached[1]

    def build_index(self, project: Project) -> Index:
        assert project.result is not None
        return build_index(project.result, self.index_parts.setdefault(project.root, {}))

    def place_at(self, uri: str, position: types.Position) -> tuple[Project, Index, Place] | None:
        found = self.current(uri)
        path = to_fs_path(uri)
        if found is None or not path:
            return None
        project, index = found
        lines = self.space.lines(path)
        text = lines[position.line] if position.line < len(lines) else ""
        column = char_column(text, position.character)

        def width(place: Place) -> int:
            begin, end = scalar_span(text, place.column - 1)
            return end - begin

        place = index.at(os.path.abspath(path), position.line + 1, column, width)
        return (project, index, place) if place is not None else None

    def location(self, place: Place) -> types.Location:
        lines = self.space.lines(place.file)
        text = lines[place.line - 1] if place.line - 1 < len(lines) else ""
        begin, end = scalar_span(text, place.column - 1)
        return types.Location(from_fs_path(place.file) or place.file, lsp_range(lines, place.line - 1, begin, end))


def guarded(handler):
    """A request that fails answers nothing and logs why: the server keeps running."""

    @functools.wraps(handler)
    def wrapper(server: AcdplanServer, params):
        try:
            return handler(server, params)
        except Exception:
            server.window_log_message(types.LogMessageParams(
                types.MessageType.Error, f"acdplan: {handler.__name__} failed:\n{traceback.format_exc()}"))
            return None

    return wrapper


server = AcdplanServer()


@server.feature(types.INITIALIZE)
def initialize(ls: AcdplanServer, params: types.InitializeParams) -> None:
    options = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("environment"), str):
        ls.space.environment = options["environment"]


@server.feature(types.INITIALIZED)
async def initialized(ls: AcdplanServer, params: types.InitializedParams) -> None:
    """Ask the client to say when spec files change on disk (a checkout, a file saved elsewhere),
    when it can: those change the findings of the files open."""
    capabilities = ls.client_capabilities.workspace
    watched = capabilities.did_change_watched_files if capabilities else None
    if watched is None or not watched.dynamic_registration:
        return
    watchers = [types.FileSystemWatcher(glob_pattern=pattern)
                for pattern in ("**/*.yaml", "**/*.yml", "**/*.j2", "**/acdplan.yaml")]
    try:
        await ls.client_register_capability_async(types.RegistrationParams([types.Registration(
            "acdplan-watched-files", types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            types.DidChangeWatchedFilesRegistrationOptions(watchers))]))
    except Exception:  # a client that refuses: edits of open files are still seen
        ls.window_log_message(types.LogMessageParams(types.MessageType.Info, "acdplan: no file watching"))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@guarded
def did_open(ls: AcdplanServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.document_changed(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@guarded
def did_change(ls: AcdplanServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.document_changed(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
@guarded
def did_save(ls: AcdplanServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.document_changed(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@guarded
def did_close(ls: AcdplanServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.document_changed(params.text_document.uri, closed=True)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@guarded
def watched_files_changed(ls: AcdplanServer, params: types.DidChangeWatchedFilesParams) -> None:
    for change in params.changes:
        project = ls.project_for(change.uri)
        if project is not None:
            if to_fs_path(change.uri) == str(project.config_file):
                project.config = None
            ls.schedule(project)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@guarded
def definition(ls: AcdplanServer, params: types.DefinitionParams) -> types.Location | None:
    found = ls.place_at(params.text_document.uri, params.position)
    if found is None:
        return None
    _, index, place = found
    declared = index.declarations.get((place.kind, place.name))
    return ls.location(declared) if declared is not None else None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
@guarded
def references(ls: AcdplanServer, params: types.ReferenceParams) -> list[types.Location] | None:
    found = ls.place_at(params.text_document.uri, params.position)
    if found is None:
        return None
    _, index, place = found
    target = (place.kind, place.name)
    places = index.references(target)
    declared = index.declarations.get(target)
    if params.context.include_declaration and declared is not None:
        places.insert(0, declared)
    return [ls.location(each) for each in places]


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@guarded
def document_symbols(ls: AcdplanServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol] | None:
    found = ls.current(params.text_document.uri)
    path = to_fs_path(params.text_document.uri)
    if found is None or not path:
        return None
    _, index = found
    file = os.path.abspath(path)
    lines = ls.space.lines(file)
    sections = sorted(index.sections.get(file, ()), key=lambda section: section[1])
    objects = sorted((p for p in index.by_file.get(file, ()) if p.declaration), key=lambda p: p.line)
    symbols = []
    for number, (section, line, column) in enumerate(sections):
        end = sections[number + 1][1] - 1 if number + 1 < len(sections) else len(lines)
        children = []
        inside = [p for p in objects if line < p.line <= end]
        for position, place in enumerate(inside):
            last = inside[position + 1].line - 1 if position + 1 < len(inside) else end
            children.append(_symbol(place.name, types.SymbolKind.Object, lines, place.line, place.column, last))
        symbol = _symbol(section, types.SymbolKind.Module, lines, line, column, end)
        symbol.children = children
        symbols.append(symbol)
    return symbols


def _symbol(name: str, kind: types.SymbolKind, lines: list[str], line: int, column: int, last: int) -> types.DocumentSymbol:
    text = lines[line - 1] if line - 1 < len(lines) else ""
    begin, end = scalar_span(text, column - 1)
    last = max(min(last, len(lines)), line)
    whole = types.Range(types.Position(line - 1, 0),
                        types.Position(last - 1, len(lines[last - 1].encode("utf-16-le")) // 2 if last - 1 < len(lines) else 0))
    return types.DocumentSymbol(name=name, kind=kind, range=whole, selection_range=lsp_range(lines, line - 1, begin, end))


@server.feature(types.WORKSPACE_SYMBOL)
@guarded
def workspace_symbols(ls: AcdplanServer, params: types.WorkspaceSymbolParams) -> list[types.WorkspaceSymbol] | None:
    query = params.query.lower()
    found: list[types.WorkspaceSymbol] = []
    for project in list(ls.space.projects.values()):
        index = ls.index_of(project)
        if index is None:
            continue
        for (kind, name), place in index.declarations.items():
            if query in name.lower():
                found.append(types.WorkspaceSymbol(name=name, kind=types.SymbolKind.Object, location=ls.location(place),
                                                   container_name=kind))
                if len(found) >= MAX_WORKSPACE_SYMBOLS:
                    return found
    return found


@server.feature(types.TEXT_DOCUMENT_HOVER)
@guarded
def hover(ls: AcdplanServer, params: types.HoverParams) -> types.Hover | None:
    uri, position = params.text_document.uri, params.position
    path = to_fs_path(uri)
    if not path:
        return None
    lines = ls.space.lines(path)
    text = lines[position.line] if position.line < len(lines) else ""
    info = assist.rule_at(text, char_column(text, position.character))
    parts = [assist.rule_markdown(info)] if info else []
    if not parts:
        from acdplan.validate.catalogue import get

        for diagnostic in ls.last.get(uri, ()):
            covered = diagnostic.range.start.line <= position.line <= diagnostic.range.end.line
            rule = get(str(diagnostic.code)) if covered and diagnostic.code else None
            if rule is not None:
                parts.append(f"{diagnostic.message}\n\n" + assist.rule_markdown(rule))
    if not parts:
        found = ls.place_at(uri, position)
        if found is not None:
            parts.append(assist.object_markdown(found[1], found[2]))
    if not parts:
        return None
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(parts)))


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":", " ", "-", "["]))
@guarded
def completion(ls: AcdplanServer, params: types.CompletionParams) -> types.CompletionList | None:
    uri = params.text_document.uri
    path = to_fs_path(uri)
    if not path:
        return None
    found = ls.current(uri)
    lines = ls.space.lines(path)
    text = lines[params.position.line] if params.position.line < len(lines) else ""
    cursor = assist.cursor_at(lines, params.position.line, char_column(text, params.position.character))
    data = found[0].result.loaded.data if found and found[0].result else {}
    items = assist.completions(cursor, found[1] if found else None, data)
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
@guarded
def code_action(ls: AcdplanServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    path = to_fs_path(params.text_document.uri)
    if not path:
        return None
    return edits.quick_fixes(params.text_document.uri, ls.space.lines(path), list(params.context.diagnostics))


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
@guarded
def prepare_rename(ls: AcdplanServer, params: types.PrepareRenameParams):
    found = ls.place_at(params.text_document.uri, params.position)
    if found is None:
        return None
    location = ls.location(found[2])
    return types.PrepareRenamePlaceholder(range=location.range, placeholder=found[2].name)


@server.feature(types.TEXT_DOCUMENT_RENAME)
@guarded
def rename(ls: AcdplanServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    found = ls.place_at(params.text_document.uri, params.position)
    if found is None:
        return None
    _, index, place = found
    if not params.new_name.strip() or (place.kind, params.new_name) in index.declarations:
        ls.window_show_message(types.ShowMessageParams(
            types.MessageType.Error, f"acdplan: cannot rename {place.name!r} to {params.new_name!r}: "
            + ("that name is already declared" if params.new_name.strip() else "a name cannot be empty")))
        return None
    done = edits.rename(index, (place.kind, place.name), params.new_name, ls.space.lines)
    if done.skipped:
        where = ", ".join(f"{p.file}:{p.line}" for p in done.skipped[:5])
        ls.window_show_message(types.ShowMessageParams(
            types.MessageType.Warning,
            f"acdplan: {len(done.skipped)} place(s) name {place.name!r} through a template expression and were "
            f"not renamed: {where}"))
    return types.WorkspaceEdit(changes={from_fs_path(file) or file: changes for file, changes in done.edits.items()})


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
@guarded
def formatting(ls: AcdplanServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
    path = to_fs_path(params.text_document.uri)
    if not path:
        return None
    text = ls.space.text(path)
    if text is None:
        return None
    return edits.formatting(path, text, ls.space.lines(path))


def serve() -> None:
    """Serve on standard input and output until the client says exit."""
    server.start_io()
