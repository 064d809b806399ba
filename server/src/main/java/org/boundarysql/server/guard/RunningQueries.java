/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.guard;

import org.boundarysql.adapter.BoundaryErrors;
import org.boundarysql.task.Cancellation;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The work a server's endpoints (Avatica, Flight SQL) do now. Every operation (a prepare, an
 * execute, a fetch, a batch of a stream) runs under a {@link Cancellation} with the server's
 * query timeout, which the scans and the sample computations it waits for obey, registered under
 * its owner (a statement, a connection, a stream) so that closing or cancelling the owner cancels
 * it; a client that goes away cancels it too, and stopping the server cancels them all. Its
 * errors become {@link BoundaryErrors}' ones: one sentence and a SQLSTATE.
 */
public final class RunningQueries {
  private final Set<Operation> running = ConcurrentHashMap.newKeySet();
  private final long queryTimeoutMillis;
  /** Why a deadline cancels: compared by identity to tell a timeout from a cancel. */
  private final String timeoutReason;
  private volatile String stopping;
  /** Owners cancelled for good, with the reason: their later operations are cancelled too. */
  private final Cache<Object, String> cancelledOwners = CacheBuilder.newBuilder()
      .expireAfterWrite(1, TimeUnit.HOURS).maximumSize(100_000).build();

  /** One operation, running on a server thread. */
  private record Operation(Object owner, Cancellation cancellation) { }

  /** An operation's work. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T run() throws E;
  }

  /** How an endpoint notices that the client of the request the current thread serves left. */
  @FunctionalInterface
  public interface ClientWatcher {
    /** Cancels {@code cancellation} if the client goes away before the scope closes. */
    Cancellation.Scope watch(Cancellation cancellation);
  }

  /** A client that is not watched. */
  public static final ClientWatcher UNWATCHED = cancellation -> () -> { };

  /** An operation's failure as the client should see it. */
  public static final class QueryFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final BoundaryErrors.SqlError error;
    private final boolean timedOut;

    QueryFailure(BoundaryErrors.SqlError error, boolean timedOut, Throwable cause) {
      super(error.message(), cause, false, false);
      this.error = error;
      this.timedOut = timedOut;
    }

    /** The message and SQLSTATE. */
    public BoundaryErrors.SqlError error() {
      return error;
    }

    /** Whether the query timeout stopped the operation (rather than a cancel). */
    public boolean timedOut() {
      return timedOut;
    }
  }

  /** Operations of at most {@code queryTimeoutMillis} each (0: no limit). */
  public RunningQueries(long queryTimeoutMillis) {
    this.queryTimeoutMillis = queryTimeoutMillis;
    this.timeoutReason = "it ran longer than this server's query timeout of "
        + seconds(queryTimeoutMillis) + " (./boundary serve --query-timeout)";
  }

  /**
   * Runs {@code work} (on {@code sql}, for error messages; may be null) for {@code owner} under
   * a cancellation with the query timeout, while {@code watcher} watches its client; throws a
   * {@link QueryFailure} for any unchecked exception or error of the work.
   */
  public <T, E extends Exception> T run(Object owner, String sql, ClientWatcher watcher,
      Work<T, E> work) throws E {
    Cancellation cancellation = Cancellation.withTimeout(queryTimeoutMillis,
        TimeUnit.MILLISECONDS, timeoutReason);
    Operation operation = new Operation(owner, cancellation);
    running.add(operation);
    String stop = stopping != null ? stopping : cancelledOwners.getIfPresent(owner);
    if (stop != null) {
      cancellation.cancel(stop);
    }
    try (Cancellation.Scope scope = cancellation.enter();
         Cancellation.Scope watch = watcher.watch(cancellation)) {
      cancellation.check();
      return work.run();
    } catch (QueryFailure e) {
      throw e;
    } catch (RuntimeException | AssertionError | OutOfMemoryError e) {
      // An Error would otherwise reach Jetty, which answers with a page the client cannot parse;
      // an AssertionError is Calcite's planner giving up on a plan: an internal error too.
      if (cancellation.isCancelled()) {
        String reason = cancellation.reason();
        throw new QueryFailure(new BoundaryErrors.SqlError(BoundaryErrors.CANCELLED,
            "query cancelled: " + reason), reason == timeoutReason, e);
      }
      throw new QueryFailure(BoundaryErrors.classify(e, sql), false, e);
    } finally {
      synchronized (running) {
        running.remove(operation);
        running.notifyAll();
      }
    }
  }

  /** Cancels the running operations whose owner passes {@code owners}. */
  public void cancel(Predicate<Object> owners, String reason) {
    for (Operation operation : running) {
      if (owners.test(operation.owner())) {
        operation.cancellation().cancel(reason);
      }
    }
  }

  /**
   * Cancels the running operations of {@code owner} and those it starts later (for an hour): a
   * client cancelled a query whose next step has not started yet.
   */
  public void cancelForGood(Object owner, String reason) {
    cancelledOwners.put(owner, reason);
    cancel(owner::equals, reason);
  }

  /**
   * Cancels every running operation (the server stops) and refuses new ones; returns whether
   * they all ended within {@code millis}.
   */
  public boolean cancelAll(String reason, long millis) throws InterruptedException {
    stopping = reason;
    running.forEach(operation -> operation.cancellation().cancel(reason));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (running) {
      for (long left = millis; !running.isEmpty() && left > 0;
          left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
        running.wait(left); // woken by each operation's end
      }
      return running.isEmpty();
    }
  }

  /** Number of operations running now. */
  public int count() {
    return running.size();
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
  }
}
