/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.metric;

/** One combination of the workload: a layer, a true class, correctly or incorrectly classified. */
public record Combination(String layer, int label, boolean correct) {
}
