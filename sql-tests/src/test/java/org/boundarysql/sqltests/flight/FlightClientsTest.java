/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.flight;

import org.boundarysql.adapter.BoundaryDriver;
import org.boundarysql.server.BoundaryServer;
import org.boundarysql.server.TestKeystores;
import org.boundarysql.server.flight.FlightSqlEndpoint;
import org.boundarysql.server.guard.ServerTls;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The example queries Q1–Q7 ({@code examples/queries}) and sampled queries through two Flight
 * SQL clients that know nothing of BoundarySQL: the Arrow Flight SQL JDBC driver, its jar alone
 * in a JVM of its own (as DBeaver loads it), and Python's pyarrow (a layer read into numpy
 * without a copy per row). Each gets the rows the embedded driver gets, over plain gRPC and
 * TLS, with and without users; the JDBC driver also lists the stores, tables and columns as
 * the embedded driver does.
 *
 * <p>The catalog is the SQL tests' one (600 MNIST items of the real models), its stores named as
 * the example's; the queries read {@code pool2} where the example reads {@code conv2}, a layer
 * these small stores do not keep.
 */
class FlightClientsTest {
  /** The example catalog's store names, for the test catalog's stores. */
  private static final Map<String, String> STORES = Map.of("mnist_lenet", "mnist",
      "mnist_lenet_epoch1", "mnist_epoch1", "mnist_mlp", "mnist_mlp");
  private static final String SEPARATOR = "\n@@\n";
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** How the server is reached. */
  enum Setting {
    PLAIN(false, false), USERS(false, true), TLS(true, false), TLS_USERS(true, true);

    final boolean tls;
    final boolean users;

    Setting(boolean tls, boolean users) {
      this.tls = tls;
      this.users = users;
    }
  }

  private static Path dir;
  private static Path catalog;
  private static Path cache;
  private static TestKeystores keys;
  private static Path certificate;
  private static final Map<Setting, BoundaryServer> SERVERS = new EnumMap<>(Setting.class);
  private static List<String> queries;
  private static List<String> metadata;
  private static List<List<Object>> expected;

  @BeforeAll static void start() throws Exception {
    dir = Files.createTempDirectory("flight-clients");
    catalog = Files.createDirectories(dir.resolve("catalog"));
    for (Map.Entry<String, String> store : STORES.entrySet()) {
      Files.createSymbolicLink(catalog.resolve(store.getKey()),
          resource("catalog").resolve(store.getValue()));
    }
    cache = dir.resolve("cache");
    keys = new TestKeystores(Files.createDirectories(dir.resolve("keys")));
    ServerTls tls = ServerTls.read(keys.keystore, keys.passwordFile);
    certificate = Files.write(dir.resolve("server.pem"), tls.certificateChainPem());
    Path users = dir.resolve("users");
    Files.writeString(users, "alice: wonderland\n");
    Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
    for (Setting setting : Setting.values()) {
      SERVERS.put(setting, BoundaryServer.start(catalog, cache, BoundaryServer.LOOPBACK, 0,
          setting.users ? users : null, setting.tls ? tls : null,
          BoundaryServer.Limits.DEFAULT, 0));
    }
    queries = queries();
    metadata = List.of("!schemas", "!tables mnist_lenet", "!columns mnist_lenet fc2");
    expected = embedded();
  }

  @AfterAll static void stop() {
    SERVERS.values().forEach(BoundaryServer::close);
  }

  /** Q1–Q7 as the example writes them, on this catalog; then sampled queries. */
  private static List<String> queries() throws IOException {
    List<String> all = new ArrayList<>();
    Path examples = Path.of("").toAbsolutePath().getParent().resolve("examples")
        .resolve("queries");
    for (int q = 1; q <= 7; q++) {
      String sql = Files.readString(examples.resolve("q" + q + ".sql")).strip();
      all.add(sql.substring(0, sql.length() - (sql.endsWith(";") ? 1 : 0))
          .replace("conv2", "pool2"));
    }
    all.add("select id, label, predicted, correct, activation from mnist_lenet.fc2"
        + " tablesample boundary('maxmargin', 0.2) order by id");
    all.add("select id, activation from mnist_lenet.pool2"
        + " tablesample boundary('uniform', 0.1) repeatable(3) order by id");
    all.add("select l.id, l.activation as logits, m.activation as mlp"
        + " from mnist_lenet.logits as l tablesample boundary('stratified', 0.1)"
        + " join mnist_mlp.fc2 as m on l.id = m.id order by l.id");
    all.add("select label, count(*) as items, avg_activation(activation) as mean,"
        + " argmax_dist(activation) as argmax from mnist_lenet.fc2"
        + " tablesample boundary('gmm_spherical', 0.25) group by label order by label");
    return all;
  }

