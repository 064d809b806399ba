/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.boundarysql.adapter.ComputationLog;
import org.boundarysql.adapter.TestCatalog;

import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.boundarysql.adapter.ComputationLog.waitFor;
import static org.boundarysql.server.ServerWork.flightStreams;
import static org.boundarysql.server.ServerWork.samplerCpuSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Flight SQL endpoint under faults, through Arrow's client on loopback: the query timeout,
 * the sample budget, a client that cancels (the call, the stream, or CancelFlightInfo) and a
 * client process killed mid-computation and mid-stream. Each time the work stops (no sampler
 * CPU, no stream left, Arrow memory back to none) and the server goes on answering. A large
 * result streams through a few batches of memory.
 */
class FlightFaultTest {
  /** A sample no query should wait for: hours of VAS interchanges on store big. */
  private static final String RUNAWAY =
      "select count(*) from big.items tablesample boundary('vas', 0.5)";
  /** A query whose execution (not its planning) is long: a cross join counted row by row. */
  private static final String LONG_EXECUTION = "select count(*) from big.items, big.fc2";
  /** Items and width of the wide layer, a result much larger than a batch. */
  private static final int WIDE_ITEMS = 6_000;
  private static final int WIDE_WIDTH = 4_096;

  private static final ComputationLog COMPUTATIONS = new ComputationLog();

  @TempDir static Path dir;
  static Path catalog;
  static TestCatalog tiny;

  @BeforeAll static void writeCatalog() throws Exception {
    catalog = Files.createDirectories(dir.resolve("catalog"));
    tiny = new TestCatalog(catalog, "tiny", 300, 3, 7, Map.of());
    new TestCatalog(catalog, "big", 200_000, 10, 11, Map.of());
    new TestCatalog(catalog, "wide", WIDE_ITEMS, 3, 13,
        Map.of("layer", new int[] {WIDE_WIDTH}));
  }

  @AfterAll static void noComputationLeft() throws InterruptedException {
    waitFor(() -> !sampling(), 3000);
  }

  /** Whether a sample computation runs now, as the log of computations says. */
  private static boolean sampling() {
    return COMPUTATIONS.running("sample");
  }

  private static BoundaryServer start(String cache, double timeout, double budget)
      throws Exception {
    return BoundaryServer.start(catalog, dir.resolve(cache), BoundaryServer.LOOPBACK, 0, null,
        null, new BoundaryServer.Limits(timeout, budget), 0);
  }

