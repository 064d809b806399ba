/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.linq4j.Enumerator;
import org.boundarysql.store.ActivationRow;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link DirectQuery} gives the rows the written values give with plain loops, activations as
 * the store's views, and knows the width of the arrays that come straight from a layer, through
 * samples, joins and unions; computed arrays have none.
 */
class DirectQueryTest {
  @TempDir static Path dir;
  private static TestCatalog store;
  private static Connection connection;

  @BeforeAll static void open() throws Exception {
    Path catalog = dir.resolve("catalog");
    store = new TestCatalog(catalog, "s", 400, 3, 5, Map.of("conv", new int[] {2, 3, 2}));
    connection = CachingPrepare.driver().connect("jdbc:calcite:",
        BoundaryConnectionProperties.forCatalog(catalog, dir.resolve("cache")));
  }

  @AfterAll static void close() throws Exception {
    connection.close();
  }

  private static DirectQuery prepare(String sql) throws Exception {
    return DirectQuery.prepare(connection.unwrap(CalciteConnection.class), sql);
  }

  private static List<Object[]> rows(DirectQuery query, Object... values) {
    List<Object[]> rows = new ArrayList<>();
    try (Enumerator<Object[]> e = query.execute(List.of(values))) {
      while (e.moveNext()) {
        rows.add(e.current());
      }
    }
    return rows;
  }

  /** A parameterized scan: ids and activations of one label, in id order, as written. */
  @Test void rowsWithParameters() throws Exception {
    DirectQuery query = prepare("select id, activation from s.conv where label = ? and split = ?"
        + " order by id");
    assertEquals(2, query.parameters().size());
    assertEquals(12, query.arrayLength(1));
    assertEquals(-1, query.arrayLength(0));
    // A Long for the INTEGER parameter, as a client may send it.
    List<Object[]> rows = rows(query, 2L, "test");
    SortedSet<Long> ids = new TreeSet<>();
    for (int i = 0; i < store.items; i++) {
      if (store.labels[i] == 2 && store.splits[i].equals("test")) {
        ids.add(store.ids[i]);
      }
    }
    assertEquals(ids.size(), rows.size());
    int r = 0;
    for (long id : ids) {
      Object[] row = rows.get(r++);
      assertEquals(id, row[0]);
      ActivationRow activation = assertInstanceOf(ActivationRow.class, row[1]);
      float[] values = new float[12];
      activation.copyTo(values);
      assertArrayEquals(store.layers.get("conv")[store.row(id)], values);
    }
  }

  /** Widths pass through a sample, a join and a union of layers of one width. */
  @Test void arrayLengths() throws Exception {
    DirectQuery sampled = prepare("select c.activation, f.activation, f.label"
        + " from s.conv as c tablesample boundary('uniform', 0.1)"
        + " join s.fc2 as f on c.id = f.id order by f.id");
    assertEquals(List.of(12, 8, -1), List.of(sampled.arrayLength(0), sampled.arrayLength(1),
        sampled.arrayLength(2)));
    assertEquals(40, rows(sampled).size());
    assertEquals(8, prepare("select activation from s.fc2 union all"
        + " select activation from s.fc2 tablesample boundary('uniform', 0.5)").arrayLength(0));
    assertEquals(-1, prepare("select activation from s.fc2 union all"
        + " select activation from s.conv").arrayLength(0));
    assertEquals(-1, prepare("select avg_activation(activation) from s.fc2").arrayLength(0));
    assertEquals(-1, prepare("explain plan for select activation from s.fc2").arrayLength(0));
  }

  /** One column comes as a one-value row; an aggregate's array as Calcite computes it. */
  @Test void singleColumnRows() throws Exception {
    List<Object[]> rows = rows(prepare("select count(*) from s.items where label = 1"));
    long expected = java.util.Arrays.stream(store.labels).filter(l -> l == 1).count();
    assertEquals(1, rows.size());
    assertEquals(expected, rows.get(0)[0]);
  }

  /** A query of the wrong number of values is refused before it runs. */
  @Test void wrongParameterCount() throws Exception {
    DirectQuery query = prepare("select id from s.items where label = ?");
    assertThrows(IllegalArgumentException.class, () -> query.execute(List.of()));
  }
}
