/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a test sees of the work a server does: its sampler threads' CPU, its result streams. */
final class ServerWork {
  private ServerWork() {
  }

  /** CPU seconds the sampler threads use in the next {@code millis}. */
  static double samplerCpuSeconds(long millis) throws InterruptedException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> before = samplerCpu(threads);
    Thread.sleep(millis);
    Map<Long, Long> after = samplerCpu(threads);
    long nanos = 0;
    for (Map.Entry<Long, Long> entry : after.entrySet()) {
      nanos += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
    }
    return nanos / 1e9;
  }

  private static Map<Long, Long> samplerCpu(ThreadMXBean threads) {
    Map<Long, Long> cpu = new LinkedHashMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("boundary-sampler-")) {
        long nanos = threads.getThreadCpuTime(thread.getId());
        if (nanos >= 0) {
          cpu.put(thread.getId(), nanos);
        }
      }
    }
    return cpu;
  }

  /** Number of threads streaming a Flight SQL result now (computing it or waiting to send). */
  static int flightStreams() {
    int streams = 0;
    for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
      for (StackTraceElement frame : stack) {
        if (frame.getClassName().equals("org.boundarysql.server.flight.ResultStream")) {
          streams++;
          break;
        }
      }
    }
    return streams;
  }
}
