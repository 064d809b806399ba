/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.adapter.BoundaryDriver;
import org.boundarysql.adapter.GeneratedCode;
import org.boundarysql.bench.report.Machine;
import org.boundarysql.materialize.SampledStore;
import org.boundarysql.sample.Draw;
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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark behind {@code ./boundary bench}: the paper's query-time, storage,
 * sample-creation and growth measurements, and layers computed on demand, in one run, with a
 * plain Java loop and DuckDB as references, written as a Markdown report with PNG charts (see
 * {@link Report}); optionally a layer larger than memory ({@link DiskScan}).
 */
public final class Benchmark {
  /** Where the report goes by default. */
  public static final Path DEFAULT_OUT = Path.of("docs", "results", "bench");
  /** The steps that can be skipped. */
  public static final Set<String> STEPS = Set.of("queries", "fetch", "storage", "creation",
      "growth", "ondemand", "text", "estimates");
  static final List<Double> FRACTIONS = List.of(0.05, 0.2);

  /**
   * What to run: the report's directory, a shorter budget if {@code quick}, the steps to skip,
   * the longest sample creation of the creation step, the layers and split named for the
   * queries ({@link BenchRoles#OPTIONS}), the growth curve, and the size of a layer larger than
   * memory to scan (0: none).
   */
  public record Options(Path out, boolean quick, Set<String> skip, double creationLimit,
      Map<String, String> roles, GrowthOptions growth, long diskScanBytes) { }

  /**
   * The growth curve: its sizes (items), the methods to sample with, the directory of its
   * stores (null: in
   * {@code $BOUNDARY_HOME/bench/growth}), the disk they may take, the heap of each sample
   * creation's JVM, and the largest store the queries, DuckDB, Spark sampling and Spark
   * queries run on.
   */
  public record GrowthOptions(List<Integer> sizes, List<SamplingMethod> methods,
      Path directory, long diskBudgetBytes, String childHeap, int queryLimit, int duckDbLimit,
      int sparkLimit, int sparkQueryLimit) { }

  private Benchmark() {
  }

  /** Measures the store in {@code storeDir} and writes the report into {@code options.out}. */
  public static void run(Path storeDir, Options options) throws Exception {
    Progress progress = new Progress(System.err);
    Report report = run(storeDir, BoundaryHome.directory(), options, progress);
    report.write(options.out());
    progress.say("report written to %s", options.out().resolve(Report.FILE));
  }

  /** Runs every step not skipped and returns the report. */
  static Report run(Path storeDir, Path home, Options options, Progress progress)
      throws Exception {
    Timing.Budget budget = options.quick() ? Timing.Budget.QUICK : Timing.Budget.STANDARD;
    Set<String> skip = options.skip();
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
    BenchRoles roles = BenchRoles.of(store, options.roles());
    report.roles(roles);
    progress.say("roles: %s", roles.describe());
    Path growthDir = options.growth().directory() != null ? options.growth().directory()
        : home.resolve("bench").resolve("growth");
    if (options.diskScanBytes() > 0) {
      report.diskScan(DiskScan.run(store, roles, options.diskScanBytes(), growthDir, progress));
      report.load("after the disk scan", Machine.loadAverage());
    }
    if (!skip.contains("queries") || !skip.contains("fetch") || !skip.contains("storage")
        || !skip.contains("estimates")) {
      try (Connection embedded = DriverManager.getConnection(BoundaryDriver.PREFIX
          + "catalog=" + catalog + ";cache=" + cache)) {
        List<Variant> variants = new ArrayList<>(List.of(Variant.full()));
        for (double fraction : FRACTIONS) {
          double millis = Timing.once(() -> variants.add(Variant.sample(samples, store,
              fraction)));
          Variant variant = variants.get(variants.size() - 1);
          progress.say("sample %s %s: %,d of %,d items (%.0f ms, from the sample cache or"
              + " computed)", Variant.METHOD.methodName(), variant.name(),
              variant.rows().length, store.items().size(), millis);
        }
        if (!skip.contains("queries")) {
          report.queries(queries(store, roles, catalog, cache, embedded, variants, budget,
              progress, report));
          report.load("after queries", Machine.loadAverage());
        }
        if (!skip.contains("fetch")) {
          report.fetch(FetchBench.run(store, roles, catalog, cache, budget, progress));
          report.load("after fetch", Machine.loadAverage());
        }
        if (!skip.contains("estimates")) {
          report.estimates(EstimateBench.run(store, roles, embedded, budget, progress));
          report.load("after estimates", Machine.loadAverage());
        }
        if (!skip.contains("storage")) {
          report.storage(storage(store, variants, home.resolve("bench")
              .resolve("materialized"), progress));
        }
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
      report.creation(new SampleCreation(store, 0.05, options.creationLimit(), progress)
          .run(store.items().splitNames(), Arrays.asList(SamplingMethod.values())));
      report.load("after creation", Machine.loadAverage());
    }
    if (!skip.contains("growth")) {
      GrowthOptions g = options.growth();
      report.growth(new Growth(store, roles, new Growth.Options(g.sizes(), g.methods(),
          growthDir,
          g.diskBudgetBytes(), g.childHeap(), options.creationLimit(), g.queryLimit(),
          g.duckDbLimit(), g.sparkLimit(), g.sparkQueryLimit()), budget, progress).run());
      report.load("after growth", Machine.loadAverage());
    }
    report.load("end", Machine.loadAverage());
    return report;
  }

  /** Figure 11: Q1-Q5 through embedded and remote JDBC, DuckDB and the Java loop. */
  private static List<QueryBench.Result> queries(Store store, BenchRoles roles, Path catalog,
      Path cache, Connection embedded, List<Variant> variants, Timing.Budget budget,
      Progress progress, Report report) throws Exception {
    List<String> layers = roles.layers();
    long start = System.nanoTime();
    try (Connection duck = DuckDbCopy.open(store, layers, variants, progress);
         BoundaryServer server = BoundaryServer.start(catalog, cache, BoundaryServer.LOOPBACK,
             0, null)) {
      progress.say("DuckDB copy of %s and the server on %s ready in %.1f s", layers,
          server.httpUrl(), (System.nanoTime() - start) / 1e9);
      Class.forName("org.apache.calcite.avatica.remote.Driver");
      try (Connection remote = DriverManager.getConnection(server.jdbcUrl())) {
        List<SqlEngine> engines = List.of(
            new SqlEngine(Report.EMBEDDED, embedded, SqlEngine.boundarySql(store.name(), roles)),
            new SqlEngine(Report.REMOTE, remote, SqlEngine.boundarySql(store.name(), roles)),
            new SqlEngine(Report.DUCKDB, duck, SqlEngine.duckDbSql(roles)));
        warmUp(engines, variants);
        List<QueryBench.Result> results = new QueryBench(store, roles, engines, budget,
            progress).run(Arrays.asList(BenchQuery.values()), variants);
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
      String name = SampledStore.sampledName(store.name(), Variant.METHOD, variant.fraction());
      SampledStore.Written written = SampledStore.write(store, Draw.unweighted(variant.rows()),
          Variant.spec(variant.fraction()).describe(), out, name, progress.listener());
      sizes.add(new Report.Storage(variant.name(), variant.rows().length, full,
          written.sampledBytes(), written.latentBytes(), written.sampled()));
      progress.say("storage %s: sampled store %,d bytes + latent store %,d bytes, full %,d",
          variant.name(), written.sampledBytes(), written.latentBytes(), full);
    }
    return sizes;
  }
}
