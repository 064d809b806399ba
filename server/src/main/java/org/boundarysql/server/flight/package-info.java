/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */

/**
 * The Arrow Flight SQL endpoint (gRPC): query results as Arrow record batches, activations as
 * {@code FixedSizeList<float32>} copied from the mapped layer files, over the same engine and
 * with the same guarantees as the Avatica endpoint (read-only, query timeout, sample budget,
 * cancellation, users, TLS).
 */
package org.boundarysql.server.flight;
