"""Why the container could not hand out a provider, and what to change to fix it.

Messages name environment variables and what is wrong with them, never a value:
the value of a secret setting must not reach a log line or an error page.
"""

from __future__ import annotations

from collections.abc import Sequence

from dashtam.domain.providers.registry import REGISTRY_SOURCE

CONTAINER_SOURCE = "src/dashtam/core/container/providers.py"
SETTINGS_SOURCE = "src/dashtam/core/settings.py"


class ProviderConfigError(ValueError):
    """A provider's configuration cannot be built from the settings; all problems at once.

    Attributes:
        provider: The slug.
        missing_env_vars: Required settings that are unset, as env var names.
        invalid: ``(env var, what is wrong)`` for every value the schema rejects.
        unknown_fields: Fields the provider's schema (or ``required_settings``) names
            that the settings model does not define.
    """

    def __init__(
        self,
        provider: str,
        *,
        missing_env_vars: Sequence[str] = (),
        invalid: Sequence[tuple[str, str]] = (),
        unknown_fields: Sequence[str] = (),
    ) -> None:
        self.provider = provider
        self.missing_env_vars = tuple(missing_env_vars)
        self.invalid = tuple(invalid)
        self.unknown_fields = tuple(unknown_fields)
        parts: list[str] = []
        if self.missing_env_vars:
            parts.append(
                f"set {', '.join(self.missing_env_vars)} in the environment or in the .env "
                f"file (see .env.example for each variable's meaning)"
            )
        if self.invalid:
            wrong = "; ".join(f"{env_var}: {problem}" for env_var, problem in self.invalid)
            parts.append(f"fix the value of {wrong}")
        if self.unknown_fields:
            parts.append(
                f"it reads {', '.join(self.unknown_fields)}, which Settings does not define: "
                f"add the field(s) to Settings in {SETTINGS_SOURCE} with settings_field(...) "
                f"(python -m dashtam check names the exact line)"
            )
        unset = self.missing_env_vars or self.unknown_fields
        state = "is not configured" if unset else "is misconfigured"
        super().__init__(f"Provider {provider} {state}: {'; '.join(parts)}.")


class ProviderNotConfiguredError(ProviderConfigError):
    """Settings the provider requires are unset (or undefined); every one is named at once."""


class UnimplementedProviderError(LookupError):
    """The registry lists a provider that the container has no implementation for."""

    def __init__(self, provider: str) -> None:
        self.provider = provider
        super().__init__(
            f"Provider {provider} is in the provider registry but has no implementation. "
            f"Create dashtam.infrastructure.providers.{provider} and add a "
            f"`case Provider.{provider.upper()}:` returning its class to "
            f"implementation_class() in {CONTAINER_SOURCE}."
        )


__all__ = [
    "CONTAINER_SOURCE",
    "REGISTRY_SOURCE",
    "SETTINGS_SOURCE",
    "ProviderConfigError",
    "ProviderNotConfiguredError",
    "UnimplementedProviderError",
]
