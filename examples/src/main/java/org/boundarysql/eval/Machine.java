package org.boundarysql.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The machine an evaluation ran on, as the summary reports it. */
record Machine(int processors, String cpu, String memory, String java, String os,
    long maxHeapBytes) {

  /** Describes the running machine; what cannot be read is "unknown". */
  static Machine describe() {
    Runtime runtime = Runtime.getRuntime();
    return new Machine(runtime.availableProcessors(),
        procField("/proc/cpuinfo", "model name"),
        procField("/proc/meminfo", "MemTotal"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        runtime.maxMemory());
  }

  /** Returns the 1-, 5- and 15-minute load averages, or "unknown". */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return String.join(" ", List.of(fields).subList(0, 3));
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String procField(String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
          String value = line.substring(colon + 1).trim();
          return key.equals("MemTotal") ? gibibytes(value) : value;
        }
      }
    } catch (IOException | RuntimeException e) {
      // reported as unknown
    }
    return "unknown";
  }

  private static String gibibytes(String kilobytes) {
    long kb = Long.parseLong(kilobytes.replace("kB", "").trim());
    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
  }
}
