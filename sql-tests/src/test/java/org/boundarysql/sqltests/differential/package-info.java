/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * Differential tests of the SQL surface, as SQLite's sqllogictest and SQLancer test engines:
 * seeded random queries run on BoundarySQL and on DuckDB holding the same data, query
 * partitioning (ternary logic partitioning, which needs no second engine), the diagnosis
 * aggregates against plain Java loops, and BOUNDARY samples against the full tables restricted
 * to the sample's items.
 *
 * <p>The stores are read by this package itself ({@link StoreFiles}), not by BoundarySQL's
 * readers; queries are built once as a tree ({@link Select}) and rendered in each engine's
 * dialect ({@link Dialect}).
 */
package org.boundarysql.sqltests.differential;
