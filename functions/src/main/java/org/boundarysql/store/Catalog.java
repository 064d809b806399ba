/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory of stores: every sub-directory not starting with a dot is a store. A store that
 * fails to open is skipped with a warning and kept as a {@link Problem}, so the others stay
 * usable.
 */
public final class Catalog {
  private static final System.Logger LOG = System.getLogger(Catalog.class.getName());

  private final Path directory;
  private final List<Store> stores;
  private final List<Problem> problems;

  private Catalog(Path directory, List<Store> stores, List<Problem> problems) {
    this.directory = directory;
    this.stores = List.copyOf(stores);
    this.problems = List.copyOf(problems);
  }

  /** A store that could not be opened, and why. */
  public record Problem(String store, String message) { }

  /**
   * Opens every store below {@code directory}; CSV layers are converted below {@code cacheDir}.
   */
  public static Catalog open(Path directory, Path cacheDir) {
    if (!Files.isDirectory(directory)) {
      throw new StoreFormatException(directory, "is not a directory of stores");
    }
    List<Store> stores = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    try (Stream<Path> children = Files.list(directory)) {
      for (Path child : children.sorted().toList()) {
        if (!Files.isDirectory(child) || child.getFileName().toString().startsWith(".")) {
          continue;
        }
        String name = child.getFileName().toString();
        try {
          stores.add(Store.open(child, cacheDir.resolve(name)));
        } catch (StoreFormatException e) {
          LOG.log(System.Logger.Level.WARNING, "skipping store " + name + ": " + e.getMessage());
          problems.add(new Problem(name, e.getMessage()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
    return new Catalog(directory, stores, problems);
  }

  /** A catalog of the single store in {@code storeDirectory}. */
  public static Catalog openStore(Path storeDirectory, Path cacheDir) {
    String name = storeDirectory.getFileName().toString();
    try {
      return new Catalog(storeDirectory,
          List.of(Store.open(storeDirectory, cacheDir.resolve(name))), List.of());
    } catch (StoreFormatException e) {
      LOG.log(System.Logger.Level.WARNING, "skipping store " + name + ": " + e.getMessage());
      return new Catalog(storeDirectory, List.of(), List.of(new Problem(name, e.getMessage())));
    }
  }

  public Path directory() {
    return directory;
  }

  public List<Store> stores() {
    return stores;
  }

  /** Stores that were skipped. */
  public List<Problem> problems() {
    return problems;
  }
}
