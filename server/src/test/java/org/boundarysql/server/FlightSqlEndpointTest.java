/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.boundarysql.adapter.TestCatalog;
import org.boundarysql.store.StoreTokens;

import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Flight SQL endpoint through Arrow's own Flight SQL client on loopback: rows and types of
 * statements and prepared statements checked against the values the test wrote, the catalog's
 * listings, and every error with its status and SQLSTATE.
 */
class FlightSqlEndpointTest {
  /** Positions per item and values per position of the tokens store's layer "seq". */
  static final int LENGTH = 5;
  static final int HIDDEN = 3;
  @TempDir static Path dir;
  static TestCatalog tiny;
  /** A store whose layer "seq" has a row per token: item i's first i % LENGTH + 1 positions. */
  static TestCatalog text;
  static BoundaryServer server;
  static FlightTestClient client;

  @BeforeAll static void start() throws Exception {
    Path catalog = Files.createDirectories(dir.resolve("catalog"));
    tiny = new TestCatalog(catalog, "tiny", 600, 4, 7, Map.of("conv", new int[] {3, 4, 4}));
    text = new TestCatalog(catalog, "text", 40, 3, 9, Map.of("seq",
        new int[] {LENGTH, HIDDEN}));
    try (StoreTokens.Writer writer = new StoreTokens.Writer(catalog.resolve("text"),
        List.of("seq"), LENGTH)) {
      for (int i = 0; i < text.items; i++) {
        long[] mask = new long[LENGTH];
        for (int p = 0; p <= i % LENGTH; p++) {
          mask[p] = 1;
        }
        writer.write(text.ids[i], new long[LENGTH], mask, new String[LENGTH]);
      }
    }
    server = BoundaryServer.start(catalog, dir.resolve("cache"), BoundaryServer.LOOPBACK, 0,
        null, null, BoundaryServer.Limits.DEFAULT, 0);
    client = new FlightTestClient(server);
  }

  @AfterAll static void stop() throws Exception {
    client.close();
    server.close();
  }

