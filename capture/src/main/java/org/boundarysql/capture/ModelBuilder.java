/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an ONNX model with the protobuf builders of {@code onnx-ml.proto} (IR 8, opset 17):
 * inputs, float weights, nodes and outputs, for project code that exports a model and for
 * tests that need one without Python.
 */
public final class ModelBuilder {
  /** The operator set the built models import. */
  public static final int OPSET = 17;

  private final OnnxMl.GraphProto.Builder graph;

  /** Starts a graph of the given name. */
  public ModelBuilder(String name) {
    graph = OnnxMl.GraphProto.newBuilder().setName(name);
  }

  /**
   * A tensor type; each dimension is a Long (fixed) or a String (a named dynamic dimension,
   * such as the batch).
   */
  public static OnnxMl.ValueInfoProto value(String name, OnnxMl.TensorProto.DataType type,
      Object... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (Object d : dims) {
      OnnxMl.TensorShapeProto.Dimension.Builder dim = shape.addDimBuilder();
      if (d instanceof String param) {
        dim.setDimParam(param);
      } else {
        dim.setDimValue(((Number) d).longValue());
      }
    }
    return OnnxMl.ValueInfoProto.newBuilder().setName(name)
        .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
            .setElemType(type.getNumber()).setShape(shape)))
        .build();
  }

  /** Adds a graph input. */
  public ModelBuilder input(OnnxMl.ValueInfoProto input) {
    graph.addInput(input);
    return this;
  }

  /** Adds a graph output. */
  public ModelBuilder output(OnnxMl.ValueInfoProto output) {
    graph.addOutput(output);
    return this;
  }

  /** Adds a float32 weight tensor of the given shape, stored inside the model. */
  public ModelBuilder weights(String name, float[] values, long... dims) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return initializer(OnnxMl.TensorProto.newBuilder().setName(name)
        .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
        .addAllDims(Arrays.stream(dims).boxed().toList())
        .setRawData(ByteString.copyFrom(bytes.array())).build());
  }

  /** Adds a weight tensor as it is. */
  public ModelBuilder initializer(OnnxMl.TensorProto tensor) {
    graph.addInitializer(tensor);
    return this;
  }

  /** Adds a node computing {@code output} (also the node's name) with attributes. */
  public ModelBuilder node(String op, List<String> inputs, String output,
      OnnxMl.AttributeProto... attributes) {
    graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output)
        .addAllInput(inputs).addOutput(output).addAllAttribute(List.of(attributes)));
    return this;
  }

  /** An attribute holding integers. */
  public static OnnxMl.AttributeProto ints(String name, long... values) {
    return OnnxMl.AttributeProto.newBuilder().setName(name)
        .setType(OnnxMl.AttributeProto.AttributeType.INTS)
        .addAllInts(Arrays.stream(values).boxed().toList()).build();
  }

  /** An attribute holding one integer. */
  public static OnnxMl.AttributeProto integer(String name, long value) {
    return OnnxMl.AttributeProto.newBuilder().setName(name)
        .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
  }

  /** An attribute holding one float. */
  public static OnnxMl.AttributeProto real(String name, float value) {
    return OnnxMl.AttributeProto.newBuilder().setName(name)
        .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(value).build();
  }

  /** The model. */
  public OnnxMl.ModelProto build() {
    return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("boundarysql")
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph).build();
  }

  /** Writes the model to a file. */
  public Path write(Path file) throws IOException {
    Files.write(file, build().toByteArray());
    return file;
  }
}
