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

  /** The arrays one thread scores with. */
  public final class Work {
    private final double[] logScores = new double[classes.length];
    private final double[] scaled;
    private final int[] features;

    private Work(int dimension) {
      scaled = new double[dimension];
      features = new int[dimension];
    }
  }

  /** Returns the arrays to score latent vectors of {@code dimension} values, for one thread. */
  public Work work(int dimension) {
    return new Work(dimension);
  }

  /**
   * Sets an item's group (its most likely class) and log ratio in {@code scores} from its
   * latent vector: log P(class | x) of each class, in the order of
   * {@link MaxMarginModel#classes}, by the class's sigmoid of its decision value.
   */
  public void score(int item, double[] point, Work work, BoundaryScores scores) {
    double[] logScores = work.logScores;
    model.decisions(point, logScores, work.scaled, work.features);
    for (int c = 0; c < classes.length; c++) {
      logScores[c] = sigmoids[c].logProbability(logScores[c]);
    }
    scores.set(item, logScores, classes);
  }
}
