/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.task;

/** Receives the progress of a long-running fit; callers plug a progress bar in. */
@FunctionalInterface
public interface ProgressListener {
  /** Listener that ignores progress. */
  ProgressListener NONE = (stage, done, total) -> { };

  /** Reports that {@code done} of {@code total} steps of {@code stage} are complete. */
  void update(String stage, long done, long total);
}
