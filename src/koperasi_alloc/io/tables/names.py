"""Kecamatan and desa written by name where their code belongs.

A planner often types ``Bengalon`` in a column that wants the kecamatan code ``64.08.09``.
:class:`Names` learns every name and code of the Kecamatan and Desa tables as they are read
and reads a name (ignoring case and repeated spaces) as the code it names when it names
exactly one; the reader reports that as a note. A value that is neither a code nor the name
of exactly one record is an error that says so and shows an example of a code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from koperasi_alloc.io.tables.messages import COLLECTION_WORDS, CellError
from koperasi_alloc.io.tables.spec import Lang
from koperasi_alloc.scenario import DISTRICT_CODE, VILLAGE_CODE

CODE_PATTERNS: dict[str, str] = {"districts": DISTRICT_CODE, "villages": VILLAGE_CODE}
EXAMPLES: dict[str, str] = {"districts": "64.08.01", "villages": "64.08.01.2001"}
_LISTED = 5  # codes named in an "ambiguous name" message


def name_key(name: str) -> str:
    """A name as compared: case-folded, runs of whitespace as one space, trimmed."""
    return " ".join(name.split()).casefold()


@dataclass
class Names:
    """The codes each kecamatan and desa name stands for, as far as the tables are read."""

    codes: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)

    def learn(self, collection: str, rows: Iterable[dict[str, Any]]) -> None:
        """Remember the (code, name) of each row of ``collection`` (districts or villages)."""
        pattern = CODE_PATTERNS[collection]
        index = self.codes.setdefault(collection, {})
        for raw in rows:
            code, name = raw.get("code"), raw.get("name")
            if not (isinstance(code, str) and re.fullmatch(pattern, code)):
                continue
            self.examples.setdefault(collection, code)
            if isinstance(name, str) and name_key(name):
                codes = index.setdefault(name_key(name), [])
                if code not in codes:
                    codes.append(code)

    def resolve(self, collection: str, value: str, lang: Lang) -> str:
        """``value`` when it has the form of a code, else the one code its name stands for.

        Raises
        ------
        CellError
            ``name_ambiguous`` when the name is that of several records, ``not_a_code``
            when it is neither a code nor a known name; both show an example code.
        """
        if re.fullmatch(CODE_PATTERNS[collection], value):
            return value
        codes = self.codes.get(collection, {}).get(name_key(value), [])
        if len(codes) == 1:
            return codes[0]
        word_id, word_en, words_en = COLLECTION_WORDS[collection]
        example = self.examples.get(collection, EXAMPLES[collection])
        what = word_id if lang == "id" else word_en
        if codes:
            listed = ", ".join(codes[:_LISTED]) + (", ..." if len(codes) > _LISTED else "")
            raise CellError(
                "name_ambiguous",
                value=repr(value),
                count=len(codes),
                what=what,
                whats=words_en,
                codes=listed,
            )
        raise CellError("not_a_code", value=repr(value), what=what, example=example)
