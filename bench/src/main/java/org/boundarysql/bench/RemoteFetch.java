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
  /** Rows fetched per run. */
  static final int ROWS = 2_500;
  /** The layer whose rows are fetched. */
  static final String LAYER = "pool2";
  private static final List<Integer> FETCH_SIZES = List.of(0, 1_000);

  /** One way of fetching: its SQL form, the statement's fetch size (0: default), the time. */
  record Result(String form, int fetchSize, long bytes, Timing timing) {
    double megabytesPerSecond() {
      return bytes / (timing.median() * 1e3);
    }
  }

  private RemoteFetch() {
  }

  /** Fetches {@link #ROWS} rows of {@code store.layer} each way. */
  static List<Result> measure(Connection remote, String store, String layer,
      Timing.Budget budget, Progress progress) throws Exception {
    String rows = rows(store, layer);
    List<Result> results = new ArrayList<>();
    for (String form : List.of("activation", "activation_bytes(activation)")) {
      for (int fetchSize : FETCH_SIZES) {
        String sql = "select " + form + rows;
        long[] bytes = new long[1];
        Timing timing = Timing.measure(() -> bytes[0] = fetch(remote, sql, fetchSize),
            budget);
        Result result = new Result(form, fetchSize, bytes[0], timing);
        results.add(result);
        progress.say("remote fetch of %,d rows as %s, fetch size %s: %.1f ms, %.1f MB/s", ROWS,
            form, fetchSize == 0 ? "default" : fetchSize, timing.median(),
            result.megabytesPerSecond());
      }
    }
    return results;
  }

  /** The FROM clause and the rest of the query of the fetched rows. */
  static String rows(String store, String layer) {
    return " from " + store + "." + layer + " where split = 'test' order by id limit " + ROWS;
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
