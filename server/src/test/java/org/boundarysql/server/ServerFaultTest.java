/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.boundarysql.adapter.BoundaryErrors;
import org.boundarysql.adapter.ComputationLog;
import org.boundarysql.adapter.TestCatalog;
import org.boundarysql.server.guard.ServerTls;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.boundarysql.adapter.ComputationLog.waitFor;
import static org.boundarysql.server.RemoteServer.connect;
import static org.boundarysql.server.RemoteServer.single;
import static org.boundarysql.server.ServerWork.samplerCpuSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The server under faults and hostile load, through the real remote driver on loopback: a
 * runaway sample computation, clients that leave, errors of every class, a cache directory
 * that cannot be written, a layer file replaced under a query. Every test is bounded in time.
 * Prints the numbers the server's limits are judged by.
 */
class ServerFaultTest {
  /** Items of the store whose VAS sample at fraction 0.5 runs for many minutes. */
  private static final int BIG_ITEMS = 200_000;
  /** A sample that no query should wait for: hours of VAS interchanges. */
  private static final String RUNAWAY =
      "select count(*) from big.items tablesample boundary('vas', 0.5)";

  /** The query timeout of the server that {@link #errorsHaveOneSentenceAndTheirSqlState} runs. */
  private static final double ERRORS_TIMEOUT_SECONDS = 3;

  /** Distinct normal queries, see {@link #normalQuery}. */
  private static final int NORMAL_QUERIES = 9;

  /** The log of the computations this JVM starts and stops. */
  private static final ComputationLog COMPUTATIONS = new ComputationLog();

  @TempDir static Path dir;
  static Path catalog;
  static TestCatalog tiny;

  @BeforeAll static void writeCatalog() throws Exception {
    catalog = Files.createDirectories(dir.resolve("catalog"));
    tiny = new TestCatalog(catalog, "tiny", 600, 4, 7, Map.of("conv", new int[] {3, 4, 4}));
    new TestCatalog(catalog, "big", BIG_ITEMS, 10, 11, Map.of());
  }

  @AfterAll static void noComputationLeft() throws InterruptedException {
    waitFor(() -> !sampling(), 3000);
  }

