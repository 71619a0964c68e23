"""Runs action.yml's steps as GitHub's runner does, against a fake GITHUB_* environment.

`run:` steps run in bash (`--noprofile --norc -eo pipefail`, as the runner's `shell: bash`) with
their `env:` and `working-directory:` evaluated; `uses:` steps are played by the test (artifact
upload into the stub API, SARIF upload read and checked, or failed with UsesFailed: continue-on-error
is honoured). `${{ }}` expressions are evaluated for
the subset action.yml uses: contexts inputs/github/steps, string literals, == != && || ! and
always()/success(). Step outputs are parsed from GITHUB_OUTPUT as the runner does.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ACTION = Path(__file__).resolve().parents[2] / "action.yml"
_TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))|(?P<call>always\(\)|success\(\))"
                    r"|(?P<name>[A-Za-z_][\w.-]*))")


class UsesFailed(Exception):
    """A `uses:` step the test plays as failing (e.g. code scanning not enabled for the SARIF upload)."""


@dataclass
class Run:
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    logs: dict[str, str] = field(default_factory=dict)
    failed: str | None = None
    uses: list[tuple[str, dict]] = field(default_factory=list)  # (action, evaluated with:) of uses steps run
    summary: str = ""


class Expressions:
    def __init__(self, inputs: dict, github: dict, run: Run, status_ok):
        self.inputs, self.github, self.run, self.status_ok = inputs, github, run, status_ok

    def value(self, name: str) -> str:
        head, _, rest = name.partition(".")
        if head == "inputs":
            return str(self.inputs.get(rest, ""))
        if head == "github":
            return str(self.github.get(rest, ""))
        if head == "steps":
            step, _, output = rest.partition(".outputs.")
            return self.run.outputs.get(step, {}).get(output, "")
        raise ValueError(f"expression context not supported by the harness: {name}")

    def evaluate(self, expression: str):
        tokens, position = [], 0
        while position < len(expression.rstrip()):
            match = _TOKEN.match(expression, position)
            if not match:
                raise ValueError(f"cannot read expression {expression!r}")
            position = match.end()
            if match.group("str"):
                tokens.append(repr(match.group("str")[1:-1].replace("''", "'")))
            elif match.group("op"):
                tokens.append({"&&": " and ", "||": " or ", "!": " not "}.get(match.group("op"), match.group("op")))
            elif match.group("call"):
                tokens.append("True" if match.group("call") == "always()" else repr(self.status_ok()))
            else:
                tokens.append(repr(self.value(match.group("name"))))
        return eval("".join(tokens), {"__builtins__": {}})

    def substitute(self, text: str) -> str:
        return re.sub(r"\$\{\{(.*?)\}\}", lambda m: str(self.evaluate(m.group(1))), str(text))

    def condition(self, text: str | None) -> bool:
        if text is None:
            return self.status_ok()
        inner = text.strip()
        inner = inner[3:-2] if inner.startswith("${{") else inner
        return bool(self.evaluate(inner))


def run_action(inputs: dict, github: dict, env: dict, cwd: Path, play_uses) -> Run:
    """Every step of action.yml in order; stops running `run:` steps after one fails (as the runner)."""
    action = yaml.safe_load(ACTION.read_text())
    assert action["runs"]["using"] == "composite"
    defaults = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    run = Run()
    ok = [True]
    expressions = Expressions({**defaults, **inputs}, github, run, lambda: ok[0])
    for key, value in list(expressions.inputs.items()):
        expressions.inputs[key] = expressions.substitute(value)
    with tempfile.TemporaryDirectory() as files:
        summary = Path(files) / "summary.md"
        summary.touch()
        for index, step in enumerate(action["runs"]["steps"]):
            step_id = step.get("id", f"step{index}")
            if not expressions.condition(step.get("if")):
                continue
            if "uses" in step:
                with_ = {k: expressions.substitute(v) for k, v in (step.get("with") or {}).items()}
                run.uses.append((step["uses"], with_))
                try:
                    play_uses(step["uses"], with_)
                except UsesFailed as error:  # as the runner: the step fails; continue-on-error keeps the job going
                    run.logs[step_id] = str(error)
                    if str(step.get("continue-on-error", "false")).lower() != "true":
                        ok[0] = False
                        run.failed = run.failed or step_id
                continue
            output_file = Path(files) / f"output-{step_id}"
            output_file.touch()
            step_env = {**env, **{k: expressions.substitute(v) for k, v in (step.get("env") or {}).items()},
                        "GITHUB_OUTPUT": str(output_file), "GITHUB_STEP_SUMMARY": str(summary)}
            workdir = cwd / expressions.substitute(step.get("working-directory", "."))
            assert step["shell"] == "bash"
            done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                                  cwd=workdir, env=step_env, capture_output=True, text=True, timeout=120, check=False)
            run.logs[step_id] = done.stdout + done.stderr
            run.outputs[step_id] = parse_outputs(output_file.read_text())
            if done.returncode != 0:
                ok[0] = False
                run.failed = run.failed or step_id  # the first step that failed the job
        run.summary = summary.read_text()
    return run


def parse_outputs(text: str) -> dict[str, str]:
    """GITHUB_OUTPUT's two forms: `key=value` lines and `key<<DELIMITER` blocks."""
    outputs, lines = {}, iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            key, delimiter = line.split("<<", 1)
            block = []
            for inner in lines:
                if inner == delimiter:
                    break
                block.append(inner)
            outputs[key] = "\n".join(block)
        elif "=" in line:
            key, value = line.split("=", 1)
            outputs[key] = value
    return outputs


def base_environment(api_url: str, event_path: Path, event_name: str, ref: str, sha: str, temp: Path) -> dict:
    """What the runner gives every step: PATH (with this Python's scripts first), the GITHUB_* variables."""
    bin_dir = str(Path(sys.executable).parent)
    return {
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", str(temp)),
        "GITHUB_API_URL": api_url, "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/cxone-config",
        "GITHUB_EVENT_PATH": str(event_path), "GITHUB_EVENT_NAME": event_name, "GITHUB_REF": ref, "GITHUB_SHA": sha,
        "GITHUB_RUN_ID": "4242", "GITHUB_ACTIONS": "true", "RUNNER_TEMP": str(temp), "CI": "true",
        "LANG": "C.UTF-8",
        **({"XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]} if "XDG_CACHE_HOME" in os.environ else {}),
    }


def write_event(path: Path, payload: dict) -> Path:
    path.write_text(json.dumps(payload))
    return path
