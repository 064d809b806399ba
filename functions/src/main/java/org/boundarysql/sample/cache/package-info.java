/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * Samples of stores, computed once per (store, spec) and kept in memory and on disk:
 * {@link org.boundarysql.sample.cache.SampleCache} in front, the sample files, and the refusal
 * of a computation over a caller's budget.
 */
package org.boundarysql.sample.cache;
