/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.task.ProgressListener;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Reports what the benchmark is doing on standard error, each line stamped with the time since
 * the start. A long step reports its progress every few seconds with an estimate of the rest;
 * plain lines, so that a log stays readable.
 */
class Progress {
  /** Reports nothing; for tests. */
  static final Progress QUIET = new Progress(null);
  private static final long REPORT_EVERY_NANOS = 5_000_000_000L;

  private final PrintStream out;
  private final long start = System.nanoTime();

  Progress(PrintStream out) {
    this.out = out;
  }

  /** One line. */
  void say(String format, Object... args) {
    if (out != null) {
      out.printf(Locale.ROOT, "[%7.1f s] %s%n", (System.nanoTime() - start) / 1e9,
          String.format(Locale.ROOT, format, args));
      out.flush();
    }
  }

  /** This progress as a listener of long steps elsewhere (store writers): a task per stage. */
  ProgressListener listener() {
    return new ProgressListener() {
      private String stage;
      private Task task;

      @Override public void update(String stage, long done, long total) {
        if (!stage.equals(this.stage)) {
          this.stage = stage;
          task = task(stage, total);
        }
        task.stepTo(done);
        if (done >= total) {
          task.close();
          this.stage = null;
        }
      }
    };
  }

  /** A step of {@code total} units, announced now and reported while it runs. */
  Task task(String name, long total) {
    say("%s ...", name);
    return new Task(name, total);
  }

  /** A step in progress. */
  final class Task implements AutoCloseable {
    private final String name;
    private final long total;
    private final long begun = System.nanoTime();
    private long done;
    private long lastReport = begun;

    private Task(String name, long total) {
      this.name = name;
      this.total = total;
    }

    void step() {
      stepTo(done + 1);
    }

    void stepTo(long units) {
      done = units;
      long now = System.nanoTime();
      if (now - lastReport >= REPORT_EVERY_NANOS && done < total) {
        lastReport = now;
        double seconds = (now - begun) / 1e9;
        say("%s: %.0f%% (%,d of %,d), %.0f s so far, about %.0f s to go", name,
            100.0 * done / total, done, total, seconds, seconds * (total - done) / done);
      }
    }

    @Override public void close() {
      say("%s: done in %.1f s", name, (System.nanoTime() - begun) / 1e9);
    }
  }
}
