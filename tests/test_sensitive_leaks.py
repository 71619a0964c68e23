"""Issue 20, item 3: a sensitive value never appears in any output, file, log, state, export or
message, however its tag is spelled or wherever it is used; sensitive values inside templated
strings converge.

End to end through the CLI, on a copy of the example project: each reported leak has its own
test, and a property test walks every spelling of the tag with hostile values (quotes,
backslashes, control characters, other scripts) through every output path.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from acdplan.report.diagnostics_formats import FORMATS as DIAGNOSTIC_FORMATS
from acdplan.report.plan_formats import PLAN_FORMATS
from tests.conftest import EXAMPLE_SPECS, run_cli

WHATSAPP_ID = 'id: "33170000000"'  # channels.yaml: the WhatsApp account's number
# The redaction marker as a format writes it: markdown escapes its parentheses (&#40; &#41;).
MARKERS = ("(sensitive)", "&#40;sensitive&#41;")


def yaml_quoted(value: str) -> str:
    """`value` as a YAML double-quoted scalar: quotes, backslashes and what YAML will not take raw escaped."""
    def escaped(character: str) -> str:
        if character in '"\\':
            return "\\" + character
        if character.isprintable() and character != "\x7f":
            return character
        return f"\\x{ord(character):02x}" if ord(character) < 0x100 else f"\\U{ord(character):08x}"

    return '"' + "".join(escaped(c) for c in value) + '"'


def spelled(spelling: str, value: str) -> tuple[str, str]:
    """(a prefix for the top of the file, the YAML for `value` tagged sensitive as `spelling` says)."""
    quoted = yaml_quoted(value)
    return {
        "plain": ("", f"!sensitive {quoted}"),
        "percent": ("", f"!sensitiv%65 {quoted}"),
        "verbatim": ("", f"!<!sensitive> {quoted}"),
        "handle": ("%TAG !s! !sensitiv\n---\n", f"!s!e {quoted}"),
    }[spelling]


SPELLINGS = ("plain", "percent", "verbatim", "handle")


def make_project(root: Path, spelling: str, value: str, field: str = "id") -> Path:
    """The example project with the WhatsApp channel's account `field` holding `value`, tagged
    sensitive as `spelling` says (or, for "var", from a `sensitive_vars` variable)."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(EXAMPLE_SPECS, root / "specs")
    project = {"specs": "specs/", "environments": {"sandbox": {"provider": "local", "path": ".acdplan/sandbox.json"}}}
    channels = root / "specs" / "channels.yaml"
    text = channels.read_text(encoding="utf-8")
    line = "type: whatsapp" if field == "type" else WHATSAPP_ID
    if spelling == "var":
        project["environments"]["sandbox"].update(vars={"secret": value}, sensitive_vars=["secret"])
        key = line.split(":")[0]
        text = text.replace(line, f"{key}: {{{{ secret | tojson }}}}")  # JSON's escapes are YAML's too
        channels.unlink()
        channels = channels.with_name("channels.yaml.j2")
    else:
        prefix, tagged = spelled(spelling, value)
        text = prefix + text.replace(line, f"{line.split(':')[0]}: {tagged}")
    channels.write_text(text, encoding="utf-8")
    (root / "acdplan.yaml").write_text(yaml.safe_dump(project, allow_unicode=True), encoding="utf-8")
    return root


def shown(result) -> str:
    return result.stdout + result.stderr


def files_text(folder: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace")
                     for path in sorted(folder.rglob("*")) if path.is_file() and "cache" not in path.parts)


def every_output(root: Path, monkeypatch) -> dict[str, str]:
    """What every output path writes for the project at `root`: validate in each format, plan in
    each format (twice: the second run reads the parse cache), a saved plan, apply's messages
    (verbose), the state, the plan after apply, show, the HTML report and an export."""
    monkeypatch.chdir(root)
    outputs = {}
    for output_format in DIAGNOSTIC_FORMATS:
        outputs[f"validate {output_format}"] = shown(run_cli("validate", "--format", output_format))
    for attempt in ("first", "cached"):
        for output_format in PLAN_FORMATS:
            outputs[f"plan {output_format} {attempt}"] = shown(run_cli("plan", "--format", output_format))
    outputs["plan -o"] = shown(run_cli("plan", "-o", "plan.json"))
    outputs["plan file"] = (root / "plan.json").read_text(encoding="utf-8") if (root / "plan.json").exists() else ""
    for output_format in PLAN_FORMATS if outputs["plan file"] else ():  # each format through the registry
        outputs[f"show {output_format}"] = shown(run_cli("show", "plan.json", "--format", output_format,
                                                         "--full-plan-url", "https://ci.example/run/1"))
    outputs["apply -v"] = shown(run_cli("-v", "apply", "plan.json"))  # the values come back from the specs
    outputs["state"] = files_text(root / ".acdplan" / "state") if (root / ".acdplan" / "state").exists() else ""
    outputs["plan after apply"] = shown(run_cli("plan", "--format", "json"))
    outputs["report"] = shown(run_cli("report", "-o", "report.html"))
    outputs["report file"] = (root / "report.html").read_text(encoding="utf-8") if (root / "report.html").exists() else ""
    outputs["export"] = shown(run_cli("export", "-o", "exported"))
    outputs["export files"] = files_text(root / "exported") if (root / "exported").exists() else ""
    return outputs


