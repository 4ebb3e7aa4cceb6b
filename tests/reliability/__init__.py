"""Reliability and security: hostile input, faults and concurrency (issue 9). See docs/reliability.md."""
