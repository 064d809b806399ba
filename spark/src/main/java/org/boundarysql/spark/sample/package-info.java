/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * Boundary sampling on Spark: MaxMargin trained on the driver as in-process and scored on the
 * executors, uniform and stratified samples with Spark's own operators, and the
 * {@code boundary_sample} table function.
 */
package org.boundarysql.spark.sample;
