/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.task.Cancellation;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A batch the model is running on the ONNX Runtime thread ({@link ModelRunner#start}). Waiting
 * for it looks at the waiter's {@link Cancellation}: once cancelled, ONNX Runtime is told to
 * terminate the run, so that a long batch of a large model stops within a fraction of a second.
 */
final class RunningBatch {
  /** How often a waiter looks at its cancellation. */
  private static final long POLL_MILLIS = 20;

  private final Future<Void> done;
  private final OrtSession.RunOptions options;

  RunningBatch(Future<Void> done, OrtSession.RunOptions options) {
    this.done = done;
    this.options = options;
  }

  /** Waits for the batch; throws its failure, or a CancellationException once cancelled. */
  void await() {
    Cancellation cancellation = Cancellation.current();
    try {
      while (true) {
        try {
          done.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
          return;
        } catch (TimeoutException e) {
          if (cancellation.isCancelled()) {
            terminate();
            cancellation.check();
          }
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OrtException ort) {
        throw new IllegalStateException("ONNX Runtime failed: " + ort.getMessage(), ort);
      }
      throw Cancellation.rethrown(e);
    } catch (InterruptedException e) {
      terminate();
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while the model ran");
    }
  }

  /** Tells ONNX Runtime to stop the run and waits until it has. */
  private void terminate() {
    try {
      options.setTerminate(true);
    } catch (OrtException e) {
      // the run ends by itself; waiting below is all that is left
    }
    try {
      done.get();
    } catch (ExecutionException | InterruptedException | CancellationException e) {
      // terminated, as asked
    }
  }
}
