/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.boundarysql.store.BoundaryHome;

import java.nio.file.Files;
import java.nio.file.Path;

/** Chooses the catalog a command works on: {@code --catalog DIR}, else the example catalog. */
final class Catalogs {
  private Catalogs() {
  }

  /** The example catalog's location. */
  static Path exampleCatalog() {
    return BoundaryHome.directory().resolve("catalog");
  }

  static Path resolve(Arguments arguments) {
    Path catalog = arguments.path("catalog", exampleCatalog());
    if (!Files.isDirectory(catalog)) {
      throw new IllegalArgumentException("no catalog at " + catalog
          + (arguments.has("catalog") ? "" : "; build the example with ./boundary example"));
    }
    return catalog;
  }
}
