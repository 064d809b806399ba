/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

/**
 * The rows of a store chosen by a sample, in ascending order, and a description of how they
 * were chosen, as shown by EXPLAIN.
 */
public record SampledRows(String description, int[] rows) {
  @Override public String toString() {
    return description + " size=" + rows.length;
  }
}
