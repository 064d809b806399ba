/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.function;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.aggregate.TypedImperativeAggregate;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Base of the diagnosis aggregates: one kernel accumulator per group, which Spark keeps as an
 * object (no per-row encoding) and serializes only to move it between tasks; the activation
 * arrays reach the kernel as a {@code float[]} copied straight out of Spark's array bytes.
 *
 * @param <T> the accumulator
 */
public abstract class KernelAggregate<T extends Serializable> extends TypedImperativeAggregate<T>
    implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<Expression> arguments;
  private final int mutableOffset;
  private final int inputOffset;

  /** Creates the aggregate over its arguments, at the given buffer offsets. */
  protected KernelAggregate(List<Expression> arguments, int mutableOffset, int inputOffset) {
    this.arguments = List.copyOf(arguments);
    this.mutableOffset = mutableOffset;
    this.inputOffset = inputOffset;
  }

  /** Returns a copy of this aggregate with other arguments or offsets. */
  protected abstract KernelAggregate<T> copy(List<Expression> arguments, int mutableOffset,
      int inputOffset);

  /** Returns the SQL name, e.g. {@code avg_activation}. */
  protected abstract String name();

  /** Returns argument {@code i}. */
  protected Expression argument(int i) {
    return arguments.get(i);
  }

  /** Returns how many of the first arguments are activation arrays (all, unless overridden). */
  protected int activationArguments() {
    return arguments.size();
  }

  /** Checks that the activation arguments are arrays of floats, as the layer tables hold. */
  @Override public TypeCheckResult checkInputDataTypes() {
    for (Expression argument : arguments.subList(0, activationArguments())) {
      if (!(argument.dataType() instanceof ArrayType array
          && array.elementType().equals(DataTypes.FloatType))) {
        return new TypeCheckResult.TypeCheckFailure(name().toUpperCase(Locale.ROOT)
            + " takes ARRAY<FLOAT> activations, not " + argument.dataType().sql());
      }
    }
    return TypeCheckResult.TypeCheckSuccess$.MODULE$;
  }

  /** Reads argument {@code i} of an input row: null, or its floats. */
  protected float[] floats(int i, InternalRow input) {
    Object value = arguments.get(i).eval(input);
    return value == null ? null : Activations.floats((ArrayData) value);
  }

  @Override public byte[] serialize(T buffer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @SuppressWarnings("unchecked")
  @Override public T deserialize(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (T) in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override public boolean nullable() {
    return true;
  }

  @Override public String prettyName() {
    return name();
  }

  @Override public Seq<Expression> children() {
    return CollectionConverters.asScala(arguments).toList();
  }

  @Override public Expression withNewChildrenInternal(IndexedSeq<Expression> children) {
    return copy(CollectionConverters.asJava(children), mutableOffset, inputOffset);
  }

  @Override public int mutableAggBufferOffset() {
    return mutableOffset;
  }

  @Override public int inputAggBufferOffset() {
    return inputOffset;
  }

  @Override public KernelAggregate<T> withNewMutableAggBufferOffset(int offset) {
    return copy(arguments, offset, inputOffset);
  }

  @Override public KernelAggregate<T> withNewInputAggBufferOffset(int offset) {
    return copy(arguments, mutableOffset, offset);
  }

  @Override public int productArity() {
    return 3;
  }

  @Override public Object productElement(int n) {
    return switch (n) {
      case 0 -> children();
      case 1 -> mutableOffset;
      case 2 -> inputOffset;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override public boolean canEqual(Object other) {
    return other != null && other.getClass() == getClass();
  }

  @Override public boolean equals(Object other) {
    return other instanceof KernelAggregate<?> that && that.getClass() == getClass()
        && that.arguments.equals(arguments) && that.mutableOffset == mutableOffset
        && that.inputOffset == inputOffset;
  }

  @Override public int hashCode() {
    return getClass().hashCode() * 31 + arguments.hashCode();
  }
}
