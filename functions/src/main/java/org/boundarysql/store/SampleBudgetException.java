/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

/**
 * A sample whose estimated computation exceeds the budget of the server or connection that
 * asked for it; refused before it starts. The message names the estimate and cheaper ways.
 */
public final class SampleBudgetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final double estimateSeconds;

  SampleBudgetException(String message, double estimateSeconds) {
    super(message);
    this.estimateSeconds = estimateSeconds;
  }

  /** The estimated seconds of the refused computation. */
  public double estimateSeconds() {
    return estimateSeconds;
  }
}
