/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.server.BoundaryServer;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Activations fetched from a server on loopback, in one run: the loopback floor (one socket
 * between two processes), Avatica ({@code REAL ARRAY}, {@code ACTIVATION_BYTES}) and Flight SQL
 * with a Java and a Python client, each in a process of its own, on the same rows and on the
 * store's largest layer whole; the time to the first batch of a small query; and the server's
 * memory while it streams that layer.
 */
final class FetchBench {
  /** Bytes per round of the loopback floor. */
  private static final long FLOOR_BYTES = 1L << 30;

  /**
   * Activation bytes fetched by one client, one way, the time of each run, and the CPU seconds
   * per GB the client and the server spent (NaN where not measured).
   */
  record Fetch(String way, String client, String data, long bytes, Timing timing,
      double clientCpuPerGigabyte, double serverCpuPerGigabyte) {
    double megabytesPerSecond() {
      return bytes / (timing.median() * 1e3);
    }
  }

  /** What a client process printed: per timed run bytes, seconds, first batch, CPU seconds. */
  private record ClientRuns(List<double[]> runs, double serverCpuSeconds, int allRuns) {
    Fetch fetch(String way, String client, String data) {
      double bytes = runs.get(0)[0];
      return new Fetch(way, client, data, (long) bytes,
          Timing.of(runs.stream().mapToDouble(r -> r[1] * 1e3).toArray()),
          runs.stream().mapToDouble(r -> r[3]).average().orElse(Double.NaN) / bytes * 1e9,
          serverCpuSeconds / allRuns / bytes * 1e9);
    }

    Fetch firstBatch(String client) {
      return new Fetch("Flight SQL", client, "small query", (long) runs.get(0)[0],
          Timing.of(runs.stream().mapToDouble(r -> r[2] * 1e3).toArray()), Double.NaN,
          Double.NaN);
    }
  }

  /** The server's memory before and at most while a client read {@code layer} whole. */
  record Memory(String layer, long layerBytes, long anonymousBefore, long anonymousPeak,
      long heapBefore, long heapPeak, long arrowPeak) { }

  /** What the step measured; {@code python} says why Python was not measured, or null. */
  record Results(LoopbackFloor.Result floor, RemoteFetch.Rows rows,
      List<RemoteFetch.Result> avatica,
      List<Fetch> fetches, List<Fetch> firstBatches, List<Memory> memory, String python) { }

  private FetchBench() {
  }

  static Results run(Store store, BenchRoles roles, Path catalog, Path cache,
      Timing.Budget budget, Progress progress) throws Exception {
    boolean quick = budget == Timing.Budget.QUICK;
    int runs = quick ? 1 : 3;
    LoopbackFloor.Result floor = LoopbackFloor.measure(quick ? FLOOR_BYTES / 4 : FLOOR_BYTES,
        runs);
    progress.say("loopback floor: %.2f GB/s (one socket, two processes)",
        floor.gigabytesPerSecond());
    List<Layer> bySize = store.layers().stream()
        .sorted(Comparator.comparingLong(l -> -(long) l.rows() * l.width())).toList();
    Layer largest = bySize.get(0);
    RemoteFetch.Rows fetched = new RemoteFetch.Rows(store.name(), roles.wide(),
        store.layer(roles.wide()).orElseThrow().width(), roles.split());
    String rows = "select activation" + fetched.query();
    String whole = "select activation from " + store.name() + "." + largest.name();
    String small = "select id, activation from " + store.name() + "."
        + store.latentLayer().orElse(largest).name()
        + " tablesample boundary('maxmargin', 0.05) where not correct and label = 1";
    Path python = PythonEnv.python(progress);
    List<Fetch> fetches = new ArrayList<>();
    List<Fetch> firstBatches = new ArrayList<>();
    List<Memory> memory = new ArrayList<>();
    List<RemoteFetch.Result> avatica;
    try (BoundaryServer server = BoundaryServer.start(catalog, cache, BoundaryServer.LOOPBACK,
        0, null, null, BoundaryServer.Limits.DEFAULT, 0)) {
      String url = server.flight().url();
      Class.forName(BoundaryServer.REMOTE_DRIVER);
      try (Connection remote = DriverManager.getConnection(server.jdbcUrl())) {
        avatica = RemoteFetch.measure(remote, fetched, quick ? budget
            : new Timing.Budget(0, 3, 5, 2.0), progress);
        firstBatches.add(new Fetch("Avatica", "JDBC (in process)", "small query", 0,
            Timing.measure(() -> firstRow(remote, small), budget), Double.NaN, Double.NaN));
      }
      String data = fetched.describe();
      fetches.add(client("Flight SQL", "Java", data, java(url, rows, 1, runs), progress));
      String layer = String.format("%s whole (%,d × %,d)", largest.name(), largest.rows(),
          largest.width());
      // The server's memory while it streams the two largest layers: flat if alike.
      for (Layer streamed : bySize.subList(0, Math.min(2, bySize.size()))) {
        try (MemorySampler sampler = new MemorySampler(server)) {
          ClientRuns timed = java(url, "select activation from " + store.name() + "."
              + streamed.name(), streamed == largest ? 1 : 0, streamed == largest ? runs : 1);
          if (streamed == largest) {
            fetches.add(client("Flight SQL", "Java", layer, timed, progress));
          }
          memory.add(sampler.result(streamed.name(),
              (long) streamed.rows() * streamed.width() * Float.BYTES));
        }
      }
      // Clients in processes of their own warm up as long as the Avatica client in this one.
      int warmups = quick ? 5 : 300;
      int smallRuns = quick ? 5 : 50;
      firstBatches.add(java(url, small, warmups, smallRuns).firstBatch("Java"));
      if (python != null) {
        Path script = pythonScript();
        fetches.add(client("Flight SQL", "Python (pyarrow)", data,
            python(python, script, url, rows, 1, runs), progress));
        fetches.add(client("Flight SQL", "Python (pyarrow)", layer,
            python(python, script, url, whole, 1, runs), progress));
        firstBatches.add(python(python, script, url, small, warmups, smallRuns)
            .firstBatch("Python (pyarrow)"));
      }
    }
    return new Results(floor, fetched, avatica, fetches, firstBatches, memory,
        python == null ? PythonEnv.missing() : null);
  }

