/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.ondemand;

import org.boundarysql.store.Layer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreFormatException;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.task.SharedComputations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The on-demand layers of one store: the rows a query reads, computed with the store's model
 * if the {@link RowCache} does not hold them, and returned as a {@link ComputedLayer}. Every
 * on-demand layer a statement reads is computed in the same run of the model (the demand);
 * rows are computed in chunks, each shared by the queries that need it
 * ({@link SharedComputations}: computed once, cancelled when no query waits for it any more).
 * Before a computation starts, its model time is estimated from the model's throughput on this
 * machine (measured once, kept beside the rows) and refused over the caller's budget.
 */
public final class OnDemandLayers {
  private static final System.Logger LOG = System.getLogger(OnDemandLayers.class.getName());
  /** Most bytes of one chunk of rows (all its layers): the size of the segments written. */
  private static final long CHUNK_BYTES = 128L << 20;
  /** Models kept open per store (an ONNX Runtime session each). */
  private static final int OPEN_RUNS = 4;
  private static final String THROUGHPUT_FILE = "throughput.json";

  private final RowCache cache;
  private final Store store;
  private final String fingerprint;
  private volatile StoreRows rows;
  private volatile Throughput throughput;
  private final LinkedHashMap<List<String>, ModelRun> runs = new LinkedHashMap<>(8, 0.75f, true);

  OnDemandLayers(RowCache cache, Store store) {
    this.cache = cache;
    this.store = store;
    this.fingerprint = fingerprint(store);
  }

  /** One computation: a store's layers for some rows; its text names them in logs. */
  record Chunk(String store, String fingerprint, List<String> layers, int[] rows) {
    @Override public boolean equals(Object o) {
      return o instanceof Chunk that && store.equals(that.store)
          && fingerprint.equals(that.fingerprint) && layers.equals(that.layers)
          && Arrays.equals(rows, that.rows);
    }

    @Override public int hashCode() {
      return (store.hashCode() * 31 + layers.hashCode()) * 31 + Arrays.hashCode(rows);
    }

    @Override public String toString() {
      return String.format(Locale.ROOT, "%s %s for %d rows", store, layers, rows.length);
    }
  }

  /** The store. */
  public Store store() {
    return store;
  }

  /** The layers of the store computed on demand. */
  public List<LayerSpec> layers() {
    return store.manifest().onDemandLayers();
  }

  /** The on-demand layer with this name, ignoring case. */
  public Optional<LayerSpec> layer(String name) {
    return store.manifest().onDemandLayer(name);
  }

  private StoreRows rows() {
    StoreRows opened = rows;
    if (opened == null) {
      opened = cache.rows(store.name(), fingerprint, store.items().size());
      rows = opened;
    }
    return opened;
  }

  /**
   * The rows {@code wanted} (ascending store rows; null: every item) of on-demand layer
   * {@code layer}, computing those not cached, together with the same rows of the other layers
   * of {@code demand} that are not cached either, in one run of the model. Refuses with a
   * {@link ComputeBudgetException} a computation estimated over {@code budgetSeconds}; waits
   * under the current thread's {@link org.boundarysql.task.Cancellation}.
   */
  public ComputedLayer rows(Collection<LayerSpec> demand, LayerSpec layer, int[] wanted,
      double budgetSeconds) {
    List<LayerSpec> run = runLayers(demand, layer);
    int[] all = wanted != null ? wanted : everyRow();
    Map<String, List<RowSegment>> fresh = new HashMap<>();
    for (int attempt = 0; attempt < 3; attempt++) {
      // The other layers of the demand ride along on the first attempt only: a cache bound
      // too small to hold them all must not make a query compute its rows again and again.
      Lookup lookup = lookup(attempt == 0 ? run : List.of(layer), layer, all,
          fresh.getOrDefault(layer.name(), List.of()));
      if (lookup.missing.length == 0) {
        return new ComputedLayer(layer, store.items().size(), wanted == null ? null : all,
            lookup.segment, lookup.offset);
      }
      if (budgetSeconds < Double.POSITIVE_INFINITY) {
        ComputeBudgetException.check(store.name(), names(run), lookup.missing.length,
            throughput(), budgetSeconds);
      }
      List<LayerSpec> computed = attempt == 0 ? run : List.of(layer);
      for (int[] chunk : chunks(lookup.missing, computed)) {
        Chunk key = new Chunk(store.name(), fingerprint, names(computed), chunk);
        Map<String, RowSegment> made = cache.computations.get(key, source(computed, chunk));
        cache.computations.forget(key);
        made.forEach((name, segment) -> fresh.computeIfAbsent(name, n -> new ArrayList<>())
            .add(segment));
      }
    }
    throw new IllegalStateException("the rows of " + layer.name() + " of store " + store.name()
        + " were evicted from the row cache as fast as they were computed: raise its bound ("
        + RowCache.SETTING + ", ./boundary serve --row-cache)");
  }

