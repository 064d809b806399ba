/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tables of one store's schema as a generator sees them: {@code items} and one table per
 * layer, each column with its type and the values it takes.
 */
final class Tables {
  /** Name of the items table. */
  static final String ITEMS = "items";

  private final StoreFiles store;
  private final List<Expr.Column> itemColumns = new ArrayList<>();
  private final List<Expr.Column> extraColumns = new ArrayList<>();

  Tables(StoreFiles store) {
    this.store = store;
    itemColumns.add(column("id", SqlType.BIGINT,
        Domains.values(Arrays.stream(store.ids()).boxed().toArray())));
    itemColumns.add(column("split", SqlType.VARCHAR, Domains.values(store.splits())));
    itemColumns.add(column("label", SqlType.INTEGER, classes(store.labels())));
    itemColumns.add(column("predicted", SqlType.INTEGER, classes(store.predicted())));
    itemColumns.add(column("correct", SqlType.BOOLEAN, Domains.of(SqlType.BOOLEAN)));
    for (StoreFiles.Extra extra : store.extras()) {
      extraColumns.add(column(extra.name(), extra.type(), Domains.values(extra.values())));
    }
  }

  StoreFiles store() {
    return store;
  }

  /** The store's schema name. */
  String schema() {
    return store.name();
  }

  /** The layers' names. */
  List<String> layers() {
    return List.copyOf(store.layers().keySet());
  }

  /** The items table under an alias, all of it or a sample (null: all). */
  From.Table items(String alias, From.Sample sample) {
    List<Expr.Column> columns = new ArrayList<>(itemColumns);
    columns.addAll(extraColumns);
    return table(ITEMS, alias, columns, sample);
  }

  /** A layer's table under an alias, all of it or a sample (null: all). */
  From.Table layer(String layer, String alias, From.Sample sample) {
    List<Expr.Column> columns = new ArrayList<>(itemColumns);
    columns.add(column("activation", SqlType.ARRAY,
        new Domains.Activations(store.layers().get(layer))));
    return table(layer, alias, columns, sample);
  }

  private From.Table table(String name, String alias, List<Expr.Column> columns,
      From.Sample sample) {
    return new From.Table(schema(), name, alias,
        columns.stream().map(c -> c.as(alias)).toList(), sample);
  }

  private static Expr.Column column(String name, SqlType type, Expr.Domain domain) {
    return new Expr.Column("", name, type, domain);
  }

  private static Expr.Domain classes(int[] values) {
    return Domains.values(Arrays.stream(values).mapToObj(v -> (Object) (long) v).toArray());
  }
}
