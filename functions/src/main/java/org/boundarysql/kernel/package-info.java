/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * Aggregate kernels over activation rows: accumulators that read primitive {@code float[]} rows
 * without boxing or per-row allocation, for SQL aggregates and the evaluation alike.
 */
package org.boundarysql.kernel;