  /** Every error class, embedded and remote: one sentence, the SQL at most once, a SQLSTATE. */
  @Test @Timeout(60) void errorsHaveOneSentenceAndTheirSqlState() throws Exception {
    Map<String, String[]> cases = new LinkedHashMap<>();
    cases.put("syntax", new String[] {"select from where", BoundaryErrors.SYNTAX});
    cases.put("unknown table", new String[] {"select * from tiny.nosuch",
        BoundaryErrors.UNKNOWN_TABLE});
    cases.put("unknown schema", new String[] {"select * from nosuch.items",
        BoundaryErrors.UNKNOWN_SCHEMA});
    cases.put("unknown column", new String[] {"select nosuch from tiny.items",
        BoundaryErrors.UNKNOWN_COLUMN});
    cases.put("unknown function", new String[] {"select nosuch_fn(id) from tiny.items",
        BoundaryErrors.UNKNOWN_FUNCTION});
    cases.put("unknown method", new String[] {
        "select id from tiny.fc2 tablesample boundary('nearest', 0.1)",
        BoundaryErrors.BAD_ARGUMENT});
    cases.put("bad fraction", new String[] {
        "select id from tiny.fc2 tablesample boundary('uniform', 1.5)",
        BoundaryErrors.BAD_ARGUMENT});
    cases.put("bad j", new String[] {
        "select id from tiny.fc2 tablesample boundary('uniform', 0.1, 2)",
        BoundaryErrors.BAD_ARGUMENT});
    cases.put("not a number", new String[] {"select count(*) from tiny.items where label = 'x'",
        BoundaryErrors.BAD_CAST});
    cases.put("bad k", new String[] {"select topk_neurons(activation, 0) from tiny.fc2",
        BoundaryErrors.BAD_ARGUMENT});
    cases.put("lengths (scalar, in next())", new String[] {
        "select cosine_distance(f.activation, c.activation) from tiny.fc2 f"
            + " join tiny.conv c on f.id = c.id", BoundaryErrors.BAD_ARGUMENT});
    List<String> table = new ArrayList<>();
    table.add("| error | SQLSTATE | remote message |");
    table.add("| --- | --- | --- |");
    // A timeout of 3 s, not 1: a cold server's first statement took over a second under load.
    try (BoundaryServer server = BoundaryServer.start(catalog, dir.resolve("cache-errors"),
        "127.0.0.1", 0, null, new BoundaryServer.Limits(ERRORS_TIMEOUT_SECONDS, 1))) {
      try (Connection remote = connect(server);
           Connection embedded = DriverManager.getConnection("jdbc:boundary:catalog="
               + catalog + ";cache=" + dir.resolve("cache-errors"))) {
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
          String sql = c.getValue()[0];
          String state = c.getValue()[1];
          SQLException r = expectError(remote, sql);
          SQLException e = expectError(embedded, sql);
          table.add("| " + c.getKey() + " | " + r.getSQLState() + " | " + r.getMessage() + " |");
          checkClean(c.getKey() + " (remote)", r, sql, state);
          checkClean(c.getKey() + " (embedded)", e, sql, state);
        }
        // Remote only: the server's limits and its read-only rule.
        Map<String, String[]> remoteOnly = new LinkedHashMap<>();
        remoteOnly.put("timeout", new String[] {
            "select count(*) from big.items, big.fc2", BoundaryErrors.CANCELLED});
        remoteOnly.put("over budget", new String[] {RUNAWAY, BoundaryErrors.OVER_BUDGET});
        remoteOnly.put("read-only", new String[] {"delete from tiny.items",
            BoundaryErrors.READ_ONLY});
        for (Map.Entry<String, String[]> c : remoteOnly.entrySet()) {
          String sql = c.getValue()[0];
          long begin = System.nanoTime();
          SQLException r = expectError(remote, sql);
          double seconds = (System.nanoTime() - begin) / 1e9;
          table.add("| " + c.getKey() + " | " + r.getSQLState() + " | " + r.getMessage()
              + " |");
          checkClean(c.getKey(), r, sql, c.getValue()[1]);
          assertTrue(seconds < ERRORS_TIMEOUT_SECONDS + 4, c.getKey() + " took " + seconds
              + " s");
        }
        SQLException overBudget = expectError(remote, RUNAWAY);
        assertTrue(overBudget.getMessage().contains("./boundary materialize"),
            overBudget.getMessage());
        assertTrue(overBudget.getMessage().contains("would take about"),
            overBudget.getMessage());
      }
      Properties sneaky = new Properties();
      sneaky.setProperty("model", "inline:{}");
      // The remote driver throws its unchecked exception when a connection is refused.
      AvaticaClientRuntimeException refused = assertThrows(AvaticaClientRuntimeException.class,
          () -> connect(server, sneaky).close());
      table.add("| refused property | " + refused.getSqlState() + " | " + refused.getMessage()
          + " |");
      assertEquals(BoundaryErrors.AUTHORIZATION, refused.getSqlState(), refused.getMessage());
    }
    table.forEach(line -> System.out.println("errors: " + line));
  }

  /**
   * A client that times out leaves a computation no one waits for: it stops within a second.
   * Prints the CPU the sampler threads used after the client got its error.
   */
  @Test @Timeout(30) void timeoutStopsTheComputationItWaitsFor() throws Exception {
    try (BoundaryServer server = BoundaryServer.start(catalog, dir.resolve("cache-timeout"),
        "127.0.0.1", 0, null,
        new BoundaryServer.Limits(1, Double.POSITIVE_INFINITY));
         Connection c = connect(server)) {
      long begin = System.nanoTime();
      SQLException e = expectError(c, RUNAWAY);
      double waited = (System.nanoTime() - begin) / 1e9;
      assertEquals(BoundaryErrors.CANCELLED, e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("query timeout of 1 s"), e.getMessage());
      assertTrue(waited < 3, "timed out after " + waited + " s");
      double cpu = samplerCpuSeconds(2000);
      System.out.printf("faults: timeout after %.2f s; sampler CPU in the 2 s after: %.3f s%n",
          waited, cpu);
      assertTrue(cpu < 0.5, "abandoned computation used " + cpu + " s of CPU");
      // The server still answers, and the sample is not listed: it was never completed.
      assertEquals(tiny.items, single(c, "select count(*) from tiny.items"));
      assertEquals(0, single(c, "select count(*) from boundary.samples where store = 'big'"));
    }
  }

  /** A client that closes its connection mid-computation: the computation stops. */
  @Test @Timeout(30) void closedConnectionStopsTheComputation() throws Exception {
    try (BoundaryServer server = BoundaryServer.start(catalog, dir.resolve("cache-close"),
        "127.0.0.1", 0, null, new BoundaryServer.Limits(60, Double.POSITIVE_INFINITY))) {
      Connection c = connect(server);
      AtomicReference<Throwable> outcome = new AtomicReference<>();
      Thread client = new Thread(() -> {
        try {
          single(c, RUNAWAY);
        } catch (Throwable t) {
          outcome.set(t);
        }
      }, "leaving-client");
      client.setDaemon(true);
      client.start();
      assertTrue(waitFor(ServerFaultTest::sampling, 10_000), "computation never started");
      c.close();
      double cpu = samplerCpuSeconds(2000);
      System.out.printf("faults: sampler CPU in the 2 s after the client closed: %.3f s%n",
          cpu);
      assertTrue(cpu < 0.5, "abandoned computation used " + cpu + " s of CPU");
      assertTrue(waitFor(() -> !sampling(), 2000), "still computing");
      client.join(10_000);
      assertFalse(client.isAlive(), "client still waiting");
    }
  }

  /**
   * A client whose process is killed (kill -9) while its query waits for a computation, over
   * HTTP and HTTPS: the server sees the connection close and the computation stops within a
   * second or two, long before the query timeout of 60 s; the server goes on answering.
   */
  @ParameterizedTest @ValueSource(booleans = {false, true}) @Timeout(90)
  void killedClientStopsTheComputation(boolean https) throws Exception {
    TestKeystores keys = https
        ? new TestKeystores(Files.createDirectories(dir.resolve("keys"))) : null;
    try (BoundaryServer server = BoundaryServer.start(catalog,
        dir.resolve("cache-killed-" + https), "127.0.0.1", 0, null,
        https ? ServerTls.read(keys.keystore, keys.passwordFile) : null,
        new BoundaryServer.Limits(60, Double.POSITIVE_INFINITY))) {
      String url = server.jdbcUrl() + (https ? keys.trustUrlSuffix() : "");
      Process client = RemoteServer.startClient(url, RUNAWAY);
      try {
        assertTrue(waitFor(ServerFaultTest::sampling, 30_000), "computation never started");
      } finally {
        client.destroyForcibly();
      }
      assertTrue(client.waitFor(10, TimeUnit.SECONDS), "the client did not die");
      long begin = System.nanoTime();
      assertTrue(waitFor(() -> !sampling(), 5000), "still computing");
      double stopped = (System.nanoTime() - begin) / 1e9;
      double cpu = samplerCpuSeconds(2000);
      System.out.printf("faults: computation stopped %.2f s after its client was killed"
          + " (%s); sampler CPU in the 2 s after: %.3f s%n", stopped, https ? "HTTPS" : "HTTP",
          cpu);
      assertTrue(cpu < 0.5, "abandoned computation used " + cpu + " s of CPU");
      try (Connection c = DriverManager.getConnection(url)) {
        assertEquals(tiny.items, single(c, "select count(*) from tiny.items"));
        assertEquals(0, single(c, "select count(*) from boundary.samples where store = 'big'"));
      }
    }
  }

  /**
   * Sixteen clients with think time, once alone and once beside a runaway computation on the
   * same server: the runaway takes one pool thread (a core) and the clients are still served.
   * The p99 ratio is printed, not asserted tightly: on a shared 2-core machine it is the load's,
   * not the server's (a 10× bound catches starvation, as a queue behind the runaway would be).
   */
  @Test @Timeout(60) void runawayComputationLeavesNormalClientsAlone() throws Exception {
    try (BoundaryServer server = BoundaryServer.start(catalog, dir.resolve("cache-runaway"),
        "127.0.0.1", 0, null, new BoundaryServer.Limits(60, Double.POSITIVE_INFINITY))) {
      try (Connection warm = connect(server)) {
        for (int k = 0; k < NORMAL_QUERIES; k++) {
          normalQuery(warm, k);
        }
      }
      double alone = p99OfClients(server, 16, 3000);
      Connection runaway = connect(server);
      Thread thread = new Thread(() -> {
        try {
          single(runaway, RUNAWAY);
        } catch (SQLException e) {
          // closed below
        }
      }, "runaway-client");
      thread.setDaemon(true);
      thread.start();
      assertTrue(waitFor(ServerFaultTest::sampling, 10_000), "runaway never started");
      try (Connection watcher = connect(server)) {
        // Clients see the computation, and who waits for it, in boundary.samples (running()
        // counts the whole JVM's pool: the runaway may start a moment later).
        assertTrue(waitFor(() -> waitingQueries(watcher) == 1, 10_000),
            "boundary.samples does not show the runaway computing for one query");
      }
      double beside = p99OfClients(server, 16, 3000);
      assertTrue(COMPUTATIONS.running("sample"), "runaway stopped before the clients");
      runaway.close();
      System.out.printf("faults: 16 clients' p99 alone %.1f ms, beside a runaway %.1f ms%n",
          alone, beside);
      assertTrue(beside <= 10 * Math.max(alone, 100), "p99 " + beside + " ms beside a runaway, "
          + alone + " ms alone");
      assertTrue(waitFor(() -> !sampling(), 3000), "runaway still computing");
    }
  }

  /** A sample file that cannot be written: the query is answered from memory, with a warning. */
  @Test @Timeout(30) void answersWhenTheSampleFileCannotBeWritten() throws Exception {
    Path cache = Files.createDirectories(dir.resolve("cache-unwritable"));
    // A file where the store's cache directory should be: every write fails with IOException.
    Files.writeString(cache.resolve("tiny"), "not a directory");
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    Logger logger = Logger.getLogger("org.boundarysql.sample.cache.SampleFile");
    Handler handler = new Handler() {
      @Override public void publish(LogRecord record) {
        warnings.add(record.getLevel() + " " + record.getMessage());
      }

      @Override public void flush() {
      }

      @Override public void close() {
      }
    };
    logger.addHandler(handler);
    try (BoundaryServer server = BoundaryServer.start(catalog, cache, "127.0.0.1", 0, null);
         Connection c = connect(server)) {
      long expected = tiny.sampleIds("uniform", 0.1, 0.7, 0).size();
      String sql = "select count(*) from tiny.fc2 tablesample boundary('uniform', 0.1)";
      assertEquals(expected, single(c, sql));
      assertEquals(expected, single(c, sql), "again, from memory");
      assertTrue(warnings.stream().anyMatch(w -> w.startsWith("WARNING cannot cache sample")),
          warnings.toString());
      System.out.println("faults: unwritable cache: " + warnings);
    } finally {
      logger.removeHandler(handler);
    }
  }

  /**
   * A layer file replaced (renamed over) while queries read it: the server stays up; every
   * query answers from one consistent version of the file or fails with a clean error.
   */
  @Test @Timeout(60) void survivesALayerFileReplacedUnderAQuery() throws Exception {
    Path own = Files.createDirectories(dir.resolve("catalog-replaced"));
    TestCatalog first = new TestCatalog(own, "store", 50_000, 4, 21, Map.of());
    Path other = Files.createDirectories(dir.resolve("other"));
    new TestCatalog(other, "store", 50_000, 4, 22, Map.of());
    double sumFirst = 0;
    for (float[] row : first.layers.get("fc2")) {
      for (float v : row) {
        sumFirst += v;
      }
    }
    try (BoundaryServer server = BoundaryServer.start(own, dir.resolve("cache-replaced"),
        "127.0.0.1", 0, null);
         Connection c = connect(server)) {
      String sql = "select sum(v) from store.fc2, unnest(activation) as a(v)";
      ConcurrentLinkedQueue<String> outcomes = new ConcurrentLinkedQueue<>();
      Thread reader = new Thread(() -> {
        try (Connection r = connect(server)) {
          for (int i = 0; i < 20; i++) {
            try (Statement s = r.createStatement(); ResultSet rows = s.executeQuery(sql)) {
              rows.next();
              outcomes.add("sum " + rows.getDouble(1));
            } catch (SQLException e) {
              outcomes.add("error " + e.getSQLState() + " " + e.getMessage());
            }
          }
        } catch (SQLException e) {
          outcomes.add("connect " + e);
        }
      }, "layer-reader");
      reader.start();
      // Replace the file once queries are under way, not after a guessed time.
      assertTrue(waitFor(() -> !outcomes.isEmpty(), 20_000), "no query answered");
      Path replacement = own.resolve("store").resolve("fc2.npy.new");
      Files.copy(other.resolve("store").resolve("fc2.npy"), replacement);
      Files.move(replacement, own.resolve("store").resolve("fc2.npy"),
          StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      reader.join(45_000);
      assertFalse(reader.isAlive(), "reader stuck");
      System.out.println("faults: layer replaced under queries: " + outcomes);
      for (String outcome : outcomes) {
        assertFalse(outcome.startsWith("connect"), outcome);
        if (outcome.startsWith("error")) {
          assertFalse(outcome.contains("00000") || outcome.contains("XX000"), outcome);
        }
      }
      // The server is up and answers.
      assertEquals(1, single(c, "select 1"));
      assertTrue(Math.abs(sumFirst) > 0);
    }
  }

  /**
   * Normal query {@code k} of {@link #NORMAL_QUERIES}: counts by label, point queries, a filter;
   * few distinct texts, so the server compiles each once.
   */
  private static void normalQuery(Connection c, int k) throws SQLException {
    if (k < 4) {
      single(c, "select count(*) from tiny.items where label = " + k);
    } else if (k < 8) {
      single(c, "select count(*) from tiny.fc2 where id = " + tiny.ids[k - 4]);
    } else {
      single(c, "select count(*) from tiny.conv where not correct");
    }
  }

  /** The p99 latency in ms of {@code clients} clients querying with 20 ms think time. */
  private static double p99OfClients(BoundaryServer server, int clients, long millis)
      throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      int id = i;
      Thread thread = new Thread(() -> {
        Random random = new Random(id);
        try (Connection c = connect(server)) {
          while (System.nanoTime() < end) {
            long begin = System.nanoTime();
            normalQuery(c, random.nextInt(NORMAL_QUERIES));
            latencies.add(System.nanoTime() - begin);
            Thread.sleep(20);
          }
        } catch (Exception e) {
          errors.add(e.toString());
        }
      }, "normal-client-" + i);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join(millis + 20_000);
      if (thread.isAlive()) {
        fail(thread.getName() + " stuck");
      }
    }
    assertTrue(errors.isEmpty(), errors.toString());
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    System.out.printf("faults: %d clients, %d queries, p50 %.1f ms, max %.1f ms%n", clients,
        sorted.size(), sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
    assertTrue(sorted.size() >= clients, "only " + sorted.size() + " queries");
    return sorted.get((int) Math.floor(0.99 * (sorted.size() - 1))) / 1e6;
  }

  private static SQLException expectError(Connection c, String sql) {
    return assertThrows(SQLException.class, () -> {
      try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
        while (rows.next()) {
          rows.getObject(1);
        }
      }
    }, sql);
  }

  private static void checkClean(String name, SQLException e, String sql, String state) {
    String message = e.getMessage();
    assertNotNull(message, name);
    assertEquals(state, e.getSQLState(), name + ": " + message);
    int at = message.indexOf(sql);
    assertTrue(at < 0 || message.indexOf(sql, at + 1) < 0, name + ": SQL twice: " + message);
    // "Remote driver error: " is the remote driver's own prefix of every server error.
    for (String noise : new String[] {"RuntimeException", " -> ",
        "(00000)", "\n\tat "}) {
      assertFalse(message.contains(noise), name + ": " + message);
    }
  }

  /** Whether a sample computation runs now, as the log of computations says. */
  private static boolean sampling() {
    return COMPUTATIONS.running("sample");
  }

  /** Queries waiting for store big's computing sample, as boundary.samples says; -1 if none. */
  private static long waitingQueries(Connection connection) {
    try (Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("select waiting_queries from boundary.samples"
             + " where store = 'big' and state = 'computing' and size is null")) {
      return rows.next() ? rows.getLong(1) : -1;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
