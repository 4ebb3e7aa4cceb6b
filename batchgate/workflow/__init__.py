"""The team leader's protocol as functions: what the CLI, hooks and commands call."""
