"""Hypothesis strategies that break valid scenario data in the ways users do.

:func:`mutated` takes a valid scenario (as plain data) and applies one to three mutations
at random places of its tree: a value of the wrong type, a missing or an extra field, a
number out of range (NaN and infinities included), a reference to nothing, a duplicated
record, a malformed code, a huge or odd string, deeply nested garbage. :func:`garbage_files`
gives the bytes of files a user might hand over instead of a scenario.
"""

from __future__ import annotations

import copy
import json
import math
import string
from typing import Any

from hypothesis import strategies as st

from tests.strategies import scenario_data, tiny_scenario_data

__all__ = [
    "Deep",
    "garbage",
    "garbage_files",
    "json_garbage",
    "materialise",
    "mutated",
    "valid_data",
]

Path = tuple[Any, ...]


class Deep:
    """Stands for a value nested ``depth`` levels deep, until :func:`materialise` builds it.

    Drawn values are printed by hypothesis, whose printer recurses; the marker keeps the
    printed example short and the printer safe.
    """

    def __init__(self, depth: int) -> None:
        self.depth = depth

    def __repr__(self) -> str:
        return f"Deep({self.depth})"

    def build(self) -> Any:
        """The nested value: alternating one-element lists and ``{"x": ...}`` objects."""
        value: Any = "bottom"
        for level in range(self.depth):
            value = [value] if level % 2 else {"x": value}
        return value


def materialise(value: Any) -> Any:
    """``value`` with every :class:`Deep` marker replaced by the value it stands for."""
    if isinstance(value, Deep):
        return value.build()
    if isinstance(value, dict):
        return {key: materialise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [materialise(item) for item in value]
    return value


_odd_text = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=20),
    st.sampled_from(
        [
            "",
            " ",
            "\t\n",
            "\x00",
            "null",
            "NaN",
            "-1",
            "1e999",
            "64.08",
            "64.08.01.",
            "64.8.1.1",
            "64.08.01.20011",
            "６４.０８.０１",  # full-width digits
            "'; DROP TABLE officers; --",
            "\u202e\u200b",
            "漢字🙂",
            "\ud800",  # a lone surrogate
        ]
    ),
    st.integers(1_000, 200_000).map(lambda n: "x" * n),
)
_odd_numbers = st.one_of(
    st.sampled_from(
        [
            -1,
            -(2**63),
            2**63,
            10**400,
            -0.0,
            0.5,
            1e308,
            -1e308,
            float("nan"),
            float("inf"),
            float("-inf"),
            91.0,
            -181.0,
            51,
            1001,
        ]
    ),
    st.integers(),
    st.floats(),
)
_json_scalars = st.one_of(st.none(), st.booleans(), _odd_numbers, _odd_text)

_keys = st.text(st.characters(codec="utf-8"), max_size=8)
json_garbage: st.SearchStrategy[Any] = st.one_of(
    st.recursive(
        _json_scalars,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(_keys, children, max_size=4)
        ),
        max_leaves=12,
    ),
    st.integers(50, 800).map(Deep),
)
"""Values JSON can hold (NaN and infinities included), some deeply nested."""

garbage: st.SearchStrategy[Any] = st.one_of(
    json_garbage,
    st.binary(max_size=20),
    st.tuples(_json_scalars, _json_scalars),
    st.frozensets(st.integers(), max_size=3),
    st.integers(800, 3_000).map(Deep),
    st.just(object()),
    st.just(math.pi + 1j),
)
"""Anything a Python caller might pass, JSON or not."""


def valid_data() -> st.SearchStrategy[dict[str, Any]]:
    """A valid scenario as plain data: the tiny hand-made one or a random one."""
    return st.one_of(st.builds(tiny_scenario_data), scenario_data())


def _paths(node: Any, prefix: Path = ()) -> list[Path]:
    """Every path to a value in the tree down to depth 8, the root included."""
    found = [prefix]
    if len(prefix) >= 8:
        return found
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _get(node: Any, path: Path) -> Any:
    for part in path:
        node = node[part]
    return node


_REFERENCES = st.sampled_from(
    [
        "64.08.99",
        "64.08.01.9999",
        "99.99.99.9999",
        "unknown-officer",
        "KDMP-404",
        "NOPE",
        "manajer ",
        "MANAJER",
    ]
)
_FIELD_NAMES = st.one_of(
    st.sampled_from(["id", "code", "foo", "Officers", "nip", "__class__", "lat ", ""]),
    st.text(string.ascii_letters + "_", min_size=1, max_size=12),
)
_OPERATIONS = (
    "replace",
    "delete",
    "extra",
    "duplicate",
    "reference",
    "number",
    "string",
    "empty",
)


