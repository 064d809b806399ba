/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.adapter.BoundaryDriver;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.server.BoundaryServer;
import org.boundarysql.store.BoundaryHome;
import org.boundarysql.store.Store;

import java.nio.file.Files;
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
 * {@code ./boundary bench [--store S] [--out DIR]}: the paper's query-time, storage,
 * sample-creation and growth measurements in one run, with a plain Java loop and DuckDB as
 * references, written as a Markdown report with PNG charts (see {@link Report}).
 */
public final class BenchCommand {
  /** One line for {@code ./boundary help}. */
  public static final String USAGE = "bench [--store DIR|NAME] [--out DIR] [--quick]"
      + " [--skip queries,storage,creation,growth] [--creation-limit SECONDS]"
      + "   query times (Q1-Q5 full vs 5%/20% samples, embedded/remote JDBC, Java loop, DuckDB),"
      + " storage, sample creation, growth; report in docs/results/bench";

  static final List<Double> FRACTIONS = List.of(0.05, 0.2);
  static final Path DEFAULT_OUT = Path.of("docs", "results", "bench");
  private static final String BINDABLE_CACHE = "calcite.bindable.cache.maxSize";

  private BenchCommand() {
  }

  public static void main(String[] args) throws Exception {
    Options options = new Options(args, Set.of("store", "out", "skip", "creation-limit"),
        Set.of("quick"), USAGE);
    Set<String> skip = Set.copyOf(Options.list(options.get("skip", "none")));
    boolean quick = options.flag("quick");
    Path out = Path.of(options.get("out", DEFAULT_OUT.toString())).toAbsolutePath();
    Progress progress = new Progress(System.err);
    Path home = BoundaryHome.directory();
    Path storeDir = storeDirectory(options, home, progress);
    Report report = run(storeDir, home, out, quick ? Timing.Budget.QUICK : Timing.Budget.STANDARD,
        skip, options.number("creation-limit", quick ? 10 : 60), !quick, progress);
    report.write(out);
    progress.say("report written to %s", out.resolve(Report.FILE));
  }

  /** The store to measure: --store, else the example mnist_lenet, else a synthetic one. */
  private static Path storeDirectory(Options options, Path home, Progress progress)
      throws Exception {
    if (options.get("store", null) != null) {
      return Options.store(options.get("store", null));
    }
    Path example = org.boundarysql.example.ExampleCatalog.defaultCatalog().resolve("mnist_lenet");
    if (Files.isRegularFile(example.resolve("store.json"))) {
      return example;
    }
    Path synthetic = home.resolve("bench").resolve("synthetic").resolve("mnist_lenet");
    if (!Files.isRegularFile(synthetic.resolve("store.json"))) {
      progress.say("no example catalog (./boundary example builds it); writing a synthetic"
          + " store shaped like mnist_lenet to %s", synthetic);
      SyntheticStore.write(synthetic, 10_000, 60_000, 1, SyntheticStore.LENET_ERROR_RATE, 1);
    }
    return synthetic;
  }

