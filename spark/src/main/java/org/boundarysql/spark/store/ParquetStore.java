/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.store;

import org.boundarysql.store.StoreManifest;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/**
 * A store exported as Parquet ({@link ParquetExport}) in a Spark session: its manifest, its
 * tables, and their registration as a database of the session catalog.
 */
public final class ParquetStore {
  /** Name of the items table. */
  public static final String ITEMS = "items";
  /** Table property of a registered items table: the exported store's directory. */
  public static final String LOCATION_PROPERTY = "boundary.store";
  /** The items table's own columns, before the store's extra columns. */
  static final List<StructField> ITEM_FIELDS = List.of(
      DataTypes.createStructField("row", DataTypes.IntegerType, false),
      DataTypes.createStructField("id", DataTypes.LongType, false),
      DataTypes.createStructField("split", DataTypes.StringType, false),
      DataTypes.createStructField("label", DataTypes.IntegerType, false),
      DataTypes.createStructField("predicted", DataTypes.IntegerType, false),
      DataTypes.createStructField("correct", DataTypes.BooleanType, false));
  /** A layer table's columns. */
  static final StructType LAYER_SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("id", DataTypes.LongType, false),
      DataTypes.createStructField("activation",
          DataTypes.createArrayType(DataTypes.FloatType, false), false)});

  private final SparkSession spark;
  private final String location;
  private final StoreManifest manifest;

  private ParquetStore(SparkSession spark, String location, StoreManifest manifest) {
    this.spark = spark;
    this.location = location;
    this.manifest = manifest;
  }

  /** Opens the exported store in directory {@code location} (any Hadoop path). */
  public static ParquetStore open(SparkSession spark, String location) {
    return new ParquetStore(spark, location, StoreFiles.readManifest(spark, location));
  }

  /** Opens the store a registered database was made from ({@link #register}). */
  public static ParquetStore ofDatabase(SparkSession spark, String database) {
    List<Row> rows = spark.sql("show tblproperties `" + database + "`.`" + ITEMS + "` ('"
        + LOCATION_PROPERTY + "')").collectAsList();
    String value = rows.isEmpty() ? null : rows.get(0).getString(rows.get(0).size() - 1);
    if (value == null || value.contains("does not have property")) {
      throw new IllegalArgumentException("database " + database + " is not a registered"
          + " BoundarySQL store (no " + LOCATION_PROPERTY + " property on its items table)");
    }
    return open(spark, value);
  }

  /** Writes {@code store.json} into an exported store's directory (any Hadoop path). */
  public static void writeManifest(SparkSession spark, StoreManifest manifest, String location) {
    StoreFiles.writeManifest(spark, manifest, location);
  }

  /** Returns the store's manifest. */
  public StoreManifest manifest() {
    return manifest;
  }

  /** Returns the store's directory. */
  public String location() {
    return location;
  }

  /** The fingerprint of the store's files: what tells one export from another. */
  public String fingerprint() {
    return StoreFiles.fingerprint(spark, location);
  }

  /** Returns the items table. */
  public Dataset<Row> items() {
    return spark.read().parquet(location + "/" + ITEMS);
  }

  /** Returns a layer's table {@code (id, activation)}. */
  public Dataset<Row> layer(String name) {
    if (manifest.layer(name).isEmpty()) {
      throw new IllegalArgumentException("unknown layer " + name + " in " + location);
    }
    return spark.read().parquet(location + "/" + name);
  }

  /**
   * Registers the store as database {@code database}, with BoundarySQL's tables: {@code items}
   * (an external Parquet table) and one view per layer, {@code (id, split, label, predicted,
   * correct, activation)}, the layer's Parquet table joined to the items.
   */
  public void register(String database) {
    spark.sql("create database if not exists `" + database + "`");
    spark.sql("create table if not exists `" + database + "`.`" + ITEMS + "` using parquet"
        + " location '" + location + "/" + ITEMS + "' tblproperties ('" + LOCATION_PROPERTY
        + "' = '" + location + "')");
    manifest.layers().forEach(layer -> spark.sql("create or replace view `" + database + "`.`"
        + layer.name() + "` as select i.id, i.split, i.label, i.predicted, i.correct,"
        + " l.activation from `" + database + "`.`" + ITEMS + "` i join parquet.`" + location
        + "/" + layer.name() + "` l on i.id = l.id"));
  }
}
