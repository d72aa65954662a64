"""Tiles: a first plan for a big model, pieced together from small ones.

CP-SAT improves a plan of a few hundred thousand candidates slowly (its LP alone takes
seconds), while pieces of 15,000 candidates solve in a fraction of a second. A model too big
for that is cut into geographic tiles (kecamatan split in halves along their wider
extent, weighted by candidates, until each tile is small enough); each officer goes to
the tile where most of their candidates are (a locked officer to the lock's
cooperative), and each capped agency's release cap is shared out over the tiles (what
the incumbent releases in each, and the rest by headcount), so the tiles' plans together
keep every rule of the whole. Each tile is solved as a scenario of its own, in a share
of the time left; their plans together become the incumbent (and CP-SAT's hint) when
they keep every hard rule and beat it. Bounds are not affected: they come from the whole
model as before. Candidates that cross tiles are not used by the tiles, but remain in
the model for CP-SAT.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc import flow
from koperasi_alloc.decompose import Part, sub_scenario
from koperasi_alloc.plan import Status
from koperasi_alloc.scenario import Assignment
from koperasi_alloc.solver.budget import CPSAT_SECONDS_PER_CANDIDATE, left_below
from koperasi_alloc.solver.polish import polished
from koperasi_alloc.solver.state import Env, Prepared
from koperasi_alloc.solver.values import better

if TYPE_CHECKING:
    from koperasi_alloc.candidates import Candidates

__all__ = ["TILE_CANDIDATES", "TILE_SHARE", "Tiles", "split_tiles"]

#: Largest tile, in candidates; a model of at least twice this is tiled. Measured on three
#: national parts at their round-0 budgets (21, 3 and 2 s): coverage 2,566 + 966 + 1,433
#: with 15,000, against 2,577 + 947 + 1,411 with 20,000 and 2,581 + 945 + 1,409 with 30,000.
TILE_CANDIDATES = 15_000

#: Tiles are used only with less time than this per candidate: with more, CP-SAT on the
#: whole model does better (province-scarce in weighted mode, 109,000 candidates and 30 s,
#: 2.8e-4 s each: gap 0.16-0.42 % with tiles first against 0.0000 % without; national
#: parts get under 1e-4 s each, and tiles took one from a 6.1 % to a 1.4 % gap).
TILE_BELOW_SECONDS_PER_CANDIDATE = 1e-4

#: Share of the time left that the tiles may use; all but a tenth when too little would
#: be left for CP-SAT to load the whole model (and search it) after them.
TILE_SHARE = 0.5

#: Seconds per candidate of the whole model kept back for the work after the tiles.
_AFTER_SECONDS_PER_CANDIDATE = 6e-6

#: Seconds of budget a tile needs at least on average (its own pipeline; most tiles take
#: a few hundredths of a second).
_TILE_SECONDS = 0.1


class Tiles:
    """Prepare stage: the tiles' plan as incumbent, for models big enough to tile."""

    name = "tiles"

    def accepts(self, env: Env, prepared: Prepared) -> bool:
        n = len(prepared.candidates)
        if env.from_earlier_round or env.solve_piece is None:
            return False
        if n < 2 * TILE_CANDIDATES or env.scenario.policy.max_baseline_changes is not None:
            return False
        # with time enough for CP-SAT on the whole model, that does better
        return left_below(env, n, TILE_BELOW_SECONDS_PER_CANDIDATE)

    def apply(self, env: Env, prepared: Prepared) -> Prepared:
        candidates = prepared.candidates
        remaining = env.remaining()
        tiles = split_tiles(candidates)
        whole_model_load = CPSAT_SECONDS_PER_CANDIDATE * len(candidates)
        share = TILE_SHARE if remaining * (1 - TILE_SHARE) > 3 * whole_model_load else 0.9
        # after the tiles: polish, pruning and the whole model's build (measured about
        # 2.5 s per million candidates each on 2 cores)
        after = _AFTER_SECONDS_PER_CANDIDATE * len(candidates)
        until = min(time.perf_counter() + remaining * share, env.deadline - after)
        if len(tiles) < 2 or until - time.perf_counter() < _TILE_SECONDS * len(tiles):
            return prepared
        rows = _solve_tiles(env, prepared, tiles, until)
        if rows is None or not flow.hard_rules_hold(candidates, rows):
            return prepared
        # re-routes the released officers over every candidate
        rows = polished(env, candidates, prepared.relaxation.benefit, rows)
        incumbent = prepared.incumbent
        if incumbent is not None and not better(env.scenario, candidates, rows, incumbent.rows):
            return prepared
        return prepared.with_incumbent(rows, "tiles")


def split_tiles(candidates: Candidates) -> list[NDArray[np.int64]]:
    """Kecamatan indices of each tile: halves along the wider extent, weighted by
    candidates, until a tile holds at most :data:`TILE_CANDIDATES` (or one kecamatan)."""
    districts = candidates.scenario.districts
    lat = np.array([d.lat for d in districts], dtype=np.float64)
    lon = np.array([d.lon for d in districts], dtype=np.float64)
    district_of = candidates.cooperative_district[candidates.cooperative]
    weight = np.bincount(district_of, minlength=len(districts)).astype(np.float64)
    tiles: list[NDArray[np.int64]] = []
    pending = [np.flatnonzero(weight > 0).astype(np.int64)]
    while pending:
        tile = pending.pop()
        if weight[tile].sum() <= TILE_CANDIDATES or len(tile) == 1:
            tiles.append(tile)
            continue
        wide = lat if np.ptp(lat[tile]) >= np.ptp(lon[tile]) else lon
        ordered = tile[np.argsort(wide[tile], kind="stable")]
        cumulative = np.cumsum(weight[ordered])
        cut = int(np.searchsorted(cumulative, cumulative[-1] / 2)) + 1
        cut = min(max(cut, 1), len(ordered) - 1)
        pending += [ordered[:cut], ordered[cut:]]
    return tiles


