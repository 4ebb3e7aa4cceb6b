"""Gates: one module each; a gate returns passed, failed or could-not-check, with evidence."""
