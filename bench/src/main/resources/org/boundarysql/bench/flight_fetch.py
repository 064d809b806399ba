# BoundarySQL, licensed under the GNU General Public License v3.0 or later.
"""The benchmark's Python Flight SQL client (pyarrow alone): URL SQL WARMUPS RUNS.

Runs the query, reads every batch and views each batch's activations as a numpy matrix without
a copy, and prints, per timed run, the activation bytes read, the seconds from the request to
the last batch and to the first, and the CPU seconds this process used.
"""
import sys
import time

import pyarrow as pa
import pyarrow.flight as flight

import boundarysql_flight as bf  # examples/python, on PYTHONPATH


def main():
    url, sql, warmups, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    client, options = bf.connect(url)
    for run in range(warmups + runs):
        start = time.perf_counter()
        cpu = time.process_time()
        info = client.get_flight_info(flight.FlightDescriptor.for_command(bf.statement_query(sql)),
                                      options)
        reader = client.do_get(info.endpoints[0].ticket, options)
        first = None
        batches = []
        for chunk in reader:
            if first is None:
                first = time.perf_counter()
            batches.append(chunk.data)
        # Each batch's activations as a numpy matrix on the batch's own buffer, no copy (one
        # matrix of the whole, bf.activations, costs one copy: the wire is what is measured).
        nbytes = 0
        for batch in batches:
            for column in batch.columns:
                if pa.types.is_fixed_size_list(column.type):
                    nbytes += column.values.to_numpy(zero_copy_only=True).reshape(
                        len(column), column.type.list_size).nbytes
        end = time.perf_counter()
        if run >= warmups:
            print("run %d %.6f %.6f %.6f" % (nbytes, end - start, (first or end) - start,
                                             time.process_time() - cpu), flush=True)


if __name__ == "__main__":
    main()
