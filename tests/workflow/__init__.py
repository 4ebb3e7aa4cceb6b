"""Tests of the workflow verbs, the configuration and the run state."""
