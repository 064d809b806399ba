/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.boundarysql.adapter.JdbcRows;
import org.boundarysql.adapter.TestCatalog;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.boundarysql.server.RemoteServer.connect;
import static org.boundarysql.server.RemoteServer.single;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests the server through the real remote driver, as DBeaver and BI tools use it, on a catalog
 * written by the test; expected values come from the test's own arrays.
 */
class BoundaryServerTest {
  @TempDir static Path dir;
  static TestCatalog tiny;
  static Path secret;
  static BoundaryServer server;

  @BeforeAll static void startServer() throws Exception {
    Path catalog = Files.createDirectories(dir.resolve("catalog"));
    tiny = new TestCatalog(catalog, "tiny", 600, 4, 7, Map.of("conv", new int[] {3, 4, 4}));
    secret = Files.createDirectories(dir.resolve("secret"));
    new TestCatalog(secret, "hidden", 50, 2, 8, Map.of());
    server = BoundaryServer.start(catalog, dir.resolve("cache"), "127.0.0.1", 0, null);
  }

  @AfterAll static void stopServer() {
    server.close();
  }

  @Test void printsTheUrlOfTheRemoteDriver() {
    assertEquals("jdbc:avatica:remote:url=http://127.0.0.1:" + server.port()
        + ";serialization=protobuf", server.jdbcUrl());
  }

  /** What DBeaver calls on connect and when it browses the catalog. */
  @Test void answersDatabaseMetaData() throws SQLException {
    try (Connection c = connect(server)) {
      DatabaseMetaData meta = c.getMetaData();
      // One catalog: Calcite's root, which has no name (NULL); every schema is in it.
      assertEquals(Collections.singletonList(null), strings(meta.getCatalogs(), "TABLE_CAT"));
      List<String> catalogOfSchemas = strings(meta.getSchemas(), "TABLE_CATALOG");
      assertTrue(catalogOfSchemas.size() >= 2, catalogOfSchemas.toString());
      assertEquals(Collections.nCopies(catalogOfSchemas.size(), null), catalogOfSchemas);
      assertTrue(strings(meta.getSchemas(), "TABLE_SCHEM").containsAll(List.of("tiny",
          "boundary")));
      assertEquals(Set.of("items", "fc2", "conv"),
          Set.copyOf(strings(meta.getTables(null, "tiny", "%", null), "TABLE_NAME")));
      assertTrue(strings(meta.getTables(null, "boundary", "%", null), "TABLE_NAME")
          .contains("stores"));
      List<String> columns = new ArrayList<>();
      List<Integer> types = new ArrayList<>();
      try (ResultSet r = meta.getColumns(null, "tiny", "conv", "%")) {
        while (r.next()) {
          columns.add(r.getString("COLUMN_NAME"));
          types.add(r.getInt("DATA_TYPE"));
        }
      }
      assertEquals(List.of("id", "split", "label", "predicted", "correct", "activation"),
          columns);
      assertEquals(List.of(Types.BIGINT, Types.VARCHAR, Types.INTEGER, Types.INTEGER,
          Types.BOOLEAN, Types.ARRAY), types);
      assertTrue(strings(meta.getTypeInfo(), "TYPE_NAME").containsAll(List.of("VARCHAR",
          "INTEGER", "BIGINT", "REAL", "BOOLEAN")));
      assertTrue(strings(meta.getTableTypes(), "TABLE_TYPE").contains("TABLE"));
      // Avatica's protocol has no request for these: the driver answers them, empty.
      assertEquals(List.of(), strings(meta.getPrimaryKeys(null, "tiny", "items"),
          "COLUMN_NAME"));
      assertEquals(List.of(), strings(meta.getFunctions(null, null, "%"), "FUNCTION_NAME"));
      assertEquals(List.of(), strings(meta.getImportedKeys(null, "tiny", "items"),
          "PKCOLUMN_NAME"));
      assertTrue(meta.getDatabaseProductName().length() > 0);
    }
  }

  /** ARRAY columns arrive whole, each value equal to the stored float. */
  @Test void sendsArraysWhole() throws SQLException {
    float[][] conv = tiny.layers.get("conv");
    int rows = 0;
    try (Connection c = connect(server); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("select id, activation from tiny.conv")) {
      assertEquals(Types.ARRAY, r.getMetaData().getColumnType(2));
      while (r.next()) {
        float[] expected = conv[tiny.row(r.getLong(1))];
        Array array = r.getArray(2);
        assertArrayEquals(expected, floats((Object[]) array.getArray()));
        rows++;
      }
    }
    assertEquals(tiny.items, rows);
  }

