/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.task.ProgressBars;
import org.boundarysql.task.ProgressListener;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Reports what the benchmark is doing on standard error, each line stamped with the time since
 * the start; long steps show their progress through {@link ProgressBars}.
 */
class Progress {
  /** Reports nothing; for tests. */
  static final Progress QUIET = new Progress(null);

  private final PrintStream out;
  private final ProgressBars bars;
  private final long start = System.nanoTime();

  Progress(PrintStream out) {
    this.out = out;
    this.bars = out == null ? null : ProgressBars.onStandardError();
  }

  /** One line. */
  void say(String format, Object... args) {
    if (out != null) {
      out.printf(Locale.ROOT, "[%7.1f s] %s%n", (System.nanoTime() - start) / 1e9,
          String.format(Locale.ROOT, format, args));
      out.flush();
    }
  }

  /**
   * The progress of long steps (writing stores, loading DuckDB), shown by the one renderer of
   * every command ({@link ProgressBars}); nothing when quiet.
   */
  ProgressListener listener() {
    return bars == null ? ProgressListener.NONE : bars;
  }
}
