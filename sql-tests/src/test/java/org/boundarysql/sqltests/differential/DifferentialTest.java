/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import org.boundarysql.adapter.BoundaryDriver;
import org.boundarysql.server.BoundaryServer;

import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The differential tests of the SQL surface on two stores of different shapes: {@code mnist}
 * (600 items in id order, one split, three .npy layers) and {@code irregular} (shuffled ids
 * beyond 32 bits, two splits, class names, extra columns with nulls, a CSV layer and a
 * big-endian one). Each check runs its share of {@code differential.queries} generated queries
 * (see {@link Settings}) on two workers, every other query through the remote driver to a real
 * Avatica server on loopback; a failure lists the mismatches with their queries and how to run
 * one again.
 */
class DifferentialTest {
  private static final List<String> STORES = List.of("mnist", "irregular");
  private static final int WORKERS = 2;
  private static final int SHOWN_MISMATCHES = 5;

  private static Settings settings;
  private static Path catalog;
  private static Path cache;
  private static final Map<String, Tables> TABLES = new LinkedHashMap<>();
  private static DuckDBConnection duckdb;
  private static BoundaryServer server;

  @BeforeAll static void load() throws Exception {
    settings = Settings.fromSystemProperties();
    catalog = Path.of(DifferentialTest.class.getResource("/catalog").toURI());
    cache = Files.createTempDirectory("differential-cache");
    List<StoreFiles> stores = new ArrayList<>();
    for (String store : STORES) {
      stores.add(StoreFiles.read(catalog.resolve(store)));
      TABLES.put(store, new Tables(stores.get(stores.size() - 1)));
    }
    duckdb = DuckDbMirror.open(stores);
    server = BoundaryServer.start(catalog, cache, BoundaryServer.LOOPBACK, 0, null);
  }

  @AfterAll static void close() throws Exception {
    server.close();
    duckdb.close();
  }

  /** BoundarySQL and DuckDB agree on random queries. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mnist", "irregular"})
  void engines(String store) throws Exception {
    check("engines", store, 40, EngineCheck::new);
  }

  /** A query's rows are the rows of its three partitions by a condition. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mnist", "irregular"})
  void partitions(String store) throws Exception {
    check("partitions", store, 15, PartitionCheck::new);
  }

  /** The diagnosis aggregates agree with plain loops. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mnist", "irregular"})
  void diagnosisAggregates(String store) throws Exception {
    check("diagnosisAggregates", store, 10, DiagnosisCheck::new);
  }

  /** The diagnosis scalar functions agree with plain loops. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mnist", "irregular"})
  void diagnosisScalars(String store) throws Exception {
    check("diagnosisScalars", store, 5, DiagnosisScalarCheck::new);
  }

  /** A query over BOUNDARY or BERNOULLI samples equals the query over the sampled items. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mnist", "irregular"})
  void boundarySamples(String store) throws Exception {
    check("boundarySamples", store, 15, tables -> new SampleCheck(tables, settings.seed()));
  }

  /**
   * POPULATION_COUNT, ERROR_ESTIMATOR and the _ERROR aggregates agree with plain loops over the
   * sample's ids and the full table.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mnist", "irregular"})
  void populations(String store) throws Exception {
    check("populations", store, 15, tables -> new PopulationCheck(tables, settings.seed()));
  }

  private static void check(String name, String store, int percent,
      Function<Tables, Check> check) throws Exception {
    int[] indexes = settings.indexes(percent, STORES.size());
    long start = System.nanoTime();
    long cpuStart = cpuNanos();
    Runner.Outcome outcome = Runner.run(check.apply(TABLES.get(store)), indexes,
        index -> settings.random(name, store, index), DifferentialTest::connect, WORKERS);
    List<Runner.Mismatch> mismatches = outcome.mismatches();
    // CPU time, which other work on a shared machine does not stretch as it does the wall time
    System.out.printf("differential %s on %s: %d queries in %.1f s (%.1f s of CPU),"
        + " %d mismatches%n", name, store, outcome.queries(), (System.nanoTime() - start) / 1e9,
        (cpuNanos() - cpuStart) / 1e9, mismatches.size());
    Path report = Path.of("target", "differential", name + "-" + store + ".txt");
    Files.createDirectories(report.getParent());
    Files.write(report, mismatches.stream().map(m -> "N = " + m.index() + ": " + m.description()
        + "\n").toList());
    if (!mismatches.isEmpty()) {
      fail(mismatches.size() + " of " + outcome.queries() + " queries of " + name + " on "
          + store + " (seed " + settings.seed() + ") got wrong answers (all in "
          + report.toAbsolutePath() + "); run one again with\n  mvn -pl sql-tests verify"
          + " -Dtest=DifferentialTest#" + name + " -Ddifferential.seed=" + settings.seed()
          + " -Ddifferential.index=N\n\n" + mismatches.stream().limit(SHOWN_MISMATCHES)
          .map(m -> "N = " + m.index() + ": " + m.description())
          .collect(Collectors.joining("\n\n")));
    }
  }

  /** CPU time of this JVM so far: the checks, the server and DuckDB all run in it. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static Engines connect() throws SQLException {
    return new Engines(DriverManager.getConnection(BoundaryDriver.PREFIX + "catalog=" + catalog
        + ";cache=" + cache), DriverManager.getConnection(server.jdbcUrl()),
        duckdb.duplicate());
  }
}
