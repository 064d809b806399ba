/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.util.List;
import java.util.stream.Collectors;

/** A generated query: a {@link Select}, or a set operation on some. */
interface Query {
  String sql(Dialect dialect);

  /** The output columns as the columns of a derived table with this alias. */
  List<Expr.Column> columnsAs(String alias);

  /** Whether the rows come in a total order. */
  boolean ordered();

  /** {@code q1 op q2 ...}, op one of UNION [ALL], INTERSECT [ALL], EXCEPT [ALL]. */
  record SetOp(String operator, List<Select> parts) implements Query {
    @Override public String sql(Dialect dialect) {
      return parts.stream().map(p -> p.sql(dialect))
          .collect(Collectors.joining(" " + operator + " "));
    }

    @Override public List<Expr.Column> columnsAs(String alias) {
      return parts.get(0).columnsAs(alias);
    }

    @Override public boolean ordered() {
      return false;
    }
  }
}
