"""Escaping for GitHub-flavoured Markdown, one function per context a value can land in.

A value that is merely HTML-escaped, or backslash-escaped, is not inert everywhere: entities
show literally inside code spans, backslashes show literally inside raw HTML (`<summary>`), and
a `|` splits a table row even inside a code span. So each context has its own rule, and the
tests render the output with GitHub's own renderer (cmarkgfm) to check that every name and
value reads back exactly as written, with no tag, link or emphasis of its own.
"""

from __future__ import annotations

import html
import re

from acdplan.report.escape import terminal

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
# The ASCII punctuation Markdown, GFM or GitHub give a meaning to (emphasis, links, code, tables, HTML,
# entities, headings, lists, autolinks through `:` and `.`, math through `$`); `'`, `,`, `;`, `?`, `/`
# and `%` stay as written so the comment's source reads well.
_PUNCTUATION = re.compile(r"[\\`*_\[\]()#+\-.!|~<>&\"{}:=^$@]")
_BACKTICKS = re.compile(r"`+")
_SAFE_URL = re.compile(r"^https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+$")
WORD_JOINER = "\u2060"


def one_line(value) -> str:
    """Newlines and control characters become spaces: every context here is a single line. Other
    characters a reader cannot see (bidi overrides, invisible format characters) are shown as
    `\\uNNNN`, so a name cannot read differently from what it is."""
    flat = _CONTROL.sub(" ", str(value).replace("\r\n", " ").replace("\n", " "))
    return flat if flat.isprintable() else terminal(flat)


def text(value) -> str:
    """Prose (reasons, messages): each significant punctuation as a numeric entity, which cmark decodes
    to the plain character and never reads as markup; `@` followed by an invisible word joiner
    so an e-mail address is not turned into a mailto link (GFM autolinks after decoding)."""
    escaped = _PUNCTUATION.sub(lambda match: f"&#{ord(match.group())};", one_line(value))
    return escaped.replace("&#64;", "&#64;" + WORD_JOINER)


def code(value, in_table: bool = False) -> str:
    """A name or value as a code span: literal, never linked; the fence is one backtick longer
    than any run inside. In a table cell `|` is written `\\|` (GFM removes the backslash)."""
    content = one_line(value)
    if not content:
        return "<code></code>"
    longest = max((len(run) for run in _BACKTICKS.findall(content)), default=0)
    fence = "`" * (longest + 1)
    if content.strip(" ") and (content[0] in "` " or content[-1] in "` "):  # cmark strips one space a side
        content = f" {content} "
    if in_table:
        content = content.replace("|", "\\|")
    return f"{fence}{content}{fence}"


def html_text(value) -> str:
    """Text inside raw HTML (a `<summary>`): Markdown is not parsed there, so HTML entities only."""
    return html.escape(one_line(value), quote=True)


def fenced(content: str, info: str = "") -> str:
    """A fenced code block that no line of `content` can close: the fence is longer than any
    backtick run in it."""
    body = _CONTROL.sub(" ", content.replace("\r\n", "\n")).rstrip("\n")
    longest = max((len(run) for run in _BACKTICKS.findall(body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{body}\n{fence}"


def link(label: str, url: str) -> str:
    """A link to an http(s) address; anything else is shown as code, never followed."""
    if _SAFE_URL.match(url or ""):
        return f"[{text(label)}](<{url}>)"
    return code(url)
