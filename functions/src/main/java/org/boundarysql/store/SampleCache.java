/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.boundarysql.sample.Cancellation;
import org.boundarysql.sample.LatentSpace;
import org.boundarysql.sample.ProgressListener;
import org.boundarysql.sample.SampleCost;
import org.boundarysql.sample.SampleSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Samples of stores, computed once per (store, spec) from the store's latent layer, then kept
 * in memory and on disk (see {@link SampleFile}). Concurrent first requests for a spec wait for
 * one computation; {@code TABLESAMPLE BOUNDARY} and the commands that read samples directly
 * share the files, so they see the same rows.
 *
 * <p>Computations run on a pool of at most as many threads as the machine has processors,
 * shared by every cache of the JVM; the others wait in line (logged). A caller waits under its
 * thread's {@link Cancellation}: when it is cancelled (a query timeout, a closed statement) the
 * caller leaves, and a computation that no caller waits for any more is cancelled within a
 * second; a later request starts it again. Before computing, the cost is estimated
 * ({@link SampleCost}) and a computation over the caller's budget is refused at once.
 */
public final class SampleCache {
  private static final System.Logger LOG = System.getLogger(SampleCache.class.getName());
  /** How often a waiting caller looks at its cancellation. */
  private static final long POLL_MILLIS = 50;
  /** Threads computing samples: one per processor, for every cache of the JVM. */
  private static final int POOL_SIZE = Math.max(1, Runtime.getRuntime().availableProcessors());
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(POOL_SIZE, POOL_SIZE,
      30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
        Thread thread = new Thread(runnable, "boundary-sampler-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });

  static {
    POOL.allowCoreThreadTimeOut(true);
  }

  private final Path cacheDirectory;
  private final ConcurrentMap<Key, Computation> samples = new ConcurrentHashMap<>();
  private final AtomicInteger computations = new AtomicInteger();

  private record Key(String store, SampleSpec spec) { }

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
    Key key = new Key(store.name(), spec);
    Cancellation caller = Cancellation.current();
    while (true) {
      caller.check();
      Computation computation = samples.get(key);
      if (computation == null) {
        SampleFile file = new SampleFile(cacheDirectory, store, spec);
        Sample cached = file.read();
        if (cached != null) {
          Computation done = new Computation(key);
          done.result.complete(cached);
          Computation raced = samples.putIfAbsent(key, done);
          computation = raced == null ? done : raced;
        } else {
          refuseOverBudget(store, spec, budgetSeconds);
          Computation fresh = new Computation(key);
          Computation raced = samples.putIfAbsent(key, fresh);
          computation = raced == null ? fresh : raced;
          if (raced == null) {
            fresh.join();
            start(fresh, store, spec, file);
            return await(fresh, caller);
          }
        }
      }
      if (computation.join()) {
        return await(computation, caller);
      }
      // abandoned by its last waiter just now: it was removed; start again
    }
  }

  /** The samples in memory, completed ones only. */
  public List<Sample> samples() {
    List<Sample> done = new ArrayList<>();
    for (Computation computation : samples.values()) {
      CompletableFuture<Sample> sample = computation.result;
      if (sample.isDone() && !sample.isCompletedExceptionally()) {
        done.add(sample.join());
      }
    }
    return done;
  }

  /**
   * What a sample of this cache is doing: ready (its sample is known), computing (on a sampler
   * thread), or waiting for a sampler thread.
   */
  public enum State { READY, COMPUTING, WAITING }

  /**
   * One entry of {@link #status()}: the store and spec, the state, the queries waiting for it,
   * milliseconds since it was asked for (the creation time once ready), and the sample if ready.
   */
  public record Status(String store, SampleSpec spec, State state, int waiters, long millis,
      Sample sample) { }

  /** Every sample of this cache, ready or still being computed or waiting, for clients to see. */
  public List<Status> status() {
    List<Status> all = new ArrayList<>();
    for (Computation computation : samples.values()) {
      CompletableFuture<Sample> result = computation.result;
      if (result.isDone()) {
        if (!result.isCompletedExceptionally()) {
          Sample sample = result.join();
          all.add(new Status(sample.store(), sample.spec(), State.READY, 0,
              sample.creationMillis(), sample));
        }
      } else {
        all.add(new Status(computation.key.store(), computation.key.spec(),
            computation.started ? State.COMPUTING : State.WAITING, computation.waiters(),
            (System.nanoTime() - computation.asked) / 1_000_000, null));
      }
    }
    return all;
  }

  /** Number of samples computed (not read from disk) since this cache was made. */
  public int computations() {
    return computations.get();
  }

  /** Computations running now on the JVM's sample pool. */
  public static int running() {
    return POOL.getActiveCount();
  }

  /** Computations waiting now for a thread of the JVM's sample pool. */
  public static int queued() {
    return POOL.getQueue().size();
  }

  /** Cancels every computation of this cache (the server stops). */
  public void cancelAll(String reason) {
    for (Computation computation : samples.values()) {
      computation.cancellation.cancel(reason);
    }
  }

  private void refuseOverBudget(Store store, SampleSpec spec, double budgetSeconds) {
    if (!(budgetSeconds < Double.POSITIVE_INFINITY)) {
      return;
    }
    int width = store.latentLayer().map(Layer::width).orElse(0);
    int classes = store.manifest().classes().size();
    int n = store.items().size();
    double estimate = SampleCost.estimateSeconds(spec.method(), n, width, classes,
        spec.fraction());
    if (estimate <= budgetSeconds) {
      return;
    }
    String message = String.format(Locale.ROOT, "sampling store %s with %s at fraction %s would"
        + " take about %s (%,d items of %d dimensions), over this server's sample budget of %s;"
        + " %s, or compute it offline with ./boundary materialize --store %s --method %s"
        + " --fraction %s", store.name(), spec.method().methodName(), spec.fraction(),
        SampleCost.seconds(estimate), n, width, SampleCost.seconds(budgetSeconds),
        SampleCost.cheaper(spec.method(), n, width, classes, spec.fraction(), budgetSeconds),
        store.name(), spec.method().methodName(), spec.fraction());
    throw new SampleBudgetException(message, estimate);
  }

  private void start(Computation computation, Store store, SampleSpec spec, SampleFile file) {
    int busy = POOL.getActiveCount();
    if (busy >= POOL_SIZE) {
      LOG.log(System.Logger.Level.INFO, "sample " + store.name() + " " + spec.describe()
          + " waits for a sampler thread: " + busy + " computations running, "
          + POOL.getQueue().size() + " waiting before it");
    }
    computation.task = POOL.submit(() -> {
      computation.started = true;
      try (Cancellation.Scope scope = computation.cancellation.enter()) {
        computation.cancellation.check();
        LOG.log(System.Logger.Level.INFO, "computing sample " + store.name() + " "
            + spec.describe() + " (" + POOL.getActiveCount() + " of " + POOL_SIZE
            + " sampler threads busy, " + POOL.getQueue().size() + " waiting)");
        Sample sample = compute(store, spec);
        computation.cancellation.check();
        file.write(sample);
        computation.result.complete(sample);
      } catch (Throwable e) {
        samples.remove(computation.key, computation);
        computation.result.completeExceptionally(e);
        if (e instanceof CancellationException) {
          LOG.log(System.Logger.Level.INFO, "stopped sampling " + store.name() + " "
              + spec.describe() + ": " + e.getMessage());
        }
      }
    });
  }

  private Sample await(Computation computation, Cancellation caller) {
    try {
      while (true) {
        try {
          return computation.result.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          caller.check();
        }
      }
    } catch (ExecutionException e) {
      throw Cancellation.rethrown(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for a sample");
    } finally {
      computation.leave(samples);
    }
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
    Cancellation.checkCurrent();
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

  /** One computation of a sample (or one read from disk) and the callers waiting for it. */
  private static final class Computation {
    final Key key;
    final CompletableFuture<Sample> result = new CompletableFuture<>();
    final Cancellation cancellation = Cancellation.create();
    final long asked = System.nanoTime();
    volatile Future<?> task;
    volatile boolean started;
    private int waiters;
    private boolean abandoned;

    Computation(Key key) {
      this.key = key;
    }

    synchronized int waiters() {
      return waiters;
    }

    /** Adds a waiter; false if the computation was abandoned and a new one must start. */
    synchronized boolean join() {
      if (abandoned) {
        return false;
      }
      waiters++;
      return true;
    }

    /** Removes a waiter; the last one to leave an unfinished computation cancels it. */
    void leave(ConcurrentMap<Key, Computation> samples) {
      synchronized (this) {
        if (--waiters > 0 || result.isDone()) {
          return;
        }
        abandoned = true;
      }
      samples.remove(key, this);
      cancellation.cancel("no query waits for this sample any more");
      Future<?> running = task;
      if (running != null) {
        running.cancel(false);
        POOL.purge(); // dropped from the queue if it has not started
      }
      LOG.log(System.Logger.Level.INFO, "abandoning sample " + key.store() + " "
          + key.spec().describe() + ": no query waits for it any more");
    }
  }
}
