/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.adapter.BoundaryDriver;
import org.boundarysql.kernel.AvgActivation;
import org.boundarysql.kernel.Lanes;
import org.boundarysql.kernel.ParallelRows;
import org.boundarysql.kernel.RowAccumulator;
import org.boundarysql.kernel.RowSource;
import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.NpyHeader;
import org.boundarysql.store.NpyLayer;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreDirectory;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.store.StoreWriter;
import org.boundarysql.task.ProgressListener;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * A layer larger than the machine's memory: a store whose one layer (the source's wide layer,
 * tiled) takes {@code bytes} on disk, made for this step and removed after it. Measured, each
 * a full pass over the layer: the floor, a streaming read with direct I/O on every core (the
 * file cannot stay in the page cache, so every scan reads the disk); the same bytes read
 * through the page cache and through a mapping; the full-layer aggregate through SQL
 * (embedded, which reads large layers with direct I/O) and the same aggregate over the
 * mapping. After each, the share of a hot file (the source's wide layer, read just before)
 * still in the page cache: what the scan evicted.
 */
final class DiskScan {
  private static final int BLOCK = 8 << 20;
  private static final int CORES = Runtime.getRuntime().availableProcessors();
  /** Pages counted per residency probe. */
  private static final int PROBE = 64 << 10;

  /** One pass: seconds and GB/s, and the hot file's share in the page cache after it. */
  record Pass(String what, double seconds, double gigabytesPerSecond, double hotCached) { }

  /** The passes over one layer file of {@code bytes}, and whether the two aggregates agreed. */
  record Result(String layer, long bytes, int rows, int width, long memoryBytes,
      boolean direct, List<Pass> passes, String agreement) { }

  private DiskScan() {
  }

  /** Writes the store into {@code directory}, measures it and removes it. */
  static Result run(Store source, BenchRoles roles, long bytes, Path directory,
      Progress progress) throws Exception {
    Layer wide = source.layer(roles.wide()).orElseThrow();
    int rows = (int) Math.min(Integer.MAX_VALUE - 8, (bytes + 4L * wide.width() - 1)
        / (4L * wide.width()));
    Path dir = directory.resolve("disk_scan");
    StoreDirectory.deleteTree(dir);
    try {
      write(source, wide, rows, dir, progress);
      return measure(source, wide, dir, progress);
    } finally {
      StoreDirectory.deleteTree(dir);
      StoreDirectory.deleteTree(directory.resolve(".cache-disk-scan"));
    }
  }

  private static void write(Store source, Layer wide, int rows, Path dir, Progress progress)
      throws IOException {
    Items items = source.items();
    StoreManifest manifest = new StoreManifest("the wide layer of " + source.name()
        + ", tiled", source.manifest().classes(), null, List.of(wide.spec()));
    ProgressListener writing = progress.listener();
    String stage = String.format("writing a %.1f GB layer (%,d rows of %s)",
        4.0 * rows * wide.width() / 1e9, rows, wide.name());
    float[] row = new float[wide.width()];
    try (StoreDirectory aside = StoreDirectory.aside(dir)) {
      try (StoreWriter writer = new StoreWriter(aside.path(), manifest, rows)) {
        for (int i = 0; i < rows; i++) {
          int source1 = i % items.size();
          writer.writeItem(i, items.split(source1), items.label(source1),
              items.predicted(source1));
          wide.read(source1, row);
          writer.writeActivation(wide.name(), row);
          if ((i & 4095) == 0) {
            writing.update(stage, i, rows);
          }
        }
      }
      aside.commit();
    }
  }

  private static Result measure(Store source, Layer wide, Path dir, Progress progress)
      throws Exception {
    Path file = dir.resolve(wide.name() + ".npy");
    Path hot = source.directory().resolve(wide.name() + ".npy");
    Path cache = dir.getParent().resolve(".cache-disk-scan");
    Store store = Store.open(dir, cache.resolve("disk_scan"));
    Layer layer = store.layers().get(0);
    boolean direct = layer instanceof NpyLayer npy && npy.scansDirectly();
    long size = Files.size(file);
    List<Pass> passes = new ArrayList<>();
    String sql = "select label, count(*) as items, avg_activation(activation) as mean"
        + " from disk_scan." + layer.name() + " group by label order by label";
    List<double[]> sqlAnswer = new ArrayList<>();
    List<double[]> mappedAnswer = new ArrayList<>();
    Class.forName(BoundaryDriver.class.getName());
    ExecutorService pool = Executors.newFixedThreadPool(CORES);
    try (Connection connection = DriverManager.getConnection(BoundaryDriver.PREFIX
        + "catalog=" + dir.getParent() + ";cache=" + cache)) {
      warm(hot);
      passes.add(pass("streaming read, direct I/O (the floor)", size, hot, progress,
          () -> read(file, true, pool)));
      passes.add(pass("streaming read, direct I/O (the floor), again", size, hot, progress,
          () -> read(file, true, pool)));
      passes.add(pass("SQL aggregate, embedded" + (direct ? " (direct I/O)" : ""), size, hot,
          progress, () -> aggregate(connection, sql, sqlAnswer)));
      passes.add(pass("SQL aggregate, embedded, again", size, hot, progress,
          () -> aggregate(connection, sql, sqlAnswer)));
      passes.add(pass("the same aggregate over the mapping", size, hot, progress,
          () -> mappedAggregate(store, layer, mappedAnswer)));
      warm(hot);
      passes.add(pass("streaming read through the page cache", size, hot, progress,
          () -> read(file, false, pool)));
      warm(hot);
      passes.add(pass("streaming read of the mapping", size, hot, progress,
          () -> mappedRead(file)));
    } finally {
      pool.shutdownNow();
    }
    String agreement = agreement(sqlAnswer, mappedAnswer);
    progress.say("disk scan: %s", agreement);
    return new Result(layer.name(), size, layer.rows(), layer.width(), memory(), direct,
        passes, agreement);
  }

  private static Pass pass(String what, long size, Path hot, Progress progress,
      Callable<Object> action) throws Exception {
    long start = System.nanoTime();
    action.call();
    double seconds = (System.nanoTime() - start) / 1e9;
    Pass pass = new Pass(what, seconds, size / seconds / 1e9, cached(hot));
    progress.say("disk scan: %-50s %6.1f s  %5.2f GB/s  hot file %.0f%% cached", what, seconds,
        pass.gigabytesPerSecond(), 100 * pass.hotCached());
    return pass;
  }

  /** Reads every byte of the file on every core, summing the floats: direct I/O or not. */
  private static double read(Path file, boolean direct, ExecutorService pool) throws Exception {
    long dataOffset;
    try (FileChannel channel = FileChannel.open(file)) {
      dataOffset = NpyHeader.read(file, channel).dataOffset();
    }
    long size = Files.size(file);
    int align = (int) Files.getFileStore(file).getBlockSize();
    long perPart = (size / CORES + BLOCK - 1) / BLOCK * BLOCK;
    List<Future<Double>> parts = new ArrayList<>();
    for (int p = 0; p < CORES; p++) {
      long from = p * perPart;
      long to = Math.min(size, from + perPart);
      parts.add(pool.submit(() -> {
        double sum = 0;
        try (FileChannel channel = direct ? FileChannel.open(file, StandardOpenOption.READ,
            ExtendedOpenOption.DIRECT) : FileChannel.open(file)) {
          ByteBuffer block = ByteBuffer.allocateDirect(BLOCK + align).alignedSlice(align)
              .order(ByteOrder.LITTLE_ENDIAN);
          for (long at = from; at < to; at += BLOCK) {
            block.clear();
            while (block.hasRemaining() && at + block.position() < to) {
              if (channel.read(block, at + block.position()) <= 0) {
                break;
              }
            }
            int start = (int) Math.max(0, dataOffset - at);
            int end = (int) Math.min(block.position(), to - at) & ~3;
            sum += Lanes.sum(block, start, end);
          }
        }
        return sum;
      }));
    }
    double total = 0;
    for (Future<Double> part : parts) {
      total += part.get();
    }
    return total;
  }

  private static double mappedRead(Path file) throws Exception {
    try (FileChannel channel = FileChannel.open(file)) {
      long offset = NpyHeader.read(file, channel).dataOffset();
      long size = channel.size();
      return IntStream.range(0, (int) ((size - offset + (1L << 30) - 1) >> 30)).parallel()
          .mapToDouble(region -> {
            try {
              long from = offset + ((long) region << 30);
              long length = Math.min(1L << 30, size - from) & ~3L;
              return Lanes.sum(channel.map(FileChannel.MapMode.READ_ONLY, from, length), 0,
                  (int) length);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).sum();
    }
  }

  private static Object aggregate(Connection connection, String sql, List<double[]> answer)
      throws Exception {
    answer.clear();
    try (Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        Object mean = rows.getArray(3).getArray();
        double[] values = new double[java.lang.reflect.Array.getLength(mean)];
        for (int i = 0; i < values.length; i++) {
          values[i] = ((Number) java.lang.reflect.Array.get(mean, i)).doubleValue();
        }
        answer.add(values);
      }
    }
    return answer;
  }

  /** The aggregate's kernels fed by the mapping, as before direct I/O. */
  private static Object mappedAggregate(Store store, Layer layer, List<double[]> answer) {
    RowSource mapped = new RowSource() {
      @Override public int rows() {
        return layer.rows();
      }

      @Override public int width() {
        return layer.width();
      }

      @Override public void read(int row, float[] dst) {
        layer.read(row, dst);
      }
    };
    Items items = store.items();
    int classes = store.manifest().classes().size();
    int[] all = IntStream.range(0, items.size()).toArray();
    int[] groups = new int[all.length];
    for (int i = 0; i < all.length; i++) {
      groups[i] = items.label(i);
    }
    RowAccumulator<?>[][] kernels = ParallelRows.accumulateGroups(mapped, all, all.length,
        groups, classes, List.of(AvgActivation::new));
    answer.clear();
    for (RowAccumulator<?>[] group : kernels) {
      if (group[0] != null) {
        answer.add(((AvgActivation) group[0]).mean());
      }
    }
    return answer;
  }

  private static String agreement(List<double[]> sql, List<double[]> mapped) {
    if (sql.size() != mapped.size()) {
      return "the aggregates differ: " + sql.size() + " and " + mapped.size() + " groups";
    }
    double worst = 0;
    for (int g = 0; g < sql.size(); g++) {
      for (int i = 0; i < sql.get(g).length; i++) {
        worst = Math.max(worst, Math.abs(sql.get(g)[i] - mapped.get(g)[i]));
      }
    }
    return String.format("The SQL aggregate and the mapped one agree on %d groups (largest"
        + " difference %.1e)", sql.size(), worst);
  }

  /** Reads a file through a mapping, so that its pages are cached. */
  private static void warm(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      for (long at = 0; at < channel.size(); at += 1L << 30) {
        channel.map(FileChannel.MapMode.READ_ONLY, at, Math.min(1L << 30, channel.size() - at))
            .load();
      }
    }
  }

  /** The share of a file's pages in the page cache, probed in 64 KiB pieces. */
  private static double cached(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      long size = channel.size();
      long pieces = 0;
      long resident = 0;
      for (long at = 0; at < size; at += 1L << 30) {
        MappedByteBuffer region = channel.map(FileChannel.MapMode.READ_ONLY, at,
            Math.min(1L << 30, size - at));
        for (int from = 0; from < region.capacity(); from += PROBE) {
          pieces++;
          resident += region.slice(from, Math.min(PROBE, region.capacity() - from)).isLoaded()
              ? 1 : 0;
        }
      }
      return pieces == 0 ? 1 : (double) resident / pieces;
    }
  }

  private static long memory() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getTotalMemorySize();
  }
}
