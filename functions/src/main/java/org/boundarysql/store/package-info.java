/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * The activation store format: a model's items and layers read from {@code store.json},
 * {@code items.csv} and memory-mapped {@code .npy} files, written by
 * {@link org.boundarysql.store.StoreWriter}, with the files that make writes atomic. Nothing
 * here samples or computes; samples live in {@link org.boundarysql.sample.cache}.
 */
package org.boundarysql.store;
