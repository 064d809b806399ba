/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;

/**
 * Calcite's default conformance with what PostgreSQL and DuckDB also accept and BI tools write:
 * {@code GROUP BY 1} (an output column's position) and {@code GROUP BY k} (its alias, when no
 * input column is called k), {@code !=} and {@code %}.
 */
final class BoundaryConformance extends SqlDelegatingConformance {
  private BoundaryConformance(SqlConformance delegate) {
    super(delegate);
  }

  /**
   * The conformance a connection reads SQL with: this one for Calcite's default, the one the
   * connection chose otherwise.
   */
  static SqlConformance of(SqlConformance chosen) {
    return chosen == SqlConformanceEnum.DEFAULT ? new BoundaryConformance(chosen) : chosen;
  }

  @Override public boolean isGroupByAlias() {
    return true;
  }

  @Override public boolean isGroupByOrdinal() {
    return true;
  }

  @Override public boolean isBangEqualAllowed() {
    return true;
  }

  @Override public boolean isPercentRemainderAllowed() {
    return true;
  }
}