  /**
   * DOUBLE and INTEGER ARRAY values (AVG_ACTIVATION, TOPK_NEURONS) and a null one arrive as the
   * embedded driver reads them, element by element and as the same text, the means equal to a
   * plain loop's.
   */
  @Test void sendsAggregateArraysAsTheEmbeddedDriverReadsThem() throws SQLException {
    String sql = "select label, avg_activation(activation) as mean, topk_neurons(activation, 3)"
        + " as top, case when label = 0 then null else avg_activation(activation) end as partial"
        + " from tiny.fc2 group by label order by label";
    float[][] fc2 = tiny.layers.get("fc2");
    int rows = 0;
    try (Connection c = connect(server); Statement s = c.createStatement();
         ResultSet r = s.executeQuery(sql);
         Connection embedded = DriverManager.getConnection("jdbc:boundary:catalog="
             + dir.resolve("catalog") + ";cache=" + dir.resolve("embedded-cache"));
         Statement t = embedded.createStatement(); ResultSet expected = t.executeQuery(sql)) {
      while (expected.next()) {
        assertTrue(r.next());
        int label = expected.getInt(1);
        assertEquals(label, r.getInt(1));
        for (int column = 2; column <= 4; column++) {
          assertEquals(expected.getString(column), r.getString(column), sql);
          Array want = expected.getArray(column);
          Array got = r.getArray(column);
          assertEquals(want == null, got == null, sql);
          if (want != null) {
            assertEquals(JdbcRows.list(want.getArray()), JdbcRows.list(got.getArray()), sql);
          }
        }
        double[] sums = new double[fc2[0].length];
        int n = 0;
        for (int i = 0; i < tiny.items; i++) {
          if (tiny.labels[i] == label) {
            for (int k = 0; k < sums.length; k++) {
              sums[k] += fc2[i][k];
            }
            n++;
          }
        }
        Object[] mean = (Object[]) r.getArray(2).getArray();
        for (int k = 0; k < sums.length; k++) {
          assertEquals(sums[k] / n, (Double) mean[k], 1e-6, "label " + label);
        }
        rows++;
      }
      assertFalse(r.next());
    }
    assertEquals(tiny.classes, rows);
  }

  /** ACTIVATION_BYTES arrive as VARBINARY: the stored floats, little-endian float32. */
  @Test void sendsActivationBytes() throws SQLException {
    float[][] conv = tiny.layers.get("conv");
    int rows = 0;
    try (Connection c = connect(server); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("select id, activation_bytes(activation) from tiny.conv")) {
      assertEquals(Types.VARBINARY, r.getMetaData().getColumnType(2));
      while (r.next()) {
        float[] expected = conv[tiny.row(r.getLong(1))];
        float[] actual = new float[expected.length];
        java.nio.ByteBuffer.wrap(r.getBytes(2)).order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer().get(actual);
        assertArrayEquals(expected, actual);
        rows++;
      }
    }
    assertEquals(tiny.items, rows);
  }

  /**
   * Every row arrives whatever fetch size the client asks for: 0 (JDBC's "no preference")
   * stopped the remote driver after its first frame of 100 rows.
   */
  @Test void fetchSizesReadEveryRow() throws SQLException {
    for (int fetchSize : new int[] {0, 1, 7, 100, 5000}) {
      try (Connection c = connect(server); Statement s = c.createStatement()) {
        s.setFetchSize(fetchSize);
        int rows = 0;
        // Three times the items: more rows than one frame holds.
        try (ResultSet r = s.executeQuery("select id from tiny.items,"
            + " (values 1, 2, 3) as copies (c)")) {
          while (r.next()) {
            rows++;
          }
        }
        assertEquals(3 * tiny.items, rows, "fetch size " + fetchSize);
      }
    }
  }

