/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import org.apache.calcite.jdbc.CalciteConnection;
import org.boundarysql.adapter.BoundaryErrors;
import org.boundarysql.adapter.CachingPrepare;
import org.boundarysql.adapter.DirectQuery;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.RemovalNotification;
import com.google.protobuf.ByteString;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Queries planned for Flight SQL calls, each on a Calcite connection of its own opened with the
 * server's properties (as the Avatica endpoint opens its connections): a statement's plan is
 * kept from its GetFlightInfo until the DoGet that follows takes it (or a minute passes).
 */
final class QueryPlans implements AutoCloseable {
  private static final Driver CALCITE = CachingPrepare.driver();

  private final Properties connectionProperties;
  private final Cache<ByteString, ResultStream.Source> planned = CacheBuilder.newBuilder()
      .expireAfterWrite(1, TimeUnit.MINUTES).maximumSize(1_000)
      .removalListener(QueryPlans::unused).build();

  QueryPlans(Properties connectionProperties) {
    this.connectionProperties = connectionProperties;
  }

  /** {@code sql} planned (through the plan cache) on a new connection, which it owns. */
  ResultStream.Source open(String sql) {
    Connection connection = connect();
    try {
      return new ResultStream.Source(connection, DirectQuery.prepare(calcite(connection), sql),
          List.of(List.of()), true);
    } catch (RuntimeException e) {
      close(connection);
      throw e;
    }
  }

  /** Keeps the plan of statement {@code id} for its DoGet. */
  void keep(ByteString id, ResultStream.Source plan) {
    planned.put(id, plan);
  }

  /** The plan kept for statement {@code id}, now the caller's, or null. */
  ResultStream.Source take(ByteString id) {
    return planned.asMap().remove(id);
  }

  /** A Calcite connection with the server's properties. */
  Connection connect() {
    try {
      return CALCITE.connect("jdbc:calcite:", connectionProperties);
    } catch (SQLException e) {
      throw FlightErrors.of(BoundaryErrors.classify(e, null), false);
    }
  }

  static CalciteConnection calcite(Connection connection) {
    try {
      return connection.unwrap(CalciteConnection.class);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void close(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // nothing was written; the connection is gone either way
    }
  }

  /** Closes the connection of a plan no DoGet took. */
  private static void unused(RemovalNotification<ByteString, ResultStream.Source> removal) {
    if (removal.wasEvicted() && removal.getValue() != null) {
      close(removal.getValue().connection());
    }
  }

  /** Closes the connections of the plans kept. */
  @Override public void close() {
    planned.asMap().values().forEach(plan -> close(plan.connection()));
    planned.invalidateAll();
  }
}
