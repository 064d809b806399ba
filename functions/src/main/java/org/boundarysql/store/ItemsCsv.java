/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.boundarysql.task.HeapBudget;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code items.csv} parsed into primitive columns, once, to be written as the store's items
 * cache ({@link ItemsFile}): one pass over the records, no object kept per item (split names
 * and labels by code, extra columns as UTF-8 text until their type is known).
 */
final class ItemsCsv {
  private static final List<String> REQUIRED = List.of("id", "split", "label", "predicted");
  /** Heap per item while parsing: id, split code, label and prediction, and a row index. */
  private static final long BYTES_PER_ITEM = Long.BYTES + 3 * Integer.BYTES + 2 * Integer.BYTES;

  final int size;
  /** The record number of the first item; the i-th is on CSV line {@code first + i + 1}. */
  final long firstRecord;
  final long[] ids;
  final int[] splitCodes;
  final int[] labels;
  final int[] predictions;
  final List<String> splitNames;
  final List<ExtraText> extras;

  private ItemsCsv(int size, long firstRecord, long[] ids, int[] splitCodes, int[] labels,
      int[] predictions, List<String> splitNames, List<ExtraText> extras) {
    this.size = size;
    this.firstRecord = firstRecord;
    this.ids = ids;
    this.splitCodes = splitCodes;
    this.labels = labels;
    this.predictions = predictions;
    this.splitNames = splitNames;
    this.extras = extras;
  }

  /** An extra column's values as UTF-8 text, one slice per item; the empty text is null. */
  static final class ExtraText {
    final String name;
    private byte[] bytes = new byte[1 << 12];
    private long[] ends;
    private int length;
    private boolean allLong = true;
    private boolean allDouble = true;

    ExtraText(String name, int capacity) {
      this.name = name;
      this.ends = new long[capacity];
    }

