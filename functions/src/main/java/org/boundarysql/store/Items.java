/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The items of a store, read from {@code items.csv}: id, split, label and predicted class per
 * row, plus any extra columns.
 */
public final class Items {
  /** Name of the items file inside a store directory. */
  public static final String FILE_NAME = "items.csv";

  private static final List<String> REQUIRED = List.of("id", "split", "label", "predicted");

  private final long[] ids;
  private final String[] splits;
  private final int[] labels;
  private final int[] predictions;
  private final List<ExtraColumn> extraColumns;
  private final Map<Long, Integer> rowById;

  private Items(long[] ids, String[] splits, int[] labels, int[] predictions,
      List<ExtraColumn> extraColumns, Map<Long, Integer> rowById) {
    this.ids = ids;
    this.splits = splits;
    this.labels = labels;
    this.predictions = predictions;
    this.extraColumns = List.copyOf(extraColumns);
    this.rowById = rowById;
  }

  /** An extra column of {@code items.csv}; values are Long, Double or String, or null if empty. */
  public record ExtraColumn(String name, ExtraType type, Object[] values) { }

  /** SQL-facing type of an extra column, inferred from its values. */
  public enum ExtraType { BIGINT, DOUBLE, VARCHAR }

  public int size() {
    return ids.length;
  }

  public long id(int row) {
    return ids[row];
  }

  public String split(int row) {
    return splits[row];
  }

  public int label(int row) {
    return labels[row];
  }

  public int predicted(int row) {
    return predictions[row];
  }

  public boolean correct(int row) {
    return labels[row] == predictions[row];
  }

  /** The true labels, by row; a copy. */
  public int[] labels() {
    return labels.clone();
  }

  /** The predicted classes, by row; a copy. */
  public int[] predictions() {
    return predictions.clone();
  }

  /** Row of the item with this id, or -1. */
  public int rowOf(long id) {
    Integer row = rowById.get(id);
    return row == null ? -1 : row;
  }

  public List<ExtraColumn> extraColumns() {
    return extraColumns;
  }

  /** Reads {@code items.csv} of a store; labels are class indices or names from {@code classes}. */
  public static Items read(Path storeDir, List<String> classes) {
    Path file = storeDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new StoreFormatException(file, "missing; every store needs " + FILE_NAME);
    }
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
      return parse(file, parser.getRecords(), header, required, extraIndexes, classes);
    } catch (IOException | UncheckedIOException e) {
      throw new StoreFormatException(file, "cannot be read: " + e.getMessage(), e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new StoreFormatException(file, "malformed CSV: " + e.getMessage(), e);
    }
  }

  private static Items parse(Path file, List<CSVRecord> records, List<String> header,
      int[] required, List<Integer> extraIndexes, List<String> classes) {
    int n = records.size();
    long[] ids = new long[n];
    String[] splits = new String[n];
    int[] labels = new int[n];
    int[] predictions = new int[n];
    String[][] extraText = new String[extraIndexes.size()][n];
    Map<Long, Integer> rowById = new HashMap<>(n * 2);
    Map<String, String> splitNames = new HashMap<>();
    for (int row = 0; row < n; row++) {
      CSVRecord record = records.get(row);
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
      Integer previous = rowById.putIfAbsent(ids[row], row);
      if (previous != null) {
        throw new StoreFormatException(file, "line " + line + ": duplicate id " + ids[row]
            + " (first on line " + (records.get(previous).getRecordNumber() + 1) + ")");
      }
      splits[row] = splitNames.computeIfAbsent(record.get(required[1]), s -> s);
      labels[row] = classIndex(file, line, "label", record.get(required[2]), classes);
      predictions[row] = classIndex(file, line, "predicted", record.get(required[3]), classes);
      for (int e = 0; e < extraIndexes.size(); e++) {
        extraText[e][row] = record.get(extraIndexes.get(e));
      }
    }
    List<ExtraColumn> extras = new ArrayList<>();
    for (int e = 0; e < extraIndexes.size(); e++) {
      extras.add(typed(header.get(extraIndexes.get(e)), extraText[e]));
    }
    return new Items(ids, splits, labels, predictions, extras, rowById);
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
      List<String> classes) {
    try {
      int index = Integer.parseInt(text);
      if (index >= 0 && index < classes.size()) {
        return index;
      }
    } catch (NumberFormatException e) {
      int index = classes.indexOf(text);
      if (index >= 0) {
        return index;
      }
    }
    throw new StoreFormatException(file, "line " + line + ": " + column + " \"" + text
        + "\" is neither a class index in [0, " + classes.size() + ") nor a class name");
  }

  private static ExtraColumn typed(String name, String[] text) {
    boolean allLong = true;
    boolean allDouble = true;
    for (String s : text) {
      if (s.isEmpty()) {
        continue;
      }
      if (allLong && !isLong(s)) {
        allLong = false;
      }
      if (allDouble && !isDouble(s)) {
        allDouble = false;
      }
    }
    ExtraType type = allLong ? ExtraType.BIGINT : allDouble ? ExtraType.DOUBLE : ExtraType.VARCHAR;
    Object[] values = new Object[text.length];
    for (int i = 0; i < text.length; i++) {
      String s = text[i];
      values[i] = s.isEmpty() ? null : switch (type) {
      case BIGINT -> Long.parseLong(s);
      case DOUBLE -> Double.parseDouble(s);
      case VARCHAR -> s;
      };
    }
    return new ExtraColumn(name, type, values);
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
