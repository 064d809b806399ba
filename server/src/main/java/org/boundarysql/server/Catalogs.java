/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.boundarysql.example.ExampleCatalog;

import java.nio.file.Files;
import java.nio.file.Path;

/** Chooses the catalog a command works on: {@code --catalog DIR}, else the example catalog. */
final class Catalogs {
  private Catalogs() {
  }

  /** The example catalog's location. */
  static Path exampleCatalog() {
    return ExampleCatalog.defaultCatalog();
  }

  /** The catalog named by {@code --catalog}, else the example catalog, built on first use. */
  static Path resolve(Arguments arguments) {
    if (!arguments.has("catalog")) {
      Path example = exampleCatalog();
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
}
