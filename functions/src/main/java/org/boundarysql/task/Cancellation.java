/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.task;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The signal that stops a long computation: cancelled explicitly (its statement was closed, its
 * last waiter left, the server stops) or by a deadline (a query timeout). Long loops call
 * {@link #check()} (or {@link #checkCurrent()}) every few milliseconds of work; it throws a
 * {@link CancellationException} with the reason once the computation should stop.
 *
 * <p>A thread runs under the cancellation it {@link #enter() entered}; code that cannot be given
 * one explicitly reads it with {@link #current()}. Threads that entered none run under
 * {@link #NONE}, which never stops.
 */
public final class Cancellation {
  /** The cancellation of threads that entered none: never cancelled. */
  public static final Cancellation NONE = new Cancellation(Long.MAX_VALUE, null);

  private static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();

  /** {@link System#nanoTime()} after which this is cancelled, or Long.MAX_VALUE. */
  private final long deadline;
  /** Why the deadline cancels, e.g. "it ran longer than the query timeout of 60 s". */
  private final String deadlineReason;
  private volatile String reason;

  private Cancellation(long deadline, String deadlineReason) {
    this.deadline = deadline;
    this.deadlineReason = deadlineReason;
  }

  /** A cancellation without deadline, cancelled only by {@link #cancel}. */
  public static Cancellation create() {
    return new Cancellation(Long.MAX_VALUE, null);
  }

  /**
   * A cancellation that cancels itself {@code timeout} after now (never if {@code timeout} is
   * not positive), with {@code reason} as its message.
   */
  public static Cancellation withTimeout(long timeout, TimeUnit unit, String reason) {
    if (timeout <= 0) {
      return create();
    }
    return new Cancellation(System.nanoTime() + unit.toNanos(timeout), reason);
  }

  /** The cancellation the current thread runs under. */
  public static Cancellation current() {
    Cancellation current = CURRENT.get();
    return current == null ? NONE : current;
  }

  /** Checks the current thread's cancellation; see {@link #check()}. */
  public static void checkCurrent() {
    Cancellation current = CURRENT.get();
    if (current != null) {
      current.check();
    }
  }

  /** Cancels with a reason (the first reason given wins); does nothing to {@link #NONE}. */
  public void cancel(String why) {
    if (this != NONE && reason == null) {
      reason = why;
    }
  }

  /** Whether this was cancelled or its deadline passed. */
  public boolean isCancelled() {
    return reason != null || deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0;
  }

  /** Why this was cancelled, or null if it was not. */
  public String reason() {
    String why = reason;
    if (why != null) {
      return why;
    }
    return isCancelled() ? deadlineReason : null;
  }

  /**
   * The failure of work that another thread ran, to throw in the thread that waited for it:
   * its unchecked exception as thrown (a cancellation stays one), an error thrown directly,
   * anything else wrapped.
   */
  public static RuntimeException rethrown(ExecutionException failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof Error error) {
      throw error;
    }
    return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
  }

  /** Throws a {@link CancellationException} naming the reason if this was cancelled. */
  public void check() {
    if (isCancelled()) {
      throw new CancellationException(reason());
    }
  }

  /**
   * Makes this the current thread's cancellation until the returned scope is closed, which
   * restores the previous one.
   */
  public Scope enter() {
    Cancellation previous = CURRENT.get();
    CURRENT.set(this);
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /** The extent of {@link #enter()}; closing it does not throw. */
  public interface Scope extends AutoCloseable {
    @Override void close();
  }
}
