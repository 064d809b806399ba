# BoundarySQL, licensed under the GNU General Public License v3.0 or later.
"""A Flight SQL client with pyarrow alone, as a notebook would write it without ADBC.

Usage: flight_sql_client.py URL QUERIES [--user NAME --password PASSWORD] [--tls-roots PEM]

QUERIES is a file of queries separated by lines holding only "@@". For each query it prints
"#query", then one JSON array per row, then "#end" (or "#error MESSAGE"). Float lists of one length (activations,
an aggregate's arrays) are read into one numpy matrix (no copy: zero_copy_only) and its rows
printed from there.
"""
import argparse
import json
import math
import os
import sys

import pyarrow as pa
import pyarrow.flight as flight

sys.path.insert(0, os.path.join(os.path.dirname(__file__), *[".."] * 4, "examples", "python"))
import boundarysql_flight as bf  # noqa: E402  (the README's module, found in the checkout)


def column_values(column):
    """The column's values as Python lists; float lists of one length (activations, an
    aggregate's arrays) through one numpy matrix, as a notebook reads them."""
    array = column.combine_chunks()
    if ((pa.types.is_fixed_size_list(array.type) or pa.types.is_list(array.type))
            and pa.types.is_floating(array.type.value_type) and array.null_count == 0
            and array.values.null_count == 0 and len(array) > 0):
        try:
            return [row.tolist() for row in bf.activations(pa.table([array], names=["a"]), "a")]
        except ValueError:  # lists of different lengths: no matrix
            pass
    return array.to_pylist()


def jsonable(value):
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("queries")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--tls-roots")
    args = parser.parse_args()
    roots = open(args.tls_roots, "rb").read() if args.tls_roots else None
    client, options = bf.connect(args.url, args.user, args.password, roots)
    with open(args.queries, encoding="utf-8") as f:
        queries = [q.strip() for q in f.read().split("\n@@\n") if q.strip()]
    for sql in queries:
        print("#query")
        try:
            table = bf.query(client, sql, options)
            columns = [column_values(c) for c in table.columns]
            for r in range(table.num_rows):
                print(json.dumps([jsonable(c[r]) for c in columns]))
            print("#end")
        except flight.FlightError as e:
            print("#error " + str(e).splitlines()[0])
        sys.stdout.flush()


if __name__ == "__main__":
    main()
