/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A test's Flight SQL client: Arrow's own {@link FlightSqlClient} on loopback, plain or TLS,
 * with a user's bearer token if the server has users; results read whole into rows of Java
 * values (a list for an array).
 */
public final class FlightTestClient implements AutoCloseable {
  private final BufferAllocator allocator = new RootAllocator();
  private final FlightClient flight;
  private final FlightSqlClient sql;
  private final CallOption[] options;

  /** A result: its schema and rows. */
  public record Result(Schema schema, List<List<Object>> rows) { }

  /**
   * A client of {@code server}'s Flight SQL endpoint, trusting {@code certificatePem} (for TLS;
   * null for plain) and logging in as {@code user} unless null.
   */
  public FlightTestClient(BoundaryServer server, byte[] certificatePem, String user,
      String password) {
    this(server.flight().url(), certificatePem, user, password);
  }

  /** A client of the Flight SQL endpoint at {@code url} ({@code grpc://host:port}); see above. */
  public FlightTestClient(String address, byte[] certificatePem, String user, String password) {
    URI url = URI.create(address);
    Location location = certificatePem == null
        ? Location.forGrpcInsecure(url.getHost(), url.getPort())
        : Location.forGrpcTls(url.getHost(), url.getPort());
    FlightClient.Builder builder = FlightClient.builder(allocator, location);
    if (certificatePem != null) {
      builder.trustedCertificates(new java.io.ByteArrayInputStream(certificatePem));
    }
    flight = builder.build();
    sql = new FlightSqlClient(flight);
    options = user == null ? new CallOption[0]
        : new CallOption[] {flight.authenticateBasicToken(user, password).orElseThrow()};
  }

  /** A plain client without a user. */
  public FlightTestClient(BoundaryServer server) {
    this(server, null, null, null);
  }

  public FlightSqlClient sql() {
    return sql;
  }

  public CallOption[] options() {
    return options;
  }

  /** Runs {@code query} as a statement and reads its result. */
  public Result query(String query) throws Exception {
    return read(sql.execute(query, options));
  }

  /** Reads every endpoint of {@code info}. */
  public Result read(FlightInfo info) throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    Schema schema = info.getSchema();
    for (var endpoint : info.getEndpoints()) {
      try (FlightStream stream = sql.getStream(endpoint.getTicket(), options)) {
        schema = stream.getSchema();
        while (stream.next()) {
          rows.addAll(rows(stream.getRoot()));
        }
      }
    }
    return new Result(schema, rows);
  }

  /** The rows of a batch as Java values: text as String, arrays as lists. */
  public static List<List<Object>> rows(VectorSchemaRoot root) {
    List<List<Object>> rows = new ArrayList<>();
    for (int r = 0; r < root.getRowCount(); r++) {
      List<Object> row = new ArrayList<>();
      for (FieldVector vector : root.getFieldVectors()) {
        Object value = vector.getObject(r);
        row.add(value instanceof Text text ? text.toString() : value);
      }
      rows.add(row);
    }
    return rows;
  }

  @Override public void close() throws Exception {
    sql.close();
    allocator.close();
  }
}
