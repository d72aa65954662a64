"""Great-circle distance, written again for the checker (``math`` only, no numpy).

The model builder has its own vectorised formula; keeping a second one here means a
mistake in either shows up as a mismatch in the reported ``distance_km``.
"""

from __future__ import annotations

import math

__all__ = ["EARTH_RADIUS_KM", "haversine_km"]

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), as rules.md prescribes."""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points given in degrees.

    Parameters
    ----------
    lat1, lon1
        First point, degrees north and east.
    lat2, lon2
        Second point, degrees north and east.

    Returns
    -------
    float
        Distance in km on a sphere of radius :data:`EARTH_RADIUS_KM`.
    """
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2.0
    half_dlambda = math.radians(lon2 - lon1) / 2.0
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    a = min(1.0, max(0.0, a))
    return 2.0 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
