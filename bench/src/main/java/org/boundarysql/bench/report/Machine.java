/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The machine a benchmark or an evaluation ran on, as its report describes it. */
public record Machine(String cpu, int processors, long memoryBytes, String java, String os,
    long maxHeapBytes) {
  private static final String UNKNOWN = "unknown";

  /** Describes the running machine; what cannot be read is "unknown" (memory 0). */
  public static Machine current() {
    Runtime runtime = Runtime.getRuntime();
    return new Machine(procField("/proc/cpuinfo", "model name"), runtime.availableProcessors(),
        totalMemory(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        runtime.maxMemory());
  }

  /**
   * The 1-, 5- and 15-minute load averages as /proc/loadavg gives them, else the JVM's 1-minute
   * load average, else "unknown".
   */
  public static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return String.join(" ", List.of(fields).subList(0, 3));
    } catch (IOException | RuntimeException e) {
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return load < 0 ? UNKNOWN : String.format(Locale.ROOT, "%.2f (1 min)", load);
    }
  }

  /** The memory in GiB with one decimal, or "unknown". */
  public String memory() {
    return memoryBytes == 0 ? UNKNOWN
        : String.format(Locale.ROOT, "%.1f GiB", memoryBytes / (double) (1L << 30));
  }

  private static long totalMemory() {
    String total = procField("/proc/meminfo", "MemTotal");
    return total.matches("\\d+ kB") ? Long.parseLong(total.replace(" kB", "")) * 1024 : 0;
  }

  private static String procField(String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
          return line.substring(colon + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // reported as unknown
    }
    return UNKNOWN;
  }
}