  private static boolean firstRow(Connection remote, String sql) throws Exception {
    try (Statement statement = remote.createStatement();
         ResultSet rows = statement.executeQuery(sql)) {
      return rows.next();
    }
  }

  private static Fetch client(String way, String client, String data, ClientRuns runs,
      Progress progress) {
    Fetch fetch = runs.fetch(way, client, data);
    progress.say("%s, %s client, %s: %.1f MB in %.0f ms, %.0f MB/s; CPU s/GB client %.2f,"
        + " server %.2f", way, client, data, fetch.bytes() / 1e6, fetch.timing().median(),
        fetch.megabytesPerSecond(), fetch.clientCpuPerGigabyte(), fetch.serverCpuPerGigabyte());
    return fetch;
  }

  private static ClientRuns java(String url, String sql, int warmups, int runs)
      throws Exception {
    return runs(new ProcessBuilder(ChildJvm.command(FlightFetchClient.class, url, sql,
        String.valueOf(warmups), String.valueOf(runs))), warmups + runs);
  }

  /** The Python client, with the README's module ({@code examples/python}) at hand. */
  private static ClientRuns python(Path python, Path script, String url, String sql,
      int warmups, int runs) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(python.toString(), script.toString(), url, sql,
        String.valueOf(warmups), String.valueOf(runs));
    builder.environment().put("PYTHONPATH",
        PythonEnv.root().resolve("examples").resolve("python").toString());
    return runs(builder, warmups + runs);
  }

  /**
   * Runs a client of {@code allRuns} runs; each of its {@code run BYTES SECONDS FIRST CPU}
   * lines as numbers, and the CPU seconds this process (the server) spent meanwhile.
   */
  private static ClientRuns runs(ProcessBuilder builder, int allRuns) throws Exception {
    List<String> command = builder.command();
    long serverCpu = processCpuNanos();
    Process process = builder.redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("fetch client failed: " + String.join(" ", command)
          + "\n" + out);
    }
    List<double[]> runs = new ArrayList<>();
    for (String line : out.lines().toList()) {
      if (line.startsWith("run ")) {
        String[] words = line.split(" ");
        runs.add(new double[] {Double.parseDouble(words[1]), Double.parseDouble(words[2]),
            Double.parseDouble(words[3]), Double.parseDouble(words[4])});
      }
    }
    if (runs.isEmpty()) {
      throw new IllegalStateException("fetch client printed no runs: " + out);
    }
    return new ClientRuns(runs, (processCpuNanos() - serverCpu) / 1e9, allRuns);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static Path pythonScript() throws IOException {
    Path script = Files.createTempFile("flight_fetch", ".py");
    script.toFile().deleteOnExit();
    try (var in = FetchBench.class.getResourceAsStream("flight_fetch.py")) {
      Files.write(script, in.readAllBytes());
    }
    return script;
  }

  /** Samples the server's memory every few milliseconds until closed. */
  private static final class MemorySampler implements AutoCloseable {
    private final BoundaryServer server;
    private final long anonymousBefore = anonymousBytes();
    private final long heapBefore = heap();
    private volatile long anonymousPeak;
    private volatile long heapPeak;
    private volatile boolean running = true;
    private final Thread thread;

    MemorySampler(BoundaryServer server) {
      this.server = server;
      this.thread = new Thread(this::sample, "bench-memory-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    private void sample() {
      while (running) {
        anonymousPeak = Math.max(anonymousPeak, anonymousBytes());
        heapPeak = Math.max(heapPeak, heap());
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    Memory result(String layer, long layerBytes) throws InterruptedException {
      close();
      return new Memory(layer, layerBytes, anonymousBefore, anonymousPeak, heapBefore,
          heapPeak, server.flight().arrowMemoryPeak());
    }

    @Override public void close() throws InterruptedException {
      running = false;
      thread.join();
    }

    private static long heap() {
      return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * This process's anonymous resident memory (heap, direct buffers; not the mapped layer
     * files, whose pages are the page cache's), or -1 off Linux.
     */
    private static long anonymousBytes() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith("RssAnon:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (IOException | NumberFormatException e) {
        return -1;
      }
      return -1;
    }
  }
}