  /** A layer's rows: ids, labels and every activation as written, as FixedSizeList(48). */
  @Test @Timeout(60) void layerRowsAsWritten() throws Exception {
    FlightTestClient.Result result = client.query("select id, label, correct, activation"
        + " from tiny.conv where split = 'test' order by id");
    Field activation = result.schema().findField("activation");
    assertEquals(new ArrowType.FixedSizeList(48), activation.getType());
    assertEquals(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
        activation.getChildren().get(0).getType());
    assertEquals(new ArrowType.Int(64, true), result.schema().findField("id").getType());
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < tiny.items; i++) {
      if (tiny.splits[i].equals("test")) {
        ids.add(tiny.ids[i]);
      }
    }
    ids.sort(null);
    assertEquals(ids.size(), result.rows().size());
    for (int r = 0; r < ids.size(); r++) {
      List<Object> row = result.rows().get(r);
      int item = tiny.row(ids.get(r));
      assertEquals(ids.get(r), row.get(0));
      assertEquals(tiny.labels[item], row.get(1));
      assertEquals(tiny.labels[item] == tiny.predicted[item], row.get(2));
      assertEquals(floats(tiny.layers.get("conv")[item]), row.get(3));
    }
  }

  /**
   * A tokens table's activation, one position's values, is a FixedSizeList of the values per
   * position, in the listing as in the result: the position's slice of the item's layer row.
   */
  @Test @Timeout(60) void tokenRowsAsFixedSizeLists() throws Exception {
    FlightTestClient.Result result = client.query("select id, position, activation"
        + " from text.seq_tokens order by id, position");
    assertEquals(new ArrowType.FixedSizeList(HIDDEN),
        result.schema().findField("activation").getType());
    List<List<Object>> expected = new ArrayList<>();
    for (int i = 0; i < text.items; i++) {
      for (int p = 0; p <= i % LENGTH; p++) {
        float[] row = text.layers.get("seq")[i];
        expected.add(List.of(text.ids[i], p, floats(Arrays.copyOfRange(row,
            p * HIDDEN, (p + 1) * HIDDEN))));
      }
    }
    expected.sort(Comparator.comparing(r -> (Long) r.get(0)));
    assertEquals(expected, result.rows());
    assertEquals(new ArrowType.FixedSizeList(HIDDEN),
        listedSchema("text", "seq_tokens").findField("activation").getType());
  }

  /** A sampled query gets the sampler's own items, each with its activation. */
  @Test @Timeout(60) void sampledRows() throws Exception {
    FlightTestClient.Result result = client.query("select id, activation"
        + " from tiny.fc2 tablesample boundary('maxmargin', 0.1) order by id");
    SortedSet<Long> expected = tiny.sampleIds("maxmargin", 0.1, 0.7, 0);
    assertEquals(new ArrayList<>(expected), result.rows().stream().map(r -> r.get(0)).toList());
    for (List<Object> row : result.rows()) {
      assertEquals(floats(tiny.layers.get("fc2")[tiny.row((Long) row.get(0))]), row.get(1));
    }
  }

  /** Aggregates' arrays are variable-length lists; their values are the plain loop's. */
  @Test @Timeout(60) void aggregateArrays() throws Exception {
    FlightTestClient.Result result = client.query("select label, count(*) as items,"
        + " avg_activation(activation) as mean from tiny.fc2 group by label order by label");
    assertEquals(ArrowType.List.INSTANCE, result.schema().findField("mean").getType());
    float[][] fc2 = tiny.layers.get("fc2");
    for (List<Object> row : result.rows()) {
      int label = (Integer) row.get(0);
      double[] sum = new double[8];
      long count = 0;
      for (int i = 0; i < tiny.items; i++) {
        if (tiny.labels[i] == label) {
          count++;
          for (int n = 0; n < 8; n++) {
            sum[n] += fc2[i][n];
          }
        }
      }
      assertEquals(count, row.get(1));
      List<?> mean = (List<?>) row.get(2);
      for (int n = 0; n < 8; n++) {
        assertEquals(sum[n] / count, (Double) mean.get(n), 1e-9);
      }
    }
  }

  /** A prepared statement with a parameter, bound twice: each answer is the loop's count. */
  @Test @Timeout(60) void preparedStatementWithParameters() throws Exception {
    try (FlightSqlClient.PreparedStatement statement = client.sql().prepare(
        "select count(*) from tiny.items where label = ?", client.options())) {
      assertEquals(new ArrowType.Int(32, true),
          statement.getParameterSchema().getFields().get(0).getType());
      for (int label : new int[] {1, 3}) {
        try (VectorSchemaRoot parameters = VectorSchemaRoot.create(
            statement.getParameterSchema(), new org.apache.arrow.memory.RootAllocator())) {
          ((IntVector) parameters.getVector(0)).setSafe(0, label);
          parameters.setRowCount(1);
          statement.setParameters(parameters);
          FlightTestClient.Result result = client.read(statement.execute(client.options()));
          long expected = java.util.Arrays.stream(tiny.labels).filter(l -> l == label).count();
          assertEquals(List.of(List.of(expected)), result.rows());
          statement.clearParameters();
        }
      }
    }
  }

  /** Schemas, tables with their Arrow schemas, table types, no catalogs; read-only. */
  @Test @Timeout(60) void listings() throws Exception {
    FlightSqlClient sql = client.sql();
    assertEquals(List.of(), client.read(sql.getCatalogs(client.options())).rows());
    List<Object> schemas = client.read(sql.getSchemas(null, null, client.options())).rows()
        .stream().map(r -> r.get(1)).toList();
    assertTrue(schemas.containsAll(List.of("boundary", "tiny")), schemas.toString());
    FlightTestClient.Result tables = client.read(sql.getTables(null, "tiny", "%", null, true,
        client.options()));
    List<Object> names = tables.rows().stream().map(r -> r.get(2)).sorted().toList();
    assertEquals(List.of("conv", "fc2", "items"), names);
    assertEquals(new ArrowType.FixedSizeList(48),
        listedSchema("tiny", "conv").findField("activation").getType());
    assertTrue(client.read(sql.getTableTypes(client.options())).rows().contains(
        List.of("TABLE")));
    FlightTestClient.Result info = client.read(sql.getSqlInfo(new FlightSql.SqlInfo[] {
        FlightSql.SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, FlightSql.SqlInfo.FLIGHT_SQL_SERVER_NAME},
        client.options()));
    assertEquals(2, info.rows().size(), info.rows().toString());
    assertTrue(info.rows().toString().contains("BoundarySQL"), info.rows().toString());
  }

  /** The Arrow schema {@code GetTables} lists for a table. */
  static Schema listedSchema(String schema, String table) throws Exception {
    FlightTestClient.Result tables = client.read(client.sql().getTables(null, schema, table,
        null, true, client.options()));
    assertEquals(1, tables.rows().size(), tables.rows().toString());
    return MessageSerializer.deserializeSchema(new ReadChannel(Channels.newChannel(
        new ByteArrayInputStream((byte[]) tables.rows().get(0).get(4)))));
  }

  /** Every error: its Flight status, one sentence, and its SQLSTATE in the message. */
  @Test @Timeout(60) void errors() throws Exception {
    String[][] cases = {
        {"select * from tiny.nosuch", "NOT_FOUND", "42S02"},
        {"select * from nosuch.items", "NOT_FOUND", "3F000"},
        {"select nosuch from tiny.items", "INVALID_ARGUMENT", "42S22"},
        {"select from where", "INVALID_ARGUMENT", "42000"},
        {"select id from tiny.fc2 tablesample boundary('uniform', 1.5)", "INVALID_ARGUMENT",
            "22023"},
        {"delete from tiny.items", "UNAUTHORIZED", "25006"},
        {"create table t (a int)", "UNAUTHORIZED", "25006"},
    };
    for (String[] c : cases) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
          () -> client.query(c[0]), c[0]);
      assertEquals(FlightStatusCode.valueOf(c[1]), e.status().code(), c[0] + ": " + e);
      String message = e.status().description();
      assertTrue(message.endsWith("(SQLSTATE " + c[2] + ")"), c[0] + ": " + message);
      assertTrue(!message.contains("\n") && !message.contains("Exception"), message);
      System.out.println("flight errors: " + e.status().code() + " | " + message);
    }
    // The same refusals for a prepared statement and an update.
    FlightRuntimeException prepared = assertThrows(FlightRuntimeException.class,
        () -> client.sql().prepare("drop table tiny.items", client.options()));
    assertEquals(FlightStatusCode.UNAUTHORIZED, prepared.status().code());
    FlightRuntimeException update = assertThrows(FlightRuntimeException.class,
        () -> client.sql().executeUpdate("insert into tiny.items values (1)", client.options()));
    assertEquals(FlightStatusCode.UNAUTHORIZED, update.status().code());
    // The server goes on answering.
    assertEquals(List.of(List.of((long) tiny.items)),
        client.query("select count(*) from tiny.items").rows());
  }

  /** An empty result has its schema and no rows. */
  @Test @Timeout(60) void emptyResult() throws Exception {
    FlightInfo info = client.sql().execute("select id, activation from tiny.fc2 where id < 0",
        client.options());
    try (FlightStream stream = client.sql().getStream(info.getEndpoints().get(0).getTicket(),
        client.options())) {
      int rows = 0;
      while (stream.next()) {
        rows += stream.getRoot().getRowCount();
      }
      assertEquals(0, rows);
      assertEquals(new ArrowType.FixedSizeList(8),
          stream.getSchema().findField("activation").getType());
    }
  }

  /**
   * A store rewritten under the running server (more items): the next query sees it, though
   * the endpoint keeps its connections open between calls.
   */
  @Test @Timeout(60) void seesAStoreChangedUnderIt() throws Exception {
    Path catalog = Files.createDirectories(dir.resolve("changing"));
    new TestCatalog(catalog, "s", 100, 3, 1, Map.of());
    try (BoundaryServer changing = BoundaryServer.start(catalog, dir.resolve("cache-changing"),
        BoundaryServer.LOOPBACK, 0, null, null, BoundaryServer.Limits.DEFAULT, 0);
         FlightTestClient flight = new FlightTestClient(changing)) {
      String count = "select count(*) from s.fc2";
      assertEquals(List.of(List.of(100L)), flight.query(count).rows());
      assertEquals(List.of(List.of(100L)), flight.query(count).rows());
      // 150 items: every file's size changes, so the store's fingerprint does, whatever the
      // clock's resolution (no wait for a new modification time)
      new TestCatalog(catalog, "s", 150, 3, 2, Map.of());
      assertEquals(List.of(List.of(150L)), flight.query(count).rows());
    }
  }

  static List<Float> floats(float[] values) {
    List<Float> list = new ArrayList<>();
    for (float value : values) {
      list.add(value);
    }
    return list;
  }
}
