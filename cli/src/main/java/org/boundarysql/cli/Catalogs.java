/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.example.ExampleCatalog;
import org.boundarysql.store.BoundaryHome;
import org.boundarysql.store.StoreManifest;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds what a command works on: a catalog or a store, by default in the example catalog. */
final class Catalogs {
  private Catalogs() {
  }

  /** The catalog named by {@code --catalog}, else the example catalog, built on first use. */
  static Path resolve(Arguments arguments) {
    if (!arguments.has("catalog")) {
      Path example = BoundaryHome.exampleCatalog();
      if (!Files.isDirectory(example)) {
        System.err.println("Building the example catalog in " + example
            + " (first use; a few minutes)...");
      }
      return ExampleCatalog.build(example, null);
    }
    Path catalog = arguments.path("catalog", null);
    if (!Files.isDirectory(catalog)) {
      throw new IllegalArgumentException("no catalog at " + catalog);
    }
    return catalog;
  }

  /**
   * A store directory: {@code value} itself if it holds a store.json, else the store of that
   * name in the example catalog.
   */
  static Path store(String value) {
    Path path = Path.of(value).toAbsolutePath().normalize();
    if (Files.isRegularFile(path.resolve(StoreManifest.FILE_NAME))) {
      return path;
    }
    Path example = BoundaryHome.exampleCatalog().resolve(value);
    if (Files.isRegularFile(example.resolve(StoreManifest.FILE_NAME))) {
      return example;
    }
    throw new IllegalArgumentException("no store at " + path + " nor " + example
        + " (a store directory holds store.json)");
  }
}
