/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.adapter.BoundaryDriver;
import org.boundarysql.sample.SampleCost;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.sample.cache.SampleCache;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The growth curve: the source store tiled to each size ({@link GrowthStores}), and on each
 * store the time to open it, every sampling method's creation time and peak heap in a JVM of
 * a bounded heap of its own ({@link CreationChild}), Spark local[2] sampling and queries where
 * the launcher is there ({@link SparkRuns}), and Q1, Q2 and Q4 on the full store and a 5%
 * sample, embedded, against the Java loop, the streaming read and DuckDB where it fits.
 */
final class Growth {
  /** The queries of the curve: a full scan, a scan of the misclassified items, CKA. */
  static final List<BenchQuery> QUERIES = List.of(BenchQuery.Q1, BenchQuery.Q2, BenchQuery.Q4);

  /**
   * How far the curve goes: the sizes, the methods, where the stores go, the disk they may
   * take, the heap of
   * each creation's JVM, the longest estimated creation run, and up to which size DuckDB, Spark
   * sampling and Spark queries run.
   */
  record Options(List<Integer> sizes, List<SamplingMethod> methods, Path directory,
      long diskBudgetBytes, String childHeap,
      double creationLimitSeconds, int queryLimit, int duckDbLimit, int sparkLimit,
      int sparkQueryLimit) { }

  /**
   * DuckDB's CKA (Q4) joins the class's items pairwise: n² rows, so it runs only on classes up
   * to this many items.
   */
  private static final int DUCKDB_CKA_ROWS = 5_000;

  /** One creation: estimate, time, peaks, the sample's size and hash, or why it did not run. */
  record Creation(SamplingMethod method, double estimateSeconds, double millis, long peakUsed,
      long livePeak, int size, int hash, String problem) { }

  /** One store of the curve and all measured on it. */
  record Point(String store, int items, BenchRoles roles, double firstOpenSeconds,
      double openSeconds, long openHeapBytes, List<Creation> creations, SparkRuns.Result spark,
      List<QueryBench.Result> queries) { }

  private final Store source;
  private final BenchRoles sourceRoles;
  private final Options options;
  private final Timing.Budget budget;
  private final Progress progress;

  Growth(Store source, BenchRoles sourceRoles, Options options, Timing.Budget budget,
      Progress progress) {
    this.source = source;
    this.sourceRoles = sourceRoles;
    this.options = options;
    this.budget = budget;
    this.progress = progress;
  }

  /** Writes the stores that are not there yet and measures each. */
  List<Point> run() throws Exception {
    long total = options.sizes().stream().mapToLong(Integer::longValue).sum();
    List<String> layers = GrowthStores.layers(source, sourceRoles, total,
        options.diskBudgetBytes());
    progress.say("growth stores of %s, layers %s (the widest that keeps %,d items within %.0f"
        + " GB)", options.sizes(), layers, total, options.diskBudgetBytes() / 1e9);
    Path cache = options.directory().resolve(".cache");
    List<Point> points = new ArrayList<>();
    for (int size : options.sizes()) {
      GrowthStores.Plan plan = GrowthStores.Plan.of(size);
      Path dir = GrowthStores.write(source, layers, plan, options.directory(), progress);
      points.add(measure(dir, cache));
    }
    return points;
  }

  private Point measure(Path dir, Path cache) throws Exception {
    String name = dir.getFileName().toString();
    Path storeCache = cache.resolve(name);
    StoreDirectory.deleteTree(storeCache);
    long start = System.nanoTime();
    Store.open(dir, storeCache);
    double first = (System.nanoTime() - start) / 1e9;
    long before = usedHeap();
    start = System.nanoTime();
    Store store = Store.open(dir, storeCache);
    double again = (System.nanoTime() - start) / 1e9;
    long heap = Math.max(0, usedHeap() - before);
    progress.say("growth %s: %,d items opened in %.1f s the first time (items cache), %.3f s"
        + " after (%,d bytes of heap)", name, store.items().size(), first, again, heap);
    BenchRoles roles = BenchRoles.of(store, Map.of());
    List<Creation> creations = new ArrayList<>();
    for (SamplingMethod method : options.methods()) {
      creations.add(create(store, storeCache, cache, method));
    }
    SparkRuns.Result spark = store.items().size() <= options.sparkLimit()
        ? SparkRuns.run(store, roles, store.items().size() <= options.sparkQueryLimit(),
            options.directory().resolve(".parquet"), progress) : SparkRuns.Result.NONE;
    List<QueryBench.Result> queries = store.items().size() <= options.queryLimit()
        ? queries(store, roles, cache) : List.of();
    return new Point(name, store.items().size(), roles, first, again, heap, creations, spark,
        queries);
  }

