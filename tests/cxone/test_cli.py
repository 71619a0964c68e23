"""`acdplan emulator` and `acdplan export` from the command line."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest
import requests
from click.testing import CliRunner

from acdplan.load import load_spec_folder
from acdplan.validate import validate_loaded
from tests.conftest import EXAMPLE_SPECS
from tests.cxone.conftest import seed_for, spec_data

cli = pytest.importorskip("acdplan.cli", reason="the command line package does not import yet")


def start_emulator(*arguments: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-c", "from acdplan.cli import main; main()", "emulator", "--port", "0",
                                *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = process.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), process.stderr.read()
    return process, url


def stop(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=10)


def token(url: str, key_id: str = "any-id", secret: str = "any-secret") -> str:
    response = requests.post(url + "/auth/token", data={"grant_type": "password", "username": key_id, "password": secret},
                             timeout=5)
    assert response.status_code == 200
    return response.json()["access_token"]


def test_the_emulator_command_serves_until_stopped_and_seeds_prerequisites():
    process, url = start_emulator("--prerequisites-from", str(EXAMPLE_SPECS), "--page-size", "3")
    try:
        assert requests.get(url + "/.well-known/openid-configuration", timeout=5).json()["token_endpoint"] == url + "/auth/token"
        headers = {"Authorization": "Bearer " + token(url)}
        campaigns = requests.get(url + "/incontactapi/services/v31.0/campaigns", headers=headers, timeout=5).json()
        assert campaigns["resultSet"]["totalRecords"] == 2 and len(campaigns["resultSet"]["campaigns"]) == 2
        agents = requests.get(url + "/incontactapi/services/v31.0/agents?top=50", headers=headers, timeout=5).json()
        assert agents["totalRecords"] == len(load_spec_folder(EXAMPLE_SPECS).data["agents"])
    finally:
        assert stop(process) == 0


def test_the_emulator_command_hands_out_tokens_without_permissions():
    process, url = start_emulator("--without-permissions")
    try:
        headers = {"Authorization": "Bearer " + token(url)}
        mine = requests.get(url + "/incontactapi/services/v31.0/security-profiles/me", headers=headers, timeout=5).json()
        assert mine == {"permissions": []}
        refused = requests.post(url + "/incontactapi/services/v31.0/skills", json={"skills": []}, headers=headers, timeout=5)
        assert refused.status_code == 403
    finally:
        stop(process)


def test_export_command_writes_specs_that_validate(cxone, tmp_path, monkeypatch):
    data = spec_data()
    seed_for(cxone.emulator, data)
    assert cxone.apply(data)[1].exit_code == 0
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acdplan.yaml").write_text(
        "environments:\n  emu:\n    provider: cxone\n    base_url_env: CXONE_TEST_BASE_URL\n"
        "    credentials_env: [CXONE_TEST_KEY_ID, CXONE_TEST_KEY_SECRET]\n")
    from acdplan.cli import export_cmd

    runner = CliRunner()
    result = runner.invoke(export_cmd.command, ["-e", "emu", "-o", "out"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "out/skills.yaml" in result.output
    assert not validate_loaded(load_spec_folder(tmp_path / "out")).errors
    again = runner.invoke(export_cmd.command, ["-e", "emu", "-o", "out"], catch_exceptions=False)
    assert again.exit_code == 1 and "--force" in again.output
    assert runner.invoke(export_cmd.command, ["-e", "emu", "-o", "out", "--force"]).exit_code == 0
