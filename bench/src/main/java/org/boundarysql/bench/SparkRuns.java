/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreDirectory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spark local[2] on a growth store, through the launcher that started the benchmark
 * ({@code BOUNDARY_LAUNCHER}, which {@code ./boundary} sets): the store exported to Parquet,
 * the 5% samples of the methods Spark has, and the growth queries, each in its own Spark
 * driver JVM; the Parquet copy is removed afterwards. Times are Spark's own, without the JVM
 * and session start: the sampling call, and a query's later runs.
 */
final class SparkRuns {
  /** The methods Spark samples with. */
  static final List<SamplingMethod> METHODS = List.of(SamplingMethod.MAXMARGIN,
      SamplingMethod.UNIFORM, SamplingMethod.STRATIFIED);
  /** Heap of Spark's driver, which in local mode runs the executors too. */
  private static final String DRIVER_HEAP = "-Xmx8g";
  /** Longest wait for one Spark command. */
  private static final long LIMIT_SECONDS = 3600;
  private static final int QUERY_RUNS = 3;
  private static final Pattern SAMPLED = Pattern.compile(
      "sampled (\\d+) items .* in ([0-9.]+) s \\(.*\\); rows hash (-?\\d+)");
  private static final Pattern RUN = Pattern.compile("run (\\d+) of \\d+ in ([0-9.]+) s");

  /** A sample drawn on Spark: seconds, size and rows' hash, or the problem. */
  record Sampling(SamplingMethod method, double seconds, int size, int hash, String problem) { }

  /** A query on Spark: the median seconds of its runs after the first, or the problem. */
  record Query(BenchQuery query, String variant, double seconds, String problem) { }

  /** What ran on one store; {@link #NONE} if Spark did not run. */
  record Result(String note, double exportSeconds, List<Sampling> samplings,
      List<Query> queries) {
    static final Result NONE = new Result("not run", Double.NaN, List.of(), List.of());
  }

  private SparkRuns() {
  }

  /** Exports the store, samples it with each method and, if {@code queries}, queries it. */
  static Result run(Store store, BenchRoles roles, boolean queries, Path parquetRoot,
      Progress progress) throws Exception {
    String launcher = System.getenv("BOUNDARY_LAUNCHER");
    if (launcher == null) {
      return new Result("not run: no launcher (BOUNDARY_LAUNCHER; run ./boundary bench)",
          Double.NaN, List.of(), List.of());
    }
    Path parquet = parquetRoot.resolve(store.name());
    StoreDirectory.deleteTree(parquet);
    try {
      List<String> layers = queries ? roles.layers() : List.of(roles.latent());
      long start = System.nanoTime();
      Children.Output export = spark(launcher, "export", "--store",
          store.directory().toString(), "--parquet", parquet.toString(), "--layers",
          String.join(",", layers));
      double exportSeconds = (System.nanoTime() - start) / 1e9;
      if (!export.finished() || export.lastLine() == null
          || !export.lastLine().startsWith("exported")) {
        return new Result("export failed: " + tail(export), exportSeconds, List.of(),
            List.of());
      }
      progress.say("growth %s: exported %s to Parquet in %.0f s", store.name(), layers,
          exportSeconds);
      List<Sampling> samplings = new ArrayList<>();
      for (SamplingMethod method : METHODS) {
        Children.Output out = spark(launcher, "spark", "sample", "--parquet",
            parquet.toString(), "--method", method.methodName(), "--fraction",
            String.valueOf(Variant.FRACTION));
        Matcher sampled = out.out().stream().map(SAMPLED::matcher).filter(Matcher::find)
            .findFirst().orElse(null);
        Sampling sampling = sampled == null ? new Sampling(method, Double.NaN, 0, 0, tail(out))
            : new Sampling(method, Double.parseDouble(sampled.group(2)),
                Integer.parseInt(sampled.group(1)), Integer.parseInt(sampled.group(3)), null);
        samplings.add(sampling);
        progress.say("growth %s spark %-10s %s", store.name(), method, sampling.problem() == null
            ? String.format(Locale.ROOT, "%.1f s", sampling.seconds()) : sampling.problem());
      }
      List<Query> queryTimes = new ArrayList<>();
      if (queries) {
        for (BenchQuery query : Growth.QUERIES) {
          for (Variant variant : List.of(Variant.full(), Variant.ofFraction(Variant.FRACTION))) {
            queryTimes.add(query(launcher, parquet, store.name(), roles, query, variant,
                progress));
          }
        }
      }
      return new Result("local[2]", exportSeconds, samplings, queryTimes);
    } finally {
      StoreDirectory.deleteTree(parquet);
    }
  }

  private static Query query(String launcher, Path parquet, String schema, BenchRoles roles,
      BenchQuery query, Variant variant, Progress progress) throws Exception {
    // Spark's parser extension takes BoundarySQL's text as it is.
    String sql = SqlEngine.boundarySql(schema, roles).apply(query, variant);
    Children.Output out = spark(launcher, "spark", "sql", "--parquet", parquet.toString(),
        "-e", sql, "--repeat", String.valueOf(QUERY_RUNS));
    double[] later = out.err().stream().map(RUN::matcher).filter(Matcher::find)
        .filter(m -> Integer.parseInt(m.group(1)) > 1)
        .mapToDouble(m -> Double.parseDouble(m.group(2))).sorted().toArray();
    Query result = later.length == 0 ? new Query(query, variant.name(), Double.NaN, tail(out))
        : new Query(query, variant.name(), later[(later.length - 1) / 2], null);
    progress.say("growth %s spark %s %-4s %s", schema, query, variant.name(),
        result.problem() == null ? String.format(Locale.ROOT, "%.3f s (runs after the first: %s)",
            result.seconds(), Arrays.toString(later)) : result.problem());
    return result;
  }

  private static Children.Output spark(String launcher, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(launcher));
    command.addAll(List.of(arguments));
    return Children.run(command, Map.of("BOUNDARY_JAVA_OPTS", DRIVER_HEAP), LIMIT_SECONDS);
  }

  private static String tail(Children.Output output) {
    List<String> lines = new ArrayList<>(output.err());
    lines.addAll(output.out());
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    return (output.finished() ? "failed: " : "stopped after " + LIMIT_SECONDS + " s: ") + last;
  }
}
