/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark;

import org.boundarysql.materialize.SampledStore;
import org.boundarysql.sample.Draw;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.spark.sample.SparkSampler;
import org.boundarysql.spark.store.ParquetStore;
import org.boundarysql.spark.store.SparkSampledStore;
import org.boundarysql.store.Items;
import org.boundarysql.store.Store;
import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The way back: the sampled store and latent store written from Spark are byte for byte the
 * pair {@code ./boundary materialize} writes in-process for the same sample, open as stores,
 * and answer the estimates as that pair does.
 */
class HandOffTest {
  @TempDir Path tmp;
  private int dirs;

  /** A new directory under the test's temporary directory, removed with it. */
  private Path directory(String name) throws IOException {
    return Files.createDirectories(tmp.resolve(name + "-" + dirs++));
  }

  @Test void sameStoresAsMaterialize() throws Exception {
    SampleSpec spec = SampleSpec.of(SamplingMethod.MAXMARGIN, 0.1);
    ParquetStore parquet = TestSpark.store("mnist");
    int[] rows = SparkSampler.select(parquet, spec, ProgressListener.NONE).rows();
    Path spark = directory("from-spark");
    SparkSampledStore.write(parquet, Draw.unweighted(rows), spec.describe(), parquet.location(),
        spark, "sample", "mnist_latent");
    Path local = directory("in-process");
    Store store = Store.open(TestSpark.CATALOG.resolve("mnist"), directory("c"));
    SampledStore.materialize(store, spec, directory("cache"), local, "sample",
        ProgressListener.NONE);
    for (String file : new String[] {"store.json", "items.csv", "pool2.npy", "fc2.npy",
        "logits.npy"}) {
      assertArrayEquals(Files.readAllBytes(local.resolve("sample").resolve(file)),
          Files.readAllBytes(spark.resolve("sample").resolve(file)), file);
    }
    for (String file : new String[] {"store.json", "items.csv", "fc2.npy", "logits.npy"}) {
      assertArrayEquals(Files.readAllBytes(local.resolve("mnist_latent").resolve(file)),
          Files.readAllBytes(spark.resolve("mnist_latent").resolve(file)), "latent " + file);
    }
    Store served = Store.open(spark.resolve("sample"), directory("c"));
    assertEquals(rows.length, served.items().size());
    assertEquals(store.items().id(rows[0]), served.items().id(0));
  }

  /**
   * A sample drawn on Spark keeps its design: each item's stratum and inclusion probability
   * (checked against the counts of its confusion-matrix cell in the store), and a sample.json
   * that ties it to its latent store. Served, it answers as the same draw written in-process:
   * population counts over every item, and the same estimates, or none, and why.
   */
  @Test void samplesKeepTheirDesignAndPopulation() throws Exception {
    ParquetStore parquet = TestSpark.store("mnist");
    Store store = Store.open(TestSpark.CATALOG.resolve("mnist"), directory("c"));
    Items all = store.items();
    int classes = store.manifest().classes().size();
    int[] cellSizes = new int[classes * classes];
    for (int r = 0; r < all.size(); r++) {
      cellSizes[all.label(r) * classes + all.predicted(r)]++;
    }
    String query = "select label, count(*), population_count(), estimate_basis(),"
        + " avg_activation_estimate(activation), avg_activation_high(activation)"
        + " from sample.pool2 group by label order by label";
    for (SamplingMethod method : List.of(SamplingMethod.UNIFORM, SamplingMethod.STRATIFIED,
        SamplingMethod.MAXMARGIN)) {
      SampleSpec spec = SampleSpec.of(method, 0.2);
      Draw draw = SparkSampler.select(parquet, spec, ProgressListener.NONE);
      Path spark = directory("from-spark");
      SparkSampledStore.write(parquet, draw, spec.describe(), parquet.location(), spark,
          "sample", "mnist_latent");
      Path local = directory("in-process");
      SampledStore.write(store, draw, spec.describe(), local, "sample", ProgressListener.NONE);

      Items sampled = Store.open(spark.resolve("sample"), directory("c"))
          .items();
      assertEquals(draw.rows().length, sampled.size(), method.methodName());
      int[] cellCounts = new int[cellSizes.length];
      for (int row : draw.rows()) {
        cellCounts[all.label(row) * classes + all.predicted(row)]++;
      }
      List<String> header = Files.readAllLines(spark.resolve("sample/items.csv"));
      boolean design = method != SamplingMethod.MAXMARGIN;
      assertEquals(design, header.get(0).endsWith(",stratum,inclusion_probability"),
          header.get(0));
      for (int i = 0; design && i < sampled.size(); i++) {
        String[] fields = header.get(i + 1).split(",");
        double probability = Double.parseDouble(fields[fields.length - 1]);
        int cell = sampled.label(i) * classes + sampled.predicted(i);
        double expected = method == SamplingMethod.UNIFORM
            ? (double) draw.rows().length / all.size()
            : (double) cellCounts[cell] / cellSizes[cell];
        assertEquals(expected, probability, 1e-12, method.methodName() + " item " + i);
      }
      try (Connection fromSpark = DriverManager.getConnection("jdbc:boundary:catalog=" + spark
          + ";cache=" + directory("c"));
          Connection inProcess = DriverManager.getConnection("jdbc:boundary:catalog=" + local
              + ";cache=" + directory("c"))) {
        List<List<Object>> answers = Answers.boundarySql(fromSpark, query);
        assertEquals(Answers.boundarySql(inProcess, query), answers, method.methodName());
        for (List<Object> group : answers) {
          int label = group.get(0) instanceof Number number ? number.intValue()
              : store.manifest().classes().indexOf(group.get(0).toString());
          assertEquals(IntStream.range(0, all.size()).filter(r -> all.label(r) == label).count(),
              ((Number) group.get(2)).longValue(),
              method.methodName() + " population of label " + group.get(0));
          assertEquals(design, "model_assisted".equals(group.get(3)),
              method.methodName() + ": " + group.get(3));
        }
      }
    }
  }
}
