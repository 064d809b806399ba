/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import org.boundarysql.sqltests.differential.Expr.Call;
import org.boundarysql.sqltests.differential.Expr.Column;
import org.boundarysql.sqltests.differential.Expr.Literal;
import org.boundarysql.sqltests.differential.Expr.Op;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Random expressions over the columns in a query's scope: values, conditions and aggregates.
 * Literals come from the columns' domains; every expression means the same in both dialects
 * (no division by zero, no overflow, no float literal that float32 cannot hold).
 */
final class ExprGenerator {
  private static final List<Op> COMPARISONS = List.of(Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE);
  /** Just above the largest INTEGER: a literal that must not be cut to 32 bits. */
  private static final long BEYOND_INT = 1L << 32;

  private final SplittableRandom random;

  ExprGenerator(SplittableRandom random) {
    this.random = random;
  }

  /** A condition on the columns, with up to {@code depth} levels of AND, OR and NOT. */
  Expr predicate(List<Column> scope, int depth) {
    int choice = depth > 0 ? random.nextInt(10) : 9;
    return switch (choice) {
      case 0, 1 -> bool(Op.AND, predicate(scope, depth - 1), predicate(scope, depth - 1));
      case 2, 3 -> bool(Op.OR, predicate(scope, depth - 1), predicate(scope, depth - 1));
      case 4 -> bool(Op.NOT, predicate(scope, depth - 1));
      default -> comparison(scope);
    };
  }

  /** A comparison, range, list, pattern or null test of one operand. */
  Expr comparison(List<Column> scope) {
    Expr operand = random.nextInt(4) == 0 ? value(scope) : columnOrElement(scope);
    Expr.Domain domain = domain(operand);
    SqlType type = operand.type();
    int choice = random.nextInt(10);
    if (choice == 0) {
      return bool(random.nextBoolean() ? Op.IS_NULL : Op.IS_NOT_NULL, operand);
    }
    if (type == SqlType.BOOLEAN) {
      return switch (choice % 5) {
        case 0 -> bool(Op.NOT, operand);
        case 1 -> bool(Op.IS_TRUE, operand);
        case 2 -> bool(Op.IS_NOT_FALSE, operand);
        case 3 -> bool(Op.EQ, operand, literal(domain, type));
        default -> operand;
      };
    }
    return switch (choice) {
      case 1, 2 -> new Expr.InList(operand, literals(domain, type), random.nextInt(3) == 0);
      case 3 -> type == SqlType.VARCHAR ? like(operand, domain)
          : bool(random.nextBoolean() ? Op.BETWEEN : Op.NOT_BETWEEN, operand,
              literal(domain, type), literal(domain, type));
      case 4 -> bool(pick(COMPARISONS), operand, sameTypeColumn(scope, operand));
      default -> bool(type == SqlType.VARCHAR ? pick(List.of(Op.EQ, Op.NE, Op.LT, Op.GT))
          : pick(COMPARISONS), operand, literal(domain, type));
    };
  }

  /** A value of one row: a column, an array element or an expression; never an array. */
  Expr value(List<Column> scope) {
    return switch (random.nextInt(18)) {
      case 0, 1, 2, 3 -> columnOrElement(scope);
      case 4 -> exactArithmetic(scope);
      case 5 -> element(scope).map(e -> floatArithmetic(scope, e))
          .orElseGet(() -> exactArithmetic(scope));
      case 6 -> {
        Expr number = numeric(scope);
        yield number.type() == SqlType.DOUBLE ? number : new Expr.Cast(number, SqlType.DOUBLE);
      }
      case 7 -> {
        Column column = column(scope);
        yield new Call(Op.COALESCE, column.type(), column, literal(column.domain(),
            column.type()));
      }
      case 8 -> {
        Column column = column(scope);
        Expr otherwise = random.nextBoolean() ? sameTypeColumn(scope, column)
            : literal(column.domain(), column.type());
        yield new Expr.Case(List.of(predicate(scope, 1)), List.of(column), otherwise);
      }
      case 9 -> predicate(scope, 1);
      case 10 -> arrays(scope).isEmpty() ? new Call(Op.ABS, SqlType.BIGINT, exact(scope))
          : new Call(Op.CARDINALITY, SqlType.INTEGER, pick(arrays(scope)));
      case 11 -> text(scope);
      case 12, 13 -> string(scope);
      case 14 -> nullable(scope);
      case 15 -> function(scope);
      default -> new Call(Op.ABS, SqlType.BIGINT, exact(scope));
    };
  }

