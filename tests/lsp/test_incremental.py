"""An edit re-parses only the edited file, and an unsaved text never reaches the disk cache."""

from __future__ import annotations

from pathlib import Path

import acdplan.load.specset as specset
from acdplan.lsp.project import Workspace


def test_an_edit_parses_only_the_edited_file_and_keeps_unsaved_text_off_the_disk_cache(lsp_project: Path, monkeypatch):
    space = Workspace()
    channels = lsp_project / "specs" / "channels.yaml"
    project = space.project_of(channels)
    assert project is not None and project.root == lsp_project
    assert project.validate().diagnostics == []  # the first validation parses every file
    entries = set((lsp_project / ".acdplan" / "cache" / "parse").iterdir())
    assert len(entries) == 6

    parsed: list[str] = []
    real_parse = specset.parse_yaml

    def counting(text, file, *args, **kwargs):
        parsed.append(Path(file).name)
        return real_parse(text, file, *args, **kwargs)

    monkeypatch.setattr(specset, "parse_yaml", counting)
    text = channels.read_text(encoding="utf-8").replace("default_skill: IGD_Ventes_FR", "default_skill: IGD_Ventes_Fr")
    space.open(channels, text, project)
    found = project.validate().diagnostics
    assert [d.rule for d in found] == ["RF001"]
    assert parsed == ["channels.yaml"]  # once: the finding is placed from the positions kept in memory
    assert set((lsp_project / ".acdplan" / "cache" / "parse").iterdir()) == entries, "nothing typed is cached on disk"

    parsed.clear()
    space.close(channels)  # back to the disk's text, which the cache knows
    assert project.validate().diagnostics == []
    assert parsed == []
