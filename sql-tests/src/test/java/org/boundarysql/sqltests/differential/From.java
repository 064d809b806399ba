/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The {@code FROM} clause of a generated query: a table, a join or a derived table. */
interface From {
  /** The columns this clause brings into scope, qualified by their aliases. */
  List<Expr.Column> columns();

  String sql(Dialect dialect);

  /**
   * A BOUNDARY sample: the clause after {@code TABLESAMPLE} (for example
   * {@code boundary('maxmargin', 0.1) repeatable(3)}) and the ids of the items it chose, which
   * DuckDB, knowing no such sample, gets instead.
   */
  record Sample(String clause, long[] ids) { }

  /** A table of a store's schema, all of it or a BOUNDARY sample (null: all). */
  record Table(String schema, String name, String alias, List<Expr.Column> columns,
      Sample sample) implements From {
    @Override public String sql(Dialect dialect) {
      String table = schema + "." + name;
      if (sample == null) {
        return table + " as " + alias;
      }
      if (dialect == Dialect.BOUNDARY) {
        return table + " as " + alias + " tablesample " + sample.clause();
      }
      return "(select * from " + table + " where id in ("
          + Arrays.stream(sample.ids()).mapToObj(Long::toString).collect(Collectors.joining(", "))
          + ")) as " + alias;
    }
  }

  /** {@code left [LEFT] JOIN right ON condition}. */
  record Join(From left, From right, Expr condition, boolean outer) implements From {
    @Override public List<Expr.Column> columns() {
      List<Expr.Column> columns = new ArrayList<>(left.columns());
      columns.addAll(right.columns());
      return columns;
    }

    @Override public String sql(Dialect dialect) {
      return left.sql(dialect) + (outer ? " left join " : " join ") + right.sql(dialect)
          + " on " + condition.sql(dialect);
    }
  }

  /** {@code (query) AS alias}. */
  record Derived(Query query, String alias) implements From {
    @Override public List<Expr.Column> columns() {
      return query.columnsAs(alias);
    }

    @Override public String sql(Dialect dialect) {
      return "(" + query.sql(dialect) + ") as " + alias;
    }
  }
}
