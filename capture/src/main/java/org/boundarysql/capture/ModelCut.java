/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model cut to the values asked for: those values as its outputs, and only the nodes,
 * weights and inputs they depend on. ONNX Runtime computes every node of a graph whatever
 * outputs a run asks for, so an early layer of a large model costs the whole model unless the
 * graph is cut (a ResNet-50's first stage ran 4.5 times faster cut).
 */
final class ModelCut {
  private ModelCut() {
  }

  /** The model with exactly {@code values} as outputs (types left to inference), cut. */
  static OnnxMl.ModelProto of(OnnxMl.ModelProto model, List<String> values) {
    OnnxMl.GraphProto graph = model.getGraph();
    Map<String, Integer> producer = new HashMap<>();
    for (int n = 0; n < graph.getNodeCount(); n++) {
      for (String output : graph.getNode(n).getOutputList()) {
        if (!output.isEmpty()) {
          producer.put(output, n);
        }
      }
    }
    Set<String> needed = new HashSet<>();
    boolean[] keep = new boolean[graph.getNodeCount()];
    Deque<String> pending = new ArrayDeque<>(values);
    while (!pending.isEmpty()) {
      String value = pending.pop();
      if (value.isEmpty() || !needed.add(value)) {
        continue;
      }
      Integer n = producer.get(value);
      if (n != null && !keep[n]) {
        keep[n] = true;
        OnnxMl.NodeProto node = graph.getNode(n);
        pending.addAll(node.getInputList());
        node.getAttributeList().forEach(a -> addOuterReferences(a, pending));
      }
    }
    Map<String, OnnxMl.ValueInfoProto> declared = new LinkedHashMap<>();
    graph.getOutputList().forEach(o -> declared.put(o.getName(), o));
    OnnxMl.GraphProto.Builder cut = graph.toBuilder().clearNode().clearInitializer()
        .clearInput().clearOutput().clearValueInfo();
    for (int n = 0; n < keep.length; n++) {
      if (keep[n]) {
        cut.addNode(graph.getNode(n));
      }
    }
    graph.getInitializerList().stream().filter(t -> needed.contains(t.getName()))
        .forEach(cut::addInitializer);
    graph.getInputList().stream().filter(i -> needed.contains(i.getName()))
        .forEach(cut::addInput);
    graph.getValueInfoList().stream().filter(v -> needed.contains(v.getName()))
        .forEach(cut::addValueInfo);
    for (String value : values) {
      cut.addOutput(declared.getOrDefault(value,
          OnnxMl.ValueInfoProto.newBuilder().setName(value).build()));
    }
    return model.toBuilder().setGraph(cut).build();
  }

  /** Names a subgraph (of If, Loop, Scan) reads: values of the enclosing graph among them. */
  private static void addOuterReferences(OnnxMl.AttributeProto attribute, Deque<String> pending) {
    if (attribute.hasG()) {
      addReferences(attribute.getG(), pending);
    }
    attribute.getGraphsList().forEach(g -> addReferences(g, pending));
  }

  private static void addReferences(OnnxMl.GraphProto graph, Deque<String> pending) {
    for (OnnxMl.NodeProto node : graph.getNodeList()) {
      pending.addAll(node.getInputList());
      node.getAttributeList().forEach(a -> addOuterReferences(a, pending));
    }
  }
}
