"""`acdplan init [DIR]`: a newcomer's first project, which validates and plans on the local sandbox
at once: acdplan.yaml, a small spec folder (one email channel, its skill, a role and an agent), the
JSON Schemas for editors, .gitignore, .pre-commit-config.yaml and the GitHub workflow.

Nothing a user has is replaced: a file that exists already is left as it is and named, unless
`--force` is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from acdplan.schema_files import schema_names

PROJECT_FILE = """\
# yaml-language-server: $schema=schema/config.schema.json
# The project file: where the specs are and which tenants (environments) exist.
# With no environment named, commands use `sandbox`: a local tenant kept in a file.
specs: specs/
environments:
  sandbox:
    provider: local
    path: .acdplan/sandbox.json
  production:                       # the real tenant over the CXone REST API
    provider: cxone
    credentials_env: [CXONE_ACCESS_KEY_ID, CXONE_ACCESS_KEY_SECRET]
    # state: {backend: postgres, dsn_env: ACDPLAN_STATE_DSN}   # shared state for CI runners
"""

SPECS = {
    "tenant.yaml": """\
# yaml-language-server: $schema=../schema/spec.schema.json
# Settings of the whole business unit (docs/SPEC-FORMAT.md in acdplan's repository).
acdplan: 1

tenant:
  agent_application: cxone_agent
  working_hours:
    timezone: Europe/Paris
    mon: ["09:00-18:00"]
    tue: ["09:00-18:00"]
    wed: ["09:00-18:00"]
    thu: ["09:00-18:00"]
    fri: ["09:00-17:00"]
  sla:
    first_response: {hours: 4}
    resolution: {days: 2}

# What already exists in CXone and is only referenced: campaigns and Studio scripts.
campaigns:
  Support: {}
scripts:
  DFO_Email_Routing: {}
""",
    "support.yaml": """\
# yaml-language-server: $schema=../schema/spec.schema.json
# One email channel, the skill that routes its contacts, the role that answers it, one agent.
skills:
  Support_Email:
    campaign: Support
    media: digital
    direction: inbound
    service_level: {goal_percent: 80, threshold_seconds: 3600}

channels:
  Support Email:
    type: email
    account:
      id: support@example.com
    default_skill: Support_Email
    default_script: DFO_Email_Routing
    sla: global

roles:
  Support Agents:
    admin_permissions: [skills.view, digital_engagement.view, digital_engagement.reply]
    channels:
      Support Email: [view, reply, send_outbound, search_cases]

agents:
  alice@example.com:
    role: Support Agents
    digital_engagement: true
    skills: {Support_Email: 1}
""",
}

GITIGNORE = """\
# acdplan's local state, sandbox tenant and caches: never committed (the state of a shared
# environment lives in its backend, e.g. PostgreSQL)
.acdplan/
*.plan.json
plan.json
"""

PRE_COMMIT = """\
# https://pre-commit.com: `pre-commit install` once, then every commit validates the specs.
repos:
  - repo: https://github.com/acdplan/acdplan
    rev: main                     # pin a release tag or a commit SHA
    hooks:
      - id: acdplan-validate      # the whole spec folder: rules span files
      - id: acdplan-fmt
"""


def workflow_text() -> str:
    """The ready GitHub workflow (examples/github-workflow.yml), as shipped with the package."""
    return _WORKFLOW


_WORKFLOW = """\
# Pull requests: validate (findings in code scanning and inline in the diff) and plan (one comment,
# updated on every push). Merge to the default branch: apply the plan that was reviewed.
# Store the tenant's access key as the secrets CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET.
name: acdplan

on:
  pull_request:
    paths: ["specs/**", "acdplan.yaml", ".github/workflows/acdplan.yml"]
  push:
    branches: [main]
    paths: ["specs/**", "acdplan.yaml", ".github/workflows/acdplan.yml"]

permissions:
  contents: read
  pull-requests: write     # the plan comment
  security-events: write   # SARIF upload to code scanning
  actions: read            # apply downloads the plan artifact of the pull request

concurrency:
  group: acdplan-production   # one plan or apply at a time against the tenant
  cancel-in-progress: false

jobs:
  acdplan:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.11"}
      - uses: acdplan/acdplan@main        # pin a release tag or a commit SHA
        with:
          environment: production
        env:
          CXONE_ACCESS_KEY_ID: ${{ secrets.CXONE_ACCESS_KEY_ID }}
          CXONE_ACCESS_KEY_SECRET: ${{ secrets.CXONE_ACCESS_KEY_SECRET }}
"""


def project_files() -> dict[str, str]:
    """Relative path -> text of every file `init` writes."""
    files = {"acdplan.yaml": PROJECT_FILE, ".gitignore": GITIGNORE, ".pre-commit-config.yaml": PRE_COMMIT,
             ".github/workflows/acdplan.yml": workflow_text()}
    files.update({f"specs/{name}": text for name, text in SPECS.items()})
    folder = resources.files("acdplan.schema")
    files.update({f"schema/{name}": folder.joinpath(name).read_text(encoding="utf-8") for name in schema_names()})
    return files


@dataclass
class InitResult:
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # there already: left as they are


def init_project(directory: str | Path, force: bool = False) -> InitResult:
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    result = InitResult()
    for relative, text in project_files().items():
        path = root / relative
        if path.exists() and not force:
            result.kept.append(relative)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".acdplan-init")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)  # whole or not at all
        result.written.append(relative)
    return result


__all__ = ["InitResult", "init_project", "project_files"]
