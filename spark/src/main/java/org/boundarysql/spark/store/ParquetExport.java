/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.store;

import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreManifest;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a store as Parquet tables: {@code items} (the store's item columns, with {@code row},
 * the item's position in the store, which the samplers' order follows) and one table per layer
 * {@code (id bigint, activation array<float>)}, plus {@code store.json}. The executors read the
 * store's memory-mapped files themselves, so the store's directory must be readable where they
 * run (always so in local mode).
 */
public final class ParquetExport {
  /** Bytes of activations per Spark partition of a layer table. */
  private static final long PARTITION_BYTES = 64L << 20;
  /** The stores an executor has opened, by directory: items.csv is parsed once per JVM. */
  private static final Map<String, Store> OPEN = new ConcurrentHashMap<>();

  private ParquetExport() {
  }

  /** One row of a table, from the store and the item's position. */
  private interface RowReader extends Serializable {
    Row read(Store store, int row);
  }

  /**
   * Exports {@code storeDir} into the directory {@code out} (any Hadoop path): the items and
   * the layers named in {@code layers}, or all layers if it is empty; {@code store.json} lists
   * the layers exported.
   */
  public static void export(SparkSession spark, Path storeDir, String out, Set<String> layers) {
    String dir = storeDir.toAbsolutePath().toString();
    Store store = open(dir);
    StoreManifest manifest = store.manifest();
    StoreFiles.writeManifest(spark, manifest.withLayers(manifest.model(),
        manifest.layers().stream()
            .filter(l -> layers.isEmpty() || layers.contains(l.name())).toList()), out);
    int n = store.items().size();
    List<StructField> fields = new ArrayList<>(ParquetStore.ITEM_FIELDS);
    for (Items.ExtraColumn extra : store.items().extraColumns()) {
      fields.add(DataTypes.createStructField(extra.name(), sqlType(extra.type()), true));
    }
    write(spark, dir, n, 1 + n / 1_000_000, new StructType(fields.toArray(StructField[]::new)),
        ParquetExport::item, out + "/" + ParquetStore.ITEMS);
    for (Layer layer : store.layers()) {
      if (layers.isEmpty() || layers.contains(layer.name())) {
        String name = layer.name();
        int partitions = (int) Math.max(1, Math.min(n, (long) n * layer.width() * 4
            / PARTITION_BYTES));
        write(spark, dir, n, partitions, ParquetStore.LAYER_SCHEMA,
            (s, row) -> activation(s, name, row), out + "/" + name);
      }
    }
  }

  private static void write(SparkSession spark, String dir, int n, int partitions,
      StructType schema, RowReader reader, String path) {
    spark.range(0, n, 1, partitions).mapPartitions(
        (MapPartitionsFunction<Long, Row>) positions -> {
          Store store = open(dir);
          return new Iterator<>() {
            @Override public boolean hasNext() {
              return positions.hasNext();
            }

            @Override public Row next() {
              return reader.read(store, positions.next().intValue());
            }
          };
        }, Encoders.row(schema)).write().mode("overwrite").parquet(path);
  }

  private static Store open(String dir) {
    return OPEN.computeIfAbsent(dir, d -> Store.open(Path.of(d), StoreFiles.scratch()));
  }

  private static Row item(Store store, int row) {
    Items items = store.items();
    List<Object> values = new ArrayList<>(List.of(row, items.id(row), items.split(row),
        items.label(row), items.predicted(row), items.correct(row)));
    for (Items.ExtraColumn extra : items.extraColumns()) {
      values.add(extra.value(row));
    }
    return RowFactory.create(values.toArray());
  }

  private static Row activation(Store store, String layerName, int row) {
    Layer layer = store.layer(layerName).orElseThrow();
    float[] activation = new float[layer.width()];
    layer.read(row, activation);
    return RowFactory.create(store.items().id(row), activation);
  }

  private static DataType sqlType(Items.ExtraType type) {
    return switch (type) {
      case BIGINT -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case VARCHAR -> DataTypes.StringType;
    };
  }
}
