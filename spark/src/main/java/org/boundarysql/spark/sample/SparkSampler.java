/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.sample;

import org.boundarysql.sample.Allocation;
import org.boundarysql.sample.Draw;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.spark.store.ParquetStore;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.task.ProgressListener;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Selects a sample of an exported store's items on Spark: {@code maxmargin} (the in-process
 * sampler's items, see {@link SparkMaxMargin}), {@code uniform} and {@code stratified} (by
 * confusion-matrix cell, proportional counts as in-process) drawn with Spark's own operators in
 * a random order that depends only on the seed and each item's id, not on the partitioning.
 * The last two are probability designs: their draws carry each item's stratum and inclusion
 * probability, as the in-process samplers' do.
 */
public final class SparkSampler {
  private SparkSampler() {
  }

  /**
   * Returns the draw: the selected items' rows (positions in the store), ascending, with their
   * strata and inclusion probabilities where the design knows them.
   */
  public static Draw select(ParquetStore store, SampleSpec spec, ProgressListener progress) {
    StoreManifest manifest = store.manifest();
    Dataset<Row> items = store.items().select("row", "id", "label", "predicted");
    return switch (spec.method()) {
      case MAXMARGIN -> {
        LayerSpec latent = manifest.layer(manifest.latentLayer()).orElseThrow(() ->
            new IllegalArgumentException(store.location() + " has no latent layer"));
        // A few numbers per item against hundreds of floats: ship the items to the layer's
        // partitions instead of shuffling the activations.
        Dataset<Row> points = store.layer(latent.name()).join(broadcast(items), "id");
        yield Draw.unweighted(SparkMaxMargin.select(points, latent.width(),
            manifest.classes().size(), spec, progress));
      }
      case UNIFORM -> {
        int n = Math.toIntExact(items.count());
        int[] rows = rows(items.orderBy(randomOrder(spec)).limit(Allocation.sampleSize(n,
            spec.fraction())));
        double[] probabilities = new double[rows.length];
        Arrays.fill(probabilities, (double) rows.length / n);
        yield new Draw(rows, new int[rows.length], probabilities);
      }
      case STRATIFIED -> stratified(items, manifest.classes().size(), spec);
      default -> throw new IllegalArgumentException("sampling method '" + spec.method()
          + "' does not run on Spark; methods: maxmargin, uniform, stratified");
    };
  }

  /**
   * Per (label, predicted) cell, its proportional count of the items first in random order;
   * the cell is the stratum, its count over its size each item's probability.
   */
  private static Draw stratified(Dataset<Row> items, int classes, SampleSpec spec) {
    int[] sizes = new int[classes * classes];
    for (Row cell : items.groupBy("label", "predicted").count().collectAsList()) {
      sizes[cell.getInt(0) * classes + cell.getInt(1)] = Math.toIntExact(cell.getLong(2));
    }
    int[] counts = Allocation.proportional(sizes, spec.fraction());
    List<Row> quotas = IntStream.range(0, counts.length).filter(c -> counts[c] > 0)
        .mapToObj(c -> RowFactory.create(c, counts[c])).toList();
    Dataset<Row> quota = items.sparkSession().createDataFrame(quotas, new StructType()
        .add("cell", DataTypes.IntegerType).add("quota", DataTypes.IntegerType));
    Dataset<Row> ranked = items
        .withColumn("cell", col("label").multiply(classes).plus(col("predicted")))
        .withColumn("rank", row_number().over(Window.partitionBy("cell")
            .orderBy(randomOrder(spec))));
    List<Row> chosen = ranked.join(quota, "cell").where(col("rank").leq(col("quota")))
        .select("row", "cell").orderBy("row").collectAsList();
    int[] rows = new int[chosen.size()];
    int[] strata = new int[rows.length];
    double[] probabilities = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = chosen.get(i).getInt(0);
      strata[i] = chosen.get(i).getInt(1);
      probabilities[i] = (double) counts[strata[i]] / sizes[strata[i]];
    }
    return new Draw(rows, strata, probabilities);
  }

  /** The random order of a seed: by a hash of the item's id and the seed, ties by row. */
  private static Column[] randomOrder(SampleSpec spec) {
    return new Column[] {xxhash64(col("id"), lit(spec.seed())), col("row")};
  }

  private static int[] rows(Dataset<Row> selected) {
    return selected.select(selected.col("row")).collectAsList().stream()
        .mapToInt(r -> r.getInt(0)).sorted().toArray();
  }
}
