"""Helpers shared by the tests: real git repositories, the corpus, running the CLI."""