def leaves(data) -> list:
    if isinstance(data, dict):
        return [leaf for item in data.values() for leaf in leaves(item)]
    if isinstance(data, list):
        return [leaf for item in data for leaf in leaves(item)]
    return [data]


def assert_held_back(outputs: dict[str, str], value: str) -> None:
    leaks = [name for name, text in outputs.items() if value in text or json.dumps(value)[1:-1] in text
             or repr(value)[1:-1] in text]
    assert not leaks, f"{value!r} shown by {leaks}"


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_of_the_tag_is_hidden_on_every_run(tmp_path, monkeypatch, spelling):
    """`!sensitiv%65` or a `%TAG` handle was hidden on the first run and printed on the second,
    read from the parse cache that only files holding the bytes `!sensitive` bypassed."""
    root = make_project(tmp_path / "p", spelling, "Livraison-Secrete-77")
    monkeypatch.chdir(root)
    for _ in range(3):
        result = run_cli("plan", "--format", "json")
        assert result.exit_code == 0, shown(result)
        assert "Livraison-Secrete-77" not in shown(result)
        whatsapp = next(c for c in json.loads(result.stdout)["changes"] if c["address"] == "channel.WhatsApp FR")
        assert whatsapp["after"]["account"]["id"] == "(sensitive)"


def test_a_value_quoted_by_a_schema_error_is_hidden_in_every_format(tmp_path, monkeypatch):
    """The schema's message quotes the value with repr (`'wh\\'a"ts\\x1bapp'`), which matched none of
    the redactor's forms, and each format escapes it once more."""
    value = "wh'a\"ts\x1bapp"
    monkeypatch.chdir(make_project(tmp_path / "p", "plain", value, field="type"))
    for output_format in DIAGNOSTIC_FORMATS:
        result = run_cli("validate", "--format", output_format)
        assert result.exit_code == 1, output_format
        assert "SC001" in result.stdout and any(marker in result.stdout for marker in MARKERS), output_format
        assert "ts\\x1bapp" not in result.stdout and "ts\\u001bapp" not in result.stdout, output_format
    plan = run_cli("plan")
    assert plan.exit_code == 1 and "(sensitive)" in shown(plan) and "ts\\x1bapp" not in shown(plan)


def test_a_sensitive_variable_as_a_name_is_refused_and_never_shown(tmp_path, monkeypatch):
    """A name is the object's address (in every plan, log line and the state): it cannot be hidden,
    so a sensitive value there is refused (NM003), as Terraform refuses sensitive for_each keys."""
    root = make_project(tmp_path / "p", "plain", "x-not-used")
    (root / "acdplan.yaml").write_text(yaml.safe_dump({"specs": "specs/", "environments": {"sandbox": {
        "provider": "local", "path": ".acdplan/sandbox.json", "vars": {"who": "Secret-Team-77"},
        "sensitive_vars": ["who"]}}}))
    roles = root / "specs" / "roles.yaml"
    text = roles.read_text().replace("  Superviseurs:", "  \"{{ who }}\":")
    roles.unlink()
    (root / "specs" / "roles.yaml.j2").write_text(text)
    monkeypatch.chdir(root)
    validate = run_cli("validate", "--format", "json")
    assert validate.exit_code == 1
    found = [d for d in json.loads(validate.stdout)["diagnostics"] if d["rule"] == "NM003"]
    assert found and found[0]["file"] == "specs/roles.yaml.j2", validate.stdout
    outputs = {"validate": shown(validate)}
    for args in (("plan",), ("apply", "--auto-approve"), ("validate", "--format", "sarif")):
        result = run_cli(*args)
        assert result.exit_code == 1, args
        outputs[" ".join(args)] = shown(result)
    assert_held_back(outputs, "Secret-Team-77")
    assert not (root / ".acdplan" / "state").exists() or "Secret-Team-77" not in files_text(root / ".acdplan" / "state")


