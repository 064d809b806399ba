/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A store directory written aside (a hidden sibling) and renamed into place only when complete,
 * so that a failed write leaves nothing half-written; closing it without
 * {@link #commit()} deletes what was written.
 */
public final class StoreDirectory implements AutoCloseable {
  private final Path target;
  private final Path aside;
  private boolean committed;

  private StoreDirectory(Path target, Path aside) {
    this.target = target;
    this.aside = aside;
  }

  /** Fails unless {@code target} is absent, empty, or a store that may be replaced. */
  public static void checkReplaceable(Path target) throws IOException {
    if (!Files.exists(target) || Files.isRegularFile(target.resolve(StoreManifest.FILE_NAME))) {
      return;
    }
    boolean empty = false;
    if (Files.isDirectory(target)) {
      try (Stream<Path> entries = Files.list(target)) {
        empty = entries.findAny().isEmpty();
      }
    }
    if (!empty) {
      throw new IllegalArgumentException(target + " exists and is not a store");
    }
  }

  /** Starts writing the store {@code target} in a hidden sibling directory. */
  public static StoreDirectory aside(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path aside = absolute.resolveSibling(".tmp-" + absolute.getFileName() + "-"
        + ProcessHandle.current().pid());
    deleteTree(aside);
    Files.createDirectories(aside);
    return new StoreDirectory(absolute, aside);
  }

  /** The directory to write into. */
  public Path path() {
    return aside;
  }

  /** The store's final place. */
  public Path target() {
    return target;
  }

  /** Moves the written store into place, replacing a store there. */
  public void commit() throws IOException {
    Path old = target.resolveSibling(".old-" + target.getFileName() + "-"
        + ProcessHandle.current().pid());
    if (Files.exists(target)) {
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
    committed = true;
    deleteTree(old);
  }

  @Override public void close() throws IOException {
    if (!committed) {
      deleteTree(aside);
    }
  }

  /**
   * Bytes of a store's own files: store.json, items.csv, the layer files, and the model and
   * input files of a store that keeps them.
   */
  public static long bytes(Path storeDir) throws IOException {
    StoreManifest manifest = StoreManifest.read(storeDir);
    long bytes = Files.size(storeDir.resolve(StoreManifest.FILE_NAME))
        + Files.size(storeDir.resolve(Items.FILE_NAME));
    for (LayerSpec layer : manifest.layers()) {
      Path npy = storeDir.resolve(layer.name() + ".npy");
      bytes += Files.size(Files.exists(npy) ? npy : storeDir.resolve(layer.name() + ".csv"));
    }
    List<StoredFile> kept = new ArrayList<>();
    if (manifest.modelFile() != null) {
      kept.add(manifest.modelFile().model());
      kept.addAll(manifest.modelFile().externalData());
    }
    manifest.inputs().forEach(input -> kept.add(input.file()));
    for (StoredFile file : kept) {
      bytes += Files.size(storeDir.resolve(file.file()));
    }
    return bytes;
  }

  /** Deletes a directory and everything in it, if it exists. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
