/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests;

import org.boundarysql.adapter.BoundaryDriver;
import org.boundarysql.server.BoundaryServer;
import org.boundarysql.sqltests.differential.StoreFiles;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * IN lists of any length a client sends (a BI tool's filter on picked items, the ids of a
 * sample pasted back), embedded and through the remote driver: 10,000 literals failed with
 * "Code grows beyond 64 KB" (Calcite writes such a list into the generated code), and a list of
 * whole numbers against a DOUBLE column took 46 s to plan. Expected counts come from the
 * store's own files.
 */
class LongInListTest {
  private static StoreFiles mnist;
  private static StoreFiles irregular;
  private static Path catalog;
  private static BoundaryServer server;

  @BeforeAll static void start() throws Exception {
    catalog = Path.of(LongInListTest.class.getResource("/catalog").toURI());
    mnist = StoreFiles.read(catalog.resolve("mnist"));
    irregular = StoreFiles.read(catalog.resolve("irregular"));
    server = BoundaryServer.start(catalog, Files.createTempDirectory("in-list-cache"),
        BoundaryServer.LOOPBACK, 0, null);
  }

  @AfterAll static void stop() {
    server.close();
  }

  private static Connection connect(String mode) throws Exception {
    return mode.equals("remote") ? DriverManager.getConnection(server.jdbcUrl())
        : DriverManager.getConnection(BoundaryDriver.PREFIX + "catalog=" + catalog + ";cache="
            + Files.createTempDirectory("in-list-embedded"));
  }

  private static String list(long count, LongFunction<String> element) {
    return LongStream.range(0, count).mapToObj(element).collect(Collectors.joining(", "));
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** 10,000 whole numbers: the items whose id is among them. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"embedded", "remote"})
  void tenThousandIds(String mode) throws Exception {
    long expected = Arrays.stream(mnist.ids()).filter(id -> id >= 0 && id < 10_000).count();
    try (Connection c = connect(mode)) {
      assertEquals(expected, count(c, "select count(*) from mnist.items where id in ("
          + list(10_000, Long::toString) + ")"));
    }
  }

  /**
   * 100,000 numbers in NOT IN, against the irregular store's ids beyond 32 bits, through the
   * remote driver (the server plans it as an embedded connection does; about 10 s here).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"remote"})
  void hundredThousandIdsNotIn(String mode) throws Exception {
    long[] ids = irregular.ids();
    // every other id of the store, then numbers no item has
    String listed = Arrays.stream(ids).limit(ids.length / 2).mapToObj(Long::toString)
        .collect(Collectors.joining(", ")) + ", " + list(100_000 - ids.length / 2,
            i -> Long.toString(-20_000_000_000L - i));
    try (Connection c = connect(mode)) {
      assertEquals(ids.length - ids.length / 2, count(c,
          "select count(*) from irregular.items where id not in (" + listed + ")"));
    }
  }

  /** 10,000 whole numbers against a DOUBLE column, and 5,000 strings. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"embedded", "remote"})
  void otherTypes(String mode) throws Exception {
    Object[] confidence = irregular.extras().stream()
        .filter(e -> e.name().equals("confidence")).findFirst().orElseThrow().values();
    long wholes = Arrays.stream(confidence).filter(v -> v != null
        && (Double) v == Math.rint((Double) v) && (Double) v >= 0 && (Double) v < 10_000)
        .count();
    long train = Arrays.stream(irregular.splits()).filter("train"::equals).count();
    try (Connection c = connect(mode)) {
      assertEquals(wholes, count(c, "select count(*) from irregular.items where confidence in ("
          + list(10_000, Long::toString) + ")"));
      assertEquals(train, count(c, "select count(*) from irregular.items where split in ("
          + list(5_000, i -> "'s" + i + "'") + ", 'train')"));
    }
  }
}