def test_a_dsn_with_a_raw_at_in_its_password_shows_no_part_of_it(tmp_path, monkeypatch):
    """libpq cuts a URL's password at its first `@` and reads the rest as the host:
    `failed to resolve host 'ret77@127.0.0.1'`. Refused before connecting, naming the fix."""
    root = make_project(tmp_path / "p", "plain", "x-not-used")
    (root / "acdplan.yaml").write_text(yaml.safe_dump({"specs": "specs/", "environments": {"sandbox": {
        "provider": "local", "path": ".acdplan/sandbox.json", "state": {"backend": "postgres"}}}}))
    monkeypatch.setenv("ACDPLAN_STATE_DSN", "postgresql://acd:Sec@ret77@127.0.0.1:1/acd")
    monkeypatch.chdir(root)
    result = run_cli("plan")
    assert result.exit_code == 1
    assert "ST002" in shown(result) and "%40" in shown(result), shown(result)
    for piece in ("Sec@ret77", "ret77", "Sec@"):
        assert piece not in shown(result)


def test_scrub_hides_each_piece_of_a_password_cut_at_an_at():
    from acdplan.state.postgres import scrub

    message = 'connection failed: failed to resolve host "ret77@127.0.0.1"'
    assert "ret77" not in scrub(message, "postgresql://acd:Sec@ret77@127.0.0.1:1/acd")


def test_export_leaves_sensitive_values_out_and_says_so(tmp_path, monkeypatch):
    root = make_project(tmp_path / "p", "plain", "Livraison-Secrete-77")
    monkeypatch.chdir(root)
    assert run_cli("apply", "--auto-approve").exit_code == 0
    assert "Livraison-Secrete-77" in (root / ".acdplan" / "sandbox.json").read_text()  # the tenant holds it
    result = run_cli("export", "-o", "exported")
    assert result.exit_code == 0, shown(result)
    channels = (root / "exported" / "channels.yaml").read_text()
    assert "Livraison-Secrete-77" not in files_text(root / "exported") + shown(result)
    assert "`account.id` is sensitive: left out" in channels


def test_export_hides_what_the_state_recorded_as_sensitive(tmp_path, monkeypatch):
    """A run whose specs no longer say a value is sensitive (the variable moved, the tag dropped
    in a branch): the state recorded `(sensitive)` there, and export still leaves it out."""
    root = make_project(tmp_path / "p", "var", "x")
    channels = root / "specs" / "channels.yaml.j2"
    channels.write_text(channels.read_text().replace("id: {{ secret | tojson }}", 'id: "{{ secret }}-33170000000"'))
    project = {"specs": "specs/", "environments": {"sandbox": {
        "provider": "local", "path": ".acdplan/sandbox.json", "vars": {"secret": "Maison-Secrete"},
        "sensitive_vars": ["secret"]}}}
    (root / "acdplan.yaml").write_text(yaml.safe_dump(project))
    monkeypatch.chdir(root)
    assert run_cli("apply", "--auto-approve").exit_code == 0
    del project["environments"]["sandbox"]["sensitive_vars"]
    (root / "acdplan.yaml").write_text(yaml.safe_dump(project))
    result = run_cli("export", "-o", "exported")
    assert result.exit_code == 0, shown(result)
    assert "Maison-Secrete" not in files_text(root / "exported") + shown(result)
    assert "`account.id` is sensitive: left out" in (root / "exported" / "channels.yaml").read_text()


def secret_inside_a_string(tmp_path, monkeypatch):
    """A project whose channel's account id is a sensitive variable inside a longer string."""
    root = make_project(tmp_path / "p", "var", "x")
    channels = root / "specs" / "channels.yaml.j2"
    channels.write_text(channels.read_text().replace("id: {{ secret | tojson }}", 'id: "{{ secret }}-33170000000"'))
    (root / "acdplan.yaml").write_text(yaml.safe_dump({"specs": "specs/", "environments": {"sandbox": {
        "provider": "local", "path": ".acdplan/sandbox.json", "vars": {"secret": "Maison-Secrete"},
        "sensitive_vars": ["secret"]}}}))
    monkeypatch.chdir(root)
    return root


