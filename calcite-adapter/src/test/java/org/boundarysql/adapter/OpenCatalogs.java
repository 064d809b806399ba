/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import java.nio.file.Path;

/** A test's view of the catalogs this JVM holds open and shares between connections. */
public final class OpenCatalogs {
  private OpenCatalogs() {
  }

  /**
   * The number of samples that the open catalog of {@code catalog} has computed (not read from
   * its disk cache) since it was opened: what every connection to that catalog in this JVM,
   * embedded or through a server, shares.
   */
  public static int sampleComputations(Path catalog, Path cache) {
    return OpenCatalog.of(catalog.toAbsolutePath().normalize(),
        cache.toAbsolutePath().normalize(), false).samples().computations();
  }
}
