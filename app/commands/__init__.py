"""Implementations of the larger CLI commands."""
