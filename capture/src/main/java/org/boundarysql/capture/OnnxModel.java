/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An ONNX model file as a graph: its inputs, the values its nodes compute (by name, with the
 * operator that computes each), and copies of it that return chosen values as outputs, which is
 * how ONNX Runtime is made to hand out intermediate activations.
 */
public final class OnnxModel {
  private final Path file;
  private final OnnxMl.ModelProto proto;
  private final String sha256;
  private final Map<String, String> operators = new LinkedHashMap<>();

  private OnnxModel(Path file, OnnxMl.ModelProto proto, String sha256) {
    this.file = file;
    this.proto = proto;
    this.sha256 = sha256;
    for (OnnxMl.NodeProto node : proto.getGraph().getNodeList()) {
      for (String output : node.getOutputList()) {
        if (!output.isEmpty()) {
          operators.put(output, node.getOpType());
        }
      }
    }
  }

  /** Reads a model file; a missing or unreadable file, or missing external weights, is an error. */
  public static OnnxModel read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such model file");
    }
    OnnxMl.ModelProto proto;
    try {
      proto = OnnxMl.ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(file + ": not an ONNX model (" + e.getMessage() + ")");
    }
    if (!proto.hasGraph() || proto.getGraph().getNodeCount() == 0) {
      throw new IllegalArgumentException(file + ": not an ONNX model (no graph)");
    }
    OnnxModel model = new OnnxModel(file, proto, digest(bytes));
    model.checkExternalData();
    return model;
  }

  private static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fails unless every external weight file the model names lies beside it. */
  private void checkExternalData() {
    for (OnnxMl.TensorProto tensor : proto.getGraph().getInitializerList()) {
      if (tensor.getDataLocation() != OnnxMl.TensorProto.DataLocation.EXTERNAL) {
        continue;
      }
      String location = tensor.getExternalDataList().stream()
          .filter(e -> e.getKey().equals("location")).map(OnnxMl.StringStringEntryProto::getValue)
          .findFirst().orElse("");
      if (location.isEmpty() || !Files.isRegularFile(directory().resolve(location))) {
        throw new IllegalArgumentException(file + " keeps the weights of '" + tensor.getName()
            + "' in an external file '" + location + "', which is not in " + directory()
            + ": copy it beside the model, or export with the weights inside"
            + " (torch.onnx.export(..., external_data=False) for models under 2 GB)");
      }
    }
  }

  /** The model file. */
  public Path file() {
    return file;
  }

  /** The directory of the model file, where external weight files are looked up. */
  public Path directory() {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of(".") : parent;
  }

  /** The external weight files the model names, relative to its directory, each once. */
  public List<String> externalDataFiles() {
    Set<String> files = new LinkedHashSet<>();
    for (OnnxMl.TensorProto tensor : proto.getGraph().getInitializerList()) {
      if (tensor.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
        tensor.getExternalDataList().stream().filter(e -> e.getKey().equals("location"))
            .map(OnnxMl.StringStringEntryProto::getValue).forEach(files::add);
      }
    }
    return new ArrayList<>(files);
  }

  /** Whether some weights live in external files. */
  public boolean hasExternalData() {
    return proto.getGraph().getInitializerList().stream()
        .anyMatch(t -> t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL);
  }

  /** The SHA-256 of the model file, hex. */
  public String sha256() {
    return sha256;
  }

  /** The parsed model. */
  public OnnxMl.ModelProto proto() {
    return proto;
  }

  /** The inputs a caller feeds: the graph's inputs that are not initializers (weights). */
  public List<String> inputs() {
    Set<String> weights = new LinkedHashSet<>();
    proto.getGraph().getInitializerList().forEach(t -> weights.add(t.getName()));
    List<String> inputs = new ArrayList<>();
    for (OnnxMl.ValueInfoProto input : proto.getGraph().getInputList()) {
      if (!weights.contains(input.getName())) {
        inputs.add(input.getName());
      }
    }
    return inputs;
  }

  /** The graph's own outputs. */
  public List<String> outputs() {
    return proto.getGraph().getOutputList().stream().map(OnnxMl.ValueInfoProto::getName)
        .toList();
  }

  /** Every value a node computes, in graph order, with the operator type that computes it. */
  public Map<String, String> values() {
    return operators;
  }

  /** The operator type that computes a value, if a node does. */
  public Optional<String> operator(String value) {
    return Optional.ofNullable(operators.get(value));
  }

  /**
   * Fails unless the graph computes {@code value}; the message names the nearest values.
   *
   * @param what how the caller refers to the value, for the message
   */
  public void requireValue(String value, String what) {
    if (!operators.containsKey(value) && !inputs().contains(value)) {
      throw new IllegalArgumentException(what + ": the model computes no value named '" + value
          + "'; nearest: " + String.join(", ", NearestNames.of(value, operators.keySet(), 5))
          + " (./boundary capture --list " + file + " lists them all)");
    }
  }

  /**
   * The model's bytes with exactly {@code values} as its outputs (types left to inference),
   * cut to the nodes they depend on ({@link ModelCut}).
   */
  public byte[] withOutputs(List<String> values) {
    return ModelCut.of(proto, values).toByteArray();
  }

  /** The inputs a caller feeds to the model cut to {@code values}. */
  public List<String> inputsFor(List<String> values) {
    Set<String> kept = new LinkedHashSet<>();
    ModelCut.of(proto, values).getGraph().getInputList().forEach(i -> kept.add(i.getName()));
    return inputs().stream().filter(kept::contains).toList();
  }
}
