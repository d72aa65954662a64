"""Tiles (:mod:`koperasi_alloc.solver.tiles`): a big model's first plan pieced together
from geographic pieces that together keep every rule of the whole."""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import koperasi_alloc as ka
from koperasi_alloc import flow
from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.check import check
from koperasi_alloc.plan import Status
from koperasi_alloc.solver import build, relaxation, tiles, warm_start
from koperasi_alloc.solver.run import Run
from koperasi_alloc.synth import generate
from tests.planted import PlantedRegion, planted_regions


def _prepared(scenario: ka.Scenario) -> Run:
    started = time.perf_counter()
    run = Run(scenario, started, started + 60, 1, 0, None, None, False, {})
    build.candidates(run)
    relaxation.stage(run)
    warm_start.stage(run)
    return run


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
    run = _prepared(scenario)
    assert run.candidates is not None
    pieces = tiles.split_tiles(run.candidates)
    tile_of = np.full(len(scenario.districts), -1, dtype=np.int64)
    for t, piece in enumerate(pieces):
        tile_of[piece] = t
    owner = tiles._owners(run.candidates, tile_of, run.chosen)
    shares = tiles._shared_caps(run, owner, len(pieces))
    capped = [a for a in scenario.agencies if a.release_cap is not None]
    assert capped
    for agency in capped:
        total = sum(share.get(agency.code, 0) for share in shares)
        assert total <= agency.release_cap  # type: ignore[operator]
        released = {
            int(i)
            for i in run.candidates.officer[run.chosen]  # type: ignore[index]
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
    run = _prepared(scenario)
    assert run.chosen is not None
    before = np.flatnonzero(run.chosen).astype(np.int64)
    tiles.stage(run)
    after = np.flatnonzero(run.chosen).astype(np.int64)
    assert run.candidates is not None
    assert flow.hard_rules_hold(run.candidates, after)
    assert run.method == "tiles"
    assert run.better(after, before)


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
    run = _prepared(generate("kutai-timur", 0, scarcity=0.5))  # 60 s for 11,000 candidates
    assert run.chosen is not None
    before = run.chosen.copy()
    tiles.stage(run)
    assert run.method != "tiles"
    assert (run.chosen == before).all()
