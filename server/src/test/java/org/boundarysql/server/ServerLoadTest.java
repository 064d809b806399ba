/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.boundarysql.adapter.ComputationLog;
import org.boundarysql.adapter.TestCatalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.boundarysql.server.BoundaryServerTest.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sixteen remote clients at once, each on its own connection, each running a fixed number of
 * queries. Each starts with the same first-time BOUNDARY sample (so sixteen requests for a spec
 * arrive together), then mixes full-table aggregates (over items and over every activation
 * value), point queries and filters. Every answer is checked against the test's arrays; every
 * client's sample against the sampler's own choice on those arrays; the server computed that
 * sample exactly once. Every wait is bounded: a deadlock fails the test instead of hanging the
 * build. Prints throughput and latency percentiles; asserts answers, not timings.
 */
class ServerLoadTest {
  private static final int CLIENTS = 16;
  /**
   * Queries per client, the first of them the BOUNDARY sample; client c then runs queries
   * (c + 1) … (c + 5) of the mix of 7, so every query runs under load.
   */
  private static final int QUERIES_PER_CLIENT = 6;
  /** How long the clients may take in all before the test fails (a hang, not slowness). */
  private static final long TIMEOUT_SECONDS = 60;

  @TempDir static Path dir;

  /** One query of the mix: its SQL and the check of its answer. */
  private interface Query {
    String name();

    void run(Connection connection, Random random) throws SQLException;
  }