  /** A string function of a string column, or a number if the scope has no string. */
  private Expr text(List<Column> scope) {
    List<Column> strings = strings(scope);
    if (strings.isEmpty()) {
      return exactArithmetic(scope);
    }
    Column column = pick(strings);
    return switch (random.nextInt(8)) {
      case 0 -> new Call(Op.CONCAT, SqlType.VARCHAR, column, random.nextBoolean()
          ? pick(strings) : literal(column.domain(), SqlType.VARCHAR));
      case 1 -> new Call(Op.UPPER, SqlType.VARCHAR, column);
      case 2 -> new Call(Op.LOWER, SqlType.VARCHAR, column);
      case 3 -> new Call(Op.SUBSTRING, SqlType.VARCHAR, column,
          new Literal((long) random.nextInt(1, 5), SqlType.INTEGER),
          new Literal((long) random.nextInt(0, 4), SqlType.INTEGER));
      case 4 -> new Call(Op.TRIM, SqlType.VARCHAR, column);
      case 5 -> new Call(Op.POSITION, SqlType.BIGINT, literal(Domains.of(SqlType.VARCHAR),
          SqlType.VARCHAR), column);
      case 6 -> new Call(Op.REPLACE, SqlType.VARCHAR, column,
          new Literal(random.nextBoolean() ? "t" : "e", SqlType.VARCHAR),
          literal(Domains.of(SqlType.VARCHAR), SqlType.VARCHAR));
      default -> new Call(Op.CHAR_LENGTH, SqlType.INTEGER, column);
    };
  }

  /**
   * A string from a CASE of string literals of different lengths (with or without ELSE), a
   * COALESCE or NULLIF of a string, or a concatenation with a literal: the strings BI tools
   * make, whose type must be VARCHAR (a CHAR pads the shorter ones).
   */
  Expr string(List<Column> scope) {
    List<Column> strings = strings(scope);
    int choice = strings.isEmpty() ? 0 : random.nextInt(4);
    Expr.Domain words = Domains.of(SqlType.VARCHAR);
    return switch (choice) {
      case 0 -> {
        List<Expr> conditions = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        for (int i = 1 + random.nextInt(2); i > 0; i--) {
          conditions.add(predicate(scope, 1));
          values.add(literal(words, SqlType.VARCHAR));
        }
        Expr otherwise = random.nextInt(4) == 0 ? null : !strings.isEmpty()
            && random.nextBoolean() ? pick(strings) : literal(words, SqlType.VARCHAR);
        yield new Expr.Case(conditions, values, otherwise);
      }
      case 1 -> new Call(Op.COALESCE, SqlType.VARCHAR, random.nextBoolean() ? pick(strings)
          : new Call(Op.NULLIF, SqlType.VARCHAR, pick(strings), literal(words,
              SqlType.VARCHAR)), literal(words, SqlType.VARCHAR));
      case 2 -> new Call(Op.NULLIF, SqlType.VARCHAR, pick(strings), literal(words,
          SqlType.VARCHAR));
      default -> random.nextBoolean()
          ? new Call(Op.CONCAT, SqlType.VARCHAR, literal(words, SqlType.VARCHAR), pick(strings))
          : new Call(Op.CONCAT, SqlType.VARCHAR, pick(strings), literal(words, SqlType.VARCHAR));
    };
  }

  /** A value that is null in some rows: NULLIF of a column, or a CASE without ELSE. */
  private Expr nullable(List<Column> scope) {
    Column column = column(scope);
    return random.nextBoolean()
        ? new Call(Op.NULLIF, column.type(), column, literal(column.domain(), column.type()))
        : new Expr.Case(List.of(predicate(scope, 1)), List.of(column), null);
  }

  /** A numeric scalar function: sign, floor, ceil, round, power, square root, logarithm. */
  private Expr function(List<Column> scope) {
    Expr exact = exact(scope);
    Optional<Expr> element = element(scope);
    if (element.isEmpty() || random.nextInt(4) == 0) {
      return random.nextBoolean() ? new Call(Op.SIGN, exact.type(), exact)
          : new Call(Op.ROUND, exact.type(), exact);
    }
    Expr e = element.get();
    return switch (random.nextInt(7)) {
      case 0 -> new Call(Op.SIGN, SqlType.REAL, e);
      case 1 -> new Call(Op.FLOOR, SqlType.REAL, e);
      case 2 -> new Call(Op.CEIL, SqlType.REAL, e);
      case 3 -> new Call(Op.ROUND, SqlType.REAL, e);
      case 4 -> new Call(Op.POWER, SqlType.DOUBLE, e, new Literal(2L, SqlType.INTEGER));
      case 5 -> new Call(Op.SQRT, SqlType.DOUBLE, e);
      default -> new Call(Op.LN, SqlType.DOUBLE, e);
    };
  }

