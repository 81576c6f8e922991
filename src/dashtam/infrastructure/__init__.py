"""Infrastructure: adapters that talk to the outside world (provider APIs, files)."""
