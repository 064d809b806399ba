/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.task.ProgressListener;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows a long step's progress on standard error: one ASCII bar per stage. */
final class ProgressBars implements ProgressListener {
  private String stage;
  private ProgressBar bar;

  @Override public void update(String stage, long done, long total) {
    if (!stage.equals(this.stage)) {
      if (bar != null) {
        bar.close();
      }
      this.stage = stage;
      bar = new ProgressBarBuilder().setTaskName(stage).setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII).continuousUpdate().build();
    }
    bar.stepTo(done);
    if (done >= total) {
      bar.close();
      bar = null;
      this.stage = null;
    }
  }
}