  /** An aggregate call over values of the scope, now and then with a FILTER clause. */
  Expr aggregate(List<Column> scope) {
    Call aggregate = plainAggregate(scope);
    return random.nextInt(8) == 0 ? new Expr.Filtered(aggregate, predicate(scope, 1))
        : aggregate;
  }

  private Call plainAggregate(List<Column> scope) {
    return switch (random.nextInt(10)) {
      case 0 -> new Call(Op.COUNT_STAR, SqlType.BIGINT);
      case 1 -> new Call(Op.COUNT, SqlType.BIGINT, random.nextInt(4) == 0
          ? pick(scope) : value(scope));
      case 2 -> new Call(Op.COUNT_DISTINCT, SqlType.BIGINT, value(scope));
      case 3 -> new Call(Op.SUM, SqlType.BIGINT, exact(scope));
      case 4 -> {
        Expr number = numeric(scope);
        yield new Call(Op.SUM, number.type(), number);
      }
      case 5 -> new Call(Op.AVG, SqlType.DOUBLE, exact(scope));
      case 6 -> {
        Expr number = numeric(scope);
        yield new Call(Op.AVG, number.type() == SqlType.REAL ? SqlType.REAL : SqlType.DOUBLE,
            number);
      }
      default -> {
        Expr value = value(scope);
        yield new Call(random.nextBoolean() ? Op.MIN : Op.MAX, value.type(), value);
      }
    };
  }

  /**
   * An aggregate whose value is exact (a count, or a sum, minimum or maximum of whole numbers),
   * so that comparing it with a literal cannot depend on rounding.
   */
  Expr exactAggregate(List<Column> scope) {
    return switch (random.nextInt(5)) {
      case 0 -> new Call(Op.COUNT_STAR, SqlType.BIGINT);
      case 1 -> new Call(Op.COUNT_DISTINCT, SqlType.BIGINT, value(scope));
      case 2 -> new Call(Op.SUM, SqlType.BIGINT, exact(scope));
      default -> {
        Expr value = exact(scope);
        yield new Call(random.nextBoolean() ? Op.MIN : Op.MAX, value.type(), value);
      }
    };
  }

  /** A condition on exact aggregates, for HAVING. */
  Expr aggregatePredicate(List<Column> scope) {
    Expr aggregate = exactAggregate(scope);
    Expr condition = bool(pick(COMPARISONS), aggregate, new Literal(
        (long) random.nextInt(aggregate.type() == SqlType.BIGINT ? -2 : -5, 30),
        aggregate.type()));
    return random.nextInt(4) == 0
        ? bool(random.nextBoolean() ? Op.AND : Op.OR, condition, aggregatePredicate(scope))
        : condition;
  }

  /** A literal of the type from the domain; whole numbers sometimes beyond 32 bits. */
  Expr literal(Expr.Domain domain, SqlType type) {
    if (random.nextInt(50) == 0) {
      return new Literal(null, type);
    }
    Object value = domain.pick(random);
    if (type.exact() && random.nextInt(20) == 0) {
      value = (random.nextBoolean() ? BEYOND_INT : -BEYOND_INT) + random.nextInt(12);
    } else if (type.exact() && random.nextInt(10) == 0) {
      value = ((Long) value) + 0.5;
    }
    return new Literal(value, type);
  }

  /** A column of the scope, not an array. */
  Column column(List<Column> scope) {
    List<Column> scalars = scope.stream().filter(c -> c.type() != SqlType.ARRAY).toList();
    return pick(scalars);
  }

  /** A column, or an element of an array column. */
  Expr columnOrElement(List<Column> scope) {
    return random.nextInt(4) == 0 ? element(scope).orElseGet(() -> column(scope))
        : column(scope);
  }

