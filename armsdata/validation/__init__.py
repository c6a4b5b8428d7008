"""Check a data directory: the schema of each file, then the rules across files.

``validate(data_dir)`` returns the list of :class:`~armsdata.io.Problem` in file order; an empty list
means the data is valid. It only reads, never writes. One module per step of the check:

- :mod:`~armsdata.validation.run`: the files read and checked in turn, the problems in file order;
- :mod:`~armsdata.validation.failures`: pandera's failure cases as problems for people;
- :mod:`~armsdata.validation.characters`: invisible and look-alike characters named, near misses;
- :mod:`~armsdata.validation.crossfile`: the rules across files (keys, actors, deals, systems);
- :mod:`~armsdata.validation.quotes`: quotes found verbatim in their sources' archived texts;
- :mod:`~armsdata.validation.quoted_numbers`: quantities and values stated in their quotes.
"""

from armsdata.validation.crossfile import alias_table, split_list
from armsdata.validation.failures import table_problems
from armsdata.validation.run import check_data_dir, in_file_order, validate

__all__ = ["alias_table", "check_data_dir", "in_file_order", "split_list", "table_problems", "validate"]