  /** A prepared statement runs again with other parameters, each time right. */
  @Test void runsPreparedStatementsWithParameters() throws SQLException {
    float[][] fc2 = tiny.layers.get("fc2");
    try (Connection c = connect(server);
         PreparedStatement count = c.prepareStatement(
             "select count(*) from tiny.fc2 where label = ? and split = ? and activation[2] > ?");
         PreparedStatement byId = c.prepareStatement(
             "select activation from tiny.fc2 where id = ?")) {
      for (int label = 0; label < tiny.classes; label++) {
        for (String split : List.of("train", "test")) {
          long expected = 0;
          for (int i = 0; i < tiny.items; i++) {
            expected += tiny.labels[i] == label && tiny.splits[i].equals(split)
                && fc2[i][1] > 0.5 ? 1 : 0;
          }
          count.setInt(1, label);
          count.setString(2, split);
          count.setDouble(3, 0.5);
          try (ResultSet r = count.executeQuery()) {
            assertTrue(r.next());
            assertEquals(expected, r.getLong(1), "label " + label + " " + split);
          }
        }
      }
      for (int i : new int[] {0, 17, tiny.items - 1}) {
        byId.setLong(1, tiny.ids[i]);
        try (ResultSet r = byId.executeQuery()) {
          assertTrue(r.next());
          assertArrayEquals(fc2[i], floats((Object[]) r.getArray(1).getArray()));
          assertFalse(r.next());
        }
      }
    }
  }

  @Test void limitsRowsWithSetMaxRows() throws SQLException {
    try (Connection c = connect(server); Statement s = c.createStatement()) {
      s.setMaxRows(7);
      int rows = 0;
      try (ResultSet r = s.executeQuery("select id from tiny.items")) {
        while (r.next()) {
          rows++;
        }
      }
      assertEquals(7, rows);
    }
  }

  /**
   * Cancel stops the open result set (Avatica's protocol has no cancel request: the driver
   * stops fetching), and the connection goes on.
   */
  @Test void cancelsAStatement() throws SQLException {
    try (Connection c = connect(server); Statement s = c.createStatement()) {
      s.setFetchSize(10);
      ResultSet r = s.executeQuery("select id, activation from tiny.conv");
      for (int i = 0; i < 5; i++) {
        assertTrue(r.next());
      }
      s.cancel();
      SQLException e = assertThrows(SQLException.class, () -> {
        while (r.next()) {
          r.getLong(1);
        }
      });
      assertTrue(e.getMessage().toLowerCase().contains("cancel"), e.getMessage());
      assertEquals(tiny.items, single(c, "select count(*) from tiny.items"));
    }
  }

  /** DDL and DML are refused with a message saying why, whichever way they are sent. */
  @Test void refusesWritesWithAClearMessage() throws SQLException {
    List<String> writes = List.of(
        "insert into tiny.items (id, split, label, predicted) values (1, 'x', 0, 0)",
        "update tiny.items set label = 1",
        "delete from tiny.items",
        "merge into tiny.items t using tiny.fc2 f on t.id = f.id when matched then update set"
            + " label = 0",
        "create table t (x int)",
        "drop table tiny.items",
        "/* hello */ ( CREATE VIEW v AS select 1 from tiny.items )",
        "alter session set \"x\" = 1",
        "truncate table tiny.items");
    try (Connection c = connect(server)) {
      for (String sql : writes) {
        SQLException executed = assertThrows(SQLException.class,
            () -> c.createStatement().execute(sql), sql);
        assertRefused(executed, sql);
        try (PreparedStatement statement = c.prepareStatement(sql)) {
          assertRefused(assertThrows(SQLException.class, statement::execute, sql), sql);
          assertRefused(assertThrows(SQLException.class, statement::executeUpdate, sql), sql);
        }
      }
      // The remote driver throws a batch's AvaticaClientRuntimeException unwrapped.
      Exception batch = assertThrows(Exception.class, () -> {
        Statement s = c.createStatement();
        s.addBatch("delete from tiny.items");
        s.executeBatch();
      });
      assertTrue(batch.getMessage().contains("this BoundarySQL server is read-only"),
          batch.getMessage());
      assertEquals(tiny.items, single(c, "select count(*) from tiny.items"));
      // a query that merely mentions a write word is a query
      assertEquals(tiny.items, single(c,
          "select count(*) from tiny.items where split <> 'delete from tiny.items'"));
    }
  }

  private static void assertRefused(SQLException e, String sql) {
    assertTrue(e.getMessage().contains("this BoundarySQL server is read-only"),
        sql + " -> " + e.getMessage());
    assertEquals(BoundaryMeta.READ_ONLY_SQL_STATE, e.getSQLState(), sql + " -> " + e);
  }