    private void add(int row, String value) {
      if (!value.isEmpty()) {
        allLong = allLong && isLong(value);
        allDouble = allDouble && isDouble(value);
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (length + utf8.length > bytes.length) {
          bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + utf8.length));
        }
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
      }
      ends[row] = length;
    }

    /** The column's type: BIGINT if every value is an integer, else DOUBLE if a number. */
    Items.ExtraType type() {
      return allLong ? Items.ExtraType.BIGINT
          : allDouble ? Items.ExtraType.DOUBLE : Items.ExtraType.VARCHAR;
    }

    /** The text of one item, or null if empty. */
    String text(int row) {
      int start = row == 0 ? 0 : (int) ends[row - 1];
      int end = (int) ends[row];
      return start == end ? null
          : new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }

    /** Where each item's text ends in {@link #bytes()}. */
    long[] ends() {
      return ends;
    }

    byte[] bytes() {
      return bytes;
    }

    int length() {
      return length;
    }
  }

  /**
   * Parses {@code file}, labels being class indices or names from {@code classes}; refused
   * with an {@link org.boundarysql.task.InsufficientMemoryException} naming {@code store} if
   * the heap cannot hold the columns.
   */
  static ItemsCsv parse(Path file, String store, List<String> classes) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
        .setIgnoreSurroundingSpaces(true).get();
    try (Reader reader = Files.newBufferedReader(file);
         CSVParser parser = CSVParser.parse(reader, format)) {
      List<String> header = parser.getHeaderNames();
      int[] required = new int[REQUIRED.size()];
      for (int i = 0; i < REQUIRED.size(); i++) {
        required[i] = indexOf(header, REQUIRED.get(i));
        if (required[i] < 0) {
          throw new StoreFormatException(file, "header " + header + " lacks column \""
              + REQUIRED.get(i) + "\"; required: " + REQUIRED);
        }
      }
      List<Integer> extraIndexes = new ArrayList<>();
      for (int i = 0; i < header.size(); i++) {
        String name = header.get(i).toLowerCase(Locale.ROOT);
        if (!REQUIRED.contains(name) && !name.equals("correct")) {
          extraIndexes.add(i);
        }
      }
      // Records are at most the lines: the columns never grow.
      int capacity = lines(file);
      HeapBudget.require(capacity * (BYTES_PER_ITEM + Long.BYTES * extraIndexes.size()),
          "reading items.csv of store " + store + " (up to " + String.format("%,d", capacity)
              + " items)");
      return parse(file, parser, header, required, extraIndexes, classes, capacity);
    } catch (IOException | UncheckedIOException e) {
      throw new StoreFormatException(file, "cannot be read: " + e.getMessage(), e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new StoreFormatException(file, "malformed CSV: " + e.getMessage(), e);
    }
  }

  private static ItemsCsv parse(Path file, CSVParser parser, List<String> header,
      int[] required, List<Integer> extraIndexes, List<String> classes, int capacity) {
    long[] ids = new long[capacity];
    int[] splitCodes = new int[capacity];
    int[] labels = new int[capacity];
    int[] predictions = new int[capacity];
    List<ExtraText> extras = new ArrayList<>();
    for (int e : extraIndexes) {
      extras.add(new ExtraText(header.get(e), capacity));
    }
    Map<String, Integer> splitCodeOf = new HashMap<>();
    List<String> splitNames = new ArrayList<>();
    Map<String, Integer> classOf = new HashMap<>();
    int row = 0;
    long firstRecord = 1;
    for (CSVRecord record : parser) {
      if (row == 0) {
        firstRecord = record.getRecordNumber();
      }
      long line = record.getRecordNumber() + 1;
      if (record.size() != header.size()) {
        throw new StoreFormatException(file, "line " + line + " has " + record.size()
            + " fields but the header has " + header.size());
      }
      String idText = record.get(required[0]);
      try {
        ids[row] = Long.parseLong(idText);
      } catch (NumberFormatException e) {
        throw new StoreFormatException(file, "line " + line + ": id \"" + idText
            + "\" is not an integer");
      }
      splitCodes[row] = splitCodeOf.computeIfAbsent(record.get(required[1]), name -> {
        splitNames.add(name);
        return splitNames.size() - 1;
      });
      labels[row] = classIndex(file, line, "label", record.get(required[2]), classes, classOf);
      predictions[row] = classIndex(file, line, "predicted", record.get(required[3]), classes,
          classOf);
      for (int e = 0; e < extras.size(); e++) {
        extras.get(e).add(row, record.get(extraIndexes.get(e)));
      }
      row++;
    }
    return new ItemsCsv(row, firstRecord, ids, splitCodes, labels, predictions,
        List.copyOf(splitNames), extras);
  }

  /** The CSV line of an item, as error messages name it. */
  long line(int row) {
    return firstRecord + row + 1;
  }

  /** The number of line ends in a file, plus one: at least its number of CSV records. */
  private static int lines(Path file) throws IOException {
    long lines = 1;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        for (int i = 0; i < read; i++) {
          lines += buffer[i] == '\n' ? 1 : 0;
        }
      }
    }
    if (lines > Integer.MAX_VALUE - 8) {
      throw new StoreFormatException(file, "has " + lines + " lines; a store holds at most "
          + (Integer.MAX_VALUE - 8) + " items");
    }
    return (int) lines;
  }

  private static int indexOf(List<String> header, String name) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).trim().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static int classIndex(Path file, long line, String column, String text,
      List<String> classes, Map<String, Integer> known) {
    Integer cached = known.get(text);
    if (cached != null) {
      return cached;
    }
    int index = -1;
    try {
      int number = Integer.parseInt(text);
      index = number >= 0 && number < classes.size() ? number : -1;
    } catch (NumberFormatException e) {
      index = classes.indexOf(text);
    }
    if (index < 0) {
      throw new StoreFormatException(file, "line " + line + ": " + column + " \"" + text
          + "\" is neither a class index in [0, " + classes.size() + ") nor a class name");
    }
    known.put(text, index);
    return index;
  }

  private static boolean isLong(String s) {
    try {
      Long.parseLong(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isDouble(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
