"""Claude Code hooks: one module per event, each a pure `decide()` and a tiny `main()`.

Standard library only at import time: the fast path (nothing active, another
agent) must cost about as much as starting Python. The engine is imported
inside `decide()`, when there is work to do.
"""
