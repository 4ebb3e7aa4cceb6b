"""End-to-end tests: the real Claude Code CLI against a local fake Messages API."""
