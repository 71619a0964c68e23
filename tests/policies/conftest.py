"""A sandbox tenant applied from the example specs, and acdplan.yaml policies written over it."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from acdplan import policies
from acdplan.validate import suppressions
from tests.conftest import EXAMPLE_SPECS, run_cli

POL001 = """\
policies:
  - id: POL001
    description: Channels are deleted only through a change request
    deny: 'change.kind == "channel" && change.action in ["delete", "replace"]'
    severity: error          # or warning
"""


@pytest.fixture
def applied(tmp_path: Path, monkeypatch) -> Path:
    """The example tenant applied to the project's sandbox: the next plan has no changes."""
    shutil.copytree(EXAMPLE_SPECS, tmp_path / "specs")
    (tmp_path / ".git").mkdir()  # the project's root: acdplan.yaml is searched no higher
    monkeypatch.chdir(tmp_path)
    result = run_cli("apply", "--auto-approve")
    assert result.exit_code == 0, result.output
    yield tmp_path
    policies.use_policies(())  # what a later in-process test sees when it reads no acdplan.yaml
    suppressions.use_settings({})


def write_policies(project: Path, text: str) -> None:
    (project / "acdplan.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


def replace_messenger(project: Path) -> None:
    """A new account id: the Messenger channel must be deleted and created again (a replace)."""
    channels = project / "specs" / "channels.yaml"
    text = channels.read_text(encoding="utf-8")
    assert 'id: "104500000000001"' in text
    channels.write_text(text.replace('id: "104500000000001"', 'id: "104500000000002"'), encoding="utf-8")
