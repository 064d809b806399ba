/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import org.apache.calcite.linq4j.Enumerator;
import org.boundarysql.adapter.BoundaryErrors;
import org.boundarysql.adapter.DirectQuery;
import org.boundarysql.server.guard.RunningQueries;

import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.sql.Connection;
import java.util.List;

/**
 * One DoGet: runs a query and streams its rows as record batches. Each batch is an operation of
 * {@link RunningQueries} (bounded by the query timeout, as Avatica bounds each fetch), computed
 * only once the client is ready for it, so a large result streams through a batch or two of
 * memory; a client that cancels the call or goes away (its process killed: the call ends with
 * its connection) cancels the batch being computed and stops the stream.
 */
final class ResultStream {
  /** How often a stream waiting for its client looks whether it was cancelled otherwise. */
  private static final long WAIT_MILLIS = 100;

  private final RunningQueries running;
  private final BufferAllocator allocator;
  private final Object owner;
  private final String sql;
  private final RunningQueries.Work<Source, RuntimeException> open;
  private final FlightProducer.ServerStreamListener listener;
  private volatile boolean clientGone;

  /**
   * What a stream runs: a query planned on {@code connection}, one list of parameter values per
   * execution, in order, and what to do with the connection at the stream's end.
   */
  record Source(Connection connection, DirectQuery query, List<List<Object>> executions,
      Runnable release) { }

  /** A stream of {@code owner}'s query {@code sql}, which {@code open} plans. */
  ResultStream(RunningQueries running, BufferAllocator allocator, Object owner, String sql,
      RunningQueries.Work<Source, RuntimeException> open,
      FlightProducer.ServerStreamListener listener) {
    this.running = running;
    this.allocator = allocator;
    this.owner = owner;
    this.sql = sql;
    this.open = open;
    this.listener = listener;
  }

  /** Streams every execution's rows, then completes the call, or ends it with the error. */
  void run() {
    Backpressure backpressure = new Backpressure();
    backpressure.register(listener);
    Source source = null;
    try {
      source = running.run(owner, sql, RunningQueries.UNWATCHED, open);
      try (VectorSchemaRoot root = VectorSchemaRoot.create(ArrowTypes.schema(source.query()),
          allocator)) {
        RecordBatchWriter writer = new RecordBatchWriter(root);
        // gRPC sends each batch from its Arrow buffers rather than a copy: the writer gives every
        // batch new buffers, and a batch sent holds its own until gRPC has written them.
        listener.setUseZeroCopy(true);
        listener.start(root);
        for (List<Object> values : source.executions()) {
          if (!stream(source.query(), values, writer, root, backpressure)) {
            return;
          }
        }
        listener.completed();
      }
    } catch (RunningQueries.QueryFailure e) {
      listener.error(FlightErrors.of(e));
    } catch (RuntimeException e) {
      listener.error(FlightErrors.of(BoundaryErrors.classify(e, sql), false));
    } finally {
      if (source != null) {
        source.release().run();
      }
    }
  }

  /** Streams one execution's rows; returns false if the client left. */
  private boolean stream(DirectQuery query, List<Object> values, RecordBatchWriter writer,
      VectorSchemaRoot root, Backpressure backpressure) {
    // Calcite computes some results (an aggregate over a join) when it binds the plan.
    try (Enumerator<Object[]> rows = running.run(owner, sql, RunningQueries.UNWATCHED,
        () -> query.execute(values))) {
      boolean more = true;
      boolean first = true;
      while (more) {
        if (!ready(backpressure)) {
          return false;
        }
        more = running.run(owner, sql, RunningQueries.UNWATCHED,
            () -> writer.fill(rows));
        if (root.getRowCount() > 0 || first) {
          listener.putNext();
        }
        first = false;
      }
      return true;
    }
  }

  /** Waits until the client can take a batch; false if it left or cancelled. */
  private boolean ready(Backpressure backpressure) {
    while (true) {
      BackpressureStrategy.WaitResult result = backpressure.waitForListener(WAIT_MILLIS);
      if (result == BackpressureStrategy.WaitResult.READY) {
        return !clientGone;
      }
      if (result == BackpressureStrategy.WaitResult.CANCELLED || clientGone
          || listener.isCancelled()) {
        clientGone = true;
        return false;
      }
    }
  }

  /** Gets gRPC's word that the client is ready, or gone: then cancels the running batch. */
  private final class Backpressure extends BackpressureStrategy.CallbackBackpressureStrategy {
    @Override protected void cancelCallback() {
      clientGone = true;
      running.cancel(owner::equals, "the client cancelled the stream or went away");
    }
  }
}
