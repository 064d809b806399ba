/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample.cache;

import org.boundarysql.sample.Draw;
import org.boundarysql.sample.LatentSpace;
import org.boundarysql.sample.SampleCost;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;
import org.boundarysql.task.Cancellation;
import org.boundarysql.task.HeapBudget;
import org.boundarysql.task.ProgressListener;
import org.boundarysql.task.SharedComputations;
import org.boundarysql.task.WorkerPool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * Samples of stores, computed once per (store, spec) from the store's latent layer, then kept
 * in memory and on disk (see {@link SampleFile}). Concurrent first requests for a spec wait for
 * one computation ({@link SharedComputations}, on one pool of sampler threads for every cache
 * of the JVM); {@code TABLESAMPLE BOUNDARY} and the commands that read samples directly share
 * the files, so they see the same rows. Before computing, the cost is estimated and a
 * computation over the caller's budget is refused at once ({@link SampleBudgetException}).
 */
public final class SampleCache {
  private static final System.Logger LOG = System.getLogger(SampleCache.class.getName());
  /** Threads computing samples, for every cache of the JVM. */
  private static final WorkerPool SAMPLERS = new WorkerPool("sampler");

  private final Path cacheDirectory;
  private final SharedComputations<Key, Sample> samples =
      new SharedComputations<>(SAMPLERS, "sample");

  /** A store's sample, by store name and spec; reads as "mnist maxmargin fraction=0.05 ...". */
  private record Key(String store, SampleSpec spec) {
    @Override public String toString() {
      return store + " " + spec.describe();
    }
  }

  /**
   * Keeps sample files below {@code cacheDirectory}/STORE/samples, where it first removes the
   * partial ones of processes killed while writing them.
   */
  public SampleCache(Path cacheDirectory) {
    this.cacheDirectory = cacheDirectory;
    SampleFile.removeStale(cacheDirectory);
  }

  /** The sample of a store for a spec, computing it if no valid one is cached. */
  public Sample get(Store store, SampleSpec spec) {
    return get(store, spec, Double.POSITIVE_INFINITY);
  }

  /**
   * The sample of a store for a spec, computing it if no valid one is cached and its estimated
   * cost is within {@code budgetSeconds}; else throws {@link SampleBudgetException}. Waits under
   * the current thread's {@link Cancellation}, and throws {@link CancellationException} when it
   * is cancelled or the thread is interrupted.
   */
  public Sample get(Store store, SampleSpec spec, double budgetSeconds) {
    SampleFile file = new SampleFile(cacheDirectory, store, spec);
    return samples.get(new Key(store.name(), spec), new SharedComputations.Source<>() {
      @Override public Sample stored() {
        return file.read();
      }

      @Override public void admit() {
        SampleBudgetException.check(store, spec, budgetSeconds);
      }

      @Override public Sample compute() {
        Sample sample = SampleCache.compute(store, spec);
        Cancellation.checkCurrent();
        file.write(sample);
        return sample;
      }
    });
  }

  /** The samples in memory, completed ones only. */
  public List<Sample> samples() {
    return samples.values();
  }

  /**
   * One entry of {@link #status()}: the store and spec, the state, the queries waiting for it,
   * milliseconds since it was asked for (the creation time once ready), and the sample if ready.
   */
  public record Status(String store, SampleSpec spec, SharedComputations.State state,
      int waiters, long millis, Sample sample) { }

  /** Every sample of this cache, ready or still being computed or waiting, for clients to see. */
  public List<Status> status() {
    List<Status> all = new ArrayList<>();
    for (SharedComputations.Status<Key, Sample> status : samples.status()) {
      Sample sample = status.value();
      all.add(new Status(status.key().store(), status.key().spec(), status.state(),
          status.waiters(), sample == null ? status.millis() : sample.creationMillis(),
          sample));
    }
    return all;
  }

  /** Cancels every computation of this cache (the process stops). */
  public void cancelAll(String reason) {
    samples.cancelAll(reason);
  }

  private static Sample compute(Store store, SampleSpec spec) {
    Layer latent = store.latentLayer().orElseThrow(() -> new IllegalArgumentException(
        "store " + store.name() + " has no latent layer to sample from (no \"latentLayer\" in"
            + " store.json)"));
    Items items = store.items();
    int classes = store.manifest().classes().size();
    HeapBudget.require(SampleCost.heapBytes(spec.method(), items.size(), latent.width(),
        classes), String.format(Locale.ROOT, "sampling store %s with %s (%,d items of %d"
        + " dimensions)", store.name(), spec.method().methodName(), items.size(),
        latent.width()));
    long start = System.nanoTime();
    LatentSpace space = LatentSpace.fromRows(latent, items.labels(), items.predictions(),
        classes);
    Cancellation.checkCurrent();
    Draw draw = spec.draw(space, logProgress(store, spec));
    long millis = (System.nanoTime() - start) / 1_000_000;
    LOG.log(System.Logger.Level.INFO, "sampled " + store.name() + " " + spec + ": "
        + draw.rows().length + " of " + items.size() + " items in " + millis + " ms");
    return Sample.of(store, spec, draw, millis, false);
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
