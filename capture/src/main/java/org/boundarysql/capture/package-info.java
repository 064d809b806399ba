/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * Runs ONNX models with ONNX Runtime: writes a store from a model and a data set (full, sampled
 * at capture time, or on demand), and computes the rows of on-demand layers
 * ({@link org.boundarysql.capture.OnnxRowComputer}, the engine's row computer).
 */
package org.boundarysql.capture;
