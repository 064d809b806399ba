/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.boundarysql.adapter.FixedLengthArrays;

import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog as Flight SQL lists it, as the embedded driver's {@link DatabaseMetaData} does:
 * no catalogs (Calcite has none), the schemas (one per store, and the catalog's own), the
 * tables with their Arrow schemas (an activation's {@code FixedSizeList} width included), the
 * table types; no keys, as the stores declare none.
 */
final class CatalogListings {
  private final BufferAllocator allocator;

  CatalogListings(BufferAllocator allocator) {
    this.allocator = allocator;
  }

  /** No catalogs. */
  void catalogs(FlightProducer.ServerStreamListener listener) {
    empty(FlightSqlProducer.Schemas.GET_CATALOGS_SCHEMA, listener);
  }

  /** A result of no rows, for the listings of what the stores do not have (keys, types). */
  void empty(Schema schema, FlightProducer.ServerStreamListener listener) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      listener.start(root);
      root.setRowCount(0);
      listener.putNext();
      listener.completed();
    }
  }

  /** The schemas whose names match the command's pattern. */
  void schemas(CalciteConnection connection, FlightSql.CommandGetDbSchemas command,
      FlightProducer.ServerStreamListener listener) throws SQLException {
    if (command.hasCatalog() && !command.getCatalog().isEmpty()) {
      empty(FlightSqlProducer.Schemas.GET_SCHEMAS_SCHEMA, listener);
      return;
    }
    List<String> names = new ArrayList<>();
    try (ResultSet schemas = connection.getMetaData().getSchemas(null,
        command.hasDbSchemaFilterPattern() ? command.getDbSchemaFilterPattern() : null)) {
      while (schemas.next()) {
        names.add(schemas.getString("TABLE_SCHEM"));
      }
    }
    try (VectorSchemaRoot root = VectorSchemaRoot.create(
        FlightSqlProducer.Schemas.GET_SCHEMAS_SCHEMA, allocator)) {
      VarCharVector schema = (VarCharVector) root.getVector("db_schema_name");
      root.allocateNew();
      for (int i = 0; i < names.size(); i++) {
        schema.setSafe(i, utf8(names.get(i)));
      }
      send(root, names.size(), listener);
    }
  }

  /** The tables that match the command's patterns and types, with their schemas if asked. */
  void tables(CalciteConnection connection, FlightSql.CommandGetTables command,
      FlightProducer.ServerStreamListener listener) throws SQLException {
    if (command.hasCatalog() && !command.getCatalog().isEmpty()) {
      empty(schema(command), listener);
      return;
    }
    String[] types = command.getTableTypesCount() == 0 ? null
        : command.getTableTypesList().toArray(new String[0]);
    List<String[]> tables = new ArrayList<>();
    try (ResultSet rows = connection.getMetaData().getTables(null,
        command.hasDbSchemaFilterPattern() ? command.getDbSchemaFilterPattern() : null,
        command.hasTableNameFilterPattern() ? command.getTableNameFilterPattern() : null,
        types)) {
      while (rows.next()) {
        tables.add(new String[] {rows.getString("TABLE_SCHEM"), rows.getString("TABLE_NAME"),
            rows.getString("TABLE_TYPE")});
      }
    }
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema(command), allocator)) {
      root.allocateNew();
      for (int i = 0; i < tables.size(); i++) {
        String[] table = tables.get(i);
        ((VarCharVector) root.getVector("db_schema_name")).setSafe(i, utf8(table[0]));
        ((VarCharVector) root.getVector("table_name")).setSafe(i, utf8(table[1]));
        ((VarCharVector) root.getVector("table_type")).setSafe(i, utf8(table[2]));
        if (command.getIncludeSchema()) {
          ((VarBinaryVector) root.getVector("table_schema")).setSafe(i,
              arrowSchema(connection, table[0], table[1]).serializeAsMessage());
        }
      }
      send(root, tables.size(), listener);
    }
  }

  /** The table types. */
  void tableTypes(CalciteConnection connection, FlightProducer.ServerStreamListener listener)
      throws SQLException {
    List<String> types = new ArrayList<>();
    try (ResultSet rows = connection.getMetaData().getTableTypes()) {
      while (rows.next()) {
        types.add(rows.getString(1));
      }
    }
    try (VectorSchemaRoot root = VectorSchemaRoot.create(
        FlightSqlProducer.Schemas.GET_TABLE_TYPES_SCHEMA, allocator)) {
      root.allocateNew();
      for (int i = 0; i < types.size(); i++) {
        ((VarCharVector) root.getVector("table_type")).setSafe(i, utf8(types.get(i)));
      }
      send(root, types.size(), listener);
    }
  }

  static Schema schema(FlightSql.CommandGetTables command) {
    return command.getIncludeSchema() ? FlightSqlProducer.Schemas.GET_TABLES_SCHEMA
        : FlightSqlProducer.Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
  }

  /** The Arrow schema of a table's rows, as a query of all its columns returns them. */
  private static Schema arrowSchema(CalciteConnection connection, String schemaName,
      String tableName) {
    SchemaPlus schema = connection.getRootSchema().subSchemas().get(schemaName);
    Table table = schema == null ? null : schema.tables().get(tableName);
    if (table == null) {
      return new Schema(List.of());
    }
    RelDataType rowType = table.getRowType(connection.getTypeFactory());
    List<Field> fields = new ArrayList<>();
    List<RelDataTypeField> columns = rowType.getFieldList();
    for (int i = 0; i < columns.size(); i++) {
      int length = table instanceof FixedLengthArrays arrays ? arrays.fixedArrayLength(i) : -1;
      fields.add(ArrowTypes.field(columns.get(i).getName(), columns.get(i).getType(), length));
    }
    return new Schema(fields);
  }

  private static void send(VectorSchemaRoot root, int rows,
      FlightProducer.ServerStreamListener listener) {
    root.setRowCount(rows);
    listener.start(root);
    listener.putNext();
    listener.completed();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
