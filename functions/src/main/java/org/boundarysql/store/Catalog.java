/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.boundarysql.task.HeapBudget;
import org.boundarysql.task.InsufficientMemoryException;

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

  /**
   * A store that could not be opened, its directory, and why; {@code memory} if this JVM's heap
   * could not hold what opening it needs (a larger heap would open it).
   */
  public record Problem(String store, Path directory, String message, boolean memory) { }

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
        } catch (StoreFormatException | InsufficientMemoryException | OutOfMemoryError e) {
          problems.add(problem(name, child, e));
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
    } catch (StoreFormatException | InsufficientMemoryException | OutOfMemoryError e) {
      return new Catalog(storeDirectory, List.of(), List.of(problem(name, storeDirectory, e)));
    }
  }

  /**
   * The problem of a store that failed to open, logged. A store whose opening ran out of heap
   * fails alone: what it had allocated is garbage once this returns.
   */
  private static Problem problem(String name, Path directory, Throwable e) {
    boolean memory = !(e instanceof StoreFormatException);
    String message = e instanceof OutOfMemoryError
        ? "opening store " + name + " ran out of memory: it needs more heap than this JVM had"
            + " left (maximum " + HeapBudget.size(Runtime.getRuntime().maxMemory()) + "; its "
            + Items.FILE_NAME + " has " + HeapBudget.size(size(directory.resolve(Items.FILE_NAME)))
            + "); run it with a larger heap (BOUNDARY_JAVA_OPTS=-Xmx...)"
        : e.getMessage();
    LOG.log(System.Logger.Level.WARNING, "skipping store " + name + ": " + message);
    return new Problem(name, directory, message, memory);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
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
