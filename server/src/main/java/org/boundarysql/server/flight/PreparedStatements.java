/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import org.boundarysql.adapter.DirectQuery;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.protobuf.ByteString;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The endpoint's prepared statements, each with its own Calcite connection, its plan and the
 * parameter values last bound, until closed or an hour unused (its connection then released).
 */
final class PreparedStatements implements AutoCloseable {
  private final Cache<ByteString, Prepared> statements;

  PreparedStatements(Consumer<Connection> release) {
    this.statements = CacheBuilder.newBuilder().expireAfterAccess(1, TimeUnit.HOURS)
        .maximumSize(10_000).<ByteString, Prepared>removalListener(removal -> {
          if (removal.getValue() != null) {
            release.accept(removal.getValue().connection);
          }
        }).build();
  }

  /** A prepared statement: its connection, plan, and one list of values per execution. */
  static final class Prepared {
    final Connection connection;
    final DirectQuery query;
    volatile List<List<Object>> executions;

    Prepared(Connection connection, DirectQuery query) {
      this.connection = connection;
      this.query = query;
      this.executions = query.parameters().isEmpty() ? List.of(List.of()) : List.of();
    }

    /** The plan to stream: the statement's, with the values bound (the connection stays). */
    ResultStream.Source source() {
      if (executions.isEmpty()) {
        throw CallStatus.INVALID_ARGUMENT.withDescription("the statement has "
            + query.parameters().size() + " parameters and no values bound to them")
            .toRuntimeException();
      }
      return new ResultStream.Source(connection, query, executions, () -> { });
    }
  }

  void add(ByteString handle, Prepared statement) {
    statements.put(handle, statement);
  }

  /** The statement of {@code handle}; NOT_FOUND if there is none. */
  Prepared lookUp(ByteString handle) {
    Prepared statement = statements.getIfPresent(handle);
    if (statement == null) {
      throw CallStatus.NOT_FOUND.withDescription("no such prepared statement: it was closed,"
          + " or unused for an hour").toRuntimeException();
    }
    return statement;
  }

  /** Binds the values a client sends, one execution per row, to the statement of a handle. */
  void bind(ByteString handle, FlightStream parameters) {
    Prepared statement = lookUp(handle);
    List<List<Object>> executions = new ArrayList<>();
    while (parameters.next()) {
      VectorSchemaRoot root = parameters.getRoot();
      for (int row = 0; row < root.getRowCount(); row++) {
        List<Object> values = new ArrayList<>();
        for (FieldVector vector : root.getFieldVectors()) {
          values.add(ParameterValues.value(vector, row));
        }
        executions.add(values);
      }
    }
    statement.executions = executions;
  }

  /** Closes the statement of a handle, and its connection. */
  void close(ByteString handle) {
    statements.invalidate(handle);
  }

  @Override public void close() {
    statements.invalidateAll();
  }

}
