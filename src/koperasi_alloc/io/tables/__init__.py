"""The table layer shared by the Excel workbook and the CSV folder.

=====================================  ====================================================
module                                 holds
=====================================  ====================================================
:mod:`~.spec`                          the tables and their columns, headers (id/en), hints
:mod:`~.cells`                         reading a cell as a field value, writing it back
:mod:`~.messages`                      every message (id/en), :class:`Note`, :class:`TableError`
:mod:`~.names`                         a kecamatan or desa name read as its code
:mod:`~.reader`                        header rows to columns, rows to records, problems
:mod:`~.policy`                        the policy as key/value rows
:mod:`~.assemble`                      records checked together, problems mapped to rows
=====================================  ====================================================

The format modules (:mod:`koperasi_alloc.io.excel`, :mod:`koperasi_alloc.io.csv_folder`)
only turn their files into numbered rows and back.
"""

from koperasi_alloc.io.tables.messages import Note, TableError

__all__ = ["Note", "TableError"]
