/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.boundarysql.sample.LatentSpace;
import org.boundarysql.sample.ProgressListener;
import org.boundarysql.sample.SampleSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Samples of stores, computed once per (store, spec) from the store's latent layer, then kept
 * in memory and on disk (see {@link SampleFile}). Concurrent first requests for a spec wait for
 * one computation; {@code TABLESAMPLE BOUNDARY} and the commands that read samples directly
 * share the files, so they see the same rows.
 */
public final class SampleCache {
  private static final System.Logger LOG = System.getLogger(SampleCache.class.getName());

  private final Path cacheDirectory;
  private final ConcurrentMap<Key, Future<Sample>> samples = new ConcurrentHashMap<>();
  private final AtomicInteger computations = new AtomicInteger();

  private record Key(String store, SampleSpec spec) { }

  /** Keeps sample files below {@code cacheDirectory}/STORE/samples. */
  public SampleCache(Path cacheDirectory) {
    this.cacheDirectory = cacheDirectory;
  }

  /** The sample of a store for a spec, computing it if no valid one is cached. */
  public Sample get(Store store, SampleSpec spec) {
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
  public List<Sample> samples() {
    List<Sample> done = new ArrayList<>();
    for (Future<Sample> sample : samples.values()) {
      if (sample.isDone()) {
        try {
          done.add(sample.get());
        } catch (ExecutionException | InterruptedException e) {
          // a failed sample is not listed; its error went to the caller that asked for it
        }
      }
    }
    return done;
  }

  /** Number of samples computed (not read from disk) since this cache was made. */
  public int computations() {
    return computations.get();
  }

  private Sample load(Store store, SampleSpec spec) {
    SampleFile file = new SampleFile(cacheDirectory, store, spec);
    Sample cached = file.read();
    if (cached != null) {
      return cached;
    }
    Sample sample = compute(store, spec);
    file.write(sample);
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
    return Sample.of(store, spec, rows, millis, false);
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
}