  /** The query timeout: TIMED_OUT, in planning (a sample) and in execution; the work stops. */
  @Test @Timeout(60) void timeoutStopsTheWork() throws Exception {
    try (BoundaryServer server = start("cache-timeout", 1, Double.POSITIVE_INFINITY);
         FlightTestClient client = new FlightTestClient(server)) {
      for (String sql : new String[] {RUNAWAY, LONG_EXECUTION}) {
        long begin = System.nanoTime();
        FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
            () -> client.query(sql));
        double waited = (System.nanoTime() - begin) / 1e9;
        assertEquals(FlightStatusCode.TIMED_OUT, e.status().code(), e.toString());
        assertTrue(e.status().description().contains("query timeout of 1 s")
            && e.status().description().endsWith("(SQLSTATE 57014)"), e.status().description());
        assertTrue(waited < 5, sql + " timed out after " + waited + " s");
        assertTrue(waitFor(() -> server.running().count() == 0, 2000), "still running");
      }
      double cpu = samplerCpuSeconds(1500);
      assertTrue(cpu < 0.5, "abandoned computation used " + cpu + " s of CPU");
      assertEquals(java.util.List.of(java.util.List.of((long) tiny.items)),
          client.query("select count(*) from tiny.items").rows());
    }
  }

  /** A sample over the budget is refused at once with RESOURCE_EXHAUSTED and a cheaper way. */
  @Test @Timeout(30) void overBudget() throws Exception {
    try (BoundaryServer server = start("cache-budget", 60, 1);
         FlightTestClient client = new FlightTestClient(server)) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
          () -> client.query(RUNAWAY));
      assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, e.status().code(), e.toString());
      assertTrue(e.status().description().contains("./boundary materialize")
          && e.status().description().endsWith("(SQLSTATE 54000)"), e.status().description());
    }
  }

  /**
   * A client that gives up on a call (its deadline) while the server computes a sample for it:
   * the computation stops, long before the query timeout.
   */
  @Test @Timeout(60) void cancelledCallStopsTheComputation() throws Exception {
    try (BoundaryServer server = start("cache-deadline", 60, Double.POSITIVE_INFINITY);
         FlightTestClient client = new FlightTestClient(server)) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
          () -> client.sql().execute(RUNAWAY, CallOptions.timeout(2, TimeUnit.SECONDS)));
      assertEquals(FlightStatusCode.TIMED_OUT, e.status().code(), e.toString());
      assertTrue(waitFor(() -> !sampling(), 3000), "still computing");
      double cpu = samplerCpuSeconds(1500);
      assertTrue(cpu < 0.5, "abandoned computation used " + cpu + " s of CPU");
    }
  }

  /** CancelFlightInfo stops a query whose stream runs, with CANCELLED. */
  @Test @Timeout(60) void cancelFlightInfoStopsTheStream() throws Exception {
    try (BoundaryServer server = start("cache-cancel", 60, Double.POSITIVE_INFINITY);
         FlightTestClient client = new FlightTestClient(server)) {
      FlightInfo info = client.sql().execute(LONG_EXECUTION);
      AtomicReference<Throwable> outcome = new AtomicReference<>();
      Thread reader = new Thread(() -> {
        try {
          client.read(info);
        } catch (Throwable t) {
          outcome.set(t);
        }
      }, "flight-reader");
      reader.start();
      assertTrue(waitFor(() -> server.running().count() > 0, 10_000), "never ran");
      client.sql().cancelFlightInfo(new CancelFlightInfoRequest(info));
      reader.join(10_000);
      assertFalse(reader.isAlive(), "the stream did not end");
      FlightRuntimeException e = (FlightRuntimeException) outcome.get();
      assertNotNull(e, "the stream ended without error");
      assertEquals(FlightStatusCode.CANCELLED, e.status().code(), e.toString());
      assertTrue(e.status().description().endsWith("(SQLSTATE 57014)"), e.toString());
      assertTrue(waitFor(() -> server.running().count() == 0 && flightStreams() == 0, 2000),
          "still running");
    }
  }

  /**
   * A result of {@value #WIDE_ITEMS} × {@value #WIDE_WIDTH} floats (98 MB) read slowly streams
   * through a few batches of the server's memory; the rows are as written.
   */
  @Test @Timeout(120) void largeResultStreamsInLittleMemory() throws Exception {
    TestCatalog wide = new TestCatalog(Files.createDirectories(dir.resolve("check")), "wide",
        WIDE_ITEMS, 3, 13, Map.of("layer", new int[] {WIDE_WIDTH}));
    try (BoundaryServer server = start("cache-wide", 60, Double.POSITIVE_INFINITY);
         FlightTestClient client = new FlightTestClient(server)) {
      long heapBefore = usedHeap();
      FlightInfo info = client.sql().execute("select id, activation from wide.layer");
      long rows = 0;
      long bytes = 0;
      try (FlightStream stream = client.sql().getStream(info.getEndpoints().get(0)
          .getTicket())) {
        while (stream.next()) {
          var root = stream.getRoot();
          for (int r = 0; r < root.getRowCount(); r++, rows++) {
            var values = (java.util.List<?>) root.getVector(1).getObject(r);
            float[] written = wide.layers.get("layer")[wide.row((Long) root.getVector(0)
                .getObject(r))];
            assertEquals(written[0], values.get(0));
            assertEquals(written[WIDE_WIDTH - 1], values.get(WIDE_WIDTH - 1));
          }
          bytes += (long) root.getRowCount() * WIDE_WIDTH * Float.BYTES;
          Thread.sleep(20); // a slow reader: the server waits for it
        }
      }
      long peak = server.flight().arrowMemoryPeak();
      long heapGrowth = usedHeap() - heapBefore;
      System.out.printf("flight memory: %.1f MB streamed; server Arrow memory peak %.1f MB;"
          + " heap growth %.1f MB%n", bytes / 1e6, peak / 1e6, heapGrowth / 1e6);
      assertEquals(WIDE_ITEMS, rows);
      assertTrue(peak < bytes / 4, "Arrow memory peaked at " + peak + " for " + bytes);
      assertTrue(waitFor(() -> server.flight().arrowMemory() == 0, 5000),
          "Arrow memory still held: " + server.flight().arrowMemory());
    }
  }

  /** A client stream cancelled after its first batch: the stream ends, its memory returns. */
  @Test @Timeout(60) void cancelledStreamEnds() throws Exception {
    try (BoundaryServer server = start("cache-cancelled-stream", 60, Double.POSITIVE_INFINITY);
         FlightTestClient client = new FlightTestClient(server)) {
      FlightInfo info = client.sql().execute("select id, activation from wide.layer");
      try (FlightStream stream = client.sql().getStream(info.getEndpoints().get(0)
          .getTicket())) {
        assertTrue(stream.next());
        assertTrue(flightStreams() > 0, "no stream running");
        stream.cancel("enough", null);
      }
      assertTrue(waitFor(() -> flightStreams() == 0 && server.flight().arrowMemory() == 0, 5000),
          "stream still running");
    }
  }

  /**
   * A client process killed (kill -9) while the server computes a sample for it, then one
   * killed mid-stream: the computation stops, the stream ends and frees its memory, long before
   * the query timeout; the server goes on answering.
   */
  @Test @Timeout(120) void killedClientLeavesNoWork() throws Exception {
    try (BoundaryServer server = start("cache-killed", 60, Double.POSITIVE_INFINITY);
         FlightTestClient client = new FlightTestClient(server)) {
      Process planning = FlightClientProcess.start("plan", server.flight().url(), RUNAWAY);
      try {
        assertTrue(waitFor(() -> sampling(), 30_000), "never computed");
      } finally {
        planning.destroyForcibly();
      }
      assertTrue(planning.waitFor(10, TimeUnit.SECONDS), "the client did not die");
      long begin = System.nanoTime();
      assertTrue(waitFor(() -> !sampling(), 5000), "still computing");
      double stopped = (System.nanoTime() - begin) / 1e9;
      double cpu = samplerCpuSeconds(1500);
      assertTrue(cpu < 0.5, "abandoned computation used " + cpu + " s of CPU");

      Process streaming = FlightClientProcess.start("stream", server.flight().url(),
          "select id, activation from wide.layer");
      try (BufferedReader out = new BufferedReader(new InputStreamReader(
          streaming.getInputStream(), StandardCharsets.UTF_8))) {
        assertEquals("streaming", out.readLine());
        assertTrue(waitFor(() -> flightStreams() > 0, 5000), "no stream running");
      } finally {
        streaming.destroyForcibly();
      }
      assertTrue(streaming.waitFor(10, TimeUnit.SECONDS), "the client did not die");
      long streamBegin = System.nanoTime();
      assertTrue(waitFor(() -> flightStreams() == 0 && server.flight().arrowMemory() == 0, 5000),
          "stream still running, Arrow memory " + server.flight().arrowMemory());
      System.out.printf("flight faults: computation stopped %.2f s after its client was killed;"
          + " stream ended %.2f s after its client was killed%n", stopped,
          (System.nanoTime() - streamBegin) / 1e9);
      assertEquals(java.util.List.of(java.util.List.of((long) tiny.items)),
          client.query("select count(*) from tiny.items").rows());
    }
  }

  private static long usedHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
