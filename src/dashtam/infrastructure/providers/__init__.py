"""Provider implementations, one subpackage each; the container imports them lazily.

Nothing here is imported at start-up: ``dashtam.core.container.providers`` imports a
provider's subpackage the first time that provider is requested.
"""