  /** The embedded driver's rows of every query, then its metadata answers. */
  private static List<List<Object>> embedded() throws Exception {
    Class.forName(BoundaryDriver.class.getName());
    List<List<Object>> results = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(BoundaryDriver.PREFIX
        + "catalog=" + catalog + ";cache=" + cache)) {
      for (String sql : queries) {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
          results.add(rows(rows, null));
        }
      }
      DatabaseMetaData meta = connection.getMetaData();
      try (ResultSet rows = meta.getSchemas()) {
        results.add(rows(rows, new String[] {"TABLE_SCHEM"}));
      }
      try (ResultSet rows = meta.getTables(null, "mnist_lenet", "%", null)) {
        results.add(rows(rows, new String[] {"TABLE_NAME", "TABLE_TYPE"}));
      }
      try (ResultSet rows = meta.getColumns(null, "mnist_lenet", "fc2", "%")) {
        List<Object> columns = new ArrayList<>();
        for (Object row : rows(rows, new String[] {"COLUMN_NAME", "TYPE_NAME"})) {
          // Calcite's type names say NOT NULL; a JDBC type name is the type alone.
          List<?> column = (List<?>) row;
          columns.add(List.of(column.get(0), column.get(1).toString().replace(" NOT NULL", "")));
        }
        results.add(columns);
      }
    }
    return results;
  }

  private static List<Object> rows(ResultSet rows, String[] columns) throws SQLException {
    List<Object> result = new ArrayList<>();
    int count = rows.getMetaData().getColumnCount();
    while (rows.next()) {
      List<Object> row = new ArrayList<>();
      if (columns == null) {
        for (int c = 1; c <= count; c++) {
          row.add(value(rows.getObject(c)));
        }
      } else {
        for (String column : columns) {
          row.add(value(rows.getObject(column)));
        }
      }
      result.add(row);
    }
    return result;
  }

  /** A value, an array as the list of its elements (primitive or not). */
  private static Object value(Object value) throws SQLException {
    if (!(value instanceof Array array)) {
      return value;
    }
    Object elements = array.getArray();
    List<Object> list = new ArrayList<>();
    for (int i = 0; i < java.lang.reflect.Array.getLength(elements); i++) {
      list.add(java.lang.reflect.Array.get(elements, i));
    }
    return list;
  }

  /** The JDBC driver's jar alone with a plain client class, in a JVM of its own. */
  @ParameterizedTest @EnumSource(Setting.class) @Timeout(300)
  void flightSqlJdbcDriver(Setting setting) throws Exception {
    BoundaryServer server = SERVERS.get(setting);
    Path classes = Files.createDirectories(dir.resolve("jdbc-client-" + setting)
        .resolve("org/boundarysql/sqltests/flight"));
    Path compiled = Path.of(FlightJdbcClient.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI()).resolve("org/boundarysql/sqltests/flight/FlightJdbcClient.class");
    Files.copy(compiled, classes.resolve("FlightJdbcClient.class"),
        StandardCopyOption.REPLACE_EXISTING);
    Path driver = Path.of("target", "flight-sql-jdbc", "flight-sql-jdbc-driver.jar");
    assertTrue(Files.isRegularFile(driver), "no driver jar " + driver.toAbsolutePath());
    String url = server.flight().jdbcUrl()
        + (setting.tls ? "&useSystemTrustStore=false&trustStore=" + keys.truststore
            + "&trustStorePassword=" + TestKeystores.TRUST_PASSWORD : "")
        + (setting.users ? "&user=alice&password=wonderland" : "");
    List<String> all = new ArrayList<>(queries);
    all.addAll(metadata);
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> output = run(List.of(java, "-Xmx512m", FlightSqlEndpoint.ADD_OPENS, "-cp",
        driver.toAbsolutePath() + File.pathSeparator
            + classes.getParent().getParent().getParent().getParent(),
        FlightJdbcClient.class.getName(), url, write(all).toString()));
    check("JDBC " + setting, all, output, expected);
  }

  /** pyarrow's Flight client, from the environment .ci/python-env makes. */
  @ParameterizedTest @EnumSource(Setting.class) @Timeout(300)
  void pyarrow(Setting setting) throws Exception {
    BoundaryServer server = SERVERS.get(setting);
    Path root = Path.of("").toAbsolutePath().getParent();
    List<String> python = run(List.of("bash", root.resolve(".ci/python-env").toString()));
    List<String> command = new ArrayList<>(List.of(python.get(python.size() - 1),
        Path.of("src", "test", "python", "flight_sql_client.py").toString(),
        server.flight().url(), write(queries).toString()));
    if (setting.users) {
      command.addAll(List.of("--user", "alice", "--password", "wonderland"));
    }
    if (setting.tls) {
      command.addAll(List.of("--tls-roots", certificate.toString()));
    }
    check("pyarrow " + setting, queries, run(command),
        expected.subList(0, queries.size()));
  }

  private static Path write(List<String> requests) throws IOException {
    return Files.writeString(Files.createTempFile(dir, "queries", ".sql"),
        String.join(SEPARATOR, requests) + "\n");
  }

  /** Runs a client; returns its stdout's lines; fails with its stderr if it fails. */
  private static List<String> run(List<String> command) throws Exception {
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(240, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      fail(command.get(0) + " failed: " + Files.readString(err) + "\n" + out);
    }
    return out.lines().toList();
  }

  /** Each request's rows as the client printed them equal the embedded driver's. */
  private static void check(String client, List<String> requests, List<String> output,
      List<List<Object>> expected) throws IOException {
    List<List<JsonNode>> results = new ArrayList<>();
    List<JsonNode> current = null;
    for (String line : output) {
      if (line.equals("#query")) {
        current = new ArrayList<>();
      } else if (line.startsWith("#error")) {
        fail(client + ": " + requests.get(results.size()) + "\n" + line);
      } else if (line.equals("#end")) {
        results.add(current);
      } else if (current != null) {
        current.add(JSON.readTree(line));
      }
    }
    assertEquals(requests.size(), results.size(), client + " answered " + results.size()
        + " requests:\n" + String.join("\n", output));
    long rows = 0;
    for (int q = 0; q < requests.size(); q++) {
      List<Object> want = expected.get(q);
      List<JsonNode> got = results.get(q);
      assertEquals(want.size(), got.size(), client + ": rows of " + requests.get(q));
      for (int r = 0; r < want.size(); r++) {
        String where = client + ": " + requests.get(q) + "\nrow " + r;
        if (!matches(want.get(r), got.get(r))) {
          fail(where + ": expected " + want.get(r) + " but got " + got.get(r));
        }
      }
      rows += got.size();
    }
    System.out.printf("flight clients: %s: %d requests, %d rows, as embedded%n", client,
        requests.size(), rows);
  }

  /** Whether a client's JSON value is the embedded value: a float's float, a double's double. */
  private static boolean matches(Object want, JsonNode got) {
    if (want == null) {
      return got.isNull();
    }
    if (want instanceof List<?> list) {
      if (!got.isArray() || got.size() != list.size()) {
        return false;
      }
      for (int i = 0; i < list.size(); i++) {
        if (!matches(list.get(i), got.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (want instanceof Float f) {
      return got.isNumber() && Float.compare(f, got.decimalValue().floatValue()) == 0;
    }
    if (want instanceof Double d) {
      return got.isNumber() && Double.compare(d, got.decimalValue().doubleValue()) == 0;
    }
    if (want instanceof Number n) {
      return got.isIntegralNumber() && got.longValue() == n.longValue();
    }
    if (want instanceof Boolean b) {
      return got.isBoolean() && got.booleanValue() == b;
    }
    return got.isTextual() && got.textValue().equals(want.toString());
  }

  private static Path resource(String name) throws URISyntaxException {
    URI uri = FlightClientsTest.class.getResource("/" + name).toURI();
    return Path.of(uri);
  }
}
