/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import org.apache.calcite.jdbc.CalciteConnection;
import org.boundarysql.adapter.BoundaryErrors;
import org.boundarysql.adapter.CachingPrepare;
import org.boundarysql.adapter.DirectQuery;
import org.boundarysql.store.FileFingerprint;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.RemovalNotification;
import com.google.protobuf.ByteString;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * Queries planned for Flight SQL calls, each on a Calcite connection of its own opened with the
 * server's properties (as the Avatica endpoint opens its connections): a statement's plan is
 * kept from its GetFlightInfo until the DoGet that follows takes it (or a minute passes).
 *
 * <p>Connections are kept for the next call, as an Avatica client keeps its connection, while
 * the catalog's files are those they were opened on: a store changed under the server is seen
 * by the next call, as a new connection opens the catalog again.
 */
final class QueryPlans implements AutoCloseable {
  private static final Driver CALCITE = CachingPrepare.driver();
  /** Connections kept open for the next calls. */
  private static final int IDLE_CONNECTIONS = 8;

  private final Properties connectionProperties;
  private final Path catalog;
  private final Cache<ByteString, ResultStream.Source> planned = CacheBuilder.newBuilder()
      .expireAfterWrite(1, TimeUnit.MINUTES).maximumSize(1_000)
      .removalListener(QueryPlans::unused).build();
  /** Open connections no call uses now, with the catalog's fingerprint they were opened on. */
  private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();
  private final Map<Connection, String> fingerprints = new ConcurrentHashMap<>();

  private record Idle(Connection connection, String fingerprint) { }

  /** Plans on connections with {@code connectionProperties}, which open {@code catalog}. */
  QueryPlans(Properties connectionProperties, Path catalog) {
    this.connectionProperties = connectionProperties;
    this.catalog = catalog;
  }

  /** {@code sql} planned (through the plan cache) on a connection, released at its end. */
  ResultStream.Source open(String sql) {
    Connection connection = borrow();
    try {
      return new ResultStream.Source(connection, DirectQuery.prepare(calcite(connection), sql),
          List.of(List.of()), () -> release(connection));
    } catch (RuntimeException e) {
      release(connection);
      throw e;
    }
  }

  /** A connection on the catalog as its files are now: a kept one, or a new one. */
  Connection borrow() {
    String now = FileFingerprint.ofTree(catalog, 2);
    for (Idle kept = idle.pollFirst(); kept != null; kept = idle.pollFirst()) {
      if (kept.fingerprint().equals(now)) {
        return kept.connection();
      }
      dispose(kept.connection());
    }
    Connection connection = connect();
    fingerprints.put(connection, now);
    return connection;
  }

  /** Gives back a connection borrowed: kept for the next call, or closed. */
  void release(Connection connection) {
    String fingerprint = fingerprints.get(connection);
    if (fingerprint != null && idle.size() < IDLE_CONNECTIONS) {
      idle.addFirst(new Idle(connection, fingerprint));
    } else {
      dispose(connection);
    }
  }

  private void dispose(Connection connection) {
    fingerprints.remove(connection);
    close(connection);
  }

  /** Keeps the plan of statement {@code id} for its DoGet. */
  void keep(ByteString id, ResultStream.Source plan) {
    planned.put(id, plan);
  }

  /** The plan kept for statement {@code id}, now the caller's, or null. */
  ResultStream.Source take(ByteString id) {
    return planned.asMap().remove(id);
  }

  /** A new Calcite connection with the server's properties. */
  private Connection connect() {
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

  /** Releases the connection of a plan no DoGet took. */
  private static void unused(RemovalNotification<ByteString, ResultStream.Source> removal) {
    if (removal.wasEvicted() && removal.getValue() != null) {
      removal.getValue().release().run();
    }
  }

  /** Closes every connection: of the plans kept and idle. */
  @Override public void close() {
    planned.asMap().values().forEach(plan -> close(plan.connection()));
    planned.invalidateAll();
    for (Idle kept = idle.pollFirst(); kept != null; kept = idle.pollFirst()) {
      dispose(kept.connection());
    }
  }
}
