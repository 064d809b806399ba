/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench.report;

import java.util.Locale;

/** How the reports and charts write numbers: in the root locale, with their units. */
public final class NumberText {
  private NumberText() {
  }

  /** Formats with {@link String#format} in the root locale. */
  public static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  /** A fraction as a percentage: 0.05 gives "5%", 0.125 gives "12.5%". */
  public static String percent(double fraction) {
    double p = 100 * fraction;
    return (Math.abs(p - Math.rint(p)) < 1e-9 ? format("%.0f", p) : format("%.1f", p)) + "%";
  }

  /** Milliseconds: "1,234" from 100 on, "12.34" from 1 on, "0.123" below; NaN is "–". */
  public static String millis(double millis) {
    if (Double.isNaN(millis)) {
      return "–";
    }
    return millis >= 100 ? format("%,.0f", millis)
        : millis >= 1 ? format("%.2f", millis)
        : format("%.3f", millis);
  }

  /** Seconds in s, ms or µs, the number written with a pattern such as {@code %.3g}. */
  public static String seconds(double seconds, String number) {
    return seconds >= 1 ? format(number + " s", seconds)
        : seconds >= 1e-3 ? format(number + " ms", seconds * 1e3)
        : format(number + " µs", seconds * 1e6);
  }

  /** A run's length: seconds under two minutes, else minutes. */
  public static String duration(double seconds) {
    return seconds < 120 ? format("%.0f s", seconds) : format("%.1f min", seconds / 60);
  }

  /** Bytes in MiB, or GiB from one GiB on. */
  public static String bytes(long bytes) {
    return bytes >= 1L << 30 ? format("%.2f GiB", bytes / (double) (1L << 30))
        : format("%.1f MiB", bytes / (double) (1L << 20));
  }
}
