/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.task.SharedComputations;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the shared computations of this JVM (samples, rows of models) log as they start and
 * stop, read by tests from the log itself. Attach it before the work, close it after.
 */
public final class ComputationLog extends Handler implements AutoCloseable {
  private final Logger logger = Logger.getLogger(SharedComputations.class.getName());
  private final Level previous = logger.getLevel();
  private final List<String> messages = new ArrayList<>();

  /** Starts recording. */
  public ComputationLog() {
    logger.setLevel(Level.FINE);
    logger.addHandler(this);
  }

  @Override public synchronized void publish(LogRecord record) {
    messages.add(record.getMessage());
  }

  /** Computations of {@code what} ("sample") started since this log was attached. */
  public synchronized int started(String what) {
    return count("computing " + what + " ");
  }

  /** Computations of {@code what} stopped (cancelled or failed) since this log was attached. */
  public synchronized int stopped(String what) {
    return count("stopped computing " + what + " ");
  }

  /** Messages logged since this log was attached that start with {@code prefix}. */
  public synchronized int count(String prefix) {
    int n = 0;
    for (String message : messages) {
      n += message.startsWith(prefix) ? 1 : 0;
    }
    return n;
  }

  /** Whether some computation of {@code what} started and has not ended yet. */
  public synchronized boolean running(String what) {
    return started(what) > stopped(what) + count("finished computing " + what + " ");
  }

  /** Waits up to {@code millis} for a condition, checking every 10 ms. */
  public static boolean waitFor(BooleanSupplier condition, long millis)
      throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  @Override public void flush() {
  }

  @Override public void close() {
    logger.removeHandler(this);
    logger.setLevel(previous);
  }
}
