/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.store;

import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

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

  private ParquetExport() {
  }

  /** Exports {@code storeDir} into the directory {@code out} (any Hadoop path). */
  public static void export(SparkSession spark, Path storeDir, String out) {
    Store store = Store.open(storeDir, StoreFiles.scratch());
    StoreFiles.writeManifest(spark, store.manifest(), out);
    int n = store.items().size();
    String dir = storeDir.toAbsolutePath().toString();
    items(spark, store, dir).write().mode("overwrite").parquet(out + "/" + ParquetStore.ITEMS);
    for (Layer layer : store.layers()) {
      int partitions = (int) Math.max(1, Math.min(n, (long) n * layer.width() * 4
          / PARTITION_BYTES));
      String name = layer.name();
      Dataset<Row> rows = spark.range(0, n, 1, partitions).mapPartitions(
          (MapPartitionsFunction<Long, Row>) positions -> layerRows(dir, name, positions),
          Encoders.row(ParquetStore.LAYER_SCHEMA));
      rows.write().mode("overwrite").parquet(out + "/" + name);
    }
  }

  private static Iterator<Row> layerRows(String storeDir, String layerName,
      Iterator<Long> positions) {
    Store store = Store.open(Path.of(storeDir), StoreFiles.scratch());
    Layer layer = store.layer(layerName).orElseThrow();
    Items items = store.items();
    return new Iterator<>() {
      @Override public boolean hasNext() {
        return positions.hasNext();
      }

      @Override public Row next() {
        int row = positions.next().intValue();
        float[] activation = new float[layer.width()];
        layer.read(row, activation);
        return RowFactory.create(items.id(row), activation);
      }
    };
  }

  /** The items table: row, id, split, label, predicted, correct and the extra columns. */
  private static Dataset<Row> items(SparkSession spark, Store store, String dir) {
    Items items = store.items();
    List<StructField> fields = new ArrayList<>(ParquetStore.ITEM_FIELDS);
    for (Items.ExtraColumn extra : items.extraColumns()) {
      fields.add(DataTypes.createStructField(extra.name(), sqlType(extra.type()), true));
    }
    List<Row> rows = new ArrayList<>(items.size());
    for (int row = 0; row < items.size(); row++) {
      List<Object> values = new ArrayList<>(List.of(row, items.id(row), items.split(row),
          items.label(row), items.predicted(row), items.correct(row)));
      for (Items.ExtraColumn extra : items.extraColumns()) {
        values.add(extra.values()[row]);
      }
      rows.add(RowFactory.create(values.toArray()));
    }
    return spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)));
  }

  private static DataType sqlType(Items.ExtraType type) {
    return switch (type) {
      case BIGINT -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case VARCHAR -> DataTypes.StringType;
    };
  }
}