def _mutate_once(draw: st.DrawFn, data: Any, values: st.SearchStrategy[Any]) -> tuple[Any, str]:
    paths = _paths(data)
    path = draw(st.sampled_from(paths))
    operation = draw(st.sampled_from(_OPERATIONS))
    target = _get(data, path)
    where = "/".join(map(str, path)) or "<root>"

    def put(value: Any) -> Any:
        if not path:
            return value
        _get(data, path[:-1])[path[-1]] = value
        return data

    if operation == "delete" and path:
        parent = _get(data, path[:-1])
        del parent[path[-1]]
        return data, f"delete {where}"
    if operation == "extra" and isinstance(target, dict):
        target[draw(_FIELD_NAMES)] = draw(values)
        return data, f"extra field in {where}"
    if operation == "duplicate" and isinstance(target, list) and target:
        target.append(copy.copy(draw(st.sampled_from(target))))
        return data, f"duplicate a record of {where}"
    if operation == "reference" and isinstance(target, str):
        return put(draw(_REFERENCES)), f"dangling reference at {where}"
    if operation == "number" and isinstance(target, (int, float)):
        return put(draw(_odd_numbers)), f"odd number at {where}"
    if operation == "string":
        return put(draw(_odd_text)), f"odd string at {where}"
    if operation == "empty" and isinstance(target, (dict, list)):
        return put(type(target)()), f"empty {where}"
    return put(draw(values)), f"garbage at {where}"


@st.composite
def mutated(
    draw: st.DrawFn,
    values: st.SearchStrategy[Any] = garbage,
    max_mutations: int = 3,
    base: st.SearchStrategy[Any] | None = None,
) -> tuple[Any, list[str]]:
    """Valid data broken by 1 to ``max_mutations`` mutations, and what was done.

    Parameters
    ----------
    values
        The values that replace or extend parts of the tree (:data:`garbage` for Python
        callers, :data:`json_garbage` for data that goes through a JSON file).
    max_mutations
        Most mutations applied.
    base
        The valid data to break (fresh, mutable copies); :func:`valid_data` when None.
    """
    data: Any = draw(base if base is not None else valid_data())
    done = []
    for _ in range(draw(st.integers(1, max_mutations))):
        data, what = _mutate_once(draw, data, values)
        done.append(what)
    return data, done


def _dumps(data: Any) -> bytes:
    """JSON bytes of ``data`` (markers built; NaN, infinities and lone surrogates kept)."""
    return json.dumps(materialise(data)).encode("utf-8", "surrogatepass")


def _truncate(text: str, cut: int) -> bytes:
    return text.encode("utf-8")[: cut % max(1, len(text))]


@st.composite
def garbage_files(draw: st.DrawFn, base: st.SearchStrategy[Any] | None = None) -> tuple[bytes, str]:
    """The bytes of a file that should hold valid data but may not, and what it is.

    Parameters
    ----------
    base
        The valid data (fresh copies) that files are made from; a scenario from
        :func:`valid_data` when None.
    """
    valid = base if base is not None else valid_data()
    kind = draw(
        st.sampled_from(
            ["bytes", "truncated", "wrong-shape", "mutated", "encoding", "text", "deep"]
        )
    )
    if kind == "bytes":
        return draw(st.binary(max_size=2_000)), kind
    if kind == "deep":
        depth = draw(st.integers(100, 100_000))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
        return (opener * depth + "1" + closer * depth).encode(), f"{kind} {depth}"
    if kind == "text":
        return draw(st.text(st.characters(codec="utf-8"), max_size=200)).encode(), kind
    if kind == "truncated":
        text = json.dumps(draw(valid))
        return _truncate(text, draw(st.integers(0, 10**6))), kind
    if kind == "wrong-shape":
        return _dumps(draw(json_garbage)), kind
    if kind == "encoding":
        text = json.dumps(draw(valid), ensure_ascii=False)
        codec = draw(st.sampled_from(["utf-16", "utf-32", "latin-1", "cp1252"]))
        return text.encode(codec, "replace"), f"{kind} {codec}"
    data, done = draw(mutated(json_garbage, base=valid))
    return _dumps(data), f"{kind}: {'; '.join(done)}"
