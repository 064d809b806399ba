# BoundarySQL, licensed under the GNU General Public License v3.0 or later.
"""The benchmark's Python Flight SQL client (pyarrow alone): URL SQL WARMUPS RUNS.

Runs the query, reads every batch into one Arrow table and its activations into a numpy matrix
without a copy (as a notebook would), and prints, per timed run, the activation bytes read and
the seconds from the request to the last batch and to the first.
"""
import sys
import time

import pyarrow as pa
import pyarrow.flight as flight


def _varint(n):
    out = bytearray()
    while True:
        low = n & 0x7F
        n >>= 7
        if n:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _field(number, payload):
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def statement_query(sql):
    return (_field(1, b"type.googleapis.com/arrow.flight.protocol.sql.CommandStatementQuery")
            + _field(2, _field(1, sql.encode("utf-8"))))


def main():
    url, sql, warmups, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    client = flight.FlightClient(url)
    for run in range(warmups + runs):
        start = time.perf_counter()
        info = client.get_flight_info(flight.FlightDescriptor.for_command(statement_query(sql)))
        reader = client.do_get(info.endpoints[0].ticket)
        first = None
        batches = []
        for chunk in reader:
            if first is None:
                first = time.perf_counter()
            batches.append(chunk.data)
        table = pa.Table.from_batches(batches, schema=reader.schema)
        nbytes = 0
        for column in table.columns:
            if pa.types.is_fixed_size_list(column.type):
                for chunk in column.chunks:
                    matrix = chunk.values.to_numpy(zero_copy_only=True)
                    nbytes += matrix.nbytes
        end = time.perf_counter()
        if run >= warmups:
            print("run %d %.6f %.6f" % (nbytes, end - start, (first or end) - start), flush=True)


if __name__ == "__main__":
    main()
