/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import org.boundarysql.sqltests.differential.Expr.Call;
import org.boundarysql.sqltests.differential.Expr.Column;
import org.boundarysql.sqltests.differential.Expr.Op;
import org.boundarysql.sqltests.differential.Select.Item;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Ternary logic partitioning (SQLancer's TLP), on BoundarySQL alone: for a query Q and a
 * condition p, the rows of Q are those of Q restricted by p, by NOT p and by p IS NULL, all
 * together; an aggregate of Q is the same aggregate of the three parts' (a count is the sum of
 * the parts' counts; a sum, minimum or maximum that of the parts').
 */
final class PartitionCheck implements Check {
  private final Tables tables;

  PartitionCheck(Tables tables) {
    this.tables = tables;
  }

  @Override public String run(SplittableRandom random, Engines engines) {
    QueryGenerator generator = new QueryGenerator(tables, random, null);
    ExprGenerator exprs = generator.exprs();
    From from = generator.from();
    List<Column> scope = from.columns();
    Expr where = random.nextBoolean() ? exprs.predicate(scope, 1) : null;
    Expr p = random.nextInt(5) == 0 ? generator.subqueryPredicate(scope)
        : exprs.predicate(scope, 2);
    List<Expr> conditions = new ArrayList<>();
    for (Expr part : List.of(p, new Call(Op.NOT, SqlType.BOOLEAN, p),
        new Call(Op.IS_NULL, SqlType.BOOLEAN, p))) {
      conditions.add(where == null ? part : new Call(Op.AND, SqlType.BOOLEAN, where, part));
    }
    Partitioned queries = random.nextBoolean()
        ? rows(exprs, from, scope, where, conditions, random)
        : aggregates(exprs, from, scope, where, conditions, random);
    ResultTable expected;
    ResultTable actual;
    try {
      expected = engines.boundary(queries.whole());
      actual = engines.boundary(queries.parts());
    } catch (SQLException | RuntimeException | AssertionError e) {
      return "BoundarySQL failed: " + Engines.describe(e) + "\n" + queries;
    }
    String difference = ResultComparison.difference(expected, actual, false);
    return difference == null ? null : "partitions differ from the whole: " + difference
        + "\n" + queries + "\n  query's rows (" + expected.size() + "):\n" + expected.show()
        + "\n  partitions' rows (" + actual.size() + "):\n" + actual.show();
  }

  /** A query, and the same query made of its parts. */
  private record Partitioned(Query whole, Query parts) {
    @Override public String toString() {
      return "  query:       " + whole.sql(Dialect.BOUNDARY) + ";\n  partitioned: "
          + parts.sql(Dialect.BOUNDARY) + ";";
    }
  }

  /** {@code select values from ... where w}: its rows are those of the parts, together. */
  private static Partitioned rows(ExprGenerator exprs, From from, List<Column> scope,
      Expr where, List<Expr> conditions, SplittableRandom random) {
    List<Item> items = new ArrayList<>();
    for (int i = random.nextInt(3); i >= 0; i--) {
      items.add(new Item(exprs.value(scope), "c" + items.size()));
    }
    Select query = Select.of(items, from).withWhere(where);
    return new Partitioned(query, new Query.SetOp("union all",
        conditions.stream().map(query::withWhere).toList()));
  }

  /**
   * {@code select keys, aggregates from ... where w group by keys}: its groups are those of the
   * parts, merged.
   */
  private static Partitioned aggregates(ExprGenerator exprs, From from, List<Column> scope,
      Expr where, List<Expr> conditions, SplittableRandom random) {
    List<Expr> keys = new ArrayList<>();
    List<Item> items = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      Expr key = exprs.column(scope);
      keys.add(key);
      items.add(new Item(key, "c" + items.size()));
    }
    for (int i = random.nextInt(3); i >= 0; i--) {
      items.add(new Item(partial(exprs, scope, random), "c" + items.size()));
    }
    Select query = Select.of(items, from).withWhere(where)
        .withGroupBy(keys, Select.Grouping.PLAIN, null);
    return new Partitioned(query, combined(new Query.SetOp("union all",
        conditions.stream().map(query::withWhere).toList()), keys.size()));
  }

  /** An aggregate that the parts' aggregates combine into. */
  private static Expr partial(ExprGenerator exprs, List<Column> scope, SplittableRandom random) {
    return switch (random.nextInt(5)) {
      case 0 -> new Call(Op.COUNT_STAR, SqlType.BIGINT);
      case 1 -> new Call(Op.COUNT, SqlType.BIGINT, exprs.value(scope));
      case 2 -> {
        Expr number = exprs.numeric(scope);
        yield new Call(Op.SUM, number.type(), number);
      }
      default -> {
        Expr value = exprs.value(scope);
        yield new Call(random.nextBoolean() ? Op.MIN : Op.MAX, value.type(), value);
      }
    };
  }

  /** The parts' groups merged: {@code select keys, sum(count), min(min), ... group by keys}. */
  private static Select combined(Query.SetOp union, int keyCount) {
    From.Derived parts = new From.Derived(union, "parts");
    List<Column> columns = parts.columns();
    List<Item> items = new ArrayList<>();
    List<Expr> keys = new ArrayList<>(columns.subList(0, keyCount));
    keys.forEach(k -> items.add(new Item(k, "c" + items.size())));
    List<Item> partials = union.parts().get(0).items();
    for (int i = keyCount; i < columns.size(); i++) {
      Op op = ((Call) partials.get(i).expr()).op();
      Op combine = op == Op.COUNT || op == Op.COUNT_STAR ? Op.SUM : op;
      items.add(new Item(new Call(combine, columns.get(i).type(), columns.get(i)),
          "c" + items.size()));
    }
    return Select.of(items, parts).withGroupBy(keys, Select.Grouping.PLAIN, null);
  }
}
