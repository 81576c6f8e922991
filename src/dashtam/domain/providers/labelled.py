"""A string enum whose members carry the label and description the docs print.

Keeping both next to the value means a template never invents wording for a
category, auth type or capability: the enum is the one place they live.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class LabelledStrEnum(StrEnum):
    """``StrEnum`` whose members are declared as ``(value, label, description)``."""

    _value_: str
    label: str
    description: str

    def __new__(cls, value: str, label: str, description: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.description = description
        return member
