"""Stage 2, render: `*.j2` spec files through a sandboxed Jinja2 environment."""

from acdplan.render.templates import RenderResult, render_template

__all__ = ["RenderResult", "render_template"]
