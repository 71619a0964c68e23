"""Renderers at the edge: diagnostics, plans, graphs. None of them computes anything."""
