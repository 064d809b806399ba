/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;
import org.boundarysql.adapter.DirectQuery;

import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Arrow type of each SQL type: integers, floats, decimals, text, binary, dates and times as
 * themselves; an array as a {@code List}, or as a {@code FixedSizeList} when every array of the
 * column has one length (a layer's activation: its width); anything else as text. A field
 * carries Flight SQL's column metadata (the SQL type name, precision, scale, read-only).
 */
final class ArrowTypes {
  /** Name of the elements of a list, as Arrow names them. */
  static final String ELEMENT = "$data$";
  /** Widest decimal Arrow holds. */
  private static final int MAX_DECIMAL_PRECISION = 38;

  private ArrowTypes() {
  }

  /** The schema of a query's result. */
  static Schema schema(DirectQuery query) {
    List<Field> fields = new ArrayList<>();
    List<RelDataTypeField> columns = query.rowType().getFieldList();
    for (int i = 0; i < columns.size(); i++) {
      fields.add(field(query.columns().get(i).label, columns.get(i).getType(),
          query.arrayLength(i)));
    }
    return new Schema(fields);
  }

  /** The schema of a query's parameters, named {@code parameter_1}, .... */
  static Schema parameters(DirectQuery query) {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < query.parameters().size(); i++) {
      var parameter = query.parameters().get(i);
      SqlTypeName type = SqlTypeName.getNameForJdbcType(parameter.parameterType);
      fields.add(new Field("parameter_" + (i + 1), new FieldType(true,
          scalar(type == null ? SqlTypeName.ANY : type, parameter.precision, parameter.scale),
          null), List.of()));
    }
    return new Schema(fields);
  }

  /** The field of a column of SQL type {@code type}; {@code arrayLength} -1 if not fixed. */
  static Field field(String name, RelDataType type, int arrayLength) {
    Map<String, String> metadata = new FlightSqlColumnMetadata.Builder()
        .typeName(type.getSqlTypeName() == SqlTypeName.ARRAY
            ? type.getComponentType().getSqlTypeName().getName() + " ARRAY"
            : type.getSqlTypeName().getName())
        .precision(Math.max(0, type.getPrecision()))
        .scale(Math.max(0, type.getScale()))
        .isReadOnly(true)
        .build().getMetadataMap();
    if (type.getSqlTypeName() == SqlTypeName.ARRAY) {
      RelDataType component = type.getComponentType();
      Field element = field(ELEMENT, component, -1);
      ArrowType list = arrayLength >= 0 ? new ArrowType.FixedSizeList(arrayLength)
          : ArrowType.List.INSTANCE;
      return new Field(name, new FieldType(type.isNullable(), list, null, metadata),
          List.of(element));
    }
    return new Field(name, new FieldType(type.isNullable(), scalar(type.getSqlTypeName(),
        type.getPrecision(), type.getScale()), null, metadata), List.of());
  }

  /** The Arrow type of a SQL type that is not an array. */
  static ArrowType scalar(SqlTypeName type, int precision, int scale) {
    return switch (type) {
    case BOOLEAN -> ArrowType.Bool.INSTANCE;
    case TINYINT -> new ArrowType.Int(8, true);
    case SMALLINT -> new ArrowType.Int(16, true);
    case INTEGER -> new ArrowType.Int(32, true);
    case BIGINT -> new ArrowType.Int(64, true);
    case REAL -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    case FLOAT, DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    case DECIMAL -> new ArrowType.Decimal(
        precision <= 0 || precision > MAX_DECIMAL_PRECISION ? MAX_DECIMAL_PRECISION : precision,
        Math.max(0, scale), 128);
    case BINARY, VARBINARY -> ArrowType.Binary.INSTANCE;
    case DATE -> new ArrowType.Date(DateUnit.DAY);
    case TIME -> new ArrowType.Time(TimeUnit.MILLISECOND, 32);
    case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
    case NULL -> ArrowType.Null.INSTANCE;
    default -> ArrowType.Utf8.INSTANCE; // CHAR, VARCHAR, and as text what Arrow has no type for
    };
  }
}
