/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The items of a store, from {@code items.csv}: id, split, label and predicted class per row,
 * plus any extra columns.
 *
 * <p>{@code items.csv} is parsed once into a binary column cache (see {@link ItemsFile}) beside
 * the store's other caches, and read by mapping it: opening a store costs no heap per item,
 * and filters run over primitive columns. The cache is made again when {@code items.csv} or the
 * store's classes change, and when it is broken.
 */
public final class Items {
  /** Name of the items file inside a store directory. */
  public static final String FILE_NAME = "items.csv";

  private static final System.Logger LOG = System.getLogger(Items.class.getName());

  private final int size;
  private final LongBuffer ids;
  private final IntBuffer splitCodes;
  private final IntBuffer labels;
  private final IntBuffer predictions;
  /** Rows + 1 by id in an open-addressing table; null when the ids ascend. */
  private final IntBuffer idIndex;
  private final List<String> splitNames;
  private final List<ExtraColumn> extraColumns;

  private Items(ItemsFile.Mapped mapped) {
    List<ByteBuffer> columns = mapped.columns();
    this.size = mapped.size();
    this.ids = columns.get(0).asLongBuffer();
    this.splitCodes = columns.get(1).asIntBuffer();
    this.labels = columns.get(2).asIntBuffer();
    this.predictions = columns.get(3).asIntBuffer();
    this.idIndex = mapped.idsAscend() ? null : columns.get(4).asIntBuffer();
    this.splitNames = mapped.splitNames();
    List<ExtraColumn> extras = new ArrayList<>();
    for (int e = 0; e < mapped.extraNames().size(); e++) {
      extras.add(new ExtraColumn(mapped.extraNames().get(e), mapped.extraTypes().get(e),
          columns.get(5 + 2 * e), columns.get(6 + 2 * e)));
    }
    this.extraColumns = List.copyOf(extras);
  }

  /** SQL-facing type of an extra column, inferred from its values. */
  public enum ExtraType { BIGINT, DOUBLE, VARCHAR }

  /**
   * An extra column of {@code items.csv}: BIGINT if every value is an integer, DOUBLE if every
   * value is a number, else VARCHAR; an empty value is null.
   */
  public static final class ExtraColumn {
    private final String name;
    private final ExtraType type;
    /** BIGINT and DOUBLE: the values' bits; VARCHAR: where each value ends. */
    private final LongBuffer values;
    /** BIGINT and DOUBLE: a bit per item, set if null. */
    private final LongBuffer nulls;
    /** VARCHAR: the values' UTF-8 bytes. */
    private final ByteBuffer text;

    private ExtraColumn(String name, ExtraType type, ByteBuffer first, ByteBuffer second) {
      this.name = name;
      this.type = type;
      this.values = first.asLongBuffer();
      this.nulls = type == ExtraType.VARCHAR ? null : second.asLongBuffer();
      this.text = type == ExtraType.VARCHAR ? second : null;
    }

    public String name() {
      return name;
    }

    public ExtraType type() {
      return type;
    }

    /** The value of one item: a Long, Double or String, or null. */
    public Object value(int row) {
      return switch (type) {
        case BIGINT -> isNull(row) ? null : values.get(row);
        case DOUBLE -> isNull(row) ? null : Double.longBitsToDouble(values.get(row));
        case VARCHAR -> string(row);
      };
    }

    private boolean isNull(int row) {
      return (nulls.get(row >>> 6) & (1L << row)) != 0;
    }

    private String string(int row) {
      int start = row == 0 ? 0 : (int) values.get(row - 1);
      int end = (int) values.get(row);
      if (start == end) {
        return null;
      }
      byte[] utf8 = new byte[end - start];
      text.get(start, utf8);
      return new String(utf8, StandardCharsets.UTF_8);
    }
  }

  /**
   * Opens the items of the store in {@code storeDir}, labels being class indices or names from
   * {@code classes}, through the cache file in {@code cacheDir} (made if missing, stale or
   * broken; if it cannot be written there, a temporary one is used).
   */
  public static Items open(Path storeDir, List<String> classes, Path cacheDir) {
    Path csv = storeDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(csv)) {
      throw new StoreFormatException(csv, "missing; every store needs " + FILE_NAME);
    }
    String key = FileFingerprint.of(storeDir, List.of(csv)) + " classes=" + classes;
    Path cache = cacheDir.resolve(ItemsFile.FILE_NAME);
    try {
      ItemsFile.Mapped mapped = ItemsFile.map(cache, key);
      if (mapped != null) {
        return new Items(mapped);
      }
    } catch (NoSuchFileException e) {
      // not made yet
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "items cache " + cache + " is broken ("
          + e.getMessage() + "); making it again from " + csv);
    }
    ItemsCsv parsed = ItemsCsv.parse(csv, storeDir.getFileName().toString(), classes);
    int[] idIndex = ItemsFile.idIndex(parsed, csv);
    try {
      PartialFile.write(cache, partial -> ItemsFile.write(parsed, idIndex, key, partial));
      return new Items(ItemsFile.map(cache, key));
    } catch (IOException | UncheckedIOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot write the items cache " + cache + " ("
          + e.getMessage() + "); using a temporary one");
      return temporary(parsed, idIndex, key, csv);
    }
  }

  /** Items mapped from a temporary cache file, removed once mapped. */
  private static Items temporary(ItemsCsv parsed, int[] idIndex, String key, Path csv) {
    try {
      Path file = Files.createTempFile("boundarysql-items", ".columns");
      try {
        ItemsFile.write(parsed, idIndex, key, file);
        return new Items(ItemsFile.map(file, key));
      } finally {
        Files.deleteIfExists(file); // the mapping keeps the bytes
      }
    } catch (IOException e) {
      throw new StoreFormatException(csv, "cannot be cached: " + e.getMessage(), e);
    }
  }

  public int size() {
    return size;
  }

  public long id(int row) {
    return ids.get(row);
  }

  /** The split of an item; one String per split name, shared by its items. */
  public String split(int row) {
    return splitNames.get(splitCodes.get(row));
  }

  /** The split of an item as its index in {@link #splitNames()}. */
  public int splitCode(int row) {
    return splitCodes.get(row);
  }

  /** The split names, in the order of their first item. */
  public List<String> splitNames() {
    return splitNames;
  }

  public int label(int row) {
    return labels.get(row);
  }

  public int predicted(int row) {
    return predictions.get(row);
  }

  public boolean correct(int row) {
    return labels.get(row) == predictions.get(row);
  }

  /** The true labels, by row; a copy. */
  public int[] labels() {
    int[] copy = new int[size];
    labels.get(0, copy);
    return copy;
  }

  /** The predicted classes, by row; a copy. */
  public int[] predictions() {
    int[] copy = new int[size];
    predictions.get(0, copy);
    return copy;
  }

  /** Row of the item with this id, or -1. */
  public int rowOf(long id) {
    if (idIndex == null) {
      int low = 0;
      int high = size - 1;
      while (low <= high) {
        int middle = (low + high) >>> 1;
        long value = ids.get(middle);
        if (value < id) {
          low = middle + 1;
        } else if (value > id) {
          high = middle - 1;
        } else {
          return middle;
        }
      }
      return -1;
    }
    int mask = idIndex.capacity() - 1;
    for (int slot = ItemsFile.slot(id, mask);; slot = (slot + 1) & mask) {
      int row = idIndex.get(slot) - 1;
      if (row < 0 || ids.get(row) == id) {
        return row;
      }
    }
  }

  public List<ExtraColumn> extraColumns() {
    return extraColumns;
  }
}
