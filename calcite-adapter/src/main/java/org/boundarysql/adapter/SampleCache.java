/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.sample.LatentSpace;
import org.boundarysql.sample.ProgressListener;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Samples of a catalog's stores, computed once per (store, spec) from the store's latent layer,
 * then kept in memory and on disk. Concurrent first requests for a spec wait for one
 * computation. A file on disk is used only if it was made from the store's current files; a
 * corrupt file is logged and recomputed.
 */
final class SampleCache {
  private static final System.Logger LOG = System.getLogger(SampleCache.class.getName());
  /** First line of a sample file; bump the version when a sampler changes what it picks. */
  private static final String MAGIC = "BoundarySQL sample v2";

  private final Path cacheDirectory;
  private final ConcurrentMap<Key, Future<Sample>> samples = new ConcurrentHashMap<>();
  private final AtomicInteger computations = new AtomicInteger();

  /** A computed sample of a store and where it came from. */
  record Sample(String store, SampleSpec spec, int[] rows, int correct, int incorrect,
      long creationMillis, boolean fromDisk) {
    SampledRows sampledRows() {
      return new SampledRows(spec.method().methodName() + " fraction=" + spec.fraction()
          + " j=" + spec.j() + " seed=" + spec.seed(), rows);
    }
  }

  private record Key(String store, SampleSpec spec) { }

  /** Keeps sample files below {@code cacheDirectory}/STORE/samples. */
  SampleCache(Path cacheDirectory) {
    this.cacheDirectory = cacheDirectory;
  }

  /** The sample of a store for a spec, computing it if no valid one is cached. */
  Sample get(Store store, SampleSpec spec) {
    Key key = new Key(store.name(), spec);
    FutureTask<Sample> task = new FutureTask<>(() -> load(store, spec));
    Future<Sample> sample = samples.putIfAbsent(key, task);
    if (sample == null) {
      sample = task;
      task.run();
    }
    try {
      return sample.get();
    } catch (ExecutionException e) {
      samples.remove(key, sample);
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sampling", e);
    }
  }

  /** The samples in memory, completed ones only. */
  List<Sample> samples() {
    List<Sample> done = new ArrayList<>();
    for (Future<Sample> sample : samples.values()) {
      if (sample.isDone()) {
        try {
          done.add(sample.get());
        } catch (ExecutionException | InterruptedException e) {
          // a failed sample is not listed; its error went to the query that asked for it
        }
      }
    }
    return done;
  }

  /** Number of samples computed (not read from disk) since this cache was made. */
  int computations() {
    return computations.get();
  }

  private Sample load(Store store, SampleSpec spec) {
    Path file = file(store, spec);
    Sample cached = read(file, store, spec);
    if (cached != null) {
      return cached;
    }
    Sample sample = compute(store, spec);
    write(file, store, sample);
    return sample;
  }

  private Sample compute(Store store, SampleSpec spec) {
    Layer latent = store.latentLayer().orElseThrow(() -> new IllegalArgumentException(
        "TABLESAMPLE BOUNDARY needs a latent layer, but store " + store.name()
            + " names no \"latentLayer\" in store.json"));
    Items items = store.items();
    computations.incrementAndGet();
    long start = System.nanoTime();
    LatentSpace space = LatentSpace.fromRows(latent, items.labels(), items.predictions(),
        store.manifest().classes().size());
    int[] rows = spec.select(space, logProgress(store, spec));
    long millis = (System.nanoTime() - start) / 1_000_000;
    LOG.log(System.Logger.Level.INFO, "sampled " + store.name() + " " + spec + ": "
        + rows.length + " of " + items.size() + " items in " + millis + " ms");
    return sample(store, spec, rows, millis, false);
  }

  private static Sample sample(Store store, SampleSpec spec, int[] rows, long millis,
      boolean fromDisk) {
    int correct = 0;
    for (int row : rows) {
      correct += store.items().correct(row) ? 1 : 0;
    }
    return new Sample(store.name(), spec, rows, correct, rows.length - correct, millis, fromDisk);
  }

  private static ProgressListener logProgress(Store store, SampleSpec spec) {
    String[] lastStage = {null};
    return (stage, done, total) -> {
      if (!stage.equals(lastStage[0])) {
        lastStage[0] = stage;
        LOG.log(System.Logger.Level.INFO, "sampling " + store.name() + " "
            + spec.method().methodName() + ": " + stage);
      }
    };
  }

  private Path file(Store store, SampleSpec spec) {
    String name = String.format(Locale.ROOT, "%s-f%s-j%s-s%d.sample",
        spec.method().methodName(), spec.fraction(), spec.j(), spec.seed());
    return cacheDirectory.resolve(store.name()).resolve("samples").resolve(name);
  }

  private static Sample read(Path file, Store store, SampleSpec spec) {
    try (InputStream in = Files.newInputStream(file);
         DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
      String magic = data.readUTF();
      if (!magic.equals(MAGIC)) {
        if (magic.startsWith("BoundarySQL sample")) {
          return null; // made by another version of the samplers
        }
        throw new IOException("not a sample file");
      }
      if (!data.readUTF().equals(store.fingerprint())) {
        return null; // made from other files: the store changed
      }
      SamplingMethod method = SamplingMethod.forName(data.readUTF());
      SampleSpec stored = new SampleSpec(method, data.readDouble(), data.readDouble(),
          data.readLong());
      if (!stored.equals(spec)) {
        throw new IOException("holds " + stored + ", not " + spec);
      }
      long millis = data.readLong();
      int[] rows = new int[data.readInt()];
      int previous = -1;
      for (int i = 0; i < rows.length; i++) {
        rows[i] = data.readInt();
        if (rows[i] <= previous || rows[i] >= store.items().size()) {
          throw new IOException("row " + rows[i] + " out of order or range");
        }
        previous = rows[i];
      }
      if (data.read() != -1) {
        throw new IOException("trailing bytes");
      }
      return sample(store, spec, rows, millis, true);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "ignoring corrupt sample file " + file + " ("
          + e.getMessage() + "); computing the sample again");
      return null;
    }
  }

  private static void write(Path file, Store store, Sample sample) {
    try {
      Files.createDirectories(file.getParent());
      Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(),
          ".partial");
      try {
        try (OutputStream out = Files.newOutputStream(partial);
             DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out))) {
          data.writeUTF(MAGIC);
          data.writeUTF(store.fingerprint());
          data.writeUTF(sample.spec().method().methodName());
          data.writeDouble(sample.spec().fraction());
          data.writeDouble(sample.spec().j());
          data.writeLong(sample.spec().seed());
          data.writeLong(sample.creationMillis());
          data.writeInt(sample.rows().length);
          for (int row : sample.rows()) {
            data.writeInt(row);
          }
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot cache sample in " + file + ": " + e);
    }
  }
}
