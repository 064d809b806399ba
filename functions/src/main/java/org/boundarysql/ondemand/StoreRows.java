/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.ondemand;

import org.boundarysql.store.PartialFile;
import org.boundarysql.store.StoreDirectory;
import org.boundarysql.store.StoreFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The index of one store's cached rows: which segment holds each row of each on-demand layer.
 * Its directory is {@code CACHE/STORE/rows/FINGERPRINT}; opening it removes the directories of
 * other fingerprints (rows of another model, other inputs or another {@code store.json}) and the
 * partial files of writers that died, then reads every segment's header. Not thread-safe: the
 * {@link RowCache} that owns it guards it.
 */
final class StoreRows {
  private static final System.Logger LOG = System.getLogger(StoreRows.class.getName());

  private final Path directory;
  private final int items;
  /** Per layer: the segment holding each store row, or null. */
  private final Map<String, RowSegment[]> segmentOf = new HashMap<>();
  /** Per layer: the row's position in its segment. */
  private final Map<String, int[]> positionOf = new HashMap<>();

  private StoreRows(Path directory, int items) {
    this.directory = directory;
    this.items = items;
  }

  /** Opens the rows of a store with {@code items} items cached under {@code rowsDirectory}. */
  static StoreRows open(Path rowsDirectory, String fingerprint, int items) {
    Path directory = rowsDirectory.resolve(fingerprint);
    try {
      removeOthers(rowsDirectory, fingerprint);
      Files.createDirectories(directory);
      PartialFile.removeStale(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the row cache " + directory, e);
    }
    return new StoreRows(directory, items);
  }

  /** The segment files found on disk, oldest first, mapped; broken ones are removed. */
  List<RowSegment> readSegments() {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> found = Files.newDirectoryStream(directory,
        "*" + RowSegment.SUFFIX)) {
      found.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the row cache " + directory, e);
    }
    files.sort(Comparator.comparing(StoreRows::modified));
    List<RowSegment> segments = new ArrayList<>();
    for (Path file : files) {
      try {
        RowSegment segment = RowSegment.open(file);
        checkRows(segment);
        segments.add(segment);
      } catch (StoreFormatException e) {
        LOG.log(System.Logger.Level.WARNING, "removing a broken row cache file: "
            + e.getMessage());
        delete(file);
      }
    }
    return segments;
  }

  private void checkRows(RowSegment segment) {
    int[] rows = segment.rows();
    if (rows.length > 0 && (rows[0] < 0 || rows[rows.length - 1] >= items)) {
      throw new StoreFormatException(segment.file(), "holds rows outside the store's "
          + items + " items");
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static void removeOthers(Path rowsDirectory, String fingerprint) throws IOException {
    if (!Files.isDirectory(rowsDirectory)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(rowsDirectory)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry) && !entry.getFileName().toString().equals(fingerprint)) {
          LOG.log(System.Logger.Level.INFO, "removing rows computed from another model, other"
              + " inputs or another store.json: " + entry);
          StoreDirectory.deleteTree(entry);
        }
      }
    }
  }

  Path directory() {
    return directory;
  }

  /** A new segment file's path for a layer; unique in this directory. */
  Path newSegmentFile(String layer) {
    return directory.resolve(layer + "-" + Long.toHexString(System.nanoTime()) + "-"
        + Long.toHexString(Double.doubleToLongBits(Math.random()) & 0xffffffL)
        + RowSegment.SUFFIX);
  }

  /** Indexes a segment: its rows are read from it from now on. */
  void add(RowSegment segment) {
    RowSegment[] segments = segmentOf.computeIfAbsent(segment.layer(),
        l -> new RowSegment[items]);
    int[] positions = positionOf.computeIfAbsent(segment.layer(), l -> new int[items]);
    int[] rows = segment.rows();
    for (int i = 0; i < rows.length; i++) {
      segments[rows[i]] = segment;
      positions[rows[i]] = i;
    }
  }

  /** Forgets a segment and deletes its file (readers that hold it keep their mapping). */
  void remove(RowSegment segment) {
    RowSegment[] segments = segmentOf.get(segment.layer());
    if (segments != null) {
      for (int row : segment.rows()) {
        if (segments[row] == segment) {
          segments[row] = null;
        }
      }
    }
    delete(segment.file());
  }

  /** The segment holding a row of a layer, or null. */
  RowSegment segment(String layer, int row) {
    RowSegment[] segments = segmentOf.get(layer);
    return segments == null ? null : segments[row];
  }

  /** The position of a row in the segment {@link #segment} returns. */
  int position(String layer, int row) {
    return positionOf.get(layer)[row];
  }

  /** Rows of a layer cached now. */
  int cachedRows(String layer) {
    RowSegment[] segments = segmentOf.get(layer);
    int n = 0;
    if (segments != null) {
      for (RowSegment segment : segments) {
        n += segment == null ? 0 : 1;
      }
    }
    return n;
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot delete " + file + ": " + e);
    }
  }
}
