/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/** The sampled ONNX capture as a Spark job: ONNX Runtime on each executor. */
package org.boundarysql.spark.capture;
