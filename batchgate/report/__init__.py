"""Reports: one value, rendered as text for people, JSON for machines, a reason for Claude."""
