/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark;

import org.boundarysql.sample.Allocation;
import org.boundarysql.sample.LatentSpace;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.spark.sample.BoundarySample;
import org.boundarysql.spark.sample.SparkSampler;
import org.boundarysql.store.Items;
import org.boundarysql.store.Store;
import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Boundary sampling on Spark against the in-process samplers on the same stores. */
class SampleTest {
  /** MaxMargin on Spark picks the in-process sampler's items, also in a store not in id order. */
  @ParameterizedTest
  @CsvSource({"mnist, 0.05, 0.7", "mnist_mlp, 0.1, 0.3", "irregular, 0.2, 0.7"})
  void maxMarginSameItems(String name, double fraction, double j) throws Exception {
    SampleSpec spec = SampleSpec.of(SamplingMethod.MAXMARGIN, fraction, j, 0);
    int[] inProcess = spec.select(latentSpace(name), ProgressListener.NONE);
    int[] spark = SparkSampler.select(TestSpark.store(name), spec, ProgressListener.NONE)
        .rows();
    assertArrayEquals(inProcess, spark);
  }

  /**
   * The table function gives the ids of those rows, computed once: the second query (another
   * analysis) reuses the sample.
   */
  @ParameterizedTest
  @CsvSource({"irregular, 0.2"})
  void tableFunctionIds(String name, double fraction) throws Exception {
    String sql = "select id from boundary_sample('" + name + "', 'maxmargin', " + fraction
        + ") order by row";
    List<Long> ids = TestSpark.SPARK.sql(sql).collectAsList().stream()
        .map(r -> r.getLong(0)).toList();
    Store store = Store.open(TestSpark.CATALOG.resolve(name), Files.createTempDirectory("c"));
    int[] rows = SampleSpec.of(SamplingMethod.MAXMARGIN, fraction)
        .select(latentSpace(name), ProgressListener.NONE);
    assertEquals(IntStream.of(rows).mapToObj(r -> store.items().id(r)).toList(), ids);
    long start = System.nanoTime();
    TestSpark.SPARK.sql(sql).explain();
    assertEquals(ids, TestSpark.SPARK.sql(sql).collectAsList().stream().map(r -> r.getLong(0))
        .toList());
    BoundarySample cached = BoundarySample.of(TestSpark.store(name),
        SampleSpec.of(SamplingMethod.MAXMARGIN, fraction), ProgressListener.NONE);
    assertArrayEquals(rows, cached.rows());
    System.out.printf("boundary_sample again (cached): %.2f s%n", (System.nanoTime() - start)
        / 1e9);
  }

  /**
   * Uniform and stratified: the in-process sample's size, and for stratified its count in
   * every (label, predicted) cell; a seed gives the same sample again.
   */
  @ParameterizedTest
  @CsvSource({"uniform, 0.1", "stratified, 0.33"})
  void sparkOwnDraws(String method, double fraction) throws Exception {
    SampleSpec spec = SampleSpec.of(SamplingMethod.forName(method), fraction, 0.7, 7);
    Items items = Store.open(TestSpark.CATALOG.resolve("mnist"), Files.createTempDirectory("c"))
        .items();
    int[] inProcess = spec.select(latentSpace("mnist"), ProgressListener.NONE);
    int[] spark = SparkSampler.select(TestSpark.store("mnist"), spec, ProgressListener.NONE)
        .rows();
    assertEquals(Allocation.sampleSize(items.size(), fraction), spark.length);
    assertEquals(inProcess.length, spark.length);
    if (method.equals("stratified")) {
      assertEquals(cells(items, inProcess), cells(items, spark));
    }
    assertArrayEquals(spark, SparkSampler.select(TestSpark.store("mnist"), spec,
        ProgressListener.NONE).rows());
    assertEquals(spark.length, IntStream.of(spark).distinct().count());
  }

  private static Map<String, Long> cells(Items items, int[] rows) {
    return IntStream.of(rows).mapToObj(r -> items.label(r) + "/" + items.predicted(r))
        .collect(Collectors.groupingBy(c -> c, TreeMap::new, Collectors.counting()));
  }

  static LatentSpace latentSpace(String name) throws Exception {
    Store store = Store.open(TestSpark.CATALOG.resolve(name), Files.createTempDirectory("c"));
    return LatentSpace.fromRows(store.latentLayer().orElseThrow(), store.items().labels(),
        store.items().predictions(), store.manifest().classes().size());
  }
}
