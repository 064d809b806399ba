/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.example;

import org.boundarysql.store.StoreDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A store of the example catalog captured from files prepared in a work directory beside it,
 * which is removed afterwards: reused when its source (what it was built from) is unchanged.
 */
final class CapturedExample {
  /** Puts the capture's files into {@code work} and says what the store is built from. */
  interface Prepare {
    String source(Path work) throws IOException;
  }

  /** Captures {@code store} from the files in {@code work}. */
  interface Capturing {
    void run(Path work, Path store) throws IOException;
  }

  private CapturedExample() {
  }

  /** Builds {@code catalogDir/name} unless it is current; returns its directory. */
  static Path build(Path catalogDir, String name, Prepare prepare, Capturing capture) {
    Path store = catalogDir.resolve(name);
    Path work = null;
    try {
      work = Files.createTempDirectory(catalogDir, "." + name + "-");
      String source = prepare.source(work);
      if (ExampleCatalog.isCurrent(store, source)) {
        System.err.println("reusing " + store);
        return store;
      }
      long start = System.nanoTime();
      capture.run(work, store);
      Files.writeString(store.resolve(ExampleCatalog.SOURCE_FILE), source + "\n");
      System.err.printf(Locale.ROOT, "built %s in %.0f s%n", store,
          (System.nanoTime() - start) / 1e9);
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("building the example store " + store, e);
    } finally {
      try {
        if (work != null) {
          StoreDirectory.deleteTree(work);
        }
      } catch (IOException e) {
        System.err.println("cannot remove " + work + ": " + e);
      }
    }
  }
}
