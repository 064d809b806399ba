/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.estimate.BootstrapError;
import org.boundarysql.estimate.ErrorEstimate;
import org.boundarysql.estimate.ErrorMetric;
import org.boundarysql.estimate.EstimateBasis;

import java.util.ArrayList;
import java.util.List;

/**
 * State of one group of a {@link PopulationAggregate}: the group's population and design, the
 * number of its rows, and their activations if the design allows a bootstrap.
 */
public final class SampledGroup {
  private long population = -1;
  private String design;
  private long rows;
  private final List<float[]> activations = new ArrayList<>();

  /** Adds a row whose group has {@code population} items in a sample of {@code design}. */
  SampledGroup add(long population, String design) {
    this.population = population;
    this.design = design;
    rows++;
    return this;
  }

  /** Adds a row, and keeps its activation if the design may allow a bootstrap; skips null. */
  SampledGroup add(String function, List<?> activation, long population, String design) {
    if (activation == null) {
      return this;
    }
    add(population, design);
    if (EstimateBasis.randomWithinGroups(design)) {
      activations.add(Activations.read(function, activation, null));
    }
    return this;
  }

  /** The group's population, or null if no row was added. */
  Long population() {
    return rows == 0 ? null : population;
  }

  /** What the group's error figures rest on, or null if no row was added. */
  EstimateBasis basis() {
    return rows == 0 ? null : EstimateBasis.of(design, rows, population);
  }

  /**
   * The metric's expected value and interval as {@code [expected, low, high]}; null if no row
   * was added or no honest estimate exists.
   */
  List<Double> estimate(ErrorMetric metric) {
    EstimateBasis basis = basis();
    if (basis == null || basis == EstimateBasis.NONE) {
      return null;
    }
    ErrorEstimate estimate = basis == EstimateBasis.EXACT
        ? ErrorEstimate.exact(metric.exact(), BootstrapError.LEVEL)
        : BootstrapError.standard().estimate(activations.toArray(float[][]::new), population,
            metric);
    return List.of(estimate.expected(), estimate.low(), estimate.high());
  }
}
