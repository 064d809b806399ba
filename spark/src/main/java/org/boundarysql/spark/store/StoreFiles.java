/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.store;

import org.boundarysql.store.StoreManifest;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The {@code store.json} of an exported store, on any Hadoop file system. */
final class StoreFiles {
  private StoreFiles() {
  }

  /** Writes the manifest as {@code dir/store.json}. */
  static void writeManifest(SparkSession spark, StoreManifest manifest, String dir) {
    try {
      java.nio.file.Path local = Files.createTempDirectory("boundary-manifest");
      manifest.write(local);
      Path target = new Path(dir, StoreManifest.FILE_NAME);
      FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.mkdirs(target.getParent());
      fs.copyFromLocalFile(true, true,
          new Path(local.resolve(StoreManifest.FILE_NAME).toUri()), target);
      Files.delete(local);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir + "/store.json: " + e.getMessage(), e);
    }
  }

  /** Reads {@code dir/store.json}. */
  static StoreManifest readManifest(SparkSession spark, String dir) {
    try {
      java.nio.file.Path local = Files.createTempDirectory("boundary-manifest");
      Path source = new Path(dir, StoreManifest.FILE_NAME);
      FileSystem fs = source.getFileSystem(spark.sparkContext().hadoopConfiguration());
      java.nio.file.Path file = local.resolve(StoreManifest.FILE_NAME);
      fs.copyToLocalFile(false, source, new Path(file.toUri()), true);
      StoreManifest manifest = StoreManifest.read(local);
      Files.delete(file);
      Files.delete(local);
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir + "/store.json: " + e.getMessage(), e);
    }
  }

  /**
   * The fingerprint of the files below {@code dir}: each one's path (relative to {@code dir}),
   * length and modification time, in path order.
   */
  static String fingerprint(SparkSession spark, String dir) {
    try {
      Path root = new Path(dir);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      String prefix = fs.getFileStatus(root).getPath().toString() + "/";
      List<String> files = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> listing = fs.listFiles(root, true);
      while (listing.hasNext()) {
        LocatedFileStatus file = listing.next();
        files.add(file.getPath().toString().substring(prefix.length()) + ':' + file.getLen()
            + ':' + file.getModificationTime() + ';');
      }
      Collections.sort(files);
      return String.join("", files);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A scratch directory for CSV layers converted while opening a store. */
  static java.nio.file.Path scratch() {
    try {
      return Files.createTempDirectory("boundary-store");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
