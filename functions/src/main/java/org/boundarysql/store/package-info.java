/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * Activation stores on disk: a model's items and layers read from {@code store.json},
 * {@code items.csv} and memory-mapped {@code .npy} files, and the samples of a store, cached
 * beside it.
 */
package org.boundarysql.store;
