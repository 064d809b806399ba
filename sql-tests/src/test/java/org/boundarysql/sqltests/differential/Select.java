/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A generated {@code SELECT}, rendered in either dialect. {@code where} and {@code having} may
 * be null, {@code limit} and {@code offset} negative when absent; {@code orderBy} is empty or
 * orders the rows totally, so that a limit picks the same rows in every engine.
 */
record Select(boolean distinct, List<Item> items, From from, Expr where, List<Expr> groupBy,
    Grouping grouping, Expr having, List<Order> orderBy, int limit, int offset)
    implements Query {
  /** How the group keys make groups: each combination, or also the super-aggregates. */
  enum Grouping {
    PLAIN("%s"), ROLLUP("rollup(%s)"), CUBE("cube(%s)");

    private final String format;

    Grouping(String format) {
      this.format = format;
    }
  }

  /** An output column and its alias. */
  record Item(Expr expr, String alias) { }

  /**
   * A sort key: an output column by ordinal or by alias, with the order of nulls explicit (the
   * engines' defaults differ).
   */
  record Order(int column, boolean byAlias, boolean descending, boolean nullsFirst) { }

  /** {@code SELECT items FROM from}, nothing more. */
  static Select of(List<Item> items, From from) {
    return new Select(false, items, from, null, List.of(), Grouping.PLAIN, null, List.of(), -1,
        -1);
  }

  Select withDistinct(boolean newDistinct) {
    return new Select(newDistinct, items, from, where, groupBy, grouping, having, orderBy, limit,
        offset);
  }

  Select withWhere(Expr newWhere) {
    return new Select(distinct, items, from, newWhere, groupBy, grouping, having, orderBy, limit,
        offset);
  }

  Select withGroupBy(List<Expr> newGroupBy, Grouping newGrouping, Expr newHaving) {
    return new Select(distinct, items, from, where, newGroupBy, newGrouping, newHaving, orderBy,
        limit, offset);
  }

  Select withOrderBy(List<Order> newOrderBy, int newLimit, int newOffset) {
    return new Select(distinct, items, from, where, groupBy, grouping, having, newOrderBy,
        newLimit, newOffset);
  }

  @Override public boolean ordered() {
    return !orderBy.isEmpty();
  }

  @Override public List<Expr.Column> columnsAs(String alias) {
    return items.stream().map(i -> new Expr.Column(alias, i.alias(), i.expr().type(),
        i.expr() instanceof Expr.Column c ? c.domain() : Domains.of(i.expr().type()))).toList();
  }

  @Override public String sql(Dialect dialect) {
    StringBuilder sql = new StringBuilder(distinct ? "select distinct " : "select ");
    sql.append(items.stream().map(i -> i.expr().sql(dialect) + " as " + i.alias())
        .collect(Collectors.joining(", ")));
    sql.append(" from ").append(from.sql(dialect));
    if (where != null) {
      sql.append(" where ").append(where.sql(dialect));
    }
    if (!groupBy.isEmpty()) {
      sql.append(" group by ").append(String.format(grouping.format, groupBy.stream()
          .map(e -> e.sql(dialect)).collect(Collectors.joining(", "))));
    }
    if (having != null) {
      sql.append(" having ").append(having.sql(dialect));
    }
    if (!orderBy.isEmpty()) {
      sql.append(" order by ").append(orderBy.stream()
          .map(o -> (o.byAlias() ? items.get(o.column()).alias() : String.valueOf(o.column() + 1))
              + (o.descending() ? " desc" : " asc")
              + (o.nullsFirst() ? " nulls first" : " nulls last"))
          .collect(Collectors.joining(", ")));
    }
    if (limit >= 0) {
      sql.append(" limit ").append(limit);
    }
    if (offset >= 0) {
      sql.append(" offset ").append(offset);
    }
    return sql.toString();
  }
}
