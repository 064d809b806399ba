/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/** Runs an ONNX model over a data set with ONNX Runtime and writes a store, full or sampled. */
package org.boundarysql.capture;
