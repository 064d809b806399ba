/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark;

import org.boundarysql.spark.store.ParquetExport;
import org.boundarysql.spark.store.ParquetStore;

import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

/**
 * The one local[2] Spark session of the test JVM, and the test catalog of sql-tests (small
 * real stores) exported as Parquet and registered as databases of the same names.
 */
final class TestSpark {
  /** The test catalog: real activations of the committed models on 600 MNIST test items. */
  static final Path CATALOG = Path.of("../sql-tests/src/test/resources/catalog")
      .toAbsolutePath().normalize();
  /** The stores exported, and their layers the tests use (all when empty). */
  static final Map<String, Set<String>> STORES = Map.of("mnist", Set.of(),
      "mnist_epoch1", Set.of("fc2"), "mnist_mlp", Set.of("fc2"), "irregular", Set.of("fc2"));
  static final SparkSession SPARK = SparkSession.builder().master("local[2]")
      .appName("boundarysql-tests")
      .config("spark.ui.enabled", "false")
      .config("spark.sql.shuffle.partitions", "2")
      .config("spark.sql.extensions", BoundaryExtensions.class.getName())
      .getOrCreate();
  /** The Parquet exports, one directory per store. */
  static final Path PARQUET = export();

  private static Connection connection;

  private TestSpark() {
  }

  private static Path export() {
    try {
      Path out = Files.createTempDirectory("boundary-parquet");
      for (Map.Entry<String, Set<String>> store : STORES.entrySet()) {
        String dir = out.resolve(store.getKey()).toString();
        ParquetExport.export(SPARK, CATALOG.resolve(store.getKey()), dir, store.getValue());
        ParquetStore.open(SPARK, dir).register(store.getKey());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns an exported store. */
  static ParquetStore store(String name) {
    return ParquetStore.open(SPARK, PARQUET.resolve(name).toString());
  }

  /** BoundarySQL embedded on the test catalog, one connection for the test JVM. */
  static synchronized Connection boundarySql() throws SQLException {
    if (connection == null) {
      try {
        connection = DriverManager.getConnection("jdbc:boundary:catalog=" + CATALOG
            + ";cache=" + Files.createTempDirectory("boundary-cache"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return connection;
  }
}
