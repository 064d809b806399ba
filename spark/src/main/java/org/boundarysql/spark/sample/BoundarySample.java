/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.sample;

import org.boundarysql.sample.Draw;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.spark.store.ParquetStore;
import org.boundarysql.task.ProgressListener;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The sample of a store for a spec, computed once per Spark application (the driver's memory)
 * and then reused: Spark analyses a plan again and again, and a table function runs at every
 * analysis.
 *
 * @param draw the items' positions in the store, ascending, and their design if known
 * @param ids the items' ids, in the same order
 */
public record BoundarySample(Draw draw, long[] ids) {
  private static final Map<String, BoundarySample> CACHE = new ConcurrentHashMap<>();

  /** Returns the sample {@code spec} of {@code store}, computing it on first use. */
  public static BoundarySample of(ParquetStore store, SampleSpec spec,
      ProgressListener progress) {
    return CACHE.computeIfAbsent(store.location() + " " + spec.describe(),
        key -> compute(store, spec, progress));
  }

  private static BoundarySample compute(ParquetStore store, SampleSpec spec,
      ProgressListener progress) {
    Draw draw = SparkSampler.select(store, spec, progress);
    int[] rows = draw.rows();
    BitSet chosen = new BitSet();
    IntStream.of(rows).forEach(chosen::set);
    Dataset<Row> items = store.items().select("row", "id");
    Broadcast<BitSet> shared = JavaSparkContext.fromSparkContext(items.sparkSession()
        .sparkContext()).broadcast(chosen);
    List<long[]> pairs = items.javaRDD().filter(r -> shared.value().get(r.getInt(0)))
        .map(r -> new long[] {r.getInt(0), r.getLong(1)}).collect();
    shared.destroy();
    long[] ids = pairs.stream().sorted((a, b) -> Long.compare(a[0], b[0])).mapToLong(p -> p[1])
        .toArray();
    return new BoundarySample(draw, ids);
  }

  /** The items' positions in the store, ascending. */
  public int[] rows() {
    return draw.rows();
  }
}