  /** A failing query leaves the connection (and the server) working. */
  @Test void answersAfterABadQuery() throws SQLException {
    try (Connection c = connect(server)) {
      for (String bad : List.of("select nosuchcolumn from tiny.items",
          "select * from tiny.nosuchtable", "selec 1", "select * from tiny.fc2 where")) {
        SQLException e = assertThrows(SQLException.class, () -> single(c, bad), bad);
        assertFalse(e.getMessage().contains("read-only"), e.getMessage());
        assertEquals(tiny.items, single(c, "select count(*) from tiny.items"));
      }
      SQLException e = assertThrows(SQLException.class,
          () -> single(c, "select count(*) from tiny.nosuchtable"));
      assertTrue(e.getMessage().contains("nosuchtable"), e.getMessage());
      long wrong = 0;
      for (int i = 0; i < tiny.items; i++) {
        wrong += tiny.labels[i] != tiny.predicted[i] ? 1 : 0;
      }
      assertEquals(wrong, single(c, "select count(*) from tiny.conv where not correct"));
    }
  }

  /**
   * Connection properties a client sends to choose another model, parser, schema factory or
   * function library are refused; the connection never reads the attacker's catalog.
   */
  @Test void refusesClientConnectionProperties() throws SQLException {
    String attackerModel = "inline:{\"version\": \"1.0\", \"defaultSchema\": \"hidden\","
        + " \"schemas\": [{\"name\": \"boundary\", \"type\": \"custom\", \"factory\":"
        + " \"org.boundarysql.adapter.BoundarySchemaFactory\", \"operand\": {\"catalog\": \""
        + secret + "\"}}]}";
    Map<String, String> attacks = Map.of(
        "model", attackerModel,
        "MODEL", attackerModel,
        "parserFactory", "org.apache.calcite.sql.parser.ddl.SqlDdlParserImpl#FACTORY",
        "schemaFactory", "org.boundarysql.adapter.BoundarySchemaFactory",
        "fun", "oracle,mysql",
        "catalog", secret.toString(),
        "caseSensitive", "true");
    for (Map.Entry<String, String> attack : attacks.entrySet()) {
      Properties properties = new Properties();
      properties.setProperty(attack.getKey(), attack.getValue());
      // The remote driver throws its AvaticaClientRuntimeException from connect() unwrapped.
      Exception e = assertThrows(Exception.class, () -> connect(server, properties),
          attack.getKey());
      assertTrue(e.getMessage().contains("propert") && e.getMessage().contains(attack.getKey())
          && e.getMessage().contains("refused"), attack.getKey() + " -> " + e.getMessage());
    }
    // The remote driver keeps "schema" for itself (the default schema it asks for): it can
    // only name a schema of the server's catalog.
    Properties schema = new Properties();
    schema.setProperty("schema", "hidden");
    try (Connection c = connect(server, schema)) {
      SQLException e = assertThrows(SQLException.class,
          () -> single(c, "select count(*) from hidden.items"));
      assertTrue(e.getMessage().contains("Object 'hidden' not found"), e.getMessage());
    }
    Properties harmless = new Properties();
    harmless.setProperty("user", "someone");
    harmless.setProperty("password", "anything");
    harmless.setProperty("ApplicationName", "DBeaver");
    try (Connection c = connect(server, harmless)) {
      List<String> schemas = strings(c.getMetaData().getSchemas(), "TABLE_SCHEM");
      assertTrue(schemas.contains("tiny") && !schemas.contains("hidden"), schemas.toString());
      assertEquals(tiny.items, single(c, "select count(*) from tiny.items"));
    }
  }

  /** The server listens on loopback only: a non-loopback address of this machine is closed. */
  @Test void listensOnLoopbackOnly() throws IOException {
    assertTrue(server.address().isLoopbackAddress());
    InetAddress other = null;
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          other = address;
        }
      }
    }
    assumeTrue(other != null, "this machine has no non-loopback IPv4 address");
    InetAddress target = other;
    assertThrows(ConnectException.class, () -> {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(target, server.port()), 2000);
      }
    });
  }

  static List<String> strings(ResultSet rows, String column) throws SQLException {
    List<String> values = new ArrayList<>();
    try (rows) {
      while (rows.next()) {
        values.add(rows.getString(column));
      }
    }
    return values;
  }

  static float[] floats(Object[] values) {
    float[] result = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = ((Number) values[i]).floatValue();
    }
    return result;
  }
}
