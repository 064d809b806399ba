/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.nio.file.Path;

/**
 * BoundarySQL's working directory: the system property {@code boundary.home} (a JVM started for
 * one job, as the tests' servers are), else {@code $BOUNDARY_HOME}, else
 * {@code ~/.cache/boundarysql}. It holds the example catalog and the caches; nothing in it is
 * precious.
 */
public final class BoundaryHome {
  private BoundaryHome() {
  }

  public static Path directory() {
    String home = System.getProperty("boundary.home");
    if (home == null || home.isBlank()) {
      home = System.getenv("BOUNDARY_HOME");
    }
    return home == null || home.isBlank()
        ? Path.of(System.getProperty("user.home"), ".cache", "boundarysql")
        : Path.of(home).toAbsolutePath();
  }

  /** The example catalog's place, {@code $BOUNDARY_HOME/catalog}. */
  public static Path exampleCatalog() {
    return directory().resolve("catalog");
  }

  /** The cache of samples and converted CSV layers, {@code $BOUNDARY_HOME/cache}. */
  public static Path cache() {
    return directory().resolve("cache");
  }
}
