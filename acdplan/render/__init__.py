"""Stage 2, render: `*.j2` spec files through a sandboxed Jinja2 environment.

Jinja2 is imported only when a template is rendered (`render_template` is resolved lazily), so
that loading a folder without templates never pays for it.
"""

from __future__ import annotations

__all__ = ["RenderResult", "render_template"]


def __getattr__(name: str):
    if name in __all__:
        from acdplan.render import templates

        return getattr(templates, name)
    raise AttributeError(name)
