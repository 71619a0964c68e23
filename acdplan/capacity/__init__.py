"""Predicted first-response SLA: a simulated week of each channel's demand (docs/CAPACITY.md)."""
