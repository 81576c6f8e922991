"""Provider health checks: the targets and monitor (``monitor``), ``python -m dashtam health``.

Nothing is imported here, so registering the subcommand loads no HTTP client.
"""
