/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.kernel.Lanes;
import org.boundarysql.store.Layer;
import org.boundarysql.store.NpyHeader;
import org.boundarysql.store.StoreTokens;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * The machine's floor for a scan: the bytes a query's rows occupy in the layer files, summed as
 * floats as fast as this JVM can (vector loops on every core, straight from the mapped files,
 * nothing else). No engine reading those bytes can be faster; its ratio to this says how far from
 * the memory bandwidth it runs.
 */
final class StreamingRead implements AutoCloseable {
  /** Largest mapping; rows never straddle two. */
  private static final long REGION_BYTES = 1L << 30;
  private static final int CORES = Runtime.getRuntime().availableProcessors();
  /** Bytes a part should hold at least: below it, handing a part to a thread costs more. */
  private static final long MIN_PART_BYTES = 4L << 20;

  /** Bytes {@code [from, to)} of one mapped region. */
  private record Range(ByteBuffer region, int from, int to) { }

  private final List<List<Range>> parts = new ArrayList<>();
  private final long bytes;
  private final ExecutorService pool = Executors.newFixedThreadPool(CORES);

  /** Maps the files of the given layers of the store in {@code directory}. */
  StreamingRead(Path directory, Map<Layer, int[]> rowsByLayer) throws IOException {
    this(rowRanges(directory, rowsByLayer));
  }

  private static List<Range> rowRanges(Path directory, Map<Layer, int[]> rowsByLayer)
      throws IOException {
    List<Range> ranges = new ArrayList<>();
    for (Map.Entry<Layer, int[]> entry : rowsByLayer.entrySet()) {
      ranges(directory.resolve(entry.getKey().name() + ".npy"), entry.getValue(), ranges);
    }
    return ranges;
  }

  /**
   * The bytes of the token rows of {@code layer} (a layer of a row per position of the store
   * in {@code directory}): each token's hidden values, not the padding between them.
   */
  static StreamingRead tokens(Path directory, Layer layer, StoreTokens tokens)
      throws IOException {
    List<Range> rows = new ArrayList<>();
    ranges(directory.resolve(layer.name() + ".npy"),
        IntStream.range(0, layer.rows()).toArray(), rows);
    long fileBytes = rows.stream().mapToLong(r -> r.to() - r.from()).sum();
    long rowBytes = fileBytes / Math.max(1, layer.rows());
    long hiddenBytes = rowBytes / tokens.length();
    List<Range> ranges = new ArrayList<>();
    int region = -1;
    long regionBase = 0;
    for (int t = 0; t < tokens.size(); t++) {
      // the whole file's rows are one range per mapped region, in row order
      long at = tokens.row(t) * rowBytes + tokens.position(t) * hiddenBytes;
      while (region < 0 || at - regionBase >= rows.get(region).to()) {
        regionBase += region < 0 ? 0 : rows.get(region).to();
        region++;
      }
      int from = Math.toIntExact(at - regionBase);
      int to = Math.toIntExact(from + hiddenBytes);
      Range last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
      if (last != null && last.region() == rows.get(region).region() && last.to() == from) {
        ranges.set(ranges.size() - 1, new Range(last.region(), last.from(), to));
      } else {
        ranges.add(new Range(rows.get(region).region(), from, to));
      }
    }
    return new StreamingRead(ranges);
  }

  private StreamingRead(List<Range> ranges) {
    long total = ranges.stream().mapToLong(r -> r.to() - r.from()).sum();
    bytes = total;
    // One part per core, of about equal bytes, unless there are too few bytes.
    long partCount = Math.max(1, Math.min(CORES, total / MIN_PART_BYTES));
    long perPart = Math.max(1, (total + partCount - 1) / partCount);
    long filled = 0;
    List<Range> part = new ArrayList<>();
    for (Range range : ranges) {
      part.add(range);
      filled += range.to() - range.from();
      if (filled >= perPart) {
        parts.add(part);
        part = new ArrayList<>();
        filled = 0;
      }
    }
    if (!part.isEmpty()) {
      parts.add(part);
    }
  }

  /** Adds the byte ranges of {@code rows} of one file, consecutive rows as one range. */
  private static void ranges(Path file, int[] rows, List<Range> out) throws IOException {
    int[] sorted = rows.clone();
    Arrays.sort(sorted);
    try (FileChannel channel = FileChannel.open(file)) {
      NpyHeader header = NpyHeader.read(file, channel);
      long rowBytes = header.rowValues() * header.dtype().bytes();
      long rowsPerRegion = Math.max(1, REGION_BYTES / rowBytes);
      List<ByteBuffer> regions = new ArrayList<>();
      for (long first = 0; first < header.rows(); first += rowsPerRegion) {
        long count = Math.min(rowsPerRegion, header.rows() - first);
        regions.add(channel.map(FileChannel.MapMode.READ_ONLY,
            header.dataOffset() + first * rowBytes, count * rowBytes)
            .order(header.byteOrder()));
      }
      for (int i = 0; i < sorted.length;) {
        int region = (int) (sorted[i] / rowsPerRegion);
        int start = i;
        while (i + 1 < sorted.length && sorted[i + 1] == sorted[i] + 1
            && sorted[i + 1] / rowsPerRegion == region) {
          i++;
        }
        long base = (long) region * rowsPerRegion;
        out.add(new Range(regions.get(region), (int) ((sorted[start] - base) * rowBytes),
            (int) ((sorted[i] - base + 1) * rowBytes)));
        i++;
      }
    }
  }

  /** Bytes read by {@link #read}. */
  long bytes() {
    return bytes;
  }

  /** Reads every byte once, on every core; returns the sum so that nothing is optimised away. */
  double read() throws Exception {
    List<Future<Double>> others = new ArrayList<>();
    for (int p = 1; p < parts.size(); p++) {
      List<Range> part = parts.get(p);
      others.add(pool.submit(() -> sum(part)));
    }
    double total = parts.isEmpty() ? 0 : sum(parts.get(0));
    for (Future<Double> other : others) {
      total += other.get();
    }
    return total;
  }

  private static double sum(List<Range> ranges) {
    double total = 0;
    for (Range range : ranges) {
      total += Lanes.sum(range.region(), range.from(), range.to());
    }
    return total;
  }

  @Override public void close() {
    pool.shutdownNow();
  }
}
