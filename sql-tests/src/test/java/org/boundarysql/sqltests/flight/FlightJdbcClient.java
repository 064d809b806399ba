/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.flight;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A JDBC client that knows nothing of BoundarySQL, run in a JVM whose classpath is the Arrow
 * Flight SQL JDBC driver's jar and this class alone, as DBeaver loads the driver: {@code URL
 * QUERIES}, where QUERIES is a file of queries separated by lines holding only {@code @@}, or
 * the metadata requests {@code !schemas}, {@code !tables SCHEMA}, {@code !columns SCHEMA
 * TABLE}. For each it prints {@code #query}, one JSON array per row, then {@code #end} (or
 * {@code #error MESSAGE}). It uses nothing but {@code java.sql}.
 */
public final class FlightJdbcClient {
  private FlightJdbcClient() {
  }

  public static void main(String[] args) throws Exception {
    String[] queries = Files.readString(Path.of(args[1])).split("\n@@\n");
    try (Connection connection = DriverManager.getConnection(args[0])) {
      for (String query : queries) {
        if (query.isBlank()) {
          continue;
        }
        System.out.println("#query");
        try {
          String[] words = query.strip().split("\\s+");
          if (words[0].startsWith("!")) {
            metadata(connection.getMetaData(), words);
          } else {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(query.strip())) {
              print(rows, null);
            }
          }
          System.out.println("#end");
        } catch (SQLException e) {
          System.out.println("#error " + e.getMessage().lines().findFirst().orElse(""));
        }
      }
    }
  }

  private static void metadata(DatabaseMetaData metadata, String[] words) throws SQLException {
    switch (words[0]) {
    case "!schemas" -> {
      try (ResultSet rows = metadata.getSchemas()) {
        print(rows, new String[] {"TABLE_SCHEM"});
      }
    }
    case "!tables" -> {
      try (ResultSet rows = metadata.getTables(null, words[1], "%", null)) {
        print(rows, new String[] {"TABLE_NAME", "TABLE_TYPE"});
      }
    }
    case "!columns" -> {
      try (ResultSet rows = metadata.getColumns(null, words[1], words[2], "%")) {
        print(rows, new String[] {"COLUMN_NAME", "TYPE_NAME"});
      }
    }
    default -> throw new SQLException("unknown request " + words[0]);
    }
  }

  /** Prints every row, of the named columns or all. */
  private static void print(ResultSet rows, String[] columns) throws SQLException {
    int count = rows.getMetaData().getColumnCount();
    while (rows.next()) {
      List<String> values = new ArrayList<>();
      if (columns == null) {
        for (int c = 1; c <= count; c++) {
          values.add(json(rows.getObject(c)));
        }
      } else {
        for (String column : columns) {
          values.add(json(rows.getObject(column)));
        }
      }
      System.out.println("[" + String.join(",", values) + "]");
    }
  }

  private static String json(Object value) throws SQLException {
    if (value == null) {
      return "null";
    }
    if (value instanceof Array array) {
      return json(array.getArray());
    }
    if (value.getClass().isArray()) {
      List<String> items = new ArrayList<>();
      for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
        items.add(json(java.lang.reflect.Array.get(value, i)));
      }
      return "[" + String.join(",", items) + "]";
    }
    if (value instanceof Float f && Float.isFinite(f) || value instanceof Double d
        && Double.isFinite(d) || value instanceof Number && !(value instanceof Float)
        && !(value instanceof Double) || value instanceof Boolean) {
      return value.toString(); // Java's float and double texts read back to the same value
    }
    return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
