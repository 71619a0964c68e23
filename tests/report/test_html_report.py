"""`acdplan report`: one self-contained HTML page, checked as text and in a real headless Chromium.

The browser is Debian's /usr/bin/chromium (CI installs it: .ci/run) driven by Playwright; the
screenshot is kept in test-artifacts/ (gitignored) for people to look at.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, run_cli

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
HOSTILE_CHANNEL = "Chat <img src=x onerror=\"document.title='pwned'\"> & co"
HOSTILE_ROLE = "</style><script>window.pwned = 1</script>"
GRAPH_NODES = 2 + 2 + 5 + 4 + 3 + 9  # campaigns, scripts, skills, channels, roles, agents of the example


run = run_cli


def add_hostile_names(project: Path) -> None:
    """A chat channel and a role whose names are markup; the role replies on the channel."""
    with (project / "specs" / "hostile.yaml").open("w") as spec:
        spec.write(f"""
channels:
  {json.dumps(HOSTILE_CHANNEL)}:
    type: chat
    account: {{id: chat-1}}
    default_skill: MSG_Service_FR
    default_script: DFO_Social_Routing
    sla: {{first_response: 30m}}
roles:
  {json.dumps(HOSTILE_ROLE)}:
    description: "<b>bold</b> & <i>sneaky</i>"
    admin_permissions: [skills.view, digital_engagement.view, digital_engagement.reply]
    channels:
      {json.dumps(HOSTILE_CHANNEL)}: [view, reply]
""")


def test_the_report_holds_every_section_and_nothing_external(project):
    result = run("report", "-o", "report.html", "--sla-from", "2026-11-23")
    assert result.exit_code == 0, result.output
    page = (project / "report.html").read_text(encoding="utf-8")
    for anchor in ("plan", "graph", "coverage", "sla", "runbook"):
        assert f'<section id="{anchor}">' in page
    assert "Plan: 22 to create, 0 to update, 0 to replace, 0 to delete." in page
    assert page.count('<details class="change create"') == 22
    assert "<td>routing.preferred_agent.timeout_seconds</td><td><span class=\"none\">(none)</span></td>" \
           "<td><code>900</code></td>" in page
    assert page.count('<g class="node"') == GRAPH_NODES
    # Friday 27 November 16:00 + 4 h on WhatsApp: Friday until 18:00, then Saturday 09:00-11:00.
    assert "<th scope=\"row\">Fri 27 Nov 16:00</th>" in page and "Sat 28 Nov 11:00" in page
    assert "1. create tenant settings" in page  # the runbook
    # Self-contained: no script, no stylesheet link, no remote or relative URL of any kind.
    assert "<script" not in page and "<link rel=\"stylesheet\"" not in page and "@import" not in page
    assert not re.search(r"""(?:src|href)=["'](?!#|data:)""", page)
    assert not re.search(r"url\((?!#)", page)


def test_the_content_security_policy_refuses_base_and_form_targets(project):
    """Issue 20 item 7: default-src does not cover base-uri or form-action (CSP level 3)."""
    assert run("report", "-o", "report.html").exit_code == 0
    page = (project / "report.html").read_text(encoding="utf-8")
    [policy] = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["base-uri"] == "'none'" and directives["form-action"] == "'none'"


def test_hostile_names_are_escaped_everywhere(project):
    add_hostile_names(project)
    result = run("report", "-o", "report.html", "--sla-from", "2026-11-23")
    assert result.exit_code == 0, result.output
    page = (project / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page and "<b>bold" not in page
    assert "&lt;/style&gt;&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page
    assert "Chat &lt;img src=x onerror=&quot;document.title=&#x27;pwned&#x27;&quot;&gt; &amp; co" in page


def test_an_unsound_spec_writes_no_report(project):
    (project / "specs" / "broken.yaml").write_text("skills:\n  Bad Name!: {campaign: Nowhere}\n")
    result = run("report", "-o", "report.html")
    assert result.exit_code == 1
    assert not (project / "report.html").exists()
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), "Debian's chromium is needed: apt-get install -y chromium (.ci/run does it)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser, path: Path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri(), wait_until="load")
    return page, problems, requests


def test_the_page_renders_in_chromium_with_the_graph_drawn(project, browser):
    add_hostile_names(project)
    assert run("report", "-o", "report.html", "--sla-from", "2026-11-23").exit_code == 0
    path = project / "report.html"
    page, problems, requests = open_page(browser, path)
    try:
        assert problems == []
        assert requests == [path.as_uri()]  # nothing fetched but the page itself
        assert page.title() == "acdplan report: environment sandbox"
        nodes = page.locator("svg.graph g.node")
        assert nodes.count() == GRAPH_NODES + 2  # and the hostile channel and role
        for index in range(nodes.count()):
            box = nodes.nth(index).locator("rect").bounding_box()
            assert box is not None and box["width"] > 20 and box["height"] > 10
        assert page.locator("svg.graph path.edge").count() > GRAPH_NODES
        svg = page.locator("svg.graph").bounding_box()
        assert svg is not None and svg["width"] > 400 and svg["height"] > 200
        # The markup in names stayed text: no element was made of it, no handler ran.
        assert page.evaluate("document.querySelectorAll('script, img').length") == 0
        assert page.evaluate("typeof window.pwned") == "undefined"
        hostile_node = page.locator(f"svg.graph g.node[data-address='role.{HOSTILE_ROLE}'] text")
        assert hostile_node.text_content() == f"role.{HOSTILE_ROLE}"[:39] + "…"
        assert page.locator("table.coverage tbody tr").count() == 5
        assert page.locator("table.sla tbody tr").count() == 42
        ARTIFACTS.mkdir(exist_ok=True)
        for target in (ARTIFACTS / "report.png", project / "report.png"):
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 50_000
        page.locator("#graph").screenshot(path=str(ARTIFACTS / "report-graph.png"))
    finally:
        page.close()


def test_the_example_tenant_report_is_kept_as_a_screenshot(project, browser):
    """The page people look at for the example tenant, after one apply and one change."""
    assert run("apply", "--auto-approve").exit_code == 0
    skills = project / "specs" / "skills.yaml"
    skills.write_text(skills.read_text().replace("threshold_seconds: 3600", "threshold_seconds: 1800"))
    assert run("report", "-o", "report.html", "--sla-from", "2026-11-23").exit_code == 0
    page, problems, requests = open_page(browser, project / "report.html")
    try:
        assert problems == [] and len(requests) == 1
        assert page.locator("details.change").count() == 1
        assert page.locator("details.change.update table.diff td").all_text_contents() == [
            "service_level.threshold_seconds", "3600", "1800"]
        assert page.locator("svg.graph g.node[data-action='update']").count() == 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report-example.png"), full_page=True)
    finally:
        page.close()


def test_an_unwritable_output_is_an_error_not_a_traceback(project):
    result = run("report", "-o", "no/such/folder/report.html")
    assert result.exit_code == 1
    assert "error: cannot write no/such/folder/report.html" in result.output
