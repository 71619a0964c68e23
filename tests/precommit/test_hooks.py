"""The pre-commit hooks, run by the real pre-commit framework on a temporary git repository.

The hooks are those of .pre-commit-hooks.yaml, declared as `repo: local` with `language: system`
(acdplan from this environment): `language: python` would have pre-commit build the hook's own
virtualenv from the package index on every run (about 30 s, and the index must be reachable),
while what is tested here, entry, file filter and `pass_filenames`, is the manifest's own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLE_SPECS, REPO_ROOT

MANIFEST = REPO_ROOT / ".pre-commit-hooks.yaml"
BIN = Path(sys.executable).parent


def sh(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "PRE_COMMIT_HOME": str(repo.parent / "pc"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "NO_COLOR": "1"}
    done = subprocess.run(list(args), cwd=repo, env=env, capture_output=True, text=True, timeout=120, check=False)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE_SPECS, root / "specs")
    (root / "README.md").write_text("# our tenant\n")
    hooks = yaml.safe_load(MANIFEST.read_text())
    local = [{**hook, "language": "system"} for hook in hooks]
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": local}]}))
    sh(root, "git", "init", "-q", "-b", "main")
    sh(root, "pre-commit", "install")
    sh(root, "git", "add", "-A")
    sh(root, "git", "commit", "-q", "-m", "initial specs")
    return root


def test_the_manifest_is_valid_for_pre_commit():
    assert subprocess.run([str(BIN / "pre-commit"), "validate-manifest", str(MANIFEST)], capture_output=True,
                          check=False).returncode == 0
    hooks = {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text())}
    assert hooks["acdplan-validate"]["pass_filenames"] is False and hooks["acdplan-validate"]["language"] == "python"


def test_validate_sees_the_whole_folder_when_one_file_changes(repo):
    roles = repo / "specs" / "roles.yaml"
    original = roles.read_text()
    roles.write_text("".join(line for line in original.splitlines(keepends=True) if "WhatsApp FR:" not in line))
    sh(repo, "git", "add", "specs/roles.yaml")
    refused = sh(repo, "git", "commit", "-m", "drop WhatsApp from the social role", check=False)
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "acdplan validate" in output and "Failed" in output
    # the finding is in a file this commit did not touch: the hook validated the folder, not the file
    assert "specs/channels.yaml" in output and "CH007" in output
    roles.write_text(roles.read_text() + "\n  Conseillers WhatsApp:\n    admin_permissions: [skills.view, "
                     "digital_engagement.view, digital_engagement.reply]\n    channels:\n"
                     "      WhatsApp FR: [view, reply, send_outbound]\n")
    sh(repo, "git", "add", "specs/roles.yaml")
    accepted = sh(repo, "git", "commit", "-m", "WhatsApp gets its own role", check=False)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_fmt_rewrites_and_fails_once_then_passes(repo):
    skills = repo / "specs" / "skills.yaml"
    messy = skills.read_text().replace("    campaign: Social", "    campaign:      Social", 1) + "\n\n\n"
    skills.write_text(messy.replace("Instagram Direct sales questions, French", "Ventes Instagram"))
    sh(repo, "git", "add", "-A")
    first = sh(repo, "git", "commit", "-m", "messy", check=False)
    assert first.returncode != 0 and "files were modified by this hook" in first.stdout + first.stderr, first.stderr
    assert "campaign:      Social" not in skills.read_text() and "Ventes Instagram" in skills.read_text()
    sh(repo, "git", "add", "-A")
    assert sh(repo, "git", "commit", "-m", "tidy", check=False).returncode == 0


def test_hooks_skip_commits_without_yaml(repo):
    (repo / "README.md").write_text("# our tenant, documented\n")
    sh(repo, "git", "add", "README.md")
    done = sh(repo, "git", "commit", "-m", "docs")
    output = done.stdout + done.stderr
    assert "acdplan validate" in output and "(no files to check)Skipped" in output


def test_the_fmt_hook_passes_a_repository_with_sensitive_values(repo):
    """Issue 20 item 7: fmt refused every file holding `!sensitive`, so the fmt hook blocked such
    repositories. The tag stays, as written."""
    channels = repo / "specs" / "channels.yaml"
    channels.write_text(channels.read_text().replace('id: "33170000000"', 'id: !sensitive "33170000000"'))
    sh(repo, "git", "add", "-A")
    done = sh(repo, "git", "commit", "-m", "the WhatsApp number is sensitive", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'id: !sensitive "33170000000"' in channels.read_text()