def _owners(
    candidates: Candidates, tile_of_district: NDArray[np.int64], chosen: NDArray[np.bool_] | None
) -> NDArray[np.int64]:
    """Each officer's tile: where the incumbent ``chosen`` uses them most, else the one
    holding most of their candidates (-1: none); a locked officer's is that of the locked
    cooperative."""
    scenario = candidates.scenario
    n_tiles = int(tile_of_district.max()) + 1
    tile_of_row = tile_of_district[candidates.cooperative_district[candidates.cooperative]]
    counts = np.zeros((len(scenario.officers), n_tiles), dtype=np.int64)
    np.add.at(counts, (candidates.officer, tile_of_row), 1)
    if chosen is not None:  # an assignment in the incumbent outweighs any number of options
        np.add.at(counts, (candidates.officer[chosen], tile_of_row[chosen]), len(candidates))
    owner = np.where(counts.max(axis=1) > 0, counts.argmax(axis=1), -1).astype(np.int64)
    officer_index = {o.id: i for i, o in enumerate(scenario.officers)}
    coop_index = {c.id: j for j, c in enumerate(scenario.cooperatives)}
    for lock in scenario.locks:
        i, j = officer_index.get(lock.officer), coop_index.get(lock.cooperative)
        if i is not None and j is not None:
            owner[i] = tile_of_district[candidates.cooperative_district[j]]
    return owner


def _shared_caps(
    prepared: Prepared, owner: NDArray[np.int64], n_tiles: int
) -> list[dict[str, int]]:
    """Each tile's share of every capped agency's release cap: what the incumbent
    releases there, plus the unused rest by the agency's officers there."""
    candidates = prepared.candidates
    table = candidates.rules
    agencies = candidates.scenario.agencies
    released = np.zeros(len(table.officer_limit), dtype=bool)
    if prepared.incumbent is not None:
        released[table.released(np.flatnonzero(prepared.incumbent.chosen))] = True
    shares: list[dict[str, int]] = [{} for _ in range(n_tiles)]
    placed = owner >= 0
    for agency in np.flatnonzero(table.release_cap >= 0).tolist():
        members = placed & (table.officer_agency == agency)
        heads = np.bincount(owner[members], minlength=n_tiles)
        used = np.bincount(owner[members & released], minlength=n_tiles)
        spare = max(int(table.release_cap[agency]) - int(used.sum()), 0)
        extra = spare * heads // max(int(heads.sum()), 1)
        with_heads = np.flatnonzero(heads)
        most_first = with_heads[np.argsort(-heads[with_heads], kind="stable")]
        extra[most_first[: spare - int(extra.sum())]] += 1
        for t in with_heads.tolist():
            shares[t][agencies[agency].code] = int(used[t] + extra[t])
    return shares


def _solve_tiles(
    env: Env, prepared: Prepared, tiles: list[NDArray[np.int64]], until: float
) -> NDArray[np.int64] | None:
    """The candidate rows of the tiles' plans together (None if a tile found none)."""
    candidates, solve_piece = prepared.candidates, env.solve_piece
    assert solve_piece is not None
    scenario = env.scenario
    chosen = prepared.incumbent.chosen if prepared.incumbent is not None else None
    tile_of_district = np.full(len(scenario.districts), -1, dtype=np.int64)
    for t, tile in enumerate(tiles):
        tile_of_district[tile] = t
    owner = _owners(candidates, tile_of_district, chosen)
    caps = _shared_caps(prepared, owner, len(tiles))
    coop_tile = tile_of_district[candidates.cooperative_district]
    row_tile = coop_tile[candidates.cooperative]
    inside = owner[candidates.officer] == row_tile
    start = inside & chosen if chosen is not None else np.zeros(len(candidates), bool)
    sizes = np.bincount(row_tile, minlength=len(tiles))
    left_size = float(sizes.sum()) or 1.0
    assignments: list[Assignment] = []
    for t in np.argsort(-sizes, kind="stable").tolist():
        officers = tuple(np.flatnonzero(owner == t).tolist())
        cooperatives = tuple(np.flatnonzero(coop_tile == t).tolist())
        budget = (until - time.perf_counter()) * sizes[t] / left_size
        left_size -= sizes[t]
        if env.stopped or budget < _TILE_SECONDS / 4:
            return None
        part = Part(officers=officers, cooperatives=cooperatives, size=int(sizes[t]))
        piece = sub_scenario(scenario, [part], f"{scenario.name} tile {t + 1}", caps[t])
        hint = candidates.to_assignments(np.flatnonzero(start & (row_tile == t)))
        plan = solve_piece(piece, budget, hint)
        if plan.status not in (Status.OPTIMAL, Status.FEASIBLE):
            return None
        assignments += plan.assignments
    return candidates.rows_of(assignments)
