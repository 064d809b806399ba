/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;

/**
 * Converts a layer given as CSV ({@code id,v0,v1,...}, header optional, rows in any order) into
 * a cached {@code .npy} file in {@code items.csv} row order, so that it can be memory-mapped.
 *
 * <p>The cache file is named after everything the conversion depends on: the CSV's size and
 * modification time, the layer's shape and the ids of {@code items.csv} in row order, so an
 * edited CSV, a reshaped layer or a reordered {@code items.csv} is converted again.
 */
final class CsvLayerConverter {
  private CsvLayerConverter() {
  }

  static Path convert(Path csv, LayerSpec spec, Items items, Path cacheDir) {
    try {
      Path npy = cacheDir.resolve(spec.name() + "-" + key(csv, spec, items) + ".npy");
      if (Files.isRegularFile(npy)) {
        return npy;
      }
      PartialFile.write(npy, partial -> write(csv, spec, items, partial));
      return npy;
    } catch (IOException | UncheckedIOException e) {
      throw new StoreFormatException(csv, "cannot be converted: " + e.getMessage(), e);
    }
  }

  /** A digest of the CSV's fingerprint, the layer's shape and the items' ids in row order. */
  private static String key(Path csv, LayerSpec spec, Items items) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(FileFingerprint.of(csv.getParent(), List.of(csv))
          .getBytes(StandardCharsets.UTF_8));
      digest.update(Arrays.toString(spec.shape()).getBytes(StandardCharsets.UTF_8));
      ByteBuffer ids = ByteBuffer.allocate(Long.BYTES * 1024);
      for (int row = 0; row < items.size(); row++) {
        if (!ids.hasRemaining()) {
          digest.update(ids.flip());
          ids.clear();
        }
        ids.putLong(items.id(row));
      }
      digest.update(ids.flip());
      return HexFormat.of().formatHex(digest.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path csv, LayerSpec spec, Items items, Path npy) throws IOException {
    int width = spec.width();
    int rows = items.size();
    byte[] header = NpyWriter.header(rows, spec.shape());
    BitSet seen = new BitSet(rows);
    try (RandomAccessFile file = new RandomAccessFile(npy.toFile(), "rw");
         FileChannel channel = file.getChannel();
         Reader reader = Files.newBufferedReader(csv);
         CSVParser parser = CSVParser.parse(reader,
             CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get())) {
      file.setLength(header.length + (long) rows * width * Float.BYTES);
      channel.write(ByteBuffer.wrap(header), 0);
      ByteBuffer row = ByteBuffer.allocate(width * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (CSVRecord record : parser) {
        long line = record.getRecordNumber();
        if (line == 1 && !isNumber(record.get(0))) {
          continue; // a header line
        }
        if (record.size() != width + 1) {
          throw new StoreFormatException(csv, "line " + line + " has " + record.size()
              + " fields; expected id and " + width + " values");
        }
        long id = parse(csv, line, 0, record.get(0));
        int target = items.rowOf(id);
        if (target < 0) {
          throw new StoreFormatException(csv, "line " + line + ": id " + id
              + " is not in items.csv");
        }
        if (seen.get(target)) {
          throw new StoreFormatException(csv, "line " + line + ": duplicate id " + id);
        }
        seen.set(target);
        row.clear();
        for (int i = 1; i <= width; i++) {
          row.putFloat(parseFloat(csv, line, i, record.get(i)));
        }
        row.flip();
        channel.write(row, header.length + (long) target * row.capacity());
      }
    } catch (IllegalStateException | UncheckedIOException e) {
      throw new StoreFormatException(csv, "malformed CSV: " + e.getMessage(), e);
    }
    if (seen.cardinality() != rows) {
      int missing = seen.nextClearBit(0);
      throw new StoreFormatException(csv, (rows - seen.cardinality())
          + " items of items.csv have no row, the first id " + items.id(missing));
    }
  }

  private static boolean isNumber(String text) {
    try {
      Double.parseDouble(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static long parse(Path csv, long line, int column, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new StoreFormatException(csv, "line " + line + ", column " + (column + 1)
          + ": id \"" + text + "\" is not an integer");
    }
  }

  private static float parseFloat(Path csv, long line, int column, String text) {
    try {
      return Float.parseFloat(text);
    } catch (NumberFormatException e) {
      throw new StoreFormatException(csv, "line " + line + ", column " + (column + 1)
          + ": \"" + text + "\" is not a number");
    }
  }
}
