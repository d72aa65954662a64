"""NIP and NI PPPK as planners type them: with spaces, dots or hyphens between the parts.

A NIP (civil-servant number) and an NI PPPK are 18 digits, often written in groups:
``19680208 200704 1 492`` or ``19680208.200704.1.492``. :func:`normal_officer_id` reads
such a spelling as the 18 digits it stands for (the reader reports that as a note, so
nothing changes silently); any other text is left as written. :func:`is_nip_shaped` says
whether an id has the 18 digits a PNS or PPPK id should have (a warning otherwise).
"""

from __future__ import annotations

import re

__all__ = ["NIP_DIGITS", "is_nip_shaped", "normal_officer_id"]

NIP_DIGITS = 18
_GROUPED = re.compile(r"^\d+(?:[ .\-\u00a0]+\d+)+$")


def normal_officer_id(text: str) -> str:
    """``text`` as 18 digits when it is a NIP written in groups; else ``text`` unchanged.

    >>> normal_officer_id("19680208 200704 1 492")
    '196802082007041492'
    >>> normal_officer_id("64.08.01.2001")  # a village code: not 18 digits, unchanged
    '64.08.01.2001'
    """
    stripped = text.strip()
    if not _GROUPED.match(stripped):
        return text
    digits = re.sub(r"\D", "", stripped)
    return digits if len(digits) == NIP_DIGITS else text


def is_nip_shaped(officer_id: str) -> bool:
    """Whether ``officer_id`` is 18 digits, as a NIP or NI PPPK is."""
    return len(officer_id) == NIP_DIGITS and officer_id.isdigit()