  /** One method's 5% sample in a child JVM, unless its estimate is over the limit. */
  private Creation create(Store store, Path storeCache, Path cache, SamplingMethod method)
      throws Exception {
    int n = store.items().size();
    int width = store.latentLayer().orElseThrow().width();
    int classes = store.manifest().classes().size();
    double estimate = SampleCost.estimateSeconds(method, n, width, classes, Variant.FRACTION);
    if (estimate > options.creationLimitSeconds()) {
      progress.say("growth %s %-20s not run: estimated %s, over the limit of %s", store.name(),
          method, SampleCost.seconds(estimate), SampleCost.seconds(
              options.creationLimitSeconds()));
      return new Creation(method, estimate, Double.NaN, 0, 0, 0, 0, "estimated "
          + SampleCost.seconds(estimate));
    }
    Path samples = Files.createTempDirectory(options.directory(), ".samples");
    try {
      List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + options.childHeap(),
          "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
          CreationChild.class.getName(), store.directory().toString(), storeCache.toString(),
          samples.toString(), method.methodName(), String.valueOf(Variant.FRACTION)));
      Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      String line = Children.lastLine(child, (long) (Math.max(3 * estimate,
          options.creationLimitSeconds()) + 120));
      Creation creation = creation(method, estimate, line);
      progress.say("growth %s %-20s %s", store.name(), method, creation.problem() != null
          ? creation.problem() : String.format("%.0f ms (estimated %s), peak heap %,d MB, live"
          + " %,d MB", creation.millis(), SampleCost.seconds(estimate),
          creation.peakUsed() >> 20, creation.livePeak() >> 20));
      if (method == Variant.METHOD && creation.problem() == null) {
        keepSample(samples.resolve(store.name()), cache.resolve(store.name()));
      }
      return creation;
    } finally {
      StoreDirectory.deleteTree(samples);
    }
  }

  private static Creation creation(SamplingMethod method, double estimate, String line) {
    String[] fields = line == null ? new String[0] : line.split(" ");
    if (fields.length == 6 && fields[0].equals("creation")) {
      return new Creation(method, estimate, Double.parseDouble(fields[1]),
          Long.parseLong(fields[2]), Long.parseLong(fields[3]), Integer.parseInt(fields[4]),
          Integer.parseInt(fields[5]), null);
    }
    return new Creation(method, estimate, Double.NaN, 0, 0, 0, 0, line == null
        ? "no answer (killed at its time limit)" : line.replaceFirst("^failed ", ""));
  }

  /** Puts the child's sample file where the queries' sample cache reads it. */
  private static void keepSample(Path childStore, Path cacheStore) throws IOException {
    Path from = childStore.resolve("samples");
    Path to = Files.createDirectories(cacheStore.resolve("samples"));
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * Q1, Q2 and Q4 on the full store and the 5% sample, embedded, and DuckDB if the store fits
   * (Q4 only if its class is small: see {@link #DUCKDB_CKA_ROWS}).
   */
  private List<QueryBench.Result> queries(Store store, BenchRoles roles, Path cache)
      throws Exception {
    SampleCache samples = new SampleCache(cache);
    List<Variant> variants = List.of(Variant.full(), Variant.sample(samples, store,
        Variant.FRACTION));
    try (Connection embedded = DriverManager.getConnection(BoundaryDriver.PREFIX + "catalog="
        + options.directory() + ";cache=" + cache)) {
      SqlEngine boundary = new SqlEngine(Report.EMBEDDED, embedded, SqlEngine.boundarySql(
          store.name(), roles));
      if (store.items().size() > options.duckDbLimit()) {
        return new QueryBench(store, roles, List.of(boundary), budget, progress).run(QUERIES,
            variants);
      }
      try (Connection duck = DuckDbCopy.open(store, List.of(roles.wide(), roles.logits()),
          variants, progress)) {
        List<SqlEngine> both = List.of(boundary, new SqlEngine(Report.DUCKDB, duck,
            SqlEngine.duckDbSql(roles)));
        List<QueryBench.Result> results = new ArrayList<>();
        for (BenchQuery query : QUERIES) {
          boolean duckToo = query != BenchQuery.Q4 || classRows(store, roles) <= DUCKDB_CKA_ROWS;
          results.addAll(new QueryBench(store, roles, duckToo ? both : both.subList(0, 1),
              budget, progress).run(List.of(query), variants));
        }
        return results;
      }
    }
  }

  /** The items Q4 reads: its class's, in the split. */
  private static int classRows(Store store, BenchRoles roles) {
    int split = store.items().splitNames().indexOf(roles.split());
    int rows = 0;
    for (int row = 0; row < store.items().size(); row++) {
      rows += store.items().splitCode(row) == split && store.items().label(row)
          == roles.q4Class() ? 1 : 0;
    }
    return rows;
  }

  private static long usedHeap() {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