  /** An element of an array column of the scope, {@code a[k]} with k from 1; none if none. */
  Optional<Expr> element(List<Column> scope) {
    List<Column> arrays = arrays(scope);
    if (arrays.isEmpty()) {
      return Optional.empty();
    }
    Column array = pick(arrays);
    int width = ((Domains.Activations) array.domain()).width();
    // now and then just past either end: NULL in both engines
    int index = random.nextInt(40) == 0 ? (random.nextBoolean() ? 0 : width + 1)
        : 1 + random.nextInt(width);
    return Optional.of(new Call(Op.SUBSCRIPT, SqlType.REAL, array,
        new Literal((long) index, SqlType.INTEGER)));
  }

  /** Whole-number arithmetic on a column: never a division by zero nor an overflow. */
  Expr exactArithmetic(List<Column> scope) {
    Expr column = exactColumn(scope);
    SqlType type = column.type();
    long constant = random.nextInt(1, 8) * (random.nextBoolean() ? 1 : -1);
    Literal literal = new Literal(constant, SqlType.INTEGER);
    return switch (random.nextInt(6)) {
      case 0 -> new Call(Op.PLUS, type, column, literal);
      case 1 -> new Call(Op.MINUS, type, column, exactColumn(scope));
      case 2 -> new Call(Op.TIMES, type, column, literal);
      case 3 -> new Call(Op.DIVIDE_EXACT, type, column, literal);
      case 4 -> new Call(Op.MOD, type, column, literal);
      default -> new Call(Op.PLUS, type, column, exactColumn(scope));
    };
  }

  /** Float32 arithmetic on an array element: times a small whole number, or plus another. */
  private Expr floatArithmetic(List<Column> scope, Expr element) {
    return random.nextBoolean()
        ? new Call(Op.TIMES, SqlType.REAL, element,
            // a negative activation times 0, or 0 times a negative number, is -0.0
            new Literal((long) random.nextInt(-3, 4), SqlType.INTEGER))
        : new Call(Op.PLUS, SqlType.REAL, element, element(scope).orElseThrow());
  }

  /** A whole number: a column of one, or arithmetic on one. */
  Expr exact(List<Column> scope) {
    return random.nextInt(3) == 0 ? exactArithmetic(scope) : exactColumn(scope);
  }

  /** A number: whole, double or an activation element. */
  Expr numeric(List<Column> scope) {
    List<Column> doubles = scope.stream().filter(c -> c.type() == SqlType.DOUBLE).toList();
    return switch (random.nextInt(4)) {
      case 0 -> exact(scope);
      case 1 -> doubles.isEmpty() ? exact(scope) : pick(doubles);
      default -> element(scope).map(e -> random.nextBoolean() ? e
          : (Expr) new Expr.Cast(e, SqlType.DOUBLE)).orElseGet(() -> exact(scope));
    };
  }

  /** A random element of a non-empty list. */
  <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private Expr exactColumn(List<Column> scope) {
    return pick(scope.stream().filter(c -> c.type().exact()).toList());
  }

  private static List<Column> strings(List<Column> scope) {
    return scope.stream().filter(c -> c.type() == SqlType.VARCHAR).toList();
  }

  private static List<Column> arrays(List<Column> scope) {
    return scope.stream().filter(c -> c.type() == SqlType.ARRAY).toList();
  }

  /** Another column of the operand's type family, or a literal if there is none. */
  private Expr sameTypeColumn(List<Column> scope, Expr operand) {
    SqlType type = operand.type();
    List<Column> same = scope.stream().filter(c -> c.type() == type
        || type.numeric() && c.type().numeric()).toList();
    return same.isEmpty() ? literal(domain(operand), type) : pick(same);
  }

  private List<Expr> literals(Expr.Domain domain, SqlType type) {
    List<Expr> values = new ArrayList<>();
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      values.add(literal(domain, type));
    }
    return values;
  }

  private Expr like(Expr operand, Expr.Domain domain) {
    String value = (String) domain.pick(random);
    String pattern = value.substring(0, random.nextInt(value.length() + 1)) + "%";
    return bool(Op.LIKE, operand, new Literal(pattern, SqlType.VARCHAR));
  }

  /** The domain of an operand: its column's, its array's, or its type's. */
  private static Expr.Domain domain(Expr operand) {
    if (operand instanceof Column column) {
      return column.domain();
    }
    if (operand instanceof Call call && call.op() == Op.SUBSCRIPT) {
      return ((Column) call.operands().get(0)).domain();
    }
    return Domains.of(operand.type());
  }

  private static Expr bool(Op op, Expr... operands) {
    return new Call(op, SqlType.BOOLEAN, operands);
  }
}
