/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests;

import org.boundarysql.adapter.BoundaryDriver;
import org.boundarysql.server.BoundaryServer;

import net.hydromatic.quidem.Quidem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every Quidem script in {@code src/test/resources/sql} twice, through an embedded
 * {@code jdbc:boundary:} connection and through a real Avatica server with the remote driver;
 * each run's output must equal the script, so both must equal each other.
 *
 * <p>A script's {@code !use catalog} connects to the test catalog in
 * {@code src/test/resources/catalog}. Actual output goes to {@code target/quidem/MODE/}.
 */
class SqlScriptTest {
  private static Path catalog;
  private static Path cache;
  private static BoundaryServer server;

  @BeforeAll static void start() throws Exception {
    catalog = resource("catalog");
    cache = Files.createTempDirectory("sql-tests-cache");
    server = BoundaryServer.start(catalog, cache, BoundaryServer.LOOPBACK, 0, null);
  }

  @AfterAll static void stop() {
    server.close();
  }

  static Stream<String> scripts() throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(resource("sql"))) {
      return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".iq"))
          .sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "embedded {0}")
  @MethodSource("scripts")
  void embedded(String script) throws Exception {
    run(script, "embedded", BoundaryDriver.PREFIX + "catalog=" + catalog + ";cache=" + cache);
  }

  @ParameterizedTest(name = "remote {0}")
  @MethodSource("scripts")
  void remote(String script) throws Exception {
    run(script, "remote", server.jdbcUrl());
  }

  private static void run(String script, String mode, String url) throws Exception {
    Path input = resource("sql").resolve(script);
    Path output = Path.of("target", "quidem", mode, script);
    Files.createDirectories(output.getParent());
    try (Reader reader = Files.newBufferedReader(input);
         Writer writer = Files.newBufferedWriter(output)) {
      Quidem.ConnectionFactory connections = (name, reference) -> {
        if (!name.equals("catalog")) {
          return null;
        }
        Connection connection = DriverManager.getConnection(url);
        return connection;
      };
      new Quidem(Quidem.configBuilder().withReader(reader).withWriter(writer)
          .withConnectionFactory(connections).build()).execute();
    }
    List<String> expected = Files.readAllLines(input);
    List<String> actual = Files.readAllLines(output);
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        fail(mode + " " + script + ":" + (i + 1) + " differs (actual output in "
            + output.toAbsolutePath() + ")\nexpected: " + expected.get(i) + "\nactual:   "
            + actual.get(i));
      }
    }
    assertEquals(expected.size(), actual.size(), mode + " " + script + ": line count differs;"
        + " actual output in " + output.toAbsolutePath());
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(SqlScriptTest.class.getResource("/" + name).toURI());
  }
}
