/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.store.ActivationRow;

import java.util.ArrayList;
import java.util.List;

/**
 * The population side of the model-assisted estimates, which the planner rule computes per
 * group over the population's rows: the mean and standard deviation of the auxiliaries of the
 * group's items, as {@code [mean..., sd...]}; empty if an item of the group cannot be read (an
 * activation not stored in the estimate's store, such as the placeholder of a sampled store's
 * missing layer), not null, since Calcite skips the rows of an aggregate whose argument is
 * null. An item appearing in several rows counts once per row, as the group does.
 */
public final class PopulationAuxiliariesFunction {
  /** The SQL name the rule gives this aggregate. */
  public static final String NAME = "POPULATION_AUXILIARIES";

  /** State of one group: the sums of the auxiliaries and of their squares. */
  public static final class Moments {
    private EstimateSource source;
    private EstimateSource.Reader reader;
    private double[] sum;
    private double[] squares;
    private long items;
    private boolean unreadable;
  }

  public Moments init() {
    return new Moments();
  }

  public Moments add(Moments moments, List<?> activation, String source) {
    if (moments.source == null) {
      moments.source = EstimateSource.lookup(source);
    }
    if (activation == null || moments.unreadable) {
      return moments;
    }
    if (!moments.source.holds(activation)) {
      moments.unreadable = true;
      return moments;
    }
    if (moments.reader == null) {
      moments.reader = moments.source.new Reader();
    }
    double[] aux = moments.reader.read(((ActivationRow) activation).rowIndex());
    if (moments.sum == null) {
      moments.sum = new double[aux.length];
      moments.squares = new double[aux.length];
    }
    for (int j = 0; j < aux.length; j++) {
      moments.sum[j] += aux[j];
      moments.squares[j] += aux[j] * aux[j];
    }
    moments.items++;
    return moments;
  }

  public List<Double> result(Moments moments) {
    if (moments.unreadable || moments.items == 0) {
      return List.of();
    }
    int q = moments.sum.length;
    List<Double> result = new ArrayList<>(2 * q);
    for (int j = 0; j < q; j++) {
      result.add(moments.sum[j] / moments.items);
    }
    for (int j = 0; j < q; j++) {
      double mean = moments.sum[j] / moments.items;
      result.add(Math.sqrt(Math.max(0, moments.squares[j] / moments.items - mean * mean)));
    }
    return result;
  }
}
