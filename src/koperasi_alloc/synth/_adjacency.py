"""Vectorised Gabriel graph of kecamatan seats per kabupaten.

Same definition and arithmetic as :func:`koperasi_alloc.geometry.gabriel_adjacency`, but
one numpy pass per kabupaten instead of a Python loop over pairs.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["gabriel_pairs"]


def gabriel_pairs(
    codes: list[str],
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    group: NDArray[np.int64],
) -> list[tuple[str, str]]:
    """Sorted list of adjacent code pairs: Gabriel edges among seats of the same group.

    Parameters
    ----------
    codes
        Kecamatan codes.
    lat, lon
        Seat coordinates in degrees, one per code.
    group
        Kabupaten index per code; codes of one group must be contiguous.

    Returns
    -------
    list of tuple of str
        Each pair ``(a, b)`` with ``a < b``, the list sorted.
    """
    pairs: list[tuple[str, str]] = []
    n_total = len(codes)
    if n_total == 0:
        return pairs
    starts = np.r_[0, np.flatnonzero(np.diff(group)) + 1, n_total]
    for s, e in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True):
        n = e - s
        if n < 2:
            continue
        la = lat[s:e]
        lo = lon[s:e]
        scale = np.cos(np.radians(la.mean()))
        xy = np.column_stack([lo * scale, la]) * 111.195
        i, j = np.triu_indices(n, 1)
        centre = (xy[i] + xy[j]) / 2  # (P, 2)
        diff_i = xy[i] - centre
        radius2 = diff_i[:, 0] ** 2 + diff_i[:, 1] ** 2
        rel = xy[None, :, :] - centre[:, None, :]  # (P, n, 2)
        d2 = rel[:, :, 0] ** 2 + rel[:, :, 1] ** 2
        rows = np.arange(len(i))
        d2[rows, i] = np.inf
        d2[rows, j] = np.inf
        blocked = np.any(d2 < (radius2 * (1 - 1e-12))[:, None], axis=1)
        sub = codes[s:e]
        for a, b in zip(i[~blocked].tolist(), j[~blocked].tolist(), strict=True):
            x, y = sub[a], sub[b]
            pairs.append((x, y) if x < y else (y, x))
    pairs.sort()
    return pairs
