"""The shapes of codes and names in a scenario, with an example of each for messages.

The lowest module of the package: the scenario models validate against these patterns
and error messages show the example instead of the pattern.
"""

from __future__ import annotations

__all__ = ["DISTRICT_CODE", "IDENTIFIER", "SHAPES", "VILLAGE_CODE", "Shape"]

DISTRICT_CODE = r"^\d{2}\.\d{2}\.\d{2}$"
VILLAGE_CODE = r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"
IDENTIFIER = r"^\S(.*\S)?$"


class Shape:
    """What a pattern means, in English and Bahasa Indonesia, and an example."""

    def __init__(self, what_en: str, what_id: str, example: str | None) -> None:
        self.what_en = what_en
        self.what_id = what_id
        self.example = example


SHAPES: dict[str, Shape] = {
    DISTRICT_CODE: Shape("a kecamatan code", "kode kecamatan", "64.08.01"),
    VILLAGE_CODE: Shape("a desa/kelurahan code", "kode desa/kelurahan", "64.08.01.2001"),
    IDENTIFIER: Shape(
        "text that does not start or end with a space",
        "teks yang tidak diawali atau diakhiri spasi",
        None,
    ),
}
"""Every pattern the scenario uses, by its regular expression."""
