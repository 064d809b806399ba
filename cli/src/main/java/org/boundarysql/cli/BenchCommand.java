/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.bench.Benchmark;
import org.boundarysql.sample.SamplingMethod;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./boundary bench [--store S] [--out DIR] [--quick] [--skip STEPS] ...}: runs the
 * {@link Benchmark} on a store, by default the example catalog's {@code mnist_lenet}.
 */
final class BenchCommand implements Command {
  /** The growth curve when none is given: the example store and ten times it, about. */
  private static final List<String> GROWTH = List.of("70000", "600000");
  private static final double GB = 1e9;

  @Override public String name() {
    return "bench";
  }

  @Override public String usage() {
    return "bench [--store DIR|NAME] [--out DIR] [--quick] [--skip queries,fetch,storage,"
        + "creation,growth,ondemand,text,estimates] [--creation-limit SECONDS] [--wide L]"
        + " [--latent L] [--logits L] [--split S] [--growth N1,N2,...]"
        + " [--growth-methods M1,M2,...] [--growth-dir DIR] [--growth-disk GB] [--growth-heap 2g]"
        + " [--queries-up-to N] [--duckdb-up-to N] [--spark-up-to N] [--spark-queries-up-to N]"
        + " [--disk-scan GB]"
        + "   query times (Q1-Q5 full vs 5%/20% samples, embedded/remote JDBC, Java loop,"
        + " DuckDB), remote fetch (Avatica, Flight SQL from Java and Python, the loopback floor),"
        + " the model-assisted estimates against the plain mean on the same sample,"
        + " storage, sample creation, the growth curve (each method's creation in a"
        + " JVM of --growth-heap, beside Spark local[2]), layers computed on demand"
        + " (STORE_ondemand), capture from text and a tokens table (fortunes_transformer), and"
        + " with --disk-scan a layer of that many GB scanned from disk; the layers by role"
        + " unless named; report in docs/results/bench";
  }

  @Override public Syntax syntax() {
    return Syntax.of(Set.of("store", "out", "skip", "creation-limit", "wide", "latent",
        "logits", "split", "growth", "growth-methods", "growth-dir", "growth-disk",
        "growth-heap",
        "queries-up-to", "duckdb-up-to", "spark-up-to", "spark-queries-up-to", "disk-scan"),
        Set.of("quick"));
  }

  @Override public int run(Arguments arguments) throws Exception {
    Set<String> skip = Set.copyOf(arguments.list("skip", List.of()));
    for (String step : skip) {
      if (!Benchmark.STEPS.contains(step)) {
        throw new IllegalArgumentException("--skip: unknown step " + step + "; steps: "
            + Benchmark.STEPS);
      }
    }
    boolean quick = arguments.flag("quick");
    Map<String, String> roles = new LinkedHashMap<>();
    for (String role : List.of("wide", "latent", "logits", "split")) {
      if (arguments.has(role)) {
        roles.put(role, arguments.require(role));
      }
    }
    List<Integer> sizes = arguments.list("growth", quick ? GROWTH.subList(0, 1) : GROWTH)
        .stream().map(Integer::parseInt).toList();
    Path growthDir = arguments.has("growth-dir") ? arguments.path("growth-dir", null) : null;
    List<SamplingMethod> methods = arguments.has("growth-methods")
        ? arguments.list("growth-methods", List.of()).stream().map(SamplingMethod::forName)
            .toList() : List.of(SamplingMethod.values());
    Benchmark.GrowthOptions growth = new Benchmark.GrowthOptions(sizes, methods, growthDir,
        (long) (arguments.number("growth-disk", 40) * GB), arguments.get("growth-heap", "2g"),
        arguments.integer("queries-up-to", Integer.MAX_VALUE),
        arguments.integer("duckdb-up-to", 600_000),
        arguments.integer("spark-up-to", 10_000_000),
        arguments.integer("spark-queries-up-to", 600_000));
    Path out = arguments.path("out", Benchmark.DEFAULT_OUT.toAbsolutePath());
    Benchmark.run(Catalogs.store(arguments.get("store", "mnist_lenet")),
        new Benchmark.Options(out, quick, skip, arguments.number("creation-limit",
            quick ? 10 : 60), roles, growth, (long) (arguments.number("disk-scan", 0) * GB)));
    return 0;
  }
}
