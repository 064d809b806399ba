# BoundarySQL, licensed under the GNU General Public License v3.0 or later.
"""Query a BoundarySQL server's Flight SQL endpoint with pyarrow alone (no ADBC).

    import boundarysql_flight as bf
    client, options = bf.connect("grpc://127.0.0.1:8815")
    table = bf.query(client, "select id, activation from mnist_lenet.fc2", options)
    matrix = bf.activations(table)          # numpy float32 [rows, width], no copy

Flight SQL sends a query as a protobuf message inside a google.protobuf.Any; both are written
here by hand (a few bytes), so pyarrow (with numpy, which it uses) is all that is needed.
"""
import numpy as np
import pyarrow as pa
import pyarrow.flight as flight

_STATEMENT_QUERY = b"type.googleapis.com/arrow.flight.protocol.sql.CommandStatementQuery"


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
    """A length-delimited protobuf field."""
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def statement_query(sql):
    """Flight SQL's CommandStatementQuery {query = sql}, packed in a protobuf Any."""
    return _field(1, _STATEMENT_QUERY) + _field(2, _field(1, sql.encode("utf-8")))


# HTTP/2 frames up to 16 MB rather than gRPC's 16 KB: a few frames per batch instead of hundreds,
# which spares both ends most of their CPU per gigabyte (the server sends what the client allows).
_LARGE_FRAMES = [("grpc.http2.max_frame_size", 16777215)]


def connect(url, user=None, password=None, tls_roots=None):
    """A client of url (grpc://host:port, or grpc+tls:// with the server's certificate in PEM),
    logged in if user is given; returns the client and the call options to pass to query."""
    client = flight.FlightClient(url, tls_root_certs=tls_roots, generic_options=_LARGE_FRAMES)
    headers = [client.authenticate_basic_token(user, password)] if user else []
    return client, flight.FlightCallOptions(headers=headers)


def query(client, sql, options=None):
    """The result of sql as one Arrow table."""
    options = options or flight.FlightCallOptions()
    info = client.get_flight_info(flight.FlightDescriptor.for_command(statement_query(sql)),
                                  options)
    batches = []
    for endpoint in info.endpoints:
        batches.extend(client.do_get(endpoint.ticket, options).read_all().to_batches())
    return pa.Table.from_batches(batches, schema=info.schema)


def activations(table, column="activation"):
    """A column of float lists of one length (a layer's activations, an aggregate's arrays) as
    a numpy matrix [rows, width] on Arrow's buffer: no Python object per value, and no copy
    when the result came in one batch (about 2 MB); a larger one is joined into one buffer
    once. A layer's column is a fixed-size list; other lists must all have the same length."""
    array = table.column(column).combine_chunks()
    if pa.types.is_fixed_size_list(array.type):
        width = array.type.list_size
    else:
        offsets = array.offsets.to_numpy()
        width = int(offsets[1] - offsets[0]) if len(array) else 0
        if (offsets != offsets[0] + width * np.arange(len(offsets))).any():
            raise ValueError(f"the lists of {column} differ in length: no matrix")
        array = array.flatten()
        return array.to_numpy(zero_copy_only=True).reshape(len(offsets) - 1, width)
    return array.values.to_numpy(zero_copy_only=True).reshape(len(array), width)
