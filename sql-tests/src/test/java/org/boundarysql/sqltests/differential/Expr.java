/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/** An expression of a generated query, rendered in either dialect. */
interface Expr {
  /** The type of the expression's values. */
  SqlType type();

  /** The expression as SQL text of the dialect. */
  String sql(Dialect dialect);

  /** The values a column takes, from which a generator picks literals to compare it with. */
  interface Domain {
    /** A value the column takes, or one near it. */
    Object pick(SplittableRandom random);
  }

  /**
   * An operator or function with a fixed number of operands, written as a format string per
   * dialect; most are the same in both.
   */
  enum Op {
    PLUS("(%s + %s)"), MINUS("(%s - %s)"), TIMES("(%s * %s)"),
    /** Division of whole numbers, rounding towards zero: DuckDB's {@code /} is not. */
    DIVIDE_EXACT("(%s / %s)", "(%s // %s)"),
    MOD("mod(%s, %s)"), ABS("abs(%s)"), COALESCE("coalesce(%s, %s)"),
    NULLIF("nullif(%s, %s)"), SIGN("sign(%s)"), FLOOR("floor(%s)"), CEIL("ceil(%s)"),
    ROUND("round(%s)"), POWER("power(%s, %s)"), SQRT("sqrt(abs(%s))"),
    LN("ln(abs(%s) + 1)"),
    /** SQL's substring from a position (from 1: DuckDB counts a start before 1 otherwise). */
    SUBSTRING("substring(%s from %s for %s)"), TRIM("trim(%s)"),
    POSITION("position(%s in %s)"), REPLACE("replace(%s, %s, %s)"),
    EQ("(%s = %s)"), NE("(%s <> %s)"), LT("(%s < %s)"), LE("(%s <= %s)"), GT("(%s > %s)"),
    GE("(%s >= %s)"), LIKE("(%s like %s)"), BETWEEN("(%s between %s and %s)"),
    NOT_BETWEEN("(%s not between %s and %s)"), AND("(%s and %s)"), OR("(%s or %s)"),
    NOT("(not %s)"), IS_NULL("(%s is null)"), IS_NOT_NULL("(%s is not null)"),
    IS_TRUE("(%s is true)"), IS_NOT_FALSE("(%s is not false)"),
    SUBSCRIPT("%s[%s]"), CARDINALITY("cardinality(%s)", "len(%s)"),
    CONCAT("(%s || %s)"), UPPER("upper(%s)"), LOWER("lower(%s)"),
    CHAR_LENGTH("char_length(%s)", "length(%s)"),
    /** Window functions, only in {@link Window}. */
    ROW_NUMBER("row_number()"), RANK("rank()"), DENSE_RANK("dense_rank()"),
    COUNT_STAR("count(*)"), COUNT("count(%s)"), GROUPING("grouping(%s)"),
    COUNT_DISTINCT("count(distinct %s)"), SUM("sum(%s)"), AVG("avg(%s)"),
    MIN("min(%s)"), MAX("max(%s)"),
    /** BoundarySQL's diagnosis aggregates, which DuckDB lacks. */
    TOPK_NEURONS("topk_neurons(%s, %s)"), AVG_ACTIVATION("avg_activation(%s)"),
    ARGMAX_DIST("argmax_dist(%s)"), LINEAR_CKA("linear_cka(%s, %s)"),
    POPULATION_COUNT("population_count()"), ERROR_ESTIMATOR("error_estimator()"),
    TOPK_NEURONS_ERROR("topk_neurons_error(%s, %s)"),
    AVG_ACTIVATION_ERROR("avg_activation_error(%s)"),
    ARGMAX_DIST_ERROR("argmax_dist_error(%s)"),
    /** BoundarySQL's diagnosis scalar functions. */
    ARGMAX("argmax(%s)"), TOPK_PRECISION("topk_precision(%s, %s)"),
    COSINE_DISTANCE("cosine_distance(%s, %s)"), JS_DISTANCE("js_distance(%s, %s)"),
    ACTIVATION_BYTES("activation_bytes(%s)");

    private final String boundary;
    private final String duckdb;

    Op(String both) {
      this(both, both);
    }

    Op(String boundary, String duckdb) {
      this.boundary = boundary;
      this.duckdb = duckdb;
    }

    String format(Dialect dialect) {
      return dialect == Dialect.BOUNDARY ? boundary : duckdb;
    }
  }

  /** A column of a table or derived table in the query's scope. */
  record Column(String qualifier, String name, SqlType type, Domain domain) implements Expr {
    @Override public String sql(Dialect dialect) {
      return qualifier + "." + name;
    }

    /** The same column seen through another alias. */
    Column as(String newQualifier) {
      return new Column(newQualifier, name, type, domain);
    }
  }

  /** A constant: Long, Double, String, Boolean, or null. */
  record Literal(Object value, SqlType type) implements Expr {
    @Override public String sql(Dialect dialect) {
      if (value == null) {
        return "cast(null as " + type.sqlName() + ")";
      }
      if (value instanceof String s) {
        return "'" + s.replace("'", "''") + "'";
      }
      if (value instanceof Boolean b) {
        return b ? "true" : "false";
      }
      String number = value instanceof Double d ? BigDecimal.valueOf(d).toPlainString()
          : value.toString();
      // "x - -1" would start a comment
      return number.startsWith("-") ? "(" + number + ")" : number;
    }
  }

