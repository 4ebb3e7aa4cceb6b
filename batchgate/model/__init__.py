"""The tasks.md model: a tolerant reader, a byte-preserving writer, lint.

Layer 1. Imports nothing from the layers above (evidence, gates, report,
workflow, surfaces).
"""
