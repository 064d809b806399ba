/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The true labels of the items, one per item: a {@code .npy} array of class indices (shape
 * {@code [N]} or {@code [N, 1]}), or a CSV file with one label per line (an index or a class
 * name) or a header naming a {@code label} column.
 */
final class LabelFile {
  private LabelFile() {
  }

  /** Reads the labels of {@code file}; {@code classes} resolves labels given by name. */
  static int[] read(Path file, List<String> classes) throws IOException {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")
        ? readNpy(file) : readCsv(file, classes);
  }

  private static int[] readNpy(Path file) throws IOException {
    try (NpyArray array = NpyArray.open(file)) {
      if (array.rowValues() != 1) {
        throw new IllegalArgumentException(file + ": labels must have shape [N] or [N, 1], not"
            + " rows of " + array.rowValues() + " values");
      }
      float[] values = new float[Math.toIntExact(array.rows())];
      array.read(0, values.length, values, 0);
      int[] labels = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        labels[i] = (int) values[i];
        if (labels[i] != values[i]) {
          throw new IllegalArgumentException(file + ": label of item " + i + " is " + values[i]
              + ", not a class index");
        }
      }
      return labels;
    }
  }

  private static int[] readCsv(Path file, List<String> classes) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    }
    int column = 0;
    int first = 0;
    if (!lines.isEmpty()) {
      List<String> header = List.of(lines.get(0).split(",", -1)).stream().map(String::strip)
          .map(h -> h.toLowerCase(Locale.ROOT)).toList();
      if (header.contains("label")) {
        column = header.indexOf("label");
        first = 1;
      }
    }
    int[] labels = new int[lines.size() - first];
    for (int i = first; i < lines.size(); i++) {
      String[] fields = lines.get(i).split(",", -1);
      String value = fields.length > column ? fields[column].strip() : "";
      labels[i - first] = label(value, classes, file, i + 1);
    }
    return labels;
  }

  private static int label(String value, List<String> classes, Path file, int line) {
    if (classes != null && classes.contains(value)) {
      return classes.indexOf(value);
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ", line " + line + ": '" + value + "' is"
          + " neither a class index nor a class name" + (classes == null ? " (name the classes"
          + " with --classes)" : " of " + classes));
    }
  }
}
