"""Diagnostics as JUnit XML: one test case per diagnostic (CI dashboards count findings as tests),
plus one passing case per spec file without findings, so a clean run still reports what it checked.

A case is named `RULE file:line:col`, its class is the file; errors (and warnings under --strict)
are failures, other warnings pass with the finding in system-out.
"""

from __future__ import annotations

from xml.etree import ElementTree

from acdplan.diagnostics import Diagnostic
from acdplan.report import escape
from acdplan.report.diagnostics_text import line

CLASS_PREFIX = "acdplan.validate"


def _where(diagnostic: Diagnostic) -> str:
    if not diagnostic.file:
        return "acdplan"
    return f"{diagnostic.file}:{diagnostic.line or 1}:{diagnostic.column or 1}"


def render(diagnostics: list[Diagnostic], strict: bool = False, files: list[str] | None = None) -> str:
    failing = [d for d in diagnostics if d.is_error or strict]
    with_findings = {d.file for d in diagnostics}
    clean = [name for name in files or [] if name not in with_findings]
    tests, failures = str(len(diagnostics) + len(clean)), str(len(failing))
    suite = ElementTree.Element("testsuite", name="acdplan validate", tests=tests, failures=failures,
                                errors="0", skipped="0")
    for diagnostic in diagnostics:
        case = ElementTree.SubElement(suite, "testcase", classname=f"{CLASS_PREFIX}.{diagnostic.file or 'acdplan'}",
                                      name=f"{diagnostic.rule} {_where(diagnostic)}", file=diagnostic.file or "")
        if diagnostic.line:
            case.set("line", str(diagnostic.line))
        if diagnostic.is_error or strict:
            failure = ElementTree.SubElement(case, "failure", type=diagnostic.rule,
                                             message=f"{diagnostic.severity.value} {diagnostic.rule}: {diagnostic.message}")
            failure.text = line(diagnostic)
        else:
            ElementTree.SubElement(case, "system-out").text = line(diagnostic)
    for name in sorted(clean):
        ElementTree.SubElement(suite, "testcase", classname=f"{CLASS_PREFIX}.{name}", name=f"clean {name}", file=name)
    suites = ElementTree.Element("testsuites", name="acdplan", tests=tests, failures=failures)
    suites.append(suite)
    ElementTree.indent(suites)
    xml = ElementTree.tostring(suites, encoding="unicode", xml_declaration=True)
    # Names are hostile input: characters XML 1.0 cannot hold, and any other a reader cannot see, as `\xNN`.
    return "\n".join(escape.xml_text(part) for part in xml.split("\n")) + "\n"