  /**
   * The same rows as {@link #rows}, computed as they are read (see {@link DeferredLayer}),
   * under the reading thread's cancellation; each window is a computation of its own, within
   * the budget. Nothing is computed if no row is read.
   */
  public Layer rowsWhenRead(Collection<LayerSpec> demand, LayerSpec layer, int[] wanted,
      double budgetSeconds) {
    return new DeferredLayer(layer, store.items().size(), wanted,
        window -> rows(demand, layer, window, budgetSeconds));
  }

  /** How many of {@code wanted} (null: every item) rows of a layer are cached now. */
  public int cachedRows(LayerSpec layer, int[] wanted) {
    synchronized (cache) {
      StoreRows index = rows();
      if (wanted == null) {
        return index.cachedRows(layer.name());
      }
      int n = 0;
      for (int row : wanted) {
        n += index.segment(layer.name(), row) == null ? 0 : 1;
      }
      return n;
    }
  }

  /** Bytes of the cached rows of a layer. */
  public long cachedBytes(LayerSpec layer) {
    return cache.bytes(rows(), layer.name());
  }

  /** What an index lookup found: each wanted row's place, and the rows to compute. */
  private record Lookup(FloatBuffer[] segment, int[] offset, int[] missing) { }

  /**
   * Finds each wanted row of {@code layer} in the index or in segments just computed; the
   * missing rows are those of {@code layer} or of another layer of the run not found.
   */
  private Lookup lookup(List<LayerSpec> run, LayerSpec layer, int[] wanted,
      List<RowSegment> fresh) {
    FloatBuffer[] segment = new FloatBuffer[wanted.length];
    int[] offset = new int[wanted.length];
    int width = layer.width();
    int[] missing = new int[wanted.length];
    int m = 0;
    synchronized (cache) {
      StoreRows index = rows();
      List<RowSegment> used = new ArrayList<>();
      RowSegment last = null;
      for (int i = 0; i < wanted.length; i++) {
        int row = wanted[i];
        RowSegment found = index.segment(layer.name(), row);
        int position = found == null ? -1 : index.position(layer.name(), row);
        for (int f = 0; found == null && f < fresh.size(); f++) {
          position = Arrays.binarySearch(fresh.get(f).rows(), row);
          found = position >= 0 ? fresh.get(f) : null;
        }
        boolean others = true;
        for (LayerSpec other : run) {
          others &= other == layer || index.segment(other.name(), row) != null;
        }
        if (found == null || !others) {
          missing[m++] = row;
        }
        if (found != null) {
          segment[i] = found.values();
          offset[i] = position * width;
          if (found != last) {
            used.add(found);
            last = found;
          }
        }
      }
      used.stream().distinct().forEach(cache::touch);
    }
    return new Lookup(segment, offset, Arrays.copyOf(missing, m));
  }

