/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.task;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;


/**
 * The way the progress of long work reaches a person: one bar per stage on standard error
 * when it is a terminal, else (a log, a CI run) a plain line every few seconds with the share
 * done and an estimate of the time left. Every command's progress goes through it, as a
 * {@link ProgressListener}; {@link #detail} says what runs inside the current stage.
 */
public final class ProgressBars implements ProgressListener, AutoCloseable {
  private static final long LINE_EVERY_NANOS = 5_000_000_000L;

  private final PrintStream lines;
  private String stage;
  private ProgressBar bar;
  private long total;
  private long begun;
  private long lastLine;
  private String detail = "";

  private ProgressBars(PrintStream lines) {
    this.lines = lines;
  }

  /**
   * Progress on standard error: bars on a terminal, lines elsewhere ({@code System.console()}
   * tells).
   */
  public static ProgressBars onStandardError() {
    return new ProgressBars(System.console() == null ? System.err : null);
  }

  /** Progress as plain lines on {@code out}, whatever it is. */
  public static ProgressBars asLines(PrintStream out) {
    return new ProgressBars(out);
  }

  @Override public synchronized void update(String stage, long done, long total) {
    if (!stage.equals(this.stage)) {
      end();
      begin(stage, total);
    }
    if (bar != null) {
      bar.stepTo(done);
    } else {
      maybeLine(done);
    }
    if (done >= total) {
      end();
    }
  }

  /** What runs now inside the current stage, shown beside its bar or in its next line. */
  public synchronized void detail(String text) {
    detail = text;
    if (bar != null) {
      bar.setExtraMessage(text);
    }
  }

  @Override public synchronized void close() {
    end();
  }

  private void begin(String name, long steps) {
    stage = name;
    total = steps;
    begun = System.nanoTime();
    lastLine = begun;
    detail = "";
    if (lines == null) {
      bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(steps)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate()
          .build();
    } else {
      lines.printf(Locale.ROOT, "%s ...%n", name);
    }
  }

  private void maybeLine(long done) {
    long now = System.nanoTime();
    if (now - lastLine < LINE_EVERY_NANOS || done <= 0 || done >= total) {
      return;
    }
    lastLine = now;
    double seconds = (now - begun) / 1e9;
    lines.printf(Locale.ROOT, "%s: %.0f%% (%,d of %,d), %.0f s so far, about %.0f s to go%s%n",
        stage, 100.0 * done / total, done, total, seconds, seconds * (total - done) / done,
        detail.isEmpty() ? "" : "; " + detail);
  }

  private void end() {
    if (stage == null) {
      return;
    }
    if (bar != null) {
      bar.close();
      bar = null;
    } else {
      lines.printf(Locale.ROOT, "%s: done in %.1f s%n", stage, (System.nanoTime() - begun) / 1e9);
    }
    stage = null;
  }
}
