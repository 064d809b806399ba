/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A store's contents read from its files by this package, as the store format documents them
 * (README, "Activation stores"), without BoundarySQL's readers: item columns by row, extra
 * columns typed by their values, and each layer's activations in {@code items.csv} row order.
 */
public record StoreFiles(String name, List<String> classes, long[] ids, String[] splits,
    int[] labels, int[] predicted, List<Extra> extras, Map<String, float[][]> layers) {
  private static final List<String> ITEM_COLUMNS =
      List.of("id", "split", "label", "predicted", "correct");

  /** An extra column of {@code items.csv}: BIGINT, DOUBLE or VARCHAR, null where empty. */
  public record Extra(String name, SqlType type, Object[] values) { }

  int size() {
    return ids.length;
  }

  boolean correct(int row) {
    return labels[row] == predicted[row];
  }

  /** The row of each id. */
  Map<Long, Integer> rows() {
    return rowsOf(ids);
  }

  private static Map<Long, Integer> rowsOf(long[] ids) {
    Map<Long, Integer> rows = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      rows.put(ids[i], i);
    }
    return rows;
  }

  /** Reads the store in {@code directory}. */
  public static StoreFiles read(Path directory) throws IOException {
    JsonNode manifest = new ObjectMapper().readTree(directory.resolve("store.json").toFile());
    List<String> classes = new ArrayList<>();
    manifest.get("classes").forEach(c -> classes.add(c.asText()));
    List<CSVRecord> records;
    List<String> header;
    try (Reader reader = Files.newBufferedReader(directory.resolve("items.csv"));
         CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().get().parse(reader)) {
      records = parser.getRecords();
      header = parser.getHeaderNames();
    }
    int n = records.size();
    long[] ids = new long[n];
    String[] splits = new String[n];
    int[] labels = new int[n];
    int[] predicted = new int[n];
    for (int i = 0; i < n; i++) {
      CSVRecord record = records.get(i);
      ids[i] = Long.parseLong(record.get("id"));
      splits[i] = record.get("split");
      labels[i] = classIndex(record.get("label"), classes);
      predicted[i] = classIndex(record.get("predicted"), classes);
    }
    List<Extra> extras = new ArrayList<>();
    for (String column : header) {
      if (!ITEM_COLUMNS.contains(column)) {
        extras.add(extra(column, records.stream().map(r -> r.get(column)).toList()));
      }
    }
    Map<Long, Integer> rowOfId = rowsOf(ids);
    Map<String, float[][]> layers = new LinkedHashMap<>();
    for (JsonNode layer : manifest.get("layers")) {
      String name = layer.get("name").asText();
      Path npy = directory.resolve(name + ".npy");
      layers.put(name, Files.exists(npy) ? NpyFile.read(npy)
          : csvLayer(directory.resolve(name + ".csv"), rowOfId));
    }
    return new StoreFiles(directory.getFileName().toString(), classes, ids, splits, labels,
        predicted, extras, layers);
  }

  /** A label or prediction: a class index, or a class name. */
  private static int classIndex(String text, List<String> classes) {
    return text.chars().allMatch(Character::isDigit) ? Integer.parseInt(text)
        : classes.indexOf(text);
  }

  private static Extra extra(String name, List<String> text) {
    List<String> values = text.stream().filter(s -> !s.isEmpty()).toList();
    SqlType type = values.stream().allMatch(StoreFiles::isLong) ? SqlType.BIGINT
        : values.stream().allMatch(StoreFiles::isDouble) ? SqlType.DOUBLE : SqlType.VARCHAR;
    return new Extra(name, type, text.stream().map(s -> s.isEmpty() ? null : switch (type) {
      case BIGINT -> (Object) Long.parseLong(s);
      case DOUBLE -> Double.parseDouble(s);
      default -> s;
    }).toArray());
  }

  private static boolean isLong(String s) {
    return s.matches("-?\\d+");
  }

  private static boolean isDouble(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** A layer given as CSV, {@code id,v0,v1,...} in any row order, with a header line. */
  private static float[][] csvLayer(Path file, Map<Long, Integer> rowOfId) throws IOException {
    float[][] values = new float[rowOfId.size()][];
    try (Reader reader = Files.newBufferedReader(file);
         CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().get().parse(reader)) {
      for (CSVRecord record : parser) {
        float[] row = new float[record.size() - 1];
        for (int i = 0; i < row.length; i++) {
          row[i] = Float.parseFloat(record.get(i + 1));
        }
        values[rowOfId.get(Long.parseLong(record.get(0)))] = row;
      }
    }
    return values;
  }
}
