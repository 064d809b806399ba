/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.adapter.BoundaryDriver;
import org.boundarysql.adapter.GeneratedCode;
import org.boundarysql.bench.report.Machine;
import org.boundarysql.bench.report.NumberText;
import org.boundarysql.materialize.SampledStore;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.sample.cache.SampleCache;
import org.boundarysql.server.BoundaryServer;
import org.boundarysql.store.BoundaryHome;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreDirectory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark behind {@code ./boundary bench}: the paper's query-time, storage,
 * sample-creation and growth measurements, and layers computed on demand, in one run, with a
 * plain Java loop and DuckDB as references, written as a Markdown report with PNG charts (see
 * {@link Report}).
 */
public final class Benchmark {
  /** Where the report goes by default. */
  public static final Path DEFAULT_OUT = Path.of("docs", "results", "bench");
  /** The steps that can be skipped. */
  public static final Set<String> STEPS = Set.of("queries", "storage", "creation", "growth",
      "ondemand", "text");
  static final List<Double> FRACTIONS = List.of(0.05, 0.2);
  /** The layer fetched remotely, and the budget of each way of fetching it. */
  private static final String FETCHED_LAYER = "pool2";
  private static final Timing.Budget FETCHES = new Timing.Budget(0, 3, 5, 2.0);

  private Benchmark() {
  }

  /**
   * Measures the store in {@code storeDir} (with a shorter budget if {@code quick}), skipping
   * the steps in {@code skip}, and writes the report into {@code out}.
   */
  public static void run(Path storeDir, Path out, boolean quick, Set<String> skip,
      double creationLimit) throws Exception {
    Progress progress = new Progress(System.err);
    Report report = run(storeDir, BoundaryHome.directory(), out,
        quick ? Timing.Budget.QUICK : Timing.Budget.STANDARD, skip, creationLimit, !quick,
        progress);
    report.write(out);
    progress.say("report written to %s", out.resolve(Report.FILE));
  }

  /** Runs every step not skipped and returns the report. */
  static Report run(Path storeDir, Path home, Path out, Timing.Budget budget, Set<String> skip,
      double creationLimit, boolean growthLargest, Progress progress) throws Exception {
    Class.forName(BoundaryDriver.class.getName());
    // As the server does: keep generated code across prepares, before the first prepare.
    GeneratedCode.keep();
    Report report = new Report(Machine.current(), storeDir, budget);
    report.load("start", Machine.loadAverage());
    Path catalog = storeDir.getParent();
    Path cache = home.resolve("cache");
    // The cache of the JDBC connections below: their TABLESAMPLE reads the same sample files.
    SampleCache samples = new SampleCache(cache);
    Store store = Store.open(storeDir, cache.resolve(storeDir.getFileName().toString()));
    try (Connection embedded = DriverManager.getConnection(BoundaryDriver.PREFIX + "catalog="
        + catalog + ";cache=" + cache)) {
      List<Variant> variants = new ArrayList<>(List.of(Variant.full()));
      for (double fraction : FRACTIONS) {
        double millis = Timing.once(() -> variants.add(Variant.sample(samples, store,
            fraction)));
        Variant variant = variants.get(variants.size() - 1);
        progress.say("sample %s %s: %,d of %,d items (%.0f ms, from the sample cache or"
            + " computed)", Variant.METHOD.methodName(), variant.name(), variant.rows().length,
            store.items().size(), millis);
      }
      if (!skip.contains("queries")) {
        report.queries(queries(store, catalog, cache, embedded, variants, budget, progress,
            report));
        report.load("after queries", Machine.loadAverage());
      }
      if (!skip.contains("storage")) {
        report.storage(storage(store, variants, home.resolve("bench").resolve("materialized"),
            progress));
      }
    }
    if (!skip.contains("ondemand")) {
      report.onDemand(OnDemandBench.run(store, home, budget, progress));
      report.load("after on demand", Machine.loadAverage());
    }
    if (!skip.contains("text")) {
      report.text(TextBench.run(catalog, home, budget, progress));
      report.load("after text", Machine.loadAverage());
    }
    if (!skip.contains("creation")) {
      report.creation(new SampleCreation(store, 0.05, creationLimit, progress)
          .run(List.of("test", "train"), Arrays.asList(SamplingMethod.values())));
      report.load("after creation", Machine.loadAverage());
    }
    if (!skip.contains("growth")) {
      report.growth(growth(store, home.resolve("bench").resolve("growth"), cache, samples,
          budget, growthLargest, progress));
      report.load("after growth", Machine.loadAverage());
    }
    report.load("end", Machine.loadAverage());
    return report;
  }