  /** Runs every step not skipped and returns the report. */
  static Report run(Path storeDir, Path home, Path out, Timing.Budget budget, Set<String> skip,
      double creationLimit, boolean growthLargest, Progress progress) throws Exception {
    Class.forName(BoundaryDriver.class.getName());
    // As the server does (BoundaryServer): keep generated code across prepares. Calcite reads
    // this once, at its first prepare, so embedded and remote plan alike only if set first.
    if (System.getProperty(BINDABLE_CACHE) == null) {
      System.setProperty(BINDABLE_CACHE, "1000");
    }
    Report report = new Report(Machine.describe(), storeDir, budget);
    report.load("start", Machine.loadAverage());
    Path catalog = storeDir.getParent();
    Path cache = home.resolve("cache");
    Store store = Store.open(storeDir, cache.resolve(storeDir.getFileName().toString()));
    String schema = store.name();
    try (Connection embedded = DriverManager.getConnection(BoundaryDriver.PREFIX + "catalog="
        + catalog + ";cache=" + cache)) {
      List<Variant> variants = new ArrayList<>(List.of(Variant.full()));
      for (double fraction : FRACTIONS) {
        double millis = Timing.once(() -> variants.add(Variant.sample(fraction,
            SampleRows.of(embedded, schema, store, Variant.METHOD, fraction, 0.7, 0))));
        Variant variant = variants.get(variants.size() - 1);
        progress.say("sample %s %s: %,d of %,d items (%.0f ms, from the sample cache or"
            + " computed)", Variant.METHOD, variant.name(), variant.rows().length,
            store.items().size(), millis);
      }
      if (!skip.contains("queries")) {
        report.queries(queries(store, catalog, cache, embedded, variants, budget, progress));
        report.load("after queries", Machine.loadAverage());
      }
      if (!skip.contains("storage")) {
        report.storage(storage(store, variants, home.resolve("bench").resolve("materialized"),
            progress));
      }
    }
    if (!skip.contains("creation")) {
      report.creation(new SampleCreation(store, 0.05, creationLimit, progress)
          .run(List.of("test", "train"), Arrays.asList(SamplingMethod.values())));
      report.load("after creation", Machine.loadAverage());
    }
    if (!skip.contains("growth")) {
      report.growth(growth(store, home.resolve("bench").resolve("growth"), cache, budget,
          growthLargest, progress));
      report.load("after growth", Machine.loadAverage());
    }
    report.load("end", Machine.loadAverage());
    return report;
  }

  /** Figure 11: Q1-Q5 through embedded and remote JDBC, DuckDB and the Java loop. */
  private static List<QueryBench.Result> queries(Store store, Path catalog, Path cache,
      Connection embedded, List<Variant> variants, Timing.Budget budget, Progress progress)
      throws Exception {
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
        return new QueryBench(store, engines, budget, progress)
            .run(Arrays.asList(BenchQuery.values()), variants);
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
    long full = SampledStore.storeBytes(store.directory());
    for (Variant variant : variants) {
      if (variant.isFull()) {
        continue;
      }
      String name = store.name() + "_" + Variant.METHOD + "_"
          + MaterializeCommand.percentName(variant.fraction());
      SampledStore.Written written = SampledStore.write(store, variant.rows(), Variant.METHOD
          + " fraction=" + variant.fraction() + " j=0.7 seed=0", out, name, progress);
      sizes.add(new Report.Storage(variant.name(), variant.rows().length, full,
          written.sampledBytes(), written.latentBytes(), written.sampled()));
      progress.say("storage %s: sampled store %,d bytes + latent store %,d bytes, full %,d",
          variant.name(), written.sampledBytes(), written.latentBytes(), full);
    }
    return sizes;
  }

  /** Growth: Q1 and Q2 on stores of 10k, 60k and 600k items, full and sampled. */
  private static Map<String, List<QueryBench.Result>> growth(Store source, Path catalog,
      Path cache, Timing.Budget budget, boolean largest, Progress progress) throws Exception {
    List<Path> dirs = GrowthStores.write(source, GrowthStores.plans(largest), catalog,
        progress);
    Map<String, List<QueryBench.Result>> results = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection(BoundaryDriver.PREFIX
        + "catalog=" + catalog + ";cache=" + cache)) {
      for (Path dir : dirs) {
        Store store = Store.open(dir, cache.resolve(dir.getFileName().toString()));
        List<Variant> variants = new ArrayList<>(List.of(Variant.full()));
        for (double fraction : FRACTIONS) {
          double millis = Timing.once(() -> variants.add(Variant.sample(fraction,
              SampleRows.of(connection, store.name(), store, Variant.METHOD, fraction, 0.7,
                  0))));
          progress.say("growth %s: %s sample ready in %.0f ms", store.name(),
              Variant.percent(fraction), millis);
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
