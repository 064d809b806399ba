/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.store;

import org.boundarysql.materialize.SampledStore;
import org.boundarysql.sample.Draw;
import org.boundarysql.store.Items;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.SampleProvenance;
import org.boundarysql.store.StoreDirectory;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.store.StoreWriter;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.col;

/**
 * The hand-off from Spark to {@code ./boundary serve}: the sampled store (every layer, the
 * sampled items) and the latent store (the latent layer and logits, every item) in BoundarySQL's
 * own format, the pair {@code ./boundary materialize} writes. The sample is small by design and
 * collected; the latent store's layers stream through the driver in store order. Each store is
 * written aside and renamed into place when complete.
 */
public final class SparkSampledStore {
  private SparkSampledStore() {
  }

  /** The two stores written. */
  public record Written(Path sampled, Path latent) { }

  /**
   * Writes the items of {@code draw} (ascending positions) of {@code store} as the store
   * {@code out/name}, with their design columns if the draw has them, and the latent store
   * {@code out/<latentName>}; each store's {@code sample.json} names {@code source} (the store
   * the sample stands for, whose latent store is {@code latentName}) and, for the sample,
   * {@code spec}.
   */
  public static Written write(ParquetStore store, Draw draw, String spec, String source,
      Path out, String name, String latentName) throws IOException {
    StoreManifest manifest = store.manifest();
    int[] rows = draw.rows();
    String fingerprint = store.fingerprint();
    Path sampled = out.resolve(name);
    BitSet chosen = new BitSet();
    IntStream.of(rows).forEach(chosen::set);
    Broadcast<BitSet> shared = JavaSparkContext.fromSparkContext(store.items().sparkSession()
        .sparkContext()).broadcast(chosen);
    Dataset<Row> items = store.items().filter((FilterFunction<Row>)
        r -> shared.value().get(r.getInt(r.fieldIndex("row"))));
    try (StoreDirectory dir = StoreDirectory.aside(sampled)) {
      try (StoreWriter writer = new StoreWriter(dir.path(), manifest, rows.length)) {
        writeLayers(store, items, manifest.layers(), writer, false);
      }
      SampledStore.appendDesign(dir.path().resolve(Items.FILE_NAME), draw);
      Files.writeString(dir.path().resolve(SampleProvenance.FILE_NAME),
          SampledStore.provenance(source, fingerprint, spec, rows.length));
      dir.commit();
    }
    shared.destroy();
    List<LayerSpec> latentLayers = SampledStore.latentStoreLayers(manifest);
    Path latentStore = out.resolve(latentName);
    int count = Math.toIntExact(store.items().count());
    try (StoreDirectory dir = StoreDirectory.aside(latentStore)) {
      try (StoreWriter writer = new StoreWriter(dir.path(), manifest.withLayers(
          manifest.model(), latentLayers), count)) {
        writeLayers(store, store.items(), latentLayers, writer, true);
      }
      Files.writeString(dir.path().resolve(SampleProvenance.FILE_NAME),
          SampledStore.provenance(source, fingerprint, null, count));
      dir.commit();
    }
    return new Written(sampled, latentStore);
  }

  /**
   * Writes the items and the layers of {@code items}, in store order: streamed through the
   * driver for the latent store (every item), collected at once for the sample.
   */
  private static void writeLayers(ParquetStore store, Dataset<Row> items, List<LayerSpec> layers,
      StoreWriter writer, boolean stream) throws IOException {
    Iterator<Row> ordered = rows(items.select("row", "id", "split", "label", "predicted")
        .orderBy("row"), stream);
    while (ordered.hasNext()) {
      Row item = ordered.next();
      writer.writeItem(item.getLong(1), item.getString(2), item.getInt(3), item.getInt(4));
    }
    for (LayerSpec layer : layers) {
      Iterator<Row> activations = rows(items.select("row", "id")
          .join(store.layer(layer.name()), "id").orderBy("row").select(col("activation")),
          stream);
      while (activations.hasNext()) {
        writer.writeActivation(layer.name(), floats(activations.next().getList(0)));
      }
    }
  }

  private static Iterator<Row> rows(Dataset<Row> rows, boolean stream) {
    return stream ? rows.toLocalIterator() : rows.collectAsList().iterator();
  }

  private static float[] floats(List<Float> values) {
    float[] row = new float[values.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = values.get(i);
    }
    return row;
  }
}
