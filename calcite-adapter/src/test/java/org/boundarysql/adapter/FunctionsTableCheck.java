/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.sample.SamplingMethod;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks {@code boundary.functions} over any JDBC connection (embedded or remote): it lists
 * the expected functions, and each one, called as its row's signature says on a layer table,
 * runs and returns the type the signature names.
 */
public final class FunctionsTableCheck {
  /** Name and kind of every row, in the table's order. */
  public static final List<String> EXPECTED = List.of(
      "TOPK_NEURONS aggregate", "ARGMAX_DIST aggregate", "AVG_ACTIVATION aggregate",
      "LINEAR_CKA aggregate", "POPULATION_COUNT aggregate", "TOPK_NEURONS_ERROR aggregate",
      "AVG_ACTIVATION_ERROR aggregate", "ARGMAX_DIST_ERROR aggregate",
      "ERROR_ESTIMATOR aggregate", "AVG_ACTIVATION_ESTIMATE aggregate",
      "AVG_ACTIVATION_LOW aggregate", "AVG_ACTIVATION_LOW aggregate",
      "AVG_ACTIVATION_HIGH aggregate", "AVG_ACTIVATION_HIGH aggregate",
      "TOPK_NEURONS_ESTIMATE aggregate", "ARGMAX_DIST_ESTIMATE aggregate",
      "ESTIMATE_BASIS aggregate", "ARGMAX scalar", "TOPK_PRECISION scalar",
      "COSINE_DISTANCE scalar", "JS_DISTANCE scalar", "ACTIVATION_BYTES scalar",
      "BOUNDARY sampling clause");

  private static final Pattern SIGNATURE =
      Pattern.compile("([A-Z_]+)\\((.*)\\) RETURNS"
          + " ((?:INTEGER|DOUBLE|BIGINT|VARCHAR|VARBINARY)(?: ARRAY)?)");

  /** The JDBC type and Java class of each result type's values. */
  private static final Map<String, Integer> TYPES = Map.of("INTEGER", Types.INTEGER,
      "DOUBLE", Types.DOUBLE, "BIGINT", Types.BIGINT, "VARCHAR", Types.VARCHAR,
      "VARBINARY", Types.VARBINARY);
  private static final Map<String, Class<?>> CLASSES = Map.of("INTEGER", Integer.class,
      "DOUBLE", Double.class, "BIGINT", Long.class, "VARCHAR", String.class,
      "VARBINARY", byte[].class);

  /** An argument of each parameter type, on a layer table with column {@code activation}. */
  private static final Map<String, String> ARGUMENTS = Map.of(
      "REAL ARRAY", "activation",
      "INTEGER", "2",
      "DOUBLE", "0.8",
      "INTEGER ARRAY", "array[1, 2]",
      "DOUBLE ARRAY", "array[0.25e0, 0.75e0]");

  private FunctionsTableCheck() {
  }

  /** Runs the checks; {@code layer} is a layer table such as {@code tiny.fc2}. */
  public static void check(Connection connection, String layer) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
         ResultSet r = statement.executeQuery(
             "select name, kind, signature, description from boundary.functions")) {
      assertEquals(Types.VARCHAR, r.getMetaData().getColumnType(3));
      while (r.next()) {
        rows.add(new String[] {r.getString(1), r.getString(2), r.getString(3), r.getString(4)});
      }
    }
    assertEquals(EXPECTED, rows.stream().map(row -> row[0] + " " + row[1]).toList());
    for (String[] row : rows) {
      assertFalse(row[3].isBlank(), row[0]);
      if (row[1].equals("sampling clause")) {
        checkSamplingClause(connection, layer, row);
      } else {
        checkCall(connection, layer, row);
      }
    }
  }

  private static void checkCall(Connection connection, String layer, String[] row)
      throws SQLException {
    Matcher m = SIGNATURE.matcher(row[2]);
    assertTrue(m.matches(), row[2]);
    assertEquals(row[0], m.group(1));
    List<String> arguments = new ArrayList<>();
    for (String parameter : m.group(2).isEmpty() ? new String[0] : m.group(2).split(", ")) {
      String type = parameter.substring(parameter.indexOf(' ') + 1);
      assertTrue(ARGUMENTS.containsKey(type), row[2]);
      arguments.add(ARGUMENTS.get(type));
    }
    String sql = "select " + row[0] + "(" + String.join(", ", arguments) + ") from " + layer
        + (row[1].equals("scalar") ? " fetch first 1 rows only" : "");
    String returns = m.group(3);
    String element = returns.replace(" ARRAY", "");
    try (Statement statement = connection.createStatement();
         ResultSet r = statement.executeQuery(sql)) {
      assertTrue(r.next(), sql);
      Object value = r.getObject(1);
      boolean array = returns.endsWith(" ARRAY");
      assertEquals(array ? Types.ARRAY : TYPES.get(element), r.getMetaData().getColumnType(1),
          sql);
      if (array) {
        // Calcite may give a primitive array, Avatica gives boxed values: read either.
        Object elements = assertInstanceOf(Array.class, value, sql).getArray();
        assertTrue(java.lang.reflect.Array.getLength(elements) > 0, sql);
        value = java.lang.reflect.Array.get(elements, 0);
      }
      if (element.equals("VARBINARY")) {
        value = r.getBytes(1); // Calcite's getObject gives a ByteString, Avatica's byte[]
      }
      assertInstanceOf(CLASSES.get(element), value, sql);
    }
  }

  /** The clause as its row writes it, with each method its description names, runs. */
  private static void checkSamplingClause(Connection connection, String layer, String[] row)
      throws SQLException {
    assertEquals("t TABLESAMPLE BOUNDARY('method', fraction [, j]) [REPEATABLE(seed)]"
        + " [[AS] alias]", row[2]);
    for (SamplingMethod method : SamplingMethod.values()) {
      assertTrue(row[3].matches(".* " + method.methodName() + "[,;].*"), method + " in " + row[3]);
    }
    String sql = "select count(*) from " + layer
        + " tablesample boundary('uniform', 0.5, 0.7) repeatable(3) as t where t.id >= 0";
    try (Statement statement = connection.createStatement();
         ResultSet r = statement.executeQuery(sql)) {
      assertTrue(r.next(), sql);
      assertTrue(r.getLong(1) > 0, sql);
    }
  }
}
