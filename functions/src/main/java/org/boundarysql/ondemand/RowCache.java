/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.ondemand;

import org.boundarysql.store.Store;
import org.boundarysql.task.SharedComputations;
import org.boundarysql.task.WorkerPool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rows of on-demand layers computed so far, below a cache directory
 * ({@code $BOUNDARY_HOME/cache}): per store, {@code STORE/rows/FINGERPRINT/} holds immutable
 * segment files, one per computation and layer ({@link RowSegment}), indexed when the store is
 * first read. The bytes of the segments of the stores this process has read are bounded: past
 * the bound, the least recently read segments are deleted, whole. One per cache directory and
 * JVM; every connection shares it, and with it the computations in progress.
 */
public final class RowCache {
  /** The environment variable that sets the bound, e.g. {@code 10g}. */
  public static final String SETTING = "BOUNDARY_ROW_CACHE";
  /** The system property that sets the bound, before {@value #SETTING}. */
  public static final String PROPERTY = "boundary.rowCache";
  /** The bound without a setting: 4 GiB. */
  public static final long DEFAULT_BOUND = 4L << 30;

  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)i?b?",
      Pattern.CASE_INSENSITIVE);
  /** Threads running models, for every cache of the JVM. */
  private static final WorkerPool MODELS = new WorkerPool("model");
  private static final ConcurrentMap<Path, RowCache> OPEN = new ConcurrentHashMap<>();

  private final Path directory;
  private volatile long bound;
  /** Every indexed segment, least recently read first, with the store rows it belongs to. */
  private final LinkedHashMap<RowSegment, StoreRows> segments =
      new LinkedHashMap<>(64, 0.75f, true);
  private final Map<Path, StoreRows> stores = new HashMap<>();
  private long bytes;
  final SharedComputations<OnDemandLayers.Chunk, Map<String, RowSegment>> computations =
      new SharedComputations<>(MODELS, "rows");

  RowCache(Path directory, long bound) {
    this.directory = directory;
    this.bound = bound;
  }

  /**
   * The row cache below {@code cacheDirectory}, bounded to {@code bound} bytes (the last bound
   * given to a cache directory wins).
   */
  public static RowCache of(Path cacheDirectory, long bound) {
    RowCache cache = OPEN.computeIfAbsent(cacheDirectory.toAbsolutePath().normalize(),
        d -> new RowCache(d, bound));
    cache.bound(bound);
    return cache;
  }

  /**
   * The bound from the system property {@value #PROPERTY} (what {@code ./boundary serve
   * --row-cache} sets), else the environment variable {@value #SETTING}, else
   * {@link #DEFAULT_BOUND}.
   */
  public static long defaultBound() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return parseBytes(property, PROPERTY);
    }
    String setting = System.getenv(SETTING);
    return setting == null || setting.isBlank() ? DEFAULT_BOUND : parseBytes(setting, SETTING);
  }

  /** Parses a size such as {@code 10g}, {@code 512m}, {@code 1.5GiB} or {@code 1000000}. */
  public static long parseBytes(String text, String what) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(what + " must be a size such as 10g, 512m or a number"
          + " of bytes, not " + text);
    }
    int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    return (long) (Double.parseDouble(m.group(1)) * (1L << shift));
  }

  /** Sets the bound and evicts down to it. */
  public void bound(long newBound) {
    if (newBound < 0) {
      throw new IllegalArgumentException("the row cache bound must not be negative");
    }
    bound = newBound;
    synchronized (this) {
      evict(List.of());
    }
  }

  public long bound() {
    return bound;
  }

  /** Bytes of the segments indexed now. */
  public synchronized long bytes() {
    return bytes;
  }

  /** The on-demand layers of a store, reading its cached rows from this cache. */
  public OnDemandLayers layers(Store store) {
    return new OnDemandLayers(this, store);
  }

  /** The rows of a store below {@code STORE/rows/FINGERPRINT}, indexed once per process. */
  synchronized StoreRows rows(String storeName, String fingerprint, int items) {
    Path rowsDirectory = directory.resolve(storeName).resolve("rows");
    Path key = rowsDirectory.resolve(fingerprint);
    StoreRows rows = stores.get(key);
    if (rows != null) {
      return rows;
    }
    // A store with new files: forget the rows of its other fingerprints, which open() removes.
    for (Iterator<Map.Entry<Path, StoreRows>> i = stores.entrySet().iterator(); i.hasNext(); ) {
      Map.Entry<Path, StoreRows> other = i.next();
      if (other.getKey().getParent().equals(rowsDirectory)) {
        forget(other.getValue());
        i.remove();
      }
    }
    rows = StoreRows.open(rowsDirectory, fingerprint, items);
    for (RowSegment segment : rows.readSegments()) {
      rows.add(segment);
      segments.put(segment, rows);
      bytes += segment.bytes();
    }
    stores.put(key, rows);
    evict(List.of());
    return rows;
  }

  /** Indexes new segments of a store, then evicts others down to the bound. */
  synchronized void add(StoreRows rows, List<RowSegment> added) {
    for (RowSegment segment : added) {
      rows.add(segment);
      segments.put(segment, rows);
      bytes += segment.bytes();
    }
    evict(added);
  }

  /** Marks a segment as read now. */
  synchronized void touch(RowSegment segment) {
    segments.get(segment);
  }

  /** Bytes of the segments of one layer of a store. */
  synchronized long bytes(StoreRows rows, String layer) {
    long total = 0;
    for (Map.Entry<RowSegment, StoreRows> entry : segments.entrySet()) {
      if (entry.getValue() == rows && entry.getKey().layer().equals(layer)) {
        total += entry.getKey().bytes();
      }
    }
    return total;
  }

  private void forget(StoreRows rows) {
    for (Iterator<Map.Entry<RowSegment, StoreRows>> i = segments.entrySet().iterator();
        i.hasNext(); ) {
      Map.Entry<RowSegment, StoreRows> entry = i.next();
      if (entry.getValue() == rows) {
        bytes -= entry.getKey().bytes();
        i.remove();
      }
    }
  }

  /** Deletes the least recently read segments, but not {@code keep}, until under the bound. */
  private void evict(List<RowSegment> keep) {
    List<RowSegment> evicted = new ArrayList<>();
    Iterator<Map.Entry<RowSegment, StoreRows>> i = segments.entrySet().iterator();
    while (bytes > bound && i.hasNext()) {
      Map.Entry<RowSegment, StoreRows> entry = i.next();
      if (keep.contains(entry.getKey())) {
        continue;
      }
      entry.getValue().remove(entry.getKey());
      bytes -= entry.getKey().bytes();
      evicted.add(entry.getKey());
      i.remove();
    }
    if (!evicted.isEmpty()) {
      System.getLogger(RowCache.class.getName()).log(System.Logger.Level.INFO, "row cache over"
          + " its bound of " + bound + " bytes: evicted " + evicted.size() + " segment(s)");
    }
  }
}
