"""install.py, the doctor, the plugin layout and pre-commit: against real repositories in tmp."""
