/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.Cancellation;

import java.io.Serializable;
import java.util.stream.IntStream;

/**
 * A calibrated {@link MaxMarginModel}: its SVMs and one Platt sigmoid per class, which give any
 * item its group and log likelihood ratio from its latent vector alone. Serializable, so that
 * a distributed engine can score the items where they are.
 */
public final class MaxMarginScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final MaxMarginModel model;
  private final int[] classes;
  private final PlattSigmoid[] sigmoids;

  private MaxMarginScorer(MaxMarginModel model, PlattSigmoid[] sigmoids) {
    this.model = model;
    this.classes = model.classes();
    this.sigmoids = sigmoids;
  }

  /**
   * Fits each class's Platt sigmoid to the decision values {@code decisions[class][item]} of
   * some items, whose true labels are {@code labels[item]}; the classes run in parallel.
   */
  public static MaxMarginScorer calibrate(MaxMarginModel model, double[][] decisions,
      int[] labels) {
    int[] classes = model.classes();
    PlattSigmoid[] sigmoids = new PlattSigmoid[classes.length];
    // The classes run on the common pool's threads, which do not share this thread's signal.
    Cancellation cancellation = Cancellation.current();
    IntStream.range(0, classes.length).parallel().forEach(c -> {
      cancellation.check();
      boolean[] positive = new boolean[labels.length];
      for (int i = 0; i < labels.length; i++) {
        positive[i] = labels[i] == classes[c];
      }
      sigmoids[c] = PlattSigmoid.fit(decisions[c], positive);
    });
    return new MaxMarginScorer(model, sigmoids);
  }

  /** Returns the number of classes, one log score each. */
  public int classCount() {
    return classes.length;
  }

  /** Writes log P(class | x) of each class, in the order of {@link MaxMarginModel#classes}. */
  public void logScores(double[] point, double[] into) {
    for (int c = 0; c < classes.length; c++) {
      into[c] = sigmoids[c].logProbability(model.decision(c, point));
    }
  }

  /**
   * Sets an item's group (its most likely class) and log ratio in {@code scores} from its
   * latent vector; {@code work} holds {@link #classCount()} values.
   */
  public void score(int item, double[] point, double[] work, BoundaryScores scores) {
    logScores(point, work);
    scores.set(item, work, classes);
  }
}