  @Test void servesSixteenClientsAtOnce() throws Exception {
    Path catalog = Files.createDirectories(dir.resolve("catalog"));
    Path cache = dir.resolve("cache");
    TestCatalog tiny = new TestCatalog(catalog, "tiny", 1000, 5, 3,
        Map.of("conv", new int[] {16, 5, 5}));
    // The sampler's own choice on the test's arrays: 5% of 1,000 items = 50 ids.
    Set<Long> expectedSample = tiny.sampleIds("maxmargin", 0.05, 0.7, 0);
    assertEquals(50, expectedSample.size());
    List<Query> queries = mix(tiny, expectedSample);
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    List<List<long[]>> latencies = new ArrayList<>();
    try (ComputationLog computations = new ComputationLog();
         BoundaryServer server = BoundaryServer.start(catalog, cache, "127.0.0.1", 0, null)) {
      try (Connection connection = RemoteServer.connect(server)) {
        // Warm up the JVM on everything but the sample, which the clients ask for first.
        for (Query query : queries.subList(1, queries.size())) {
          long begin = System.nanoTime();
          query.run(connection, new Random(0));
          System.out.printf("load: first %s: %.1f ms%n", query.name(),
              (System.nanoTime() - begin) / 1e6);
        }
      }
      assertEquals(0, computations.started("sample"), "no sample yet");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      CountDownLatch connected = new CountDownLatch(CLIENTS);
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int client = 0; client < CLIENTS; client++) {
        List<long[]> mine = Collections.synchronizedList(new ArrayList<>());
        latencies.add(mine);
        int id = client;
        Thread thread = new Thread(() -> {
          Random random = new Random(id);
          try (Connection connection = RemoteServer.connect(server)) {
            connected.countDown();
            if (!start.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
              errors.add("client " + id + ": never started");
              return;
            }
            for (int i = 0; i < QUERIES_PER_CLIENT; i++) {
              int q = i == 0 ? 0 : (id + i) % queries.size();
              Query query = queries.get(q);
              long begin = System.nanoTime();
              try {
                query.run(connection, random);
                mine.add(new long[] {q, System.nanoTime() - begin});
              } catch (SQLException | AssertionError e) {
                errors.add("client " + id + ", " + query.name() + ": " + e);
              }
            }
          } catch (Exception e) {
            errors.add("client " + id + ": " + e);
            connected.countDown();
          }
        }, "load-client-" + client);
        thread.setDaemon(true); // a client stuck in a deadlock must not keep the JVM alive
        thread.start();
        threads.add(thread);
      }
      long connecting = System.nanoTime();
      assertTrue(connected.await(remaining(deadline), TimeUnit.NANOSECONDS),
          "clients still connecting after " + TIMEOUT_SECONDS + " s: "
              + connected.getCount() + " of " + CLIENTS);
      System.out.printf("load: %d clients connected in %.1f s%n", CLIENTS,
          (System.nanoTime() - connecting) / 1e9);
      long begin = System.nanoTime();
      start.countDown();
      for (Thread thread : threads) {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))));
        if (thread.isAlive()) {
          Throwable stuck = new Throwable(thread.getName() + " stack");
          stuck.setStackTrace(thread.getStackTrace());
          threads.forEach(Thread::interrupt);
          fail(thread.getName() + " still running after " + TIMEOUT_SECONDS
              + " s (a deadlock?)", stuck);
        }
      }
      long elapsed = System.nanoTime() - begin;
      assertTrue(errors.isEmpty(), errors.size() + " errors, first: " + errors.peek());
      report(queries, latencies, elapsed);
      for (int client = 0; client < CLIENTS; client++) {
        assertEquals(QUERIES_PER_CLIENT, latencies.get(client).size(),
            "queries answered for client " + client);
      }
      // Sixteen concurrent first requests for the spec computed it once: one computation,
      // one listed sample, not read from disk (the cache directory was empty), of 50 items.
      assertEquals(1, computations.started("sample"),
          "samples computed by the server");
      try (Connection connection = RemoteServer.connect(server);
           Statement s = connection.createStatement();
           ResultSet samples = s.executeQuery("select sampler, fraction, j, seed, size,"
               + " from_disk from boundary.samples where store = 'tiny'")) {
        assertTrue(samples.next(), "no sample listed");
        assertEquals("maxmargin", samples.getString(1));
        assertEquals(0.05, samples.getDouble(2));
        assertEquals(0.7, samples.getDouble(3));
        assertEquals(0, samples.getLong(4));
        assertEquals(50, samples.getInt(5));
        assertFalse(samples.getBoolean(6));
        assertFalse(samples.next(), "one spec, but more than one sample");
      }
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  /** The queries; the first is the BOUNDARY sample, which must hold {@code expectedSample}. */
  private static List<Query> mix(TestCatalog tiny, Set<Long> expectedSample) {
    float[][] conv = tiny.layers.get("conv");
    float[][] fc2 = tiny.layers.get("fc2");
    long labelSum = Arrays.stream(tiny.labels).sum();
    Map<Integer, Long> wrongByLabel = new TreeMap<>();
    long above = 0;
    float max5 = Float.NEGATIVE_INFINITY;
    long testActive = 0;
    for (int i = 0; i < tiny.items; i++) {
      if (tiny.labels[i] != tiny.predicted[i]) {
        wrongByLabel.merge(tiny.labels[i], 1L, Long::sum);
      }
      for (float v : conv[i]) {
        above += v > 1.5 ? 1 : 0;
      }
      max5 = Math.max(max5, conv[i][4]);
      testActive += tiny.splits[i].equals("test") && fc2[i][1] > 1.0 ? 1 : 0;
    }
    long allAbove = above;
    float maxOf5 = max5;
    long activeInTest = testActive;
    return List.of(
        query("BOUNDARY sample, one spec (every client's first query)", (c, r) -> {
          Set<Long> sample = new TreeSet<>();
          try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
              "select id from tiny.conv tablesample boundary('maxmargin', 0.05, 0.7)")) {
            while (rows.next()) {
              assertTrue(sample.add(rows.getLong(1)), "an id twice");
            }
          }
          assertEquals(expectedSample, sample, "not the sampler's choice");
        }),
        query("count and sum of items", (c, r) -> {
          long[] row = longs(c, "select count(*), sum(label) from tiny.items");
          assertEquals(tiny.items, row[0]);
          assertEquals(labelSum, row[1]);
        }),
        query("every activation value above 1.5 (unnest)", (c, r) ->
            assertEquals(allAbove, longs(c, "select count(*) from tiny.conv,"
                + " unnest(activation) as a(v) where v > 1.5")[0])),
        query("misclassified per label", (c, r) -> {
          Map<Integer, Long> answer = new TreeMap<>();
          try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
              "select label, count(*) from tiny.conv where not correct group by label")) {
            while (rows.next()) {
              answer.put(rows.getInt(1), rows.getLong(2));
            }
          }
          assertEquals(wrongByLabel, answer);
        }),
        query("max of neuron 4", (c, r) -> {
          try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
              "select max(activation[5]) from tiny.conv")) {
            assertTrue(rows.next());
            assertEquals(maxOf5, rows.getFloat(1));
          }
        }),
        query("activation of one item (prepared)", (c, r) -> {
          int i = r.nextInt(tiny.items);
          try (PreparedStatement s = c.prepareStatement(
              "select activation from tiny.conv where id = ?")) {
            s.setLong(1, tiny.ids[i]);
            try (ResultSet rows = s.executeQuery()) {
              assertTrue(rows.next());
              assertArrayEquals(conv[i], floats((Object[]) rows.getArray(1).getArray()));
              assertFalse(rows.next(), "one row per id");
            }
          }
        }),
        query("filter on split and neuron 1", (c, r) ->
            assertEquals(activeInTest, longs(c, "select count(*) from tiny.fc2"
                + " where split = 'test' and activation[2] > 1.0")[0])));
  }

  private static Query query(String name, Check check) {
    return new Query() {
      @Override public String name() {
        return name;
      }

      @Override public void run(Connection connection, Random random) throws SQLException {
        check.run(connection, random);
      }
    };
  }

  /** The check of one query. */
  private interface Check {
    void run(Connection connection, Random random) throws SQLException;
  }

  private static long[] longs(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      assertTrue(rows.next());
      long[] values = new long[rows.getMetaData().getColumnCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = rows.getLong(i + 1);
      }
      return values;
    }
  }

  private static void report(List<Query> queries, List<List<long[]>> latencies, long elapsed) {
    List<Long> all = new ArrayList<>();
    List<List<Long>> byQuery = new ArrayList<>();
    queries.forEach(q -> byQuery.add(new ArrayList<>()));
    for (List<long[]> client : latencies) {
      for (long[] sample : client) {
        all.add(sample[1]);
        byQuery.get((int) sample[0]).add(sample[1]);
      }
    }
    Runtime runtime = Runtime.getRuntime();
    System.out.printf("load: %d clients, %.1f s, %d queries, %.1f queries/s, heap used %d MiB"
            + " of %d MiB, %d processors%n", CLIENTS, elapsed / 1e9, all.size(),
        all.size() / (elapsed / 1e9), (runtime.totalMemory() - runtime.freeMemory()) >> 20,
        runtime.maxMemory() >> 20, runtime.availableProcessors());
    System.out.println("load: all queries " + percentiles(all));
    for (int q = 0; q < queries.size(); q++) {
      System.out.println("load: " + queries.get(q).name() + " " + percentiles(byQuery.get(q)));
    }
  }

  private static String percentiles(List<Long> nanos) {
    if (nanos.isEmpty()) {
      return "(none)";
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return String.format("n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms", sorted.size(),
        at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6);
  }

  private static double at(List<Long> sorted, double quantile) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size())))
        / 1e6;
  }
}
