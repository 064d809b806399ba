/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark;

import org.boundarysql.materialize.SampledStore;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.spark.capture.SparkCapture;
import org.boundarysql.spark.sample.BoundarySample;
import org.boundarysql.spark.store.ParquetExport;
import org.boundarysql.spark.store.ParquetStore;
import org.boundarysql.spark.store.SparkSampledStore;
import org.boundarysql.store.SampleProvenance;
import org.boundarysql.task.ProgressListener;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Spark commands of {@code ./boundary}, and the main class of the spark-submit jar:
 * {@code export}, {@code spark sample}, {@code spark sql} and {@code spark capture}. Locally
 * (no {@code spark.master} set) the session runs on {@code local[*]}; under spark-submit on the
 * cluster it is given.
 */
public final class SparkCli {
  private static final String USAGE = """
      usage:
        export --store DIR --parquet OUT [--layers L1,L2,...]
            a store as Parquet tables (items, one per layer, or the layers named) and its
            store.json
        spark sample --parquet DIR --method M --fraction F [--j J] [--seed S] [--out DIR
                     [--name NAME]]
            the sample on Spark, written as a sampled store and a latent store for
            ./boundary serve (methods: maxmargin, uniform, stratified); without --out, only
            drawn and timed
        spark sql --parquet DIR[,DIR...] -e SQL [--repeat N]
            SQL on Spark over exported stores, each a database named after its directory,
            with the diagnosis functions and boundary_sample; run N times (default 1), each
            run timed on stderr
        spark capture --inputs PARQUET --model MODEL.onnx --layers ALIAS=VALUE,...
                      --latent ALIAS --logits ALIAS --sample METHOD:F[:J] --out DIR/NAME
            the sampled capture on Spark: inputs (id, split, label, input array<float>),
            ONNX Runtime on the executors; writes NAME_METHOD_PERCENT and NAME_latent
            (and the exported store NAME_work) beside DIR/NAME""";

  private SparkCli() {
  }

