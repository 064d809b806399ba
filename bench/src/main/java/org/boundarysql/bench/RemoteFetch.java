/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Activations fetched through the remote driver: the rows of one layer as {@code REAL ARRAY}
 * values and as {@code ACTIVATION_BYTES} (one little-endian float32 VARBINARY per row), at
 * Avatica's default frame size and at larger ones. MB/s counts the activations' float32 bytes.
 */
final class RemoteFetch {
  /** Activation bytes fetched per run: 2,500 rows of a 400-wide layer. */
  static final long BYTES = 4_000_000;
  private static final List<Integer> FETCH_SIZES = List.of(0, 1_000);

  /** One way of fetching: its SQL form, the statement's fetch size (0: default), the time. */
  record Result(String form, int fetchSize, long bytes, Timing timing) {
    double megabytesPerSecond() {
      return bytes / (timing.median() * 1e3);
    }
  }

  private RemoteFetch() {
  }

  /** Fetches {@code rows} each way. */
  static List<Result> measure(Connection remote, Rows rows, Timing.Budget budget,
      Progress progress) throws Exception {
    List<Result> results = new ArrayList<>();
    for (String form : List.of("activation", "activation_bytes(activation)")) {
      for (int fetchSize : FETCH_SIZES) {
        String sql = "select " + form + rows.query();
        long[] bytes = new long[1];
        Timing timing = Timing.measure(() -> bytes[0] = fetch(remote, sql, fetchSize),
            budget);
        Result result = new Result(form, fetchSize, bytes[0], timing);
        results.add(result);
        progress.say("remote fetch of %s as %s, fetch size %s: %.1f ms, %.1f MB/s",
            rows.describe(), form, fetchSize == 0 ? "default" : fetchSize, timing.median(),
            result.megabytesPerSecond());
      }
    }
    return results;
  }

  /**
   * The rows fetched: about {@link #BYTES} of activations, rows of {@code store.layer}
   * ({@code width} values each) of one split, in id order.
   */
  record Rows(String store, String layer, int width, String split) {
    long count() {
      return Math.max(1, BYTES / (Float.BYTES * (long) width));
    }

    /** The FROM clause and the rest of the query. */
    String query() {
      return " from " + store + "." + layer + " where split = '" + split + "' order by id limit "
          + count();
    }

    String describe() {
      return String.format("%,d rows of %s", count(), layer);
    }
  }

  /** Reads every value; returns the float32 bytes read. */
  private static long fetch(Connection remote, String sql, int fetchSize) throws SQLException {
    long bytes = 0;
    try (Statement statement = remote.createStatement()) {
      statement.setFetchSize(fetchSize);
      try (ResultSet resultSet = statement.executeQuery(sql)) {
        while (resultSet.next()) {
          Object value = resultSet.getObject(1);
          if (value instanceof Array array) {
            bytes += (long) Float.BYTES * java.lang.reflect.Array.getLength(array.getArray());
          } else {
            bytes += ((byte[]) value).length;
          }
        }
      }
    }
    return bytes;
  }
}
