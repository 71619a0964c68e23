"""`acdplan lsp`: the rules while typing, a Language Server Protocol server for spec files.

One module per concern: `project` (which project a file belongs to, its open buffers, one
validation through the pipeline's own stages), `publish` (acdplan's diagnostics as LSP ones),
`navigation` (definitions, references, symbols), `assist` (hover and completion), `edits`
(quick fixes, rename, formatting), `text` (positions in a line, as LSP counts them), and
`server` (pygls: the protocol around them).
"""
