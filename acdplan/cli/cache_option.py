"""`--no-cache`: the one flag that bypasses the parse cache, shared by validate, plan and apply.

The cache is on by default and lives in the project's `.acdplan/cache/` (the project is the
working directory, as for acdplan.yaml); see acdplan/load/cache.py.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path

import click


def cache_option(command: Callable) -> Callable:
    """Add --no-cache to a command, and set the parse cache for the time the command runs."""

    @click.option("--no-cache", "no_cache", is_flag=True,
                  help="Parse every spec file again, without reading or writing the parse cache (.acdplan/cache/).")
    @wraps(command)
    def wrapper(*args, no_cache: bool, **kwargs):
        from acdplan.load.cache import project_cache, use_parse_cache

        previous = use_parse_cache(None if no_cache else project_cache(Path.cwd()))
        try:
            return command(*args, **kwargs)
        finally:
            use_parse_cache(previous)

    return wrapper
