/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.bench.Benchmark;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code ./boundary bench [--store S] [--out DIR] [--quick] [--skip STEPS]}: runs the
 * {@link Benchmark} on a store, by default the example catalog's {@code mnist_lenet}.
 */
final class BenchCommand implements Command {
  @Override public String name() {
    return "bench";
  }

  @Override public String usage() {
    return "bench [--store DIR|NAME] [--out DIR] [--quick] [--skip queries,storage,creation,"
        + "growth,ondemand,text] [--creation-limit SECONDS]   query times (Q1-Q5 full vs 5%/20%"
        + " samples, embedded/remote JDBC, Java loop, DuckDB), storage, sample creation, growth,"
        + " layers computed on demand (STORE_ondemand), capture from text and a tokens table"
        + " (fortunes_transformer); report in docs/results/bench";
  }

  @Override public Syntax syntax() {
    return Syntax.of(Set.of("store", "out", "skip", "creation-limit"), Set.of("quick"));
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
    Path out = arguments.path("out", Benchmark.DEFAULT_OUT.toAbsolutePath());
    Benchmark.run(Catalogs.store(arguments.get("store", "mnist_lenet")), out, quick, skip,
        arguments.number("creation-limit", quick ? 10 : 60));
    return 0;
  }
}
