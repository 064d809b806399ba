/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.Cancellation;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;

import java.io.Serializable;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The trained half of {@link MaxMarginSampler}: the feature scale and one linear SVM per class,
 * which give any item its decision values. Serializable, so that a distributed engine can train
 * it once on a bounded subset and score the items where they are.
 */
public final class MaxMarginModel implements Serializable {
  private static final long serialVersionUID = 2L;

  private final int[] classes;
  private final double[] scale;
  /** Each class's SVM weights: one per feature, then the bias feature's. */
  private final double[][] weights;
  private final double[] signs;

  private MaxMarginModel(int[] classes, double[] scale, double[][] weights, double[] signs) {
    this.classes = classes;
    this.scale = scale;
    this.weights = weights;
    this.signs = signs;
  }

  /**
   * Returns the factor that scales each feature to unit variance (0 for a constant feature),
   * from the sums of the values and of their squares over {@code n} items.
   */
  public static double[] unitVarianceScale(double[] sums, double[] squares, long n) {
    double[] scale = new double[sums.length];
    for (int f = 0; f < scale.length; f++) {
      double mean = sums[f] / n;
      double variance = squares[f] / n - mean * mean;
      scale[f] = variance > 0 ? 1 / Math.sqrt(variance) : 0;
    }
    return scale;
  }

  /**
   * Trains one SVM per class, in parallel, on the given feature rows (see {@link #features})
   * and their labels; {@code classes} are the distinct labels, ascending.
   */
  public static MaxMarginModel train(int[] classes, double[] scale, Feature[][] training,
      int[] labels) {
    double[][] weights = new double[classes.length][];
    double[] signs = new double[classes.length];
    // The classes run on the common pool's threads, which do not share this thread's signal.
    Cancellation cancellation = Cancellation.current();
    IntStream.range(0, classes.length).parallel().forEach(c -> {
      cancellation.check();
      Problem problem = new Problem();
      problem.l = training.length;
      problem.n = scale.length + 1;
      problem.bias = 1;
      problem.x = training.clone();
      problem.y = new double[training.length];
      for (int i = 0; i < training.length; i++) {
        problem.y[i] = labels[i] == classes[c] ? 1 : -1;
      }
      Parameter parameter = new Parameter(SolverType.L2R_L2LOSS_SVC_DUAL, MaxMarginSampler.C,
          MaxMarginSampler.EPS);
      // The dual solver shuffles; a private generator keeps parallel runs reproducible.
      parameter.setRandom(new Random(0));
      Linear.disableDebugOutput();
      Model svm = Linear.train(problem, parameter);
      // One weight vector (a binary problem): one weight per feature and the bias feature's.
      weights[c] = svm.getFeatureWeights();
      if (weights[c].length != scale.length + 1) {
        throw new IllegalStateException("liblinear gave " + weights[c].length
            + " weights for " + scale.length + " features and a bias");
      }
      // liblinear's decision value is positive for its first label.
      signs[c] = svm.getLabels()[0] == 1 ? 1 : -1;
    });
    return new MaxMarginModel(classes.clone(), scale.clone(), weights, signs);
  }

  /** Returns the classes, one SVM each, ascending. */
  public int[] classes() {
    return classes.clone();
  }

  /**
   * Builds liblinear's sparse row of one item, each feature scaled to unit variance and a bias
   * feature last; zeros (dead ReLU units) are left out.
   */
  public static Feature[] features(double[] point, double[] scale) {
    int d = scale.length;
    int nonZero = 0;
    for (int f = 0; f < d; f++) {
      nonZero += point[f] * scale[f] != 0 ? 1 : 0;
    }
    Feature[] row = new Feature[nonZero + 1];
    int k = 0;
    for (int f = 0; f < d; f++) {
      double value = point[f] * scale[f];
      if (value != 0) {
        row[k++] = new FeatureNode(f + 1, value);
      }
    }
    row[k] = new FeatureNode(d + 1, 1);
    return row;
  }

  /**
   * Writes every class's decision value for an item's latent vector into {@code into}, each as
   * {@link #decision} computes it, the features that are not zero found and scaled once;
   * {@code scaled} and {@code features} hold a value per feature.
   */
  public void decisions(double[] point, double[] into, double[] scaled, int[] features) {
    int d = scale.length;
    int count = 0;
    for (int f = 0; f < d; f++) {
      double x = point[f] * scale[f];
      if (x != 0) {
        scaled[count] = x;
        features[count++] = f;
      }
    }
    for (int c = 0; c < weights.length; c++) {
      double[] w = weights[c];
      double value = 0;
      for (int i = 0; i < count; i++) {
        value += w[features[i]] * scaled[i];
      }
      value += w[d];
      into[c] = signs[c] * value;
    }
  }

  /**
   * Returns class {@code c}'s SVM decision value for an item's latent vector, positive side up:
   * the value liblinear's {@code predictValues} gives for its {@link #features} row, summed in
   * the same order (the features that are not zero, then the bias), without building the row.
   */
  public double decision(int c, double[] point) {
    double[] w = weights[c];
    int d = scale.length;
    double value = 0;
    for (int f = 0; f < d; f++) {
      double x = point[f] * scale[f];
      if (x != 0) {
        value += w[f] * x;
      }
    }
    value += w[d];
    return signs[c] * value;
  }
}
