/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a benchmark ran on, and its load. */
record Machine(String cpu, int processors, long memoryBytes, String runtime, String os) {
  static Machine describe() {
    return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), memory(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
            + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB",
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"));
  }

  /** The 1, 5 and 15 minute load averages, as /proc/loadavg gives them. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return String.format(Locale.ROOT, "%.2f (1 min)",
          ManagementFactory.getOperatingSystemMXBean()
              .getSystemLoadAverage());
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static long memory() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(l -> l.startsWith("MemTotal:")).findFirst()
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(0L);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  String describe(String separator) {
    return String.format(Locale.ROOT, "%s, %d processors, %.1f GiB RAM%s%s%s%s", cpu,
        processors, memoryBytes / (double) (1L << 30), separator, runtime, separator, os);
  }
}
