/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.function;

import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** Spark's arrays as the primitive arrays the kernels take, and back. */
final class Activations {
  private Activations() {
  }

  /**
   * An activation array as floats: for Spark's own (unsafe) arrays, the one bulk copy of
   * {@link UnsafeArrayData#toFloatArray}, no per-element call; nulls read as 0.
   */
  static float[] floats(ArrayData array) {
    return array.toFloatArray();
  }

  /** A numeric array of any element type as doubles; null stays null. */
  static double[] doubles(ArrayData array, DataType type) {
    if (array == null) {
      return null;
    }
    DataType element = ((ArrayType) type).elementType();
    int n = array.numElements();
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = element.equals(DataTypes.FloatType) ? array.getFloat(i)
          : element.equals(DataTypes.IntegerType) ? array.getInt(i)
          : element.equals(DataTypes.LongType) ? array.getLong(i)
          : array.getDouble(i);
    }
    return values;
  }

  /** A numeric array as ints (neuron indices). */
  static int[] ints(ArrayData array, DataType type) {
    double[] values = doubles(array, type);
    int[] ints = new int[values.length];
    for (int i = 0; i < ints.length; i++) {
      ints[i] = (int) values[i];
    }
    return ints;
  }

  /** Whether a type is an array of numbers. */
  static boolean isNumericArray(DataType type) {
    return type instanceof ArrayType array && (array.elementType().equals(DataTypes.FloatType)
        || array.elementType().equals(DataTypes.DoubleType)
        || array.elementType().equals(DataTypes.IntegerType)
        || array.elementType().equals(DataTypes.LongType));
  }
}