  /** The layers to compute in one run: the demand's on-demand layers and {@code layer}. */
  private List<LayerSpec> runLayers(Collection<LayerSpec> demand, LayerSpec layer) {
    List<LayerSpec> run = new ArrayList<>();
    for (LayerSpec declared : layers()) {
      if (declared.name().equals(layer.name())
          || demand.stream().anyMatch(d -> d.name().equals(declared.name()))) {
        run.add(declared);
      }
    }
    if (run.stream().noneMatch(l -> l.name().equals(layer.name()))) {
      throw new IllegalArgumentException("store " + store.name() + " computes no layer "
          + layer.name() + " on demand");
    }
    return run;
  }

  private static List<String> names(List<LayerSpec> layers) {
    return layers.stream().map(LayerSpec::name).toList();
  }

  private int[] everyRow() {
    int[] all = new int[store.items().size()];
    Arrays.setAll(all, i -> i);
    return all;
  }

  /** The rows cut in chunks of at most {@link #CHUNK_BYTES} of values, whole batches. */
  private List<int[]> chunks(int[] missing, List<LayerSpec> run) {
    long rowBytes = run.stream().mapToLong(l -> l.width() * (long) Float.BYTES).sum();
    int batch = Math.max(1, throughput().batch());
    int size = (int) Math.max(batch, Math.min(Integer.MAX_VALUE, CHUNK_BYTES / rowBytes)
        / batch * batch);
    List<int[]> chunks = new ArrayList<>();
    for (int from = 0; from < missing.length; from += size) {
      chunks.add(Arrays.copyOfRange(missing, from, Math.min(missing.length, from + size)));
    }
    return chunks;
  }