  /** Figure 11: Q1-Q5 through embedded and remote JDBC, DuckDB and the Java loop. */
  private static List<QueryBench.Result> queries(Store store, Path catalog, Path cache,
      Connection embedded, List<Variant> variants, Timing.Budget budget, Progress progress,
      Report report) throws Exception {
    List<String> layers = new ArrayList<>();
    for (BenchQuery query : BenchQuery.values()) {
      query.layers().stream().filter(l -> !layers.contains(l)).forEach(layers::add);
    }
    long start = System.nanoTime();
    try (Connection duck = DuckDbCopy.open(store, layers, variants, progress);
         BoundaryServer server = BoundaryServer.start(catalog, cache, BoundaryServer.LOOPBACK,
             0, null)) {
      progress.say("DuckDB copy of %s and the server on %s ready in %.1f s", layers,
          server.httpUrl(), (System.nanoTime() - start) / 1e9);
      Class.forName("org.apache.calcite.avatica.remote.Driver");
      try (Connection remote = DriverManager.getConnection(server.jdbcUrl())) {
        List<SqlEngine> engines = List.of(
            new SqlEngine(Report.EMBEDDED, embedded, SqlEngine.boundarySql(store.name())),
            new SqlEngine(Report.REMOTE, remote, SqlEngine.boundarySql(store.name())),
            new SqlEngine(Report.DUCKDB, duck, SqlEngine.duckDbSql()));
        warmUp(engines, variants);
        List<QueryBench.Result> results = new QueryBench(store, engines, budget, progress)
            .run(Arrays.asList(BenchQuery.values()), variants);
        report.fetches(RemoteFetch.measure(remote, store.name(), FETCHED_LAYER,
            budget == Timing.Budget.QUICK ? budget : FETCHES, progress));
        report.planning(SteadyPlanning.measure(engines.subList(0, 2),
            Arrays.asList(BenchQuery.values()), variants.get(0), budget, progress));
        return results;
      }
    }
  }

  /** Plans every query once, so that no query's first prepare pays for loading the planner. */
  private static void warmUp(List<SqlEngine> engines, List<Variant> variants) throws Exception {
    for (SqlEngine engine : engines) {
      engine.prepare(BenchQuery.Q2, variants.get(0)).close();
    }
  }

  /** Figure 12: the full store's bytes against the sampled stores plus the latent store. */
  private static List<Report.Storage> storage(Store store, List<Variant> variants, Path out,
      Progress progress) throws Exception {
    List<Report.Storage> sizes = new ArrayList<>();
    long full = StoreDirectory.bytes(store.directory());
    for (Variant variant : variants) {
      if (variant.isFull()) {
        continue;
      }
      String name = store.name() + "_" + Variant.METHOD.methodName() + "_"
          + SampledStore.percentName(variant.fraction());
      SampledStore.Written written = SampledStore.write(store, variant.rows(),
          Variant.spec(variant.fraction()).describe(), out, name, progress.listener());
      sizes.add(new Report.Storage(variant.name(), variant.rows().length, full,
          written.sampledBytes(), written.latentBytes(), written.sampled()));
      progress.say("storage %s: sampled store %,d bytes + latent store %,d bytes, full %,d",
          variant.name(), written.sampledBytes(), written.latentBytes(), full);
    }
    return sizes;
  }

  /** Growth: Q1 and Q2 on stores of 10k, 60k and 600k items, full and sampled. */
  private static Map<String, List<QueryBench.Result>> growth(Store source, Path catalog,
      Path cache, SampleCache samples, Timing.Budget budget, boolean largest, Progress progress)
      throws Exception {
    List<Path> dirs = GrowthStores.write(source, GrowthStores.plans(largest), catalog,
        progress);
    Map<String, List<QueryBench.Result>> results = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection(BoundaryDriver.PREFIX
        + "catalog=" + catalog + ";cache=" + cache)) {
      for (Path dir : dirs) {
        Store store = Store.open(dir, cache.resolve(dir.getFileName().toString()));
        List<Variant> variants = new ArrayList<>(List.of(Variant.full()));
        for (double fraction : FRACTIONS) {
          double millis = Timing.once(() -> variants.add(Variant.sample(samples, store,
              fraction)));
          progress.say("growth %s: %s sample ready in %.0f ms", store.name(),
              NumberText.percent(fraction), millis);
        }
        SqlEngine engine = new SqlEngine(Report.EMBEDDED, connection,
            SqlEngine.boundarySql(store.name()));
        results.put(store.name() + " (" + String.format("%,d", store.items().size())
            + " items)", new QueryBench(store, List.of(engine), budget, progress)
            .run(List.of(BenchQuery.Q1, BenchQuery.Q2), variants));
      }
    }
    return results;
  }
}
