"""batchgate: verified batch execution for Claude Code.

Kept empty on purpose: hooks import this package on their fast path, which
must cost no more than the standard library.
"""

__version__ = "0.1.0"
