"""GitHub's renderer (cmarkgfm, the library behind github.com's Markdown) and a small reader of
its HTML, for tests that check what a reviewer actually sees."""

from __future__ import annotations

from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options


def to_html(markdown: str) -> str:
    """As GitHub renders a comment before sanitising: raw HTML kept (so any injected tag shows)."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


class Node:
    def __init__(self, tag: str, attrs: dict, parent: Node | None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def find_all(self, tag: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    found.append(child)
                found += child.find_all(tag)
        return found

    def tags(self) -> set[str]:
        result = set()
        for child in self.children:
            if isinstance(child, Node):
                result |= {child.tag} | child.tags()
        return result


class _Builder(HTMLParser):
    VOID = frozenset({"br", "hr", "img", "input", "meta", "link"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in self.VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def rendered(markdown: str) -> Node:
    return parse(to_html(markdown))
