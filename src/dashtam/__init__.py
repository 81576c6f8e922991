"""Dashtam's Provider Integration Registry.

The registry in :mod:`dashtam.domain.providers` is the single source of truth for
every provider; the container, settings checks and documentation site derive from it.
"""