  /** Where a chunk comes from: the cache if another query computed it meanwhile, or the model. */
  private SharedComputations.Source<Map<String, RowSegment>> source(List<LayerSpec> run,
      int[] chunk) {
    return new SharedComputations.Source<>() {
      @Override public Map<String, RowSegment> stored() {
        return missingPerLayer(run, chunk).isEmpty() ? Map.of() : null;
      }

      @Override public Map<String, RowSegment> compute() {
        try {
          return OnDemandLayers.this.compute(run, chunk);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the row cache of store " + store.name()
              + ": " + e.getMessage(), e);
        }
      }
    };
  }

  /** Per layer of the run, the rows of {@code chunk} not cached now (layers missing none: none). */
  private Map<LayerSpec, int[]> missingPerLayer(List<LayerSpec> run, int[] chunk) {
    Map<LayerSpec, int[]> missing = new LinkedHashMap<>();
    synchronized (cache) {
      StoreRows index = rows();
      for (LayerSpec layer : run) {
        int[] rowsMissing = Arrays.stream(chunk)
            .filter(row -> index.segment(layer.name(), row) == null).toArray();
        if (rowsMissing.length > 0) {
          missing.put(layer, rowsMissing);
        }
      }
    }
    return missing;
  }

  /** Runs the model over a chunk's rows and writes a segment per layer that missed some. */
  private Map<String, RowSegment> compute(List<LayerSpec> run, int[] chunk) throws IOException {
    Map<LayerSpec, int[]> missing = missingPerLayer(run, chunk);
    if (missing.isEmpty()) {
      return Map.of();
    }
    List<LayerSpec> layers = new ArrayList<>(missing.keySet());
    int[] rowsToRun = missing.values().stream().flatMapToInt(Arrays::stream).distinct()
        .sorted().toArray();
    long start = System.nanoTime();
    StoreRows index = rows();
    List<RowSegment.Writer> writers = new ArrayList<>();
    try {
      for (LayerSpec layer : layers) {
        writers.add(new RowSegment.Writer(index.newSegmentFile(layer.name()), layer.name(),
            layer.width(), missing.get(layer)));
      }
      ModelRun model = run(layers);
      model.run(rowsToRun, (from, count, values) -> {
        for (int l = 0; l < layers.size(); l++) {
          append(writers.get(l), missing.get(layers.get(l)), layers.get(l).width(), rowsToRun,
              from, count, values.get(l));
        }
      });
      Map<String, RowSegment> made = new LinkedHashMap<>();
      for (int l = 0; l < layers.size(); l++) {
        made.put(layers.get(l).name(), writers.get(l).commit());
      }
      cache.add(index, new ArrayList<>(made.values()));
      double seconds = (System.nanoTime() - start) / 1e9;
      LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "computed %s of store %s for"
          + " %,d rows in %.2f s (%,.0f items/s)", names(layers), store.name(), rowsToRun.length,
          seconds, rowsToRun.length / seconds));
      return made;
    } finally {
      for (RowSegment.Writer writer : writers) {
        writer.close();
      }
    }
  }

  /**
   * Appends to a layer's segment the rows of one batch ({@code ran[from..from + count)}) that
   * the layer misses, in runs of consecutive positions.
   */
  private static void append(RowSegment.Writer writer, int[] layerRows, int width, int[] ran,
      int from, int count, ByteBuffer values) throws IOException {
    int rowBytes = width * Float.BYTES;
    int i = 0;
    while (i < count) {
      if (Arrays.binarySearch(layerRows, ran[from + i]) < 0) {
        i++;
        continue;
      }
      int run = 1;
      while (i + run < count && Arrays.binarySearch(layerRows, ran[from + i + run]) >= 0) {
        run++;
      }
      ByteBuffer slice = values.duplicate();
      slice.position(values.position() + i * rowBytes);
      writer.append(slice, run);
      i += run;
    }
  }

  /** The model opened for some layers, kept open for the next computations. */
  private ModelRun run(List<LayerSpec> layers) {
    List<String> key = names(layers);
    synchronized (runs) {
      ModelRun open = runs.get(key);
      if (open == null) {
        open = computer().open(store, layers, throughput().batch());
        runs.put(key, open);
        if (runs.size() > OPEN_RUNS) {
          var eldest = runs.entrySet().iterator().next();
          eldest.getValue().close();
          runs.remove(eldest.getKey());
        }
      }
      return open;
    }
  }

  /**
   * The model's throughput for every on-demand layer of the store on this machine: read from
   * beside the cached rows, else measured once and kept there.
   */
  public Throughput throughput() {
    Throughput known = throughput;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (throughput == null) {
        Path file = rows().directory().resolve(THROUGHPUT_FILE);
        Throughput read = ThroughputFile.read(file);
        if (read == null || read.processors() != Runtime.getRuntime().availableProcessors()) {
          read = computer().measure(store, layers());
          LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "measured the model of"
              + " store %s: %,.0f items/s at batch %d", store.name(), read.itemsPerSecond(),
              read.batch()));
          ThroughputFile.write(file, read);
        }
        throughput = read;
      }
      return throughput;
    }
  }

  /** The model runner on the class path. */
  private RowComputer computer() {
    return Computers.ONE.orElseThrow(() -> new StoreFormatException(
        store.directory().resolve(StoreManifest.FILE_NAME), "layers " + names(layers())
        + " are computed on demand by running the store's model, but no model runner ("
        + RowComputer.class.getName() + ") is on the class path: add boundarysql-capture,"
        + " which runs models with ONNX Runtime (./boundary serve and ./boundary sql have it)"));
  }

  /** The row computer found once per class loader. */
  private static final class Computers {
    static final Optional<RowComputer> ONE =
        ServiceLoader.load(RowComputer.class).findFirst();
  }

  /** Closes the models kept open. */
  public void close() {
    synchronized (runs) {
      runs.values().forEach(ModelRun::close);
      runs.clear();
    }
  }

  /** The row cache's name for a store's files: a digest of its {@code store.json}. */
  private static String fingerprint(Store store) {
    try {
      byte[] manifest = Files.readAllBytes(store.directory().resolve(StoreManifest.FILE_NAME));
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest))
          .substring(0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + store.directory(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
