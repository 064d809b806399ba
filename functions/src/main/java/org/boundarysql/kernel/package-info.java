/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * Aggregate kernels over activation rows: accumulators that read primitive {@code float[]} rows
 * without boxing or per-row allocation, for SQL aggregates and the evaluation alike. Each is
 * named after the SQL function it computes ({@code AVG_ACTIVATION}: {@code AvgActivation});
 * the SQL functions themselves live in the adapter ({@code org.boundarysql.adapter.function})
 * and on Spark ({@code org.boundarysql.spark.function}).
 */
package org.boundarysql.kernel;
