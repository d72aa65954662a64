"""What the checker reports: one :class:`Violation` per broken rule instance."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Violation"]


class Violation(BaseModel):
    """One rule instance a plan breaks.

    ``str(violation)`` reads ``"rule: subject: message"``, e.g.
    ``"agency_release: agency DINAS-PERTANIAN: 5 distinct officers released, cap 4"``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(description="Rule (checker module) name, e.g. agency_release.")
    subject: str = Field(description="The record concerned, e.g. 'agency DINAS-PERTANIAN'.")
    message: str = Field(description="What is wrong, in English, with the numbers.")

    def __str__(self) -> str:
        return f"{self.rule}: {self.subject}: {self.message}"
