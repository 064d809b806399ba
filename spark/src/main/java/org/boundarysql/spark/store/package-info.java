/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * Stores as Parquet tables and back: the export of a store, an exported store opened in a
 * Spark session, and the sampled store and latent store written from Spark for
 * {@code ./boundary serve}.
 */
package org.boundarysql.spark.store;