  /** An operator applied to its operands. */
  record Call(Op op, SqlType type, List<Expr> operands) implements Expr {
    Call(Op op, SqlType type, Expr... operands) {
      this(op, type, List.of(operands));
    }

    @Override public String sql(Dialect dialect) {
      return String.format(op.format(dialect),
          operands.stream().map(e -> e.sql(dialect)).toArray());
    }
  }

  /** {@code CAST(e AS type)}. */
  record Cast(Expr operand, SqlType type) implements Expr {
    @Override public String sql(Dialect dialect) {
      return "cast(" + operand.sql(dialect) + " as " + type.sqlName() + ")";
    }
  }

  /** {@code e [NOT] IN (v1, v2, ...)}. */
  record InList(Expr operand, List<Expr> values, boolean negated) implements Expr {
    @Override public SqlType type() {
      return SqlType.BOOLEAN;
    }

    @Override public String sql(Dialect dialect) {
      return "(" + operand.sql(dialect) + (negated ? " not in (" : " in (")
          + values.stream().map(v -> v.sql(dialect)).collect(Collectors.joining(", ")) + "))";
    }
  }

  /** {@code CASE WHEN c1 THEN v1 ... [ELSE e] END}; without ELSE (otherwise null), null. */
  record Case(List<Expr> conditions, List<Expr> values, Expr otherwise) implements Expr {
    @Override public SqlType type() {
      return values.get(0).type();
    }

    @Override public String sql(Dialect dialect) {
      StringBuilder sql = new StringBuilder("(case");
      for (int i = 0; i < conditions.size(); i++) {
        sql.append(" when ").append(conditions.get(i).sql(dialect)).append(" then ")
            .append(values.get(i).sql(dialect));
      }
      if (otherwise != null) {
        sql.append(" else ").append(otherwise.sql(dialect));
      }
      return sql.append(" end)").toString();
    }
  }

  /**
   * {@code GROUPING SETS ((a, b), (a), ())}: each set a list of positions in {@code keys}, a
   * set may repeat; in a GROUP BY, alone.
   */
  record GroupingSets(List<Expr> keys, List<List<Integer>> sets) implements Expr {
    @Override public SqlType type() {
      return SqlType.BOOLEAN; // not a value
    }

    @Override public String sql(Dialect dialect) {
      return sets.stream().map(set -> set.stream().map(i -> keys.get(i).sql(dialect))
          .collect(Collectors.joining(", ", "(", ")")))
          .collect(Collectors.joining(", ", "grouping sets (", ")"));
    }
  }

  /** {@code aggregate FILTER (WHERE condition)}. */
  record Filtered(Call aggregate, Expr condition) implements Expr {
    @Override public SqlType type() {
      return aggregate.type();
    }

    @Override public String sql(Dialect dialect) {
      return aggregate.sql(dialect) + " filter (where " + condition.sql(dialect) + ")";
    }
  }

  /**
   * {@code function OVER (PARTITION BY ... ORDER BY ...)}: an aggregate or ranking call over the
   * rows of a window; sort keys ascending, nulls last.
   */
  record Window(Call function, List<Expr> partition, List<Expr> order) implements Expr {
    @Override public SqlType type() {
      return function.type();
    }

    @Override public String sql(Dialect dialect) {
      String over = (partition.isEmpty() ? "" : "partition by " + list(partition, dialect, ""))
          + (partition.isEmpty() || order.isEmpty() ? "" : " ")
          + (order.isEmpty() ? "" : "order by " + list(order, dialect, " asc nulls last"));
      return function.sql(dialect) + " over (" + over + ")";
    }

    private static String list(List<Expr> exprs, Dialect dialect, String suffix) {
      return exprs.stream().map(e -> e.sql(dialect) + suffix).collect(Collectors.joining(", "));
    }
  }

  /** {@code e [NOT] IN (subquery)}. */
  record InQuery(Expr operand, Select query, boolean negated) implements Expr {
    @Override public SqlType type() {
      return SqlType.BOOLEAN;
    }

    @Override public String sql(Dialect dialect) {
      return "(" + operand.sql(dialect) + (negated ? " not in (" : " in (")
          + query.sql(dialect) + "))";
    }
  }

  /** {@code [NOT] EXISTS (subquery)}. */
  record Exists(Select query, boolean negated) implements Expr {
    @Override public SqlType type() {
      return SqlType.BOOLEAN;
    }

    @Override public String sql(Dialect dialect) {
      return (negated ? "(not exists (" : "(exists (") + query.sql(dialect) + "))";
    }
  }

  /** A subquery of one row and one column used as a value. */
  record Scalar(Select query) implements Expr {
    @Override public SqlType type() {
      return query.items().get(0).expr().type();
    }

    @Override public String sql(Dialect dialect) {
      return "(" + query.sql(dialect) + ")";
    }
  }
}
