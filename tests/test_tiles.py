"""Tiles (:mod:`koperasi_alloc.solver.tiles`): a big model's first plan pieced together
from geographic pieces that together keep every rule of the whole."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import koperasi_alloc as ka
from koperasi_alloc import flow
from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.check import check
from koperasi_alloc.plan import Status
from koperasi_alloc.solver import SolveOptions, build, tiles
from koperasi_alloc.solver.engine import new_env
from koperasi_alloc.solver.state import Env, Prepared
from koperasi_alloc.solver.values import better
from koperasi_alloc.solver.warm_start import WarmStart
from koperasi_alloc.synth import generate
from tests.planted import PlantedRegion, planted_regions


def _prepared(scenario: ka.Scenario) -> tuple[Env, Prepared]:
    env = new_env(scenario, SolveOptions(time_limit=60, workers=1))
    return env, WarmStart().apply(env, build.prepared(env))


def test_tiles_cover_every_kecamatan_with_candidates_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tiles, "TILE_CANDIDATES", 2_000)
    candidates = build_candidates(generate("kutai-timur", 0, scarcity=0.5))
    pieces = tiles.split_tiles(candidates)
    assert len(pieces) > 2
    covered = np.concatenate(pieces)
    used = np.unique(candidates.cooperative_district[candidates.cooperative])
    assert sorted(covered.tolist()) == used.tolist()
    weight = np.bincount(
        candidates.cooperative_district[candidates.cooperative],
        minlength=len(candidates.scenario.districts),
    )
    for piece in pieces:
        assert weight[piece].sum() <= 2_000 or len(piece) == 1


def test_shared_caps_never_add_up_to_more_than_the_agency_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tiles, "TILE_CANDIDATES", 2_000)
    scenario = generate("kutai-timur", 1, scarcity=0.5)
    _, prepared = _prepared(scenario)
    assert prepared.incumbent is not None
    chosen = prepared.incumbent.chosen
    pieces = tiles.split_tiles(prepared.candidates)
    tile_of = np.full(len(scenario.districts), -1, dtype=np.int64)
    for t, piece in enumerate(pieces):
        tile_of[piece] = t
    owner = tiles._owners(prepared.candidates, tile_of, chosen)
    shares = tiles._shared_caps(prepared, owner, len(pieces))
    capped = [a for a in scenario.agencies if a.release_cap is not None]
    assert capped
    for agency in capped:
        total = sum(share.get(agency.code, 0) for share in shares)
        assert total <= agency.release_cap  # type: ignore[operator]
        released = {
            int(i)
            for i in prepared.candidates.officer[chosen]
            if scenario.officers[int(i)].agency == agency.code
        }
        for t in range(len(pieces)):  # each tile may keep what the incumbent releases there
            here = sum(1 for i in released if owner[i] == t)
            assert shares[t].get(agency.code, 0) >= here


def test_a_tiled_start_beats_the_warm_start_on_a_scarce_region(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tiles, "TILE_CANDIDATES", 3_000)
    monkeypatch.setattr(tiles, "TILE_BELOW_SECONDS_PER_CANDIDATE", 1.0)
    scenario = generate("kutai-timur", 0, scarcity=0.5)
    env, prepared = _prepared(scenario)
    assert prepared.incumbent is not None
    before = prepared.incumbent.rows
    assert tiles.Tiles().accepts(env, prepared)
    tiled = tiles.Tiles().apply(env, prepared)
    assert tiled.incumbent is not None
    after = tiled.incumbent.rows
    assert flow.hard_rules_hold(tiled.candidates, after)
    assert tiled.incumbent.method == "tiles"
    assert better(scenario, tiled.candidates, after, before)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(region=planted_regions(max_officers=10, max_villages=6))
def test_tiling_changes_the_start_not_the_optimum(
    region: PlantedRegion, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = region.scenario
    plain = ka.solve(scenario, time_limit=20, workers=1, decompose=False)
    with monkeypatch.context() as patched:
        patched.setattr(tiles, "TILE_CANDIDATES", 2)
        patched.setattr(tiles, "TILE_BELOW_SECONDS_PER_CANDIDATE", 100.0)
        tiled = ka.solve(scenario, time_limit=20, workers=1, decompose=False)
    assert check(scenario, tiled) == []
    if plain.status == Status.OPTIMAL and tiled.status == Status.OPTIMAL:
        assert [t.value for t in tiled.tiers] == [t.value for t in plain.tiers]


def test_tiles_leave_a_model_alone_when_cp_sat_has_time_for_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tiles, "TILE_CANDIDATES", 3_000)
    env, prepared = _prepared(generate("kutai-timur", 0, scarcity=0.5))  # 60 s, 11,000
    assert prepared.incumbent is not None
    assert not tiles.Tiles().accepts(env, prepared)  # CP-SAT on the whole model does better
