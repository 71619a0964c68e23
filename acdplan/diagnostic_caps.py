"""At most a fixed number of diagnostics a file, then one line that counts the rest.

A hostile (or badly generated) file can hold hundreds of thousands of problems: printing
each made an 89 MB log and a pull request with as many annotations. The first ones say what
is wrong; the count says how much more there is.
"""

from __future__ import annotations

from collections import Counter

from acdplan.diagnostics import Diagnostic, Severity

MAX_DIAGNOSTICS_PER_FILE = 100
SUMMARY_END = "are shown a file: fix these and run again"


def hidden_summary(hidden: list[Diagnostic] | Counter, first: Diagnostic, limit: int,
                   any_error: bool) -> Diagnostic:
    """The line standing for the diagnostics not shown (of the rule seen most among them)."""
    counts = hidden if isinstance(hidden, Counter) else Counter(d.rule for d in hidden)
    total = sum(counts.values())
    by_rule = ", ".join(f"{rule}: {count:,}" for rule, count in counts.most_common(5))
    return Diagnostic(
        counts.most_common(1)[0][0], Severity.ERROR if any_error else Severity.WARNING,
        f"{total:,} more diagnostic{'s' * (total != 1)} in this file not shown ({by_rule}); at most {limit} "
        f"{SUMMARY_END}",
        first.file, first.line, first.column,
    )


def is_summary(diagnostic: Diagnostic) -> bool:
    return diagnostic.message.endswith(SUMMARY_END)


def cap_per_file(diagnostics: list[Diagnostic], limit: int = MAX_DIAGNOSTICS_PER_FILE) -> list[Diagnostic]:
    """Keep each file's first `limit` diagnostics (in the given order) and a count of the others.

    A count made by an earlier stage (the YAML loader caps too, to bound its memory) is kept as is.
    """
    shown: list[Diagnostic] = []
    per_file: Counter = Counter()
    hidden: dict[str | None, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        if is_summary(diagnostic):
            shown.append(diagnostic)
            continue
        per_file[diagnostic.file] += 1
        if per_file[diagnostic.file] <= limit:
            shown.append(diagnostic)
        else:
            hidden.setdefault(diagnostic.file, []).append(diagnostic)
    if not hidden:
        return diagnostics
    for rest in hidden.values():
        shown.append(hidden_summary(rest, rest[0], limit, any(d.is_error for d in rest)))
    return shown
