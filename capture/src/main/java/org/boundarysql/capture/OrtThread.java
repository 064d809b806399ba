/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one thread that calls ONNX Runtime, with a large stack: loading its native library
 * overflows a default Java thread stack (1 MB, less with a long class path) and kills the JVM
 * with SIGSEGV instead of an exception, as {@code ./boundary capture} did on the main thread.
 * It also holds the process's one {@link OrtEnvironment}, which logs errors only.
 */
final class OrtThread {
  private static final long STACK_BYTES = 64L << 20;
  private static final ThreadGroup GROUP = new ThreadGroup("onnxruntime");
  private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(GROUP, task, "onnxruntime", STACK_BYTES);
    thread.setDaemon(true);
    return thread;
  });

  private static volatile OrtEnvironment environment;

  private OrtThread() {
  }

  /** The environment, created on this thread on first use. */
  static OrtEnvironment environment() {
    if (environment == null) {
      OrtLibrary.useKeptCopy();
      environment = call(() -> OrtEnvironment.getEnvironment(
          OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "boundarysql"));
    }
    return environment;
  }

  /** A call into ONNX Runtime. */
  @FunctionalInterface
  interface OrtCall<T> {
    T call() throws OrtException;
  }

  /** Starts {@code call} on the ONNX Runtime thread; the future holds its result. */
  static <T> Future<T> submit(OrtCall<T> call) {
    return THREAD.submit(call::call);
  }

  /** Runs {@code call} on the ONNX Runtime thread and returns its result or rethrows. */
  static <T> T call(OrtCall<T> call) {
    if (Thread.currentThread().getThreadGroup() == GROUP) {
      try {
        return call.call();
      } catch (OrtException e) {
        throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
      }
    }
    return await(THREAD.submit(call::call));
  }

  /** Waits for a call started by {@link #submit} and returns its result or rethrows. */
  static <T> T await(Future<T> result) {
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("ONNX Runtime failed: " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      result.cancel(false);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while ONNX Runtime was running", e);
    }
  }
}
