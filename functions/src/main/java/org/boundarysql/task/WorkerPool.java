/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.task;

import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of daemon threads named {@code boundary-NAME-N}, as many as the machine has
 * processors, for long computations that callers share (samples, rows of a model); work beyond
 * its threads waits in line. Idle threads end after 30 seconds.
 */
public final class WorkerPool {
  private final String name;
  private final int size;
  private final ThreadPoolExecutor executor;

  /** A pool whose threads are named {@code boundary-NAME-N}. */
  public WorkerPool(String name) {
    this.name = name;
    this.size = Math.max(1, Runtime.getRuntime().availableProcessors());
    AtomicInteger threads = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "boundary-" + name + "-"
              + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    executor.allowCoreThreadTimeOut(true);
  }

  /** Runs {@code work} on a thread of the pool, when one is free. */
  Future<?> submit(Runnable work) {
    return executor.submit(work);
  }

  /** Drops cancelled work that has not started from the line. */
  void purge() {
    executor.purge();
  }

  /** The pool's name, and how busy it is now, for logs: "sampler: 2 of 2 busy, 1 waiting". */
  String load() {
    return name + ": " + executor.getActiveCount() + " of " + size + " busy, "
        + executor.getQueue().size() + " waiting";
  }

  /** Whether every thread is busy, so that new work waits. */
  boolean saturated() {
    return executor.getActiveCount() >= size;
  }
}
