/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import org.boundarysql.sqltests.differential.Expr.Call;
import org.boundarysql.sqltests.differential.Expr.Column;
import org.boundarysql.sqltests.differential.Expr.Literal;
import org.boundarysql.sqltests.differential.Expr.Op;
import org.boundarysql.sqltests.differential.Select.Item;
import org.boundarysql.sqltests.differential.Select.Order;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random queries over one store's tables: projections (all columns, values, window functions,
 * correlated scalar subqueries), filters, DISTINCT, grouping (also ROLLUP, CUBE and GROUPING
 * SETS, repeated keys and sets included, with GROUPING) and aggregates with HAVING, joins of
 * layers on id, outer joins, derived tables, IN, EXISTS and scalar subqueries, set operations,
 * and sorts that order the rows totally whenever a LIMIT or OFFSET picks some of them. Given a
 * sample, every table is read through it.
 */
final class QueryGenerator {
  /** Item columns that other tables of a store also have, for correlated subqueries. */
  private static final List<String> SHARED = List.of("id", "split", "label", "predicted");

  private final Tables tables;
  private final SplittableRandom random;
  private final ExprGenerator exprs;
  private final From.Sample sample;
  private int aliases;

  /** A generator of queries on all the items (sample null) or on a BOUNDARY sample. */
  QueryGenerator(Tables tables, SplittableRandom random, From.Sample sample) {
    this.tables = tables;
    this.random = random;
    this.exprs = new ExprGenerator(random);
    this.sample = sample;
  }

  ExprGenerator exprs() {
    return exprs;
  }

  /** A query of any shape. */
  Select query() {
    From from = from();
    List<Column> scope = from.columns();
    Expr where = random.nextInt(10) < 7 ? exprs.predicate(scope, 2) : null;
    if (random.nextInt(6) == 0) {
      Expr subquery = subqueryPredicate(scope);
      where = where == null ? subquery : new Call(Op.AND, SqlType.BOOLEAN, where, subquery);
    }
    int shape = random.nextInt(10);
    Select select = shape < 4 ? rows(from, scope) : shape < 5 ? distinct(from, scope)
        : grouped(from, scope);
    return select.withWhere(where);
  }

