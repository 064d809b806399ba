/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * The diagnosis functions as Spark SQL expressions, computed by the kernels of
 * {@code org.boundarysql.kernel} and {@code org.boundarysql.metric}.
 */
package org.boundarysql.spark.function;
