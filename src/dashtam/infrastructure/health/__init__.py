"""Infrastructure for provider health checks."""