  /** Runs one command. */
  public static void main(String[] args) throws IOException {
    List<String> words = List.of(args);
    try {
      if (words.size() >= 1 && words.get(0).equals("export")) {
        export(new CommandLine("export", words.subList(1, words.size()),
            Set.of("store", "parquet", "layers")));
      } else if (words.size() >= 2 && words.get(0).equals("spark")
          && words.get(1).equals("sample")) {
        sample(new CommandLine("spark sample", words.subList(2, words.size()),
            Set.of("parquet", "method", "fraction", "j", "seed", "out", "name")));
      } else if (words.size() >= 2 && words.get(0).equals("spark")
          && words.get(1).equals("sql")) {
        sql(new CommandLine("spark sql", words.subList(2, words.size()).stream()
            .map(w -> w.equals("-e") ? "--e" : w).toList(), Set.of("parquet", "e", "repeat")));
      } else if (words.size() >= 2 && words.get(0).equals("spark")
          && words.get(1).equals("capture")) {
        capture(new CommandLine("spark capture", words.subList(2, words.size()),
            Set.of("inputs", "model", "layers", "latent", "logits", "sample", "out")));
      } else {
        System.err.println(USAGE);
        System.exit(words.isEmpty() || words.contains("help") ? 0 : 2);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("boundary: " + e.getMessage());
      System.exit(2);
    }
  }

  private static void export(CommandLine line) throws IOException {
    Path store = Path.of(line.required("store"));
    String out = line.required("parquet");
    long start = System.nanoTime();
    try (SparkSession spark = session()) {
      String layers = line.optional("layers", "");
      ParquetExport.export(spark, store, out, layers.isEmpty() ? Set.of()
          : Set.of(layers.split(",")));
    }
    System.out.printf(Locale.ROOT, "exported %s to %s in %.1f s%n", store, out, seconds(start));
  }

  private static void sample(CommandLine line) throws IOException {
    String parquet = line.required("parquet");
    SampleSpec spec = SampleSpec.of(SamplingMethod.forName(line.required("method")),
        Double.parseDouble(line.required("fraction")),
        Double.parseDouble(line.optional("j", String.valueOf(SampleSpec.DEFAULT_J))),
        Long.parseLong(line.optional("seed", String.valueOf(SampleSpec.DEFAULT_SEED))));
    String storeName = Path.of(parquet).getFileName().toString();
    String name = line.optional("name", SampledStore.sampledName(storeName, spec.method(),
        spec.fraction()));
    long start = System.nanoTime();
    try (SparkSession spark = session()) {
      ParquetStore store = ParquetStore.open(spark, parquet);
      long sampling = System.nanoTime();
      BoundarySample sample = BoundarySample.of(store, spec, progress());
      System.out.printf(Locale.ROOT, "sampled %d items (%s) in %.1f s (%.1f s with the"
          + " session); rows hash %d%n", sample.rows().length, spec.describe(),
          seconds(sampling), seconds(start), Arrays.hashCode(sample.rows()));
      if (line.optional("out", "").isEmpty()) {
        return;
      }
      Path out = Path.of(line.required("out"));
      SparkSampledStore.Written written = SparkSampledStore.write(store, sample.draw(),
          spec.describe(), parquet, out, name, SampleProvenance.latentStoreName(storeName));
      System.out.printf(Locale.ROOT, "wrote %s and %s in %.1f s in all%n", written.sampled(),
          written.latent(), seconds(start));
    }
  }

  private static void sql(CommandLine line) throws IOException {
    try (SparkSession spark = session()) {
      for (String dir : line.required("parquet").split(",")) {
        ParquetStore.open(spark, dir).register(Path.of(dir).getFileName().toString());
      }
      int repeat = Integer.parseInt(line.optional("repeat", "1"));
      for (int run = 1; run <= repeat; run++) {
        long start = System.nanoTime();
        Dataset<Row> answer = spark.sql(line.required("e"));
        if (run < repeat) {
          answer.collectAsList();
        } else {
          answer.show(1000, false);
        }
        System.err.printf(Locale.ROOT, "run %d of %d in %.3f s%n", run, repeat,
            seconds(start));
      }
    }
  }

  private static void capture(CommandLine line) throws IOException {
    Map<String, String> layers = new LinkedHashMap<>();
    for (String layer : line.required("layers").split(",")) {
      String[] parts = layer.split("=", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException("--layers takes ALIAS=VALUE,...; got '" + layer + "'");
      }
      layers.put(parts[0], parts[1]);
    }
    String[] sample = line.required("sample").split(":");
    SampleSpec spec = SampleSpec.of(SamplingMethod.forName(sample[0]),
        Double.parseDouble(sample[1]),
        sample.length > 2 ? Double.parseDouble(sample[2]) : SampleSpec.DEFAULT_J,
        SampleSpec.DEFAULT_SEED);
    Path out = Path.of(line.required("out")).toAbsolutePath();
    String name = out.getFileName().toString();
    long start = System.nanoTime();
    try (SparkSession spark = session()) {
      SparkSampledStore.Written written = SparkCapture.run(spark,
          spark.read().parquet(line.required("inputs")),
          new SparkCapture.Spec(Path.of(line.required("model")), layers,
              line.required("latent"), line.required("logits"), spec),
          out.resolveSibling(name + "_work").toString(), out);
      System.out.printf(Locale.ROOT, "captured %s and %s in %.1f s%n", written.sampled(),
          written.latent(), seconds(start));
    }
  }

  /** The session: local[*] unless spark-submit (or spark.master) says otherwise. */
  private static SparkSession session() {
    SparkSession.Builder builder = SparkSession.builder().appName("boundarysql")
        .config("spark.sql.extensions", BoundaryExtensions.class.getName());
    if (System.getProperty("spark.master") == null) {
      builder.master("local[*]").config("spark.ui.enabled", "false");
    }
    return builder.getOrCreate();
  }

  private static ProgressListener progress() {
    return (stage, done, total) -> System.err.printf(Locale.ROOT, "  %s %d/%d%n", stage, done,
        total);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
