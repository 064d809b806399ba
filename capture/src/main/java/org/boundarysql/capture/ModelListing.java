/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code ./boundary capture --list} shows of a model, so that a user can choose layers:
 * its inputs, and every value its nodes compute, with operator, type and the shape that ONNX
 * Runtime infers.
 */
public record ModelListing(List<Entry> inputs, List<Entry> values, List<String> outputs) {
  /** One input or value: name, operator ("input" for an input), element type, shape. */
  public record Entry(String name, String operator, String type, String shape) { }

  /** Lists a model's inputs and values. */
  public static ModelListing of(OnnxModel model) {
    List<String> names = List.copyOf(model.values().keySet());
    OrtSession session = ModelRunner.session(model, names);
    return OrtThread.call(() -> listing(model, names, session));
  }

  private static ModelListing listing(OnnxModel model, List<String> names, OrtSession session)
      throws OrtException {
    try (session) {
      List<Entry> inputs = new ArrayList<>();
      for (Map.Entry<String, NodeInfo> input : session.getInputInfo().entrySet()) {
        inputs.add(entry(input.getKey(), "input", input.getValue()));
      }
      Map<String, NodeInfo> infos = session.getOutputInfo();
      List<Entry> values = new ArrayList<>();
      for (String name : names) {
        values.add(entry(name, model.operator(name).orElseThrow(), infos.get(name)));
      }
      return new ModelListing(inputs, values, model.outputs());
    }
  }

  private static Entry entry(String name, String operator, NodeInfo node) {
    if (node == null || !(node.getInfo() instanceof TensorInfo info)) {
      return new Entry(name, operator, node == null ? "?" : node.getInfo().toString(), "");
    }
    return new Entry(name, operator, info.type.toString().toLowerCase(Locale.ROOT),
        shape(info.getShape(), info.getDimensionNames()));
  }

  /** A shape as {@code [batch, 1, 28, 28]}: a dynamic dimension by its name, or {@code ?}. */
  static String shape(long[] dims, String[] names) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < dims.length; i++) {
      parts.add(dims[i] >= 0 ? Long.toString(dims[i])
          : names.length > i && !names[i].isEmpty() ? names[i] : "?");
    }
    return "[" + String.join(", ", parts) + "]";
  }

  /** Prints the listing as aligned columns. */
  public void print(PrintStream out) {
    int width = 4;
    for (Entry e : values) {
      width = Math.max(width, e.name().length());
    }
    for (Entry e : inputs) {
      width = Math.max(width, e.name().length());
    }
    String format = "  %-" + width + "s  %-20s %-8s %s%s%n";
    out.println("inputs:");
    for (Entry e : inputs) {
      out.printf(Locale.ROOT, format, e.name(), "", e.type(), e.shape(), "");
    }
    out.println("values (name, operator, type, shape; --layer ALIAS=NAME captures one):");
    for (Entry e : values) {
      out.printf(Locale.ROOT, format, e.name(), e.operator(), e.type(), e.shape(),
          outputs.contains(e.name()) ? "  (model output)" : "");
    }
  }
}