def test_a_sensitive_variable_inside_a_longer_string_converges(tmp_path, monkeypatch):
    """The state records `https://…/(sensitive)/…`; the tenant holds the whole text. Every plan
    after apply showed the object changed outside acdplan."""
    root = secret_inside_a_string(tmp_path, monkeypatch)
    applied = run_cli("apply", "--auto-approve")
    assert applied.exit_code == 0, shown(applied)
    assert "(sensitive)-33170000000" in files_text(root / ".acdplan" / "state")
    again = run_cli("plan", "--detailed-exitcode")
    assert again.exit_code == 0, shown(again)
    assert "No changes." in again.stdout
    changed = run_cli("plan", "--var", "secret=Autre-Maison", "--format", "json")
    assert "Maison-Secrete" not in shown(changed) and "Autre-Maison" not in shown(changed)
    whatsapp = next(c for c in json.loads(changed.stdout)["changes"] if c["address"] == "channel.WhatsApp FR")
    assert whatsapp["action"] == "replace"  # a new account number is a new channel


def test_a_saved_plan_applies_the_value_inside_a_longer_string(tmp_path, monkeypatch):
    """The saved plan holds `(sensitive)-33170000000`; apply took that text for the value and wrote
    it to the tenant. It takes the text from the re-plan of the same specs, as for a whole value."""
    root = secret_inside_a_string(tmp_path, monkeypatch)
    assert run_cli("plan", "-o", "plan.json").exit_code == 0
    assert "Maison-Secrete" not in (root / "plan.json").read_text()
    assert "(sensitive)-33170000000" in (root / "plan.json").read_text()
    applied = run_cli("apply", "plan.json")
    assert applied.exit_code == 0, shown(applied)
    tenant = (root / ".acdplan" / "sandbox.json").read_text()
    assert "Maison-Secrete-33170000000" in tenant and "(sensitive)" not in tenant
    assert run_cli("plan", "--detailed-exitcode").exit_code == 0


# Values as hostile as a password manager makes them: quotes, backslashes, controls, other scripts.
hostile_values = st.builds(
    lambda middle: f"Zq{middle}Zq",
    st.text(st.sampled_from("aZ09'\"\\%@&<>*_`|$ \t\n\x1b\x7fé€ℤ\u202e𝔄"), min_size=2, max_size=10))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spelling=st.sampled_from((*SPELLINGS, "var")), value=hostile_values)
def test_every_output_path_holds_back_every_spelling(tmp_path, monkeypatch, spelling, value):
    """The property: for any spelling and any value, no output path shows it (validate in each
    format, plan in each format and again from the cache, the saved plan, show, apply's verbose
    messages, the state, the report, an export), and the plan after apply is empty."""
    assume(spelling != "var" or all(ord(c) < 0x10000 for c in value))  # tojson writes surrogate pairs, not YAML
    root = make_project(tmp_path / f"p-{spelling}", spelling, value)
    outputs = every_output(root, monkeypatch)
    tenant = json.loads((root / ".acdplan" / "sandbox.json").read_text(encoding="utf-8"))
    assert value in leaves(tenant)  # only the tenant holds it, as written
    assert "No changes" in outputs["plan after apply"] or '"changes": []' in outputs["plan after apply"] or \
        '"create": 0' in outputs["plan after apply"], outputs["plan after apply"][:2000]
    assert_held_back(outputs, value)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spelling=st.sampled_from(SPELLINGS), value=hostile_values)
def test_every_diagnostic_format_holds_back_a_quoted_value(tmp_path, monkeypatch, spelling, value):
    root = make_project(tmp_path / f"q-{spelling}", spelling, value, field="type")
    monkeypatch.chdir(root)
    outputs = {output_format: shown(run_cli("validate", "--format", output_format))
               for output_format in DIAGNOSTIC_FORMATS}
    outputs["plan"] = shown(run_cli("plan"))
    assert all(any(marker in text for marker in MARKERS) for text in outputs.values()), outputs
    assert_held_back(outputs, value)


@pytest.mark.parametrize("applied,current,matches", [
    ("https://x/(sensitive)/in", "https://x/abc/in", True), ("https://x/(sensitive)/in", "https://x//in", False),
    ("a(sensitive)b(sensitive)c", "aXbbYc", True), ("a(sensitive)b(sensitive)c", "abYc", False),
    ("(sensitive)-(sensitive)", "a-b-c", True), ("x(sensitive)", "x", False), ("x(sensitive)", "yabc", False)])
def test_a_recorded_text_with_hidden_places_matches_the_tenants(applied, current, matches):
    from acdplan import sensitive

    sensitive.reset()
    assert sensitive.matches_applied({"url": applied}, {"url": current}) is matches


def test_matching_hidden_places_takes_linear_time():
    """A tenant's text is untrusted: no backtracking pattern is built from a recorded text."""
    import time

    from acdplan import sensitive

    started = time.monotonic()
    assert not sensitive.matches_applied("a" + "(sensitive)a" * 200 + "b", "a" * 200_000)
    assert time.monotonic() - started < 1
