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
import java.util.List;
import java.util.Set;

/**
 * The one local[2] Spark session of the test JVM, and the test catalog of sql-tests (small
 * real stores) exported as Parquet and registered as databases of the same names.
 */
final class TestSpark {
  /** The test catalog: real activations of the committed models on 600 MNIST test items. */
  static final Path CATALOG = Path.of("../sql-tests/src/test/resources/catalog")
      .toAbsolutePath().normalize();
  /** The stores exported. */
  static final List<String> STORES = List.of("mnist", "mnist_epoch1", "mnist_mlp",
      "irregular");
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
      for (String store : STORES) {
        String dir = out.resolve(store).toString();
        ParquetExport.export(SPARK, CATALOG.resolve(store), dir, Set.of());
        ParquetStore.open(SPARK, dir).register(store);
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
