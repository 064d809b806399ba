/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.bench;

import org.boundarysql.kernel.AvgActivation;
import org.boundarysql.sample.LatentSpace;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.spark.BoundaryExtensions;
import org.boundarysql.spark.sample.SparkSampler;
import org.boundarysql.spark.store.ParquetExport;
import org.boundarysql.spark.store.ParquetStore;
import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.store.StoreWriter;
import org.boundarysql.task.ProgressListener;

import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * The Spark benchmark (not part of the build's tests): the diagnosis functions on Spark per core
 * against BoundarySQL embedded and a plain loop on the same rows, and MaxMargin on a large
 * store generated from a real one, on Spark against the in-process sampler. Prints Markdown
 * table rows.
 */
public final class SparkBench {
  private SparkBench() {
  }

  /** {@code functions STORE LAYERS CORES PARQUET}, {@code data SOURCE ITEMS STORE PARQUET},
   * {@code spark PARQUET CORES FRACTION} or {@code inprocess STORE FRACTION}. */
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "functions" -> functions(Path.of(args[1]), List.of(args[2].split(",")),
          Integer.parseInt(args[3]), args[4]);
      case "data" -> data(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]),
          args[4]);
      case "spark" -> {
        try (SparkSession spark = session(Integer.parseInt(args[2]))) {
          SampleSpec spec = SampleSpec.of(SamplingMethod.MAXMARGIN, Double.parseDouble(args[3]));
          long start = System.nanoTime();
          int[] rows = SparkSampler.select(ParquetStore.open(spark, args[1]), spec, log()).rows();
          report("maxmargin on Spark local[" + args[2] + "]", start, rows);
        }
      }
      case "inprocess" -> {
        Store store = Store.open(Path.of(args[1]), Files.createTempDirectory("bench"));
        long start = System.nanoTime();
        LatentSpace space = LatentSpace.fromRows(store.latentLayer().orElseThrow(),
            store.items().labels(), store.items().predictions(),
            store.manifest().classes().size());
        int[] rows = SampleSpec.of(SamplingMethod.MAXMARGIN, Double.parseDouble(args[2]))
            .select(space, log());
        report("maxmargin in-process", start, rows);
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void report(String what, long start, int[] rows) {
    System.out.printf(Locale.ROOT, "| %s | %d items | %.1f s | ids hash %d |%n", what,
        rows.length, (System.nanoTime() - start) / 1e9, Arrays.hashCode(rows));
  }

  private static ProgressListener log() {
    long start = System.nanoTime();
    return (stage, done, total) -> System.err.printf(Locale.ROOT, "  %.1f s %s %d/%d%n",
        (System.nanoTime() - start) / 1e9, stage, done, total);
  }

  private static SparkSession session(int cores) {
    return SparkSession.builder().master("local[" + cores + "]").appName("bench")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", cores)
        .config("spark.sql.extensions", BoundaryExtensions.class.getName()).getOrCreate();
  }

  /** Each function on each layer: Spark (best of 3 after a warm-up), BoundarySQL, a loop. */
  private static void functions(Path storeDir, List<String> layers, int cores, String parquet)
      throws Exception {
    String schema = storeDir.getFileName().toString();
    try (SparkSession spark = session(cores);
        Connection boundary = DriverManager.getConnection("jdbc:boundary:store=" + storeDir
            + ";cache=" + Files.createTempDirectory("bench"))) {
      if (!Files.exists(Path.of(parquet, "items"))) {
        ParquetExport.export(spark, storeDir, parquet, Set.copyOf(layers));
      }
      ParquetStore.open(spark, parquet).register(schema);
      Store store = Store.open(storeDir, Files.createTempDirectory("bench"));
      System.out.println("| query | rows | Spark local[" + cores + "], Parquet"
          + " | Spark, cached table | cached, per core | BoundarySQL embedded"
          + " | plain loop (mean per label) |");
      System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
      for (String layer : layers) {
        for (String call : List.of("avg_activation(activation)",
            "topk_neurons(activation, 10)", "argmax_dist(activation)")) {
          String sql = "select label, " + call + " from " + schema + "." + layer
              + " group by label";
          double sparkSeconds = best(() -> spark.sql(sql).collectAsList());
          spark.sql("cache table " + schema + "." + layer);
          double cachedSeconds = best(() -> spark.sql(sql).collectAsList());
          spark.sql("uncache table " + schema + "." + layer);
          double boundarySeconds = best(() -> {
            try (Statement statement = boundary.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
              while (result.next()) {
                result.getObject(2);
              }
            }
          });
          double loopSeconds = best(() -> loop(store, layer));
          System.out.printf(Locale.ROOT, "| `%s` on %s | %d | %.3f s | %.3f s | %.3f s |"
              + " %.3f s | %.3f s |%n", call, layer, store.items().size(), sparkSeconds,
              cachedSeconds, cachedSeconds * cores, boundarySeconds, loopSeconds);
        }
      }
    }
  }

  /** The mean per label by a plain loop over the memory-mapped rows. */
  private static void loop(Store store, String name) {
    Layer layer = store.layer(name).orElseThrow();
    Items items = store.items();
    AvgActivation[] means = new AvgActivation[store.manifest().classes().size()];
    float[] row = new float[layer.width()];
    for (int i = 0; i < layer.rows(); i++) {
      layer.read(i, row);
      int label = items.label(i);
      if (means[label] == null) {
        means[label] = new AvgActivation(row.length);
      }
      means[label].add(row);
    }
  }

  /** A timed action. */
  private interface Action {
    void run() throws Exception;
  }

  private static double best(Action action) throws Exception {
    action.run();
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      action.run();
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    return best;
  }

  /**
   * A store of {@code n} items (latent layer only): the source store's training split tiled,
   * each copy with Gaussian noise of a tenth of each feature's spread, and its Parquet export.
   */
  private static void data(Path source, int n, Path out, String parquet) throws Exception {
    Store store = Store.open(source, Files.createTempDirectory("bench"));
    Layer latent = store.latentLayer().orElseThrow();
    Items items = store.items();
    int[] train = java.util.stream.IntStream.range(0, items.size())
        .filter(i -> items.split(i).equals("train")).toArray();
    StoreManifest manifest = store.manifest();
    LayerSpec spec = manifest.layer(manifest.latentLayer()).orElseThrow();
    double[] spread = new double[latent.width()];
    float[] row = new float[latent.width()];
    for (int i : train) {
      latent.read(i, row);
      for (int f = 0; f < row.length; f++) {
        spread[f] += (double) row[f] * row[f] / train.length;
      }
    }
    Random random = new Random(42);
    try (StoreWriter writer = new StoreWriter(out, new StoreManifest(manifest.model()
        + " (training split tiled to " + n + " items with noise)", manifest.classes(),
        manifest.latentLayer(), List.of(spec)), n)) {
      for (int i = 0; i < n; i++) {
        int from = train[i % train.length];
        latent.read(from, row);
        for (int f = 0; f < row.length; f++) {
          row[f] += (float) (random.nextGaussian() * 0.1 * Math.sqrt(spread[f]));
        }
        writer.writeItem(i, "train", items.label(from), items.predicted(from));
        writer.writeActivation(spec.name(), row);
      }
    }
    try (SparkSession spark = session(2)) {
      long start = System.nanoTime();
      ParquetExport.export(spark, out, parquet, Set.of());
      System.out.printf(Locale.ROOT, "exported %d items in %.1f s%n", n,
          (System.nanoTime() - start) / 1e9);
    }
  }
}
