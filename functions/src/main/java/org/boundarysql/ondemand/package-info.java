/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * Layers computed on demand: the rows of a store's on-demand layers that queries read, computed
 * by running the store's model ({@link org.boundarysql.ondemand.RowComputer}, implemented where
 * ONNX Runtime is, found with {@link java.util.ServiceLoader}) and kept in a bounded
 * {@link org.boundarysql.ondemand.RowCache} on disk, so that the next query reads them at scan
 * speed. Two queries needing the same rows compute them once; a computation over the caller's
 * budget is refused before it starts.
 */
package org.boundarysql.ondemand;
