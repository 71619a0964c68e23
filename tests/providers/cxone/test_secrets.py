"""Run everything with recognisable fake secrets and grep every output for them: none may appear.

Outputs: the verbose call log, exception and step-failure texts, saved plans, state files and
journals, exported specs, and what the commands print.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from acdplan.emulator import Emulator, perform_manual_steps, seed_prerequisites
from acdplan.load import load_spec_folder
from acdplan import manager
from acdplan.model import build_spec
from acdplan.providers.cxone import open_cxone, set_verbose
from tests.conftest import EXAMPLE_SPECS
from tests.providers.cxone.conftest import CLIENT_ID, CLIENT_SECRET, KEY_ID, KEY_SECRET, CxoneRun

URL_PASSWORD = "URLPASS-FAKE-0k1z"


def secrets_of(emulator: Emulator) -> list[str]:
    return [KEY_ID, KEY_SECRET, CLIENT_ID, CLIENT_SECRET, URL_PASSWORD, *emulator.issued_tokens]


def every_file(folder: Path) -> str:
    return "\n".join(path.read_text(errors="replace") for path in folder.rglob("*") if path.is_file())


def assert_clean(text: str, secrets: list[str], where: str) -> None:
    for secret in secrets:
        assert secret not in text, f"a secret ({secret[:6]}...) appears in {where}"


@pytest.fixture
def secret_emulator():
    server = Emulator(
        seed=99,
        max_page_size=5,
        token_lifetime=1.5,
        client_credentials=(CLIENT_ID, CLIENT_SECRET),
        accept_any_credentials=False,
    )
    server.add_credentials(KEY_ID, KEY_SECRET)
    spec = build_spec(load_spec_folder(EXAMPLE_SPECS).data)
    seed_prerequisites(server, spec)
    perform_manual_steps(server, spec)
    server.start()
    yield server
    server.stop()


def test_no_secret_or_token_in_logs_errors_plans_state_or_exports(tmp_path, secret_emulator, monkeypatch):
    verbose = io.StringIO()
    set_verbose(verbose)
    monkeypatch.setenv("CXONE_TEST_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("CXONE_TEST_CLIENT_SECRET", CLIENT_SECRET)
    client = {"client_id_env": "CXONE_TEST_CLIENT_ID", "client_secret_env": "CXONE_TEST_CLIENT_SECRET"}
    run = CxoneRun(tmp_path, secret_emulator, monkeypatch, client)  # the password grant, renewed tokens
    monkeypatch.setenv("CXONE_TEST_BASE_URL", secret_emulator.url.replace("http://", f"http://u:{URL_PASSWORD}@"))
    texts: list[str] = []
    try:
        # 1. refused writes: 403s at apply
        secret_emulator.refuse.add(r"^(POST|PUT) .*/(skills|agents)$")
        with manager.Session.open(run.environment) as session:
            plan = session.plan(manager.validate(EXAMPLE_SPECS))
            session.provider.preflight(plan)  # and prepare, in Session.apply
            result = session.apply(plan, parallelism=2)
        texts += [step.error for step in result.steps if step.error]
        assert result.exit_code == 1 and any("HTTP 403" in text for text in texts)
        secret_emulator.refuse.clear()
        # 2. under faults and token renewals: plan saved to a file, applied
        secret_emulator.set_faults(throttle_rate=0.2, fail_rate=0.1, drop_rate=0.05)
        with manager.Session.open(run.environment) as session:
            plan = session.plan(manager.validate(EXAMPLE_SPECS))
            manager.save_plan(plan, tmp_path / "saved.plan.json")
            session.provider.preflight(plan)  # and prepare, in Session.apply
            result = session.apply(plan, parallelism=4)
        texts += [step.error for step in result.steps if step.error]
        assert not [s for s in result.steps if s.status.value == "failed"], texts
        secret_emulator.set_faults(throttle_rate=0, fail_rate=0, drop_rate=0)
        # 3. a wrong secret, a server that keeps failing
        monkeypatch.setenv("CXONE_TEST_KEY_SECRET", "SECRET-WRONG-FAKE-4411")
        failing = run.provider()
        with pytest.raises(Exception) as caught:
            failing.read()
        texts.append(str(caught.value))
        failing.close()
        monkeypatch.setenv("CXONE_TEST_KEY_SECRET", KEY_SECRET)
        secret_emulator.set_faults(fail_rate=1.0)
        provider = open_cxone(run.environment)
        provider.client.settings.max_attempts = 2
        with pytest.raises(Exception) as caught:
            provider.read()
        texts.append(str(caught.value))
        provider.close()
        secret_emulator.set_faults(fail_rate=0)
        # 4. export
        from acdplan.export import write_export

        provider = run.provider()
        write_export(provider.read(), tmp_path / "exported", provider.export_hints())
        provider.close()
    finally:
        set_verbose(None)
    secrets = secrets_of(secret_emulator) + ["SECRET-WRONG-FAKE-4411"]
    assert len(secret_emulator.issued_tokens) >= 6  # tokens were renewed along the way
    assert "cxone: GET http://127.0.0.1:" in verbose.getvalue()
    assert_clean(verbose.getvalue(), secrets, "the verbose log")
    assert_clean("\n".join(texts), secrets, "error texts and diagnostics")
    assert_clean(every_file(tmp_path), secrets, "plans, state, journals and exports")
    assert "HTTP 401" in "\n".join(texts)


def test_commands_print_no_secret(tmp_path, secret_emulator, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CX_URL", secret_emulator.url)
    monkeypatch.setenv("CX_DFO", secret_emulator.dfo_url)
    monkeypatch.setenv("CX_ID", KEY_ID)
    monkeypatch.setenv("CX_SECRET", KEY_SECRET)
    monkeypatch.setenv("CX_CLIENT", CLIENT_ID)
    monkeypatch.setenv("CX_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("ACDPLAN_VERBOSE", "1")
    (tmp_path / "acdplan.yaml").write_text(
        f"specs: {EXAMPLE_SPECS}\n"
        "environments:\n"
        "  emu:\n"
        "    provider: cxone\n"
        "    base_url_env: CX_URL\n"
        "    dfo_url_env: CX_DFO\n"
        "    credentials_env: [CX_ID, CX_SECRET]\n"
        "    client_id_env: CX_CLIENT\n"
        "    client_secret_env: CX_CLIENT_SECRET\n"
    )
    from acdplan.cli import apply_cmd, export_cmd, plan_cmd

    runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()
    outputs = []
    for command, arguments, expected in [
        (plan_cmd.command, ["-e", "emu", "-o", "saved.json", "--import-existing"], (0, 2)),  # channels made by hand
        (apply_cmd.command, ["saved.json", "-e", "emu", "--auto-approve"], (3,)),
        (export_cmd.command, ["-e", "emu", "-o", "out"], (0,)),
    ]:
        result = runner.invoke(command, arguments, catch_exceptions=False)
        outputs.append(result.output + (result.stderr if result.stderr_bytes is not None else ""))
        assert result.exit_code in expected, result.output
    assert "MANUAL" in outputs[1] or "manual" in outputs[1]
    monkeypatch.setenv("CX_SECRET", "SECRET-WRONG-FAKE-4411")
    result = runner.invoke(export_cmd.command, ["-e", "emu", "-o", "out2"], catch_exceptions=False)
    outputs.append(result.output)
    assert result.exit_code == 1 and "HTTP 401" in result.output
    secrets = secrets_of(secret_emulator) + ["SECRET-WRONG-FAKE-4411"]
    assert_clean("\n".join(outputs), secrets, "command output")
    assert_clean(every_file(tmp_path), secrets, "files the commands wrote")
