"""Diagnostics as JUnit XML: a test case per spec file, a failure per failing finding."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from acdplan.diagnostics import Diagnostic
from acdplan.report.diagnostics_text import line


def render(diagnostics: list[Diagnostic], strict: bool = False, files: list[str] | None = None) -> str:
    by_file: dict[str, list[Diagnostic]] = {name: [] for name in files or []}
    for diagnostic in diagnostics:
        by_file.setdefault(diagnostic.file or "acdplan", []).append(diagnostic)
    failing = lambda d: d.is_error or strict  # noqa: E731
    suite = ElementTree.Element("testsuite", name="acdplan validate", tests=str(len(by_file)),
                                failures=str(sum(1 for found in by_file.values() if any(map(failing, found)))),
                                errors="0")
    for name, found in sorted(by_file.items()):
        case = ElementTree.SubElement(suite, "testcase", classname="acdplan.validate", name=name)
        for diagnostic in found:
            if failing(diagnostic):
                failure = ElementTree.SubElement(case, "failure", type=diagnostic.rule,
                                                 message=f"{diagnostic.rule}: {diagnostic.message}")
                failure.text = line(diagnostic)
        notes = [line(d) for d in found if not failing(d)]
        if notes:
            ElementTree.SubElement(case, "system-out").text = "\n".join(notes)
    suites = ElementTree.Element("testsuites", name="acdplan")
    suites.append(suite)
    ElementTree.indent(suites)
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
