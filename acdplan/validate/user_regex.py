"""Regular expressions written by users (`tenant.naming.skill_pattern`), run on RE2.

A pattern comes from a pull request: with Python's backtracking `re`, `^(a+)+$` against a long
name runs for hours (ReDoS). RE2 matches in time linear in the text, whatever the pattern; it
refuses the few constructs that need backtracking (back-references, look-around), which a
naming convention does not need, with a clear message.
"""

from __future__ import annotations

from collections.abc import Callable

import re2

MAX_PATTERN_LENGTH = 1000


class PatternError(ValueError):
    pass


def compile_search(pattern: str) -> Callable[[str], bool]:
    """A test `name -> does the pattern match somewhere in it` (like `re.search`), or PatternError."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(f"the pattern is {len(pattern):,} characters long, over the limit of {MAX_PATTERN_LENGTH:,}")
    options = re2.Options()
    options.log_errors = False  # RE2 would otherwise print its own error to stderr
    options.max_mem = 8 << 20
    try:
        compiled = re2.compile(pattern, options)
    except re2.error as error:
        reason = error.args[0].decode("utf-8", "replace") if error.args and isinstance(error.args[0], bytes) else str(error)
        raise PatternError(f"{reason}; patterns run on RE2: no back-references or look-around") from None
    return lambda name: compiled.search(name) is not None
