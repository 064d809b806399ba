/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

/** The SQL dialects a generated query is rendered in. */
enum Dialect {
  /** BoundarySQL: Calcite's SQL with {@code TABLESAMPLE BOUNDARY}. */
  BOUNDARY,
  /** DuckDB, the peer engine. */
  DUCKDB
}
