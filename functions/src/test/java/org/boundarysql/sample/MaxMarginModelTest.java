/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The model's decision value, computed without building liblinear's rows, against liblinear's
 * own {@code predictValues} on those rows, for an SVM trained by liblinear directly.
 */
class MaxMarginModelTest {
  @Test void decisionIsLiblinearsToTheBit() {
    Random random = new Random(3);
    int n = 400;
    int d = 9;
    double[][] points = new double[n][d];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(3);
      for (int f = 0; f < d; f++) {
        // Dead and sparse units, as ReLU layers have.
        points[i][f] = f == 0 ? 0 : Math.max(0, random.nextGaussian() + labels[i] * (f % 3));
      }
    }
    double[] sums = new double[d];
    double[] squares = new double[d];
    for (double[] p : points) {
      for (int f = 0; f < d; f++) {
        sums[f] += p[f];
        squares[f] += p[f] * p[f];
      }
    }
    double[] scale = MaxMarginModel.unitVarianceScale(sums, squares, n);
    Feature[][] rows = new Feature[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = MaxMarginModel.features(points[i], scale);
    }
    int[] classes = {0, 1, 2};
    MaxMarginModel model = MaxMarginModel.train(classes, scale, rows, labels);
    double[][] all = new double[n][classes.length];
    for (int i = 0; i < n; i++) {
      model.decisions(points[i], all[i], new double[d], new int[d]);
    }
    for (int c = 0; c < classes.length; c++) {
      Model svm = liblinear(rows, labels, classes[c], d);
      double sign = svm.getLabels()[0] == 1 ? 1 : -1;
      for (int i = 0; i < n; i++) {
        double[] value = new double[1];
        Linear.predictValues(svm, rows[i], value);
        assertEquals(Double.doubleToLongBits(sign * value[0]),
            Double.doubleToLongBits(model.decision(c, points[i])), "class " + c + " item " + i);
        assertEquals(Double.doubleToLongBits(sign * value[0]),
            Double.doubleToLongBits(all[i][c]), "all classes, class " + c + " item " + i);
      }
    }
  }

  /** The SVM MaxMarginModel documents: L2-loss dual, C and eps of the sampler, seed 0. */
  private static Model liblinear(Feature[][] rows, int[] labels, int positive, int d) {
    Problem problem = new Problem();
    problem.l = rows.length;
    problem.n = d + 1;
    problem.bias = 1;
    problem.x = rows;
    problem.y = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      problem.y[i] = labels[i] == positive ? 1 : -1;
    }
    Parameter parameter = new Parameter(SolverType.L2R_L2LOSS_SVC_DUAL, MaxMarginSampler.C,
        MaxMarginSampler.EPS);
    parameter.setRandom(new Random(0));
    Linear.disableDebugOutput();
    return Linear.train(problem, parameter);
  }
}
