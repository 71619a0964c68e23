"""RF001: every name a spec refers to must be declared; the message names the closest one.

What refers to what is declared by each kind (`acdplan.model.kinds`), so a new kind's
references are checked without a line here.
"""

from __future__ import annotations

import difflib

from acdplan.diagnostics import Severity
from acdplan.model.kinds import ALL, REGISTRY
from acdplan.validate.rules.base import Finding, rule


def _missing(label: str, name: str, section: str, declared) -> str:
    close = difflib.get_close_matches(name, list(declared), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"declare it under {section}:"
    return f"{label} {name!r} is not declared in {section}; {hint}"


# What can be referred to, in the registry's words: a new kind's references are named without a line here.
REFERRED = ", ".join(dict.fromkeys(REGISTRY[ref.target].label for kind in ALL for ref in kind.refs))


@rule("RF001", Severity.ERROR, f"a reference to an undeclared object ({REFERRED})",
      "declare the object, or correct the name (the message suggests the closest declared one)",
      why="A name that matches nothing would leave the object unbound in the tenant.",
      bad="channels:\n  Instagram Direct FR:\n    default_skill: IG_Direct_Fr\n",
      good="channels:\n  Instagram Direct FR:\n    default_skill: IG_Direct_FR\n")
def undeclared_reference(context):
    data = context.data
    for kind in ALL:
        if not kind.refs or kind.singleton is not None:
            continue
        refs = [(ref, context.spec.of(ref.target), REGISTRY[ref.target]) for ref in kind.refs]
        for name, body in (data.get(kind.section) or {}).items():
            for ref, declared, target in refs:
                for path, target_name in ref.missing(body or {}, declared):  # a key is pointed at by its key
                        yield Finding((kind.section, name, *path), f"{kind.label} {name!r}: "
                                      + _missing(target.label, target_name, target.section, declared),
                                      prefer_value=not ref.keys)
