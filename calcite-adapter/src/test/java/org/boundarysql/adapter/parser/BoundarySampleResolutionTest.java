/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.parser;

import org.apache.calcite.DataContext;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.impl.TableMacroImpl;
import org.apache.calcite.sql.type.SqlTypeName;

import com.google.common.collect.ImmutableList;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the rewritten FROM item on a plain {@code jdbc:calcite:} connection whose schema has a
 * stand-in BOUNDARY_SAMPLE macro that returns its own arguments as one row.
 *
 * <p>Pins the parser's side of the contract with the adapter: the macro is found in the
 * table's schema, receives the table name, method, fraction, j and seed, and the item keeps
 * the table's name or alias. Public because TableMacroImpl calls the macro reflectively.
 */
public class BoundarySampleResolutionTest {

  /** The stand-in macro: one row holding the arguments it was called with. */
  public static TranslatableTable boundarySample(String table, String method, double fraction,
      double j, long seed) {
    return new ArgumentsTable(new Object[] {table, method, fraction, j, seed});
  }

  /** A one-row table of a macro call's arguments. TableMacroImpl wants a TranslatableTable. */
  private static final class ArgumentsTable extends AbstractTable
      implements ScannableTable, TranslatableTable {
    private final Object[] row;

    ArgumentsTable(Object[] row) {
      this.row = row;
    }

    @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      return typeFactory.builder()
          .add("TABLE_NAME", SqlTypeName.VARCHAR)
          .add("METHOD_NAME", SqlTypeName.VARCHAR)
          .add("FRACTION", SqlTypeName.DOUBLE)
          .add("J", SqlTypeName.DOUBLE)
          .add("SEED", SqlTypeName.BIGINT)
          .build();
    }

    @Override public Enumerable<Object[]> scan(DataContext root) {
      return Linq4j.singletonEnumerable(row);
    }

    /**
     * Scans the row under a name that carries the arguments. Every table a macro returns gets
     * the macro's name (MNIST.BOUNDARY_SAMPLE), so two samples would have one scan digest and
     * the planner would keep one of them: a join of two sampled layers would read one twice.
     */
    @Override public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
      final List<String> names = new ArrayList<>(relOptTable.getQualifiedName());
      names.add(Arrays.toString(row));
      return Bindables.BindableTableScan.create(context.getCluster(),
          RelOptTableImpl.create(relOptTable.getRelOptSchema(), relOptTable.getRowType(),
              this, ImmutableList.copyOf(names)));
    }
  }

  private static Connection connect(boolean withParser) throws Exception {
    final Properties info = new Properties();
    if (withParser) {
      info.setProperty("parserFactory", BoundarySqlParserImpl.class.getName() + "#FACTORY");
    }
    final Connection connection = DriverManager.getConnection("jdbc:calcite:", info);
    final SchemaPlus root = connection.unwrap(CalciteConnection.class).getRootSchema();
    final SchemaPlus mnist = root.add("MNIST", new AbstractSchema());
    mnist.add("BOUNDARY_SAMPLE", TableMacroImpl.create(
        BoundarySampleResolutionTest.class.getMethod("boundarySample", String.class,
            String.class, double.class, double.class, long.class)));
    return connection;
  }

  private static String firstRow(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      final StringBuilder row = new StringBuilder();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        row.append(i == 1 ? "" : "; ").append(rs.getString(i));
      }
      return row.toString();
    }
  }

  /** Without an alias, columns are qualified by the table's name. */
  @Test void defaultsReachTheMacroAndTheTableNameQualifiesColumns() throws Exception {
    try (Connection connection = connect(true)) {
      assertEquals("CONV2; maxmargin; 0.05; 0.7; 0",
          firstRow(connection, "SELECT conv2.table_name, conv2.method_name, conv2.fraction,"
              + " conv2.j, conv2.seed FROM mnist.conv2 TABLESAMPLE BOUNDARY('maxmargin', 0.05)"));
    }
  }

  /** With an alias, j and a BIGINT seed; an integer fraction arrives as a double. */
  @Test void aliasJAndSeedReachTheMacro() throws Exception {
    try (Connection connection = connect(true)) {
      assertEquals("fc1; random; 1.0; 0.5; -3000000000",
          firstRow(connection, "SELECT s.* FROM mnist.\"fc1\" AS s"
              + " TABLESAMPLE BOUNDARY('random', 1, 0.5) REPEATABLE(-3000000000)"));
    }
  }

  /** Two sampled layers join on the macro's output. */
  @Test void twoSampledLayersJoin() throws Exception {
    try (Connection connection = connect(true)) {
      assertEquals("CONV2; FC1",
          firstRow(connection, "SELECT a.table_name, b.table_name"
              + " FROM mnist.conv2 AS a TABLESAMPLE BOUNDARY('maxmargin', 0.05)"
              + " JOIN mnist.fc1 AS b TABLESAMPLE BOUNDARY('maxmargin', 0.05)"
              + " ON a.seed = b.seed"));
    }
  }

  /** Calcite's stock parser rejects the clause instead of ignoring it. */
  @Test void stockParserRejectsTheClause() throws Exception {
    try (Connection connection = connect(false)) {
      final SQLException e = assertThrows(SQLException.class, () -> firstRow(connection,
          "SELECT * FROM mnist.conv2 TABLESAMPLE BOUNDARY('maxmargin', 0.05)"));
      assertTrue(String.valueOf(e.getMessage()).contains("BOUNDARY"), e::getMessage);
    }
  }
}