  /**
   * A set operation (UNION, INTERSECT or EXCEPT, with ALL or without) on two queries that
   * differ in their conditions.
   */
  Query setOperation() {
    From from = from();
    List<Column> scope = from.columns();
    List<Item> items = new ArrayList<>();
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      items.add(new Item(exprs.value(scope), "c" + items.size()));
    }
    Select select = Select.of(items, from);
    String operator = List.of("union", "intersect", "except").get(random.nextInt(3))
        + (random.nextBoolean() ? " all" : "");
    return new Query.SetOp(operator, List.of(select.withWhere(exprs.predicate(scope, 1)),
        select.withWhere(exprs.predicate(scope, 1))));
  }

  /** A table of the store, the items or a layer, under a new alias. */
  From.Table table() {
    List<String> layers = tables.layers();
    int choice = random.nextInt(layers.size() + 1);
    return choice == layers.size() ? tables.items(alias(), sample)
        : tables.layer(layers.get(choice), alias(), sample);
  }

  /** A FROM clause: a table, a join of two on id, an outer join or a derived table. */
  From from() {
    int choice = random.nextInt(10);
    if (choice < 5) {
      return table();
    }
    From.Table left = table();
    if (choice < 8) {
      From.Table right = table();
      return new From.Join(left, right, idsEqual(left.columns(), right.columns()), false);
    }
    From.Derived derived = derived();
    return choice == 8 ? derived
        : new From.Join(left, derived, idsEqual(left.columns(), derived.columns()), true);
  }

  /** Rows of a table, filtered and projected: {@code (select id, ... from t where p) as d}. */
  From.Derived derived() {
    From.Table table = table();
    List<Column> scope = table.columns();
    List<Item> items = new ArrayList<>(List.of(new Item(id(scope), "id")));
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      Expr value = random.nextInt(3) == 0 ? exprs.column(scope) : exprs.value(scope);
      items.add(new Item(value, "x" + i));
    }
    Select query = Select.of(items, table).withWhere(random.nextBoolean()
        ? exprs.predicate(scope, 1) : null);
    return new From.Derived(query, alias());
  }

  /**
   * A condition with a subquery: IN, NOT IN, EXISTS on a correlated one, or a comparison with a
   * correlated scalar subquery.
   */
  Expr subqueryPredicate(List<Column> scope) {
    Column outer = shared(scope);
    From.Table inner = table();
    List<Column> innerScope = inner.columns();
    Column innerColumn = column(innerScope, outer.name());
    return switch (random.nextInt(4)) {
      case 3 -> new Call(exprs.pick(List.of(Op.EQ, Op.LT, Op.GE)), SqlType.BOOLEAN,
          exprs.exact(scope), correlatedScalar(scope));
      case 0 -> new Expr.InQuery(outer, Select.of(List.of(new Item(innerColumn, "v")), inner)
          .withWhere(exprs.predicate(innerScope, 1)), random.nextInt(3) == 0);
      case 1 -> new Expr.InQuery(outer, Select.of(List.of(new Item(innerColumn, "v")), inner)
          .withGroupBy(List.of(innerColumn), Select.Grouping.PLAIN,
              exprs.aggregatePredicate(innerScope)), false);
      default -> new Expr.Exists(Select.of(List.of(new Item(new Literal(1L, SqlType.INTEGER),
          "v")), inner).withWhere(new Call(Op.AND, SqlType.BOOLEAN,
          new Call(Op.EQ, SqlType.BOOLEAN, innerColumn, outer),
          exprs.predicate(innerScope, 1))), random.nextBoolean());
    };
  }

  /** {@code select values from ...}, sorted totally (and cut) or not at all. */
  private Select rows(From from, List<Column> scope) {
    List<Item> items = new ArrayList<>();
    if (random.nextInt(8) == 0) {
      // every column in order, as SELECT * has them
      scope.forEach(c -> items.add(new Item(c, "c" + items.size())));
    } else {
      for (int i = 1 + random.nextInt(4); i > 0; i--) {
        boolean window = random.nextInt(10) == 0;
        items.add(new Item(window ? window(scope) : item(scope), "c" + items.size()));
      }
      if (random.nextInt(8) == 0) {
        items.add(new Item(correlatedScalar(scope), "c" + items.size()));
      }
    }
    if (random.nextBoolean()) {
      return Select.of(items, from);
    }
    // The id is unique in every FROM clause generated: sorting by it last sorts totally.
    Column id = id(scope);
    int idPosition = items.stream().map(Item::expr).toList().indexOf(id);
    if (idPosition < 0) {
      idPosition = items.size();
      items.add(new Item(id, "c" + idPosition));
    }
    List<Integer> keys = new ArrayList<>();
    for (int i : orderable(items)) {
      if (i != idPosition && random.nextBoolean()) {
        keys.add(i);
      }
    }
    keys.add(idPosition);
    return sorted(Select.of(items, from), keys);
  }

  private Select distinct(From from, List<Column> scope) {
    List<Item> items = new ArrayList<>();
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      items.add(new Item(exprs.value(scope), "c" + i));
    }
    Select select = Select.of(items, from).withDistinct(true);
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    return random.nextBoolean() ? select : sorted(select, all);
  }

  /** {@code select keys, aggregates ... group by keys [having ...]}. */
  private Select grouped(From from, List<Column> scope) {
    List<Item> items = new ArrayList<>();
    List<Expr> keys = new ArrayList<>();
    int keyCount = random.nextInt(3);
    for (int i = 0; i < keyCount; i++) {
      int kind = random.nextInt(4);
      Expr key = kind == 0 ? exprs.exactArithmetic(scope) : kind == 1 ? exprs.value(scope)
          : exprs.column(scope);
      keys.add(key);
      items.add(new Item(key, "c" + items.size()));
    }
    int aggregates = 1 + random.nextInt(3);
    for (int i = 0; i < aggregates; i++) {
      Expr aggregate = exprs.aggregate(scope);
      if (random.nextInt(8) == 0) {
        aggregate = new Call(Op.PLUS, SqlType.BIGINT, exprs.exactAggregate(scope),
            new Literal(1L, SqlType.INTEGER));
      }
      items.add(new Item(aggregate, "c" + items.size()));
    }
    Select.Grouping grouping = keyCount == 0 || random.nextInt(4) > 0 ? Select.Grouping.PLAIN
        : List.of(Select.Grouping.ROLLUP, Select.Grouping.CUBE, Select.Grouping.PLAIN)
            .get(random.nextInt(3));
    List<Expr> groupBy = keys;
    if (keyCount > 0 && grouping == Select.Grouping.PLAIN && random.nextInt(8) == 0) {
      groupBy = List.of(groupingSets(keys));
    }
    if (grouping != Select.Grouping.PLAIN || groupBy != keys) {
      if (random.nextBoolean()) {
        items.add(new Item(new Call(Op.GROUPING, SqlType.BIGINT, exprs.pick(keys)),
            "c" + items.size()));
      }
      if (grouping != Select.Grouping.PLAIN && random.nextInt(3) == 0) {
        // a repeated key: CUBE(a, a) is four grouping sets, not two
        groupBy = new ArrayList<>(keys);
        groupBy.add(keys.get(0));
      }
    }
    Select select = Select.of(items, from).withGroupBy(groupBy, grouping,
        random.nextInt(3) == 0 ? exprs.aggregatePredicate(scope) : null);
    if (keyCount == 0 || grouping != Select.Grouping.PLAIN || groupBy != keys
        || random.nextBoolean()) {
      return select;
    }
    // The group keys are unique among the groups: sorting by them all sorts totally (not so
    // with ROLLUP or CUBE, whose total rows have null keys that a group may have too).
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < keyCount; i++) {
      order.add(i);
    }
    if (random.nextInt(3) == 0 && items.get(keyCount).expr().type().exact()) {
      order.add(0, keyCount);
    }
    return sorted(select, order);
  }

  /** GROUPING SETS of the keys: a few sets of them, now and then repeated or empty. */
  private Expr.GroupingSets groupingSets(List<Expr> keys) {
    List<List<Integer>> sets = new ArrayList<>();
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      List<Integer> set = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        if (random.nextBoolean()) {
          set.add(i);
        }
      }
      sets.add(set);
      if (random.nextInt(4) == 0) {
        sets.add(set);
      }
    }
    // every key in some set, as SQL requires of the keys a query selects
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      all.add(i);
    }
    sets.add(all);
    return new Expr.GroupingSets(keys, sets);
  }

  /** The query sorted by the given output columns; a LIMIT and OFFSET now and then. */
  private Select sorted(Select select, List<Integer> columns) {
    List<Order> order = columns.stream().map(c -> new Order(c, random.nextBoolean(),
        random.nextBoolean(), random.nextBoolean())).toList();
    int limit = random.nextInt(3) == 0 ? -1 : random.nextInt(12);
    int offset = limit >= 0 && random.nextInt(3) == 0 ? random.nextInt(8) : -1;
    return select.withOrderBy(order, limit, offset);
  }

  /** A value for a row's output: a value, or now and then the whole activation array. */
  private Expr item(List<Column> scope) {
    List<Column> arrays = scope.stream().filter(c -> c.type() == SqlType.ARRAY).toList();
    return !arrays.isEmpty() && random.nextInt(10) == 0 ? exprs.pick(arrays)
        : exprs.value(scope);
  }

  /**
   * A window function, partitioned by a column or not at all; ranks and running aggregates
   * order their window by the unique id last, so that every row's value is determined.
   */
  private Expr window(List<Column> scope) {
    List<Expr> partition = random.nextBoolean() ? List.of() : List.of(exprs.column(scope));
    List<Expr> order = random.nextInt(3) == 0 ? List.of(exprs.column(scope), id(scope))
        : List.of(id(scope));
    return switch (random.nextInt(6)) {
      case 0 -> new Expr.Window(new Call(Op.ROW_NUMBER, SqlType.BIGINT), partition, order);
      case 1 -> new Expr.Window(new Call(random.nextBoolean() ? Op.RANK : Op.DENSE_RANK,
          SqlType.BIGINT), partition, List.of(exprs.column(scope)));
      default -> {
        Expr value = exprs.exact(scope);
        Call aggregate = switch (random.nextInt(4)) {
          case 0 -> new Call(Op.COUNT_STAR, SqlType.BIGINT);
          case 1 -> new Call(Op.SUM, SqlType.BIGINT, value);
          default -> new Call(random.nextBoolean() ? Op.MIN : Op.MAX, value.type(), value);
        };
        yield new Expr.Window(aggregate, partition, random.nextBoolean() ? List.of() : order);
      }
    };
  }

  /** {@code (select max(x.c) from items x where x.k = outer.k)}. */
  private Expr correlatedScalar(List<Column> scope) {
    Column outer = shared(scope);
    From.Table inner = tables.items(alias(), sample);
    Expr aggregate = exprs.exactAggregate(inner.columns());
    return new Expr.Scalar(Select.of(List.of(new Item(aggregate, "v")), inner)
        .withWhere(new Call(Op.EQ, SqlType.BOOLEAN, column(inner.columns(), outer.name()),
            outer)));
  }

  /** The positions of the items that can be sorted. */
  private static List<Integer> orderable(List<Item> items) {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).expr().type().orderable()) {
        positions.add(i);
      }
    }
    return positions;
  }

  /** A column of the scope that every table has too, for correlating a subquery with. */
  private Column shared(List<Column> scope) {
    return exprs.pick(scope.stream().filter(c -> SHARED.contains(c.name())).toList());
  }

  private static Column id(List<Column> scope) {
    return column(scope, "id");
  }

  private static Column column(List<Column> scope, String name) {
    return scope.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private static Expr idsEqual(List<Column> left, List<Column> right) {
    return new Call(Op.EQ, SqlType.BOOLEAN, id(left), id(right));
  }

  private String alias() {
    return "t" + aliases++;
  }
}
