"""Tests of the five gates, each on real git repositories."""
