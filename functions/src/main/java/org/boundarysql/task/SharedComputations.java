/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Values computed once per key and shared by every caller that asks for them: the first caller
 * of a key starts the computation on a {@link WorkerPool}, later callers wait for the same
 * result, and the result stays in memory. Callers wait under their thread's
 * {@link Cancellation}; when the last waiter of an unfinished computation leaves (its query
 * timed out or was cancelled), the computation is cancelled within a second and a later
 * request starts it again.
 *
 * @param <K> the key, whose {@code toString()} names the value in logs
 * @param <V> the value
 */
public final class SharedComputations<K, V> {
  private static final System.Logger LOG =
      System.getLogger(SharedComputations.class.getName());
  /** How often a waiting caller looks at its cancellation. */
  private static final long POLL_MILLIS = 50;

  private final WorkerPool pool;
  private final String what;
  private final ConcurrentMap<K, Computation<K, V>> computations = new ConcurrentHashMap<>();

  /** Computations of {@code what} (e.g. "sample", for logs) on {@code pool}. */
  public SharedComputations(WorkerPool pool, String what) {
    this.pool = pool;
    this.what = what;
  }

  /** Where a value comes from: storage if it was kept, else a computation. */
  public interface Source<V> {
    /** The value kept from before (on disk), or null if it must be computed. */
    V stored();

    /** Throws if the computation may not start (it would cost too much); nothing is shared. */
    default void admit() {
    }

    /** Computes the value on a pool thread, under the computation's cancellation. */
    V compute();
  }

  /** What a value is doing: known, being computed, or waiting for a thread of the pool. */
  public enum State { READY, COMPUTING, WAITING }

  /**
   * One key's state: the callers waiting for it, the milliseconds since it was first asked
   * for, and the value once ready.
   */
  public record Status<K, V>(K key, State state, int waiters, long millis, V value) { }

  /**
   * The value of {@code key}: in memory, else stored, else computed (after
   * {@link Source#admit()}), once for all concurrent callers. Throws what the computation threw,
   * or a {@link CancellationException} when the caller's cancellation fires or its thread is
   * interrupted.
   */
  public V get(K key, Source<V> source) {
    Cancellation caller = Cancellation.current();
    while (true) {
      caller.check();
      Computation<K, V> computation = computations.get(key);
      if (computation == null) {
        V stored = source.stored();
        if (stored != null) {
          Computation<K, V> done = new Computation<>(key);
          done.result.complete(stored);
          Computation<K, V> raced = computations.putIfAbsent(key, done);
          computation = raced == null ? done : raced;
        } else {
          source.admit();
          Computation<K, V> fresh = new Computation<>(key);
          Computation<K, V> raced = computations.putIfAbsent(key, fresh);
          computation = raced == null ? fresh : raced;
          if (raced == null) {
            fresh.join();
            start(fresh, source);
            return await(fresh, caller);
          }
        }
      }
      if (computation.join()) {
        return await(computation, caller);
      }
      // abandoned by its last waiter just now, and removed: start again
    }
  }

  /** The values known now (computed or stored), without those still being computed. */
  public List<V> values() {
    List<V> done = new ArrayList<>();
    for (Computation<K, V> computation : computations.values()) {
      CompletableFuture<V> result = computation.result;
      if (result.isDone() && !result.isCompletedExceptionally()) {
        done.add(result.join());
      }
    }
    return done;
  }

  /** Every key known or in progress, for clients to see; failed computations are left out. */
  public List<Status<K, V>> status() {
    List<Status<K, V>> all = new ArrayList<>();
    long now = System.nanoTime();
    for (Computation<K, V> computation : computations.values()) {
      CompletableFuture<V> result = computation.result;
      long millis = (now - computation.asked) / 1_000_000;
      if (!result.isDone()) {
        all.add(new Status<>(computation.key,
            computation.started ? State.COMPUTING : State.WAITING, computation.waiters(),
            millis, null));
      } else if (!result.isCompletedExceptionally()) {
        all.add(new Status<>(computation.key, State.READY, 0, millis, result.join()));
      }
    }
    return all;
  }

  /**
   * Drops the value of {@code key} from memory if its computation is over, so that a later
   * request looks at storage again: for values that storage keeps, or that are not worth
   * keeping once their callers have them.
   */
  public void forget(K key) {
    Computation<K, V> computation = computations.get(key);
    if (computation != null && computation.result.isDone()) {
      computations.remove(key, computation);
    }
  }

  /** Cancels every computation (the process stops). */
  public void cancelAll(String reason) {
    for (Computation<K, V> computation : computations.values()) {
      computation.cancellation.cancel(reason);
    }
  }

  private void start(Computation<K, V> computation, Source<V> source) {
    if (pool.saturated()) {
      LOG.log(System.Logger.Level.INFO, what + " " + computation.key + " waits for a thread ("
          + pool.load() + ")");
    }
    computation.task = pool.submit(() -> {
      computation.started = true;
      try (Cancellation.Scope scope = computation.cancellation.enter()) {
        computation.cancellation.check();
        LOG.log(System.Logger.Level.INFO, "computing " + what + " " + computation.key + " ("
            + pool.load() + ")");
        V value = source.compute();
        computation.cancellation.check();
        computation.result.complete(value);
        LOG.log(System.Logger.Level.DEBUG, "finished computing " + what + " " + computation.key);
      } catch (Throwable e) {
        computations.remove(computation.key, computation);
        computation.result.completeExceptionally(e);
        LOG.log(System.Logger.Level.INFO, "stopped computing " + what + " " + computation.key
            + ": " + (e instanceof CancellationException ? e.getMessage() : e.toString()));
      }
    });
  }

  private V await(Computation<K, V> computation, Cancellation caller) {
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
      throw new CancellationException("interrupted while waiting for " + what + " "
          + computation.key);
    } finally {
      leave(computation);
    }
  }

  /** Removes a waiter; the last one to leave an unfinished computation cancels it. */
  private void leave(Computation<K, V> computation) {
    if (!computation.leave()) {
      return;
    }
    computations.remove(computation.key, computation);
    computation.cancellation.cancel("no caller waits for " + what + " " + computation.key
        + " any more");
    Future<?> running = computation.task;
    if (running != null) {
      running.cancel(false);
      pool.purge(); // dropped from the line if it has not started
    }
    LOG.log(System.Logger.Level.INFO, "abandoning " + what + " " + computation.key
        + ": no caller waits for it any more");
  }

  /** One computation (or one stored value) and the callers waiting for it. */
  private static final class Computation<K, V> {
    final K key;
    final CompletableFuture<V> result = new CompletableFuture<>();
    final Cancellation cancellation = Cancellation.create();
    final long asked = System.nanoTime();
    volatile Future<?> task;
    volatile boolean started;
    private int waiters;
    private boolean abandoned;

    Computation(K key) {
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

    /** Removes a waiter; true if it was the last of an unfinished computation, now abandoned. */
    synchronized boolean leave() {
      if (--waiters > 0 || result.isDone()) {
        return false;
      }
      abandoned = true;
      return true;
    }
  }
}
