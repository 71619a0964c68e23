"""A real LSP client (pytest-lsp) talking to `acdplan lsp` over stdio, in a copy of the example project."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.conftest import EXAMPLE_SPECS, REPO_ROOT

TIMEOUT_S = 60


@pytest.fixture
def lsp_project(tmp_path: Path) -> Path:
    """The example project (acdplan.yaml and specs/) in a fresh folder."""
    shutil.copytree(EXAMPLE_SPECS, tmp_path / "specs")
    shutil.copy(REPO_ROOT / "acdplan.yaml", tmp_path / "acdplan.yaml")
    return tmp_path


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "acdplan", "lsp", "--stdio"]))
async def client(lsp_client: LanguageClient, lsp_project: Path):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=lsp_project.as_uri()))
    yield
    await lsp_client.shutdown_session()


def uri(path: Path) -> str:
    return path.resolve().as_uri()


def open_file(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    """didOpen of `path` (its disk text unless `text`); returns its URI. Earlier diagnostics of it are forgotten."""
    address = uri(path)
    client.diagnostics.pop(address, None)
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        address, "yaml", version, text if text is not None else path.read_text(encoding="utf-8"))))
    return address


def change_file(client: LanguageClient, address: str, text: str, version: int) -> None:
    """didChange with the whole new text. Earlier diagnostics of the file are forgotten."""
    client.diagnostics.pop(address, None)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(version=version, uri=address),
        [types.TextDocumentContentChangeWholeDocument(text=text)]))


async def diagnostics_of(client: LanguageClient, address: str, timeout: float = TIMEOUT_S) -> list[types.Diagnostic]:
    """The next diagnostics published for `address` (or those published since it was last forgotten)."""
    async def wait() -> list[types.Diagnostic]:
        while address not in client.diagnostics:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return list(client.diagnostics[address])

    return await asyncio.wait_for(wait(), timeout)


def position_of(text: str, needle: str, offset: int = 0) -> types.Position:
    """The position of the first `needle` in `text` (plus `offset` characters)."""
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    return types.Position(line, index - (text.rfind("\n", 0, index) + 1))


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """`text` with LSP text edits applied (as an editor does: from the last to the first)."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def offset(position: types.Position) -> int:
        return offsets[position.line] + position.character if position.line < len(lines) else len(text)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text
