"""One self-contained HTML page: inline style, inline SVG, no script, nothing fetched."""

from __future__ import annotations

from html import escape

STYLE = """
:root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1c2833; background: #f7f9fb; }
body { margin: 0; }
header { background: #263238; color: #fff; padding: 14px 24px; }
header h1 { margin: 0; font-size: 20px; }
header p { margin: 4px 0 0; color: #cfd8dc; font-size: 13px; }
nav { padding: 8px 24px; background: #eceff1; font-size: 14px; }
nav a { margin-right: 16px; color: #1565c0; text-decoration: none; }
section { margin: 16px 24px; padding: 12px 16px; background: #fff; border: 1px solid #dde3e7; border-radius: 6px; }
h2 { margin: 4px 0 12px; font-size: 18px; }
h3 { font-size: 15px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #dde3e7; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f1f4f6; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; word-break: break-all; }
.none { color: #90a4ae; }
.summary { font-weight: 600; }
.counts { list-style: none; padding: 0; display: flex; gap: 12px; flex-wrap: wrap; }
.counts li { padding: 2px 10px; border-radius: 12px; background: #eceff1; font-size: 13px; }
.counts .create { background: #e8f5e9; } .counts .update { background: #fff8e1; }
.counts .replace { background: #f3e5f5; } .counts .delete { background: #ffebee; }
details.change { border-left: 4px solid #b0bec5; margin: 6px 0; padding: 4px 10px; background: #fbfcfd; }
details.create { border-color: #2e7d32; } details.update { border-color: #f9a825; }
details.replace { border-color: #6a1b9a; } details.delete { border-color: #c62828; }
details summary { cursor: pointer; }
.action { font-weight: 700; text-transform: uppercase; font-size: 12px; }
.address { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.reason, .where, .depends { color: #546e7a; font-size: 13px; }
.manual-step { color: #c62828; font-weight: 600; }
.diagnostics .error { color: #c62828; } .diagnostics .warning { color: #ef6c00; }
.graph-box { overflow: auto; max-height: 80vh; }
svg.graph { max-width: 100%; height: auto; }
svg.graph text { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; fill: #1c2833; }
.legend { color: #546e7a; font-size: 13px; }
.perm { display: inline-block; margin: 1px; padding: 0 5px; border-radius: 8px; background: #eceff1; font-size: 11px; }
.perm.reply { background: #c8e6c9; }
ul.agents { margin: 4px 0 0; padding-left: 16px; }
li.idle { text-decoration: line-through; color: #90a4ae; }
.prof { color: #1565c0; font-size: 11px; }
.gap { color: #c62828; font-weight: 600; display: block; } .ok { color: #2e7d32; }
.error { color: #c62828; }
pre.runbook { white-space: pre-wrap; font-size: 13px; background: #fbfcfd; padding: 8px; }
.kinds span { display: inline-block; padding: 0 6px; margin-right: 6px; border: 1px solid #b0bec5; border-radius: 4px; font-size: 12px; }
"""


def page(title: str, subtitle: str, sections: list[tuple[str, str, str]]) -> str:
    """sections: (anchor, heading, HTML body) — anchors and headings are ours, bodies already escaped."""
    nav = "".join(f'<a href="#{anchor}">{escape(heading)}</a>' for anchor, heading, _ in sections)
    body = "".join(f'<section id="{anchor}"><h2>{escape(heading)}</h2>{content}</section>'
                   for anchor, heading, content in sections)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            # No request may leave the page: not even for a favicon. default-src does not cover
            # base-uri and form-action: an injected <base> or <form> is refused by name.
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'\"><link rel=\"icon\" href=\"data:,\">"
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
            f"<header><h1>{escape(title)}</h1><p>{escape(subtitle)}</p></header><nav>{nav}</nav>{body}</body></html>\n")
