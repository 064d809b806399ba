/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of {@code store.json} that a store keeping its model has:
 *
 * <pre>
 * "modelFile": {"file": "model.onnx", "sha256": "…",
 *               "externalData": [{"file": "model.onnx.data", "sha256": "…"}]},
 * "inputs": [{"name": "image", "file": "input_image.npy", "sha256": "…", "dtype": "uint8",
 *             "shape": [1, 28, 28], "transform": {"scale": 0.0039…, "mean": [0], "std": [1]}}]
 * </pre>
 *
 * Inputs are a list of the model's named inputs, each with its own element type; the transform
 * is optional.
 */
final class ModelSection {
  private ModelSection() {
  }

  static ModelFile readModelFile(Path file, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new StoreFormatException(file, "\"modelFile\" must be an object");
    }
    List<StoredFile> external = new ArrayList<>();
    JsonNode parts = node.get("externalData");
    if (parts != null && !parts.isNull()) {
      if (!parts.isArray()) {
        throw new StoreFormatException(file, "\"modelFile.externalData\" must be an array");
      }
      for (JsonNode part : parts) {
        external.add(storedFile(file, part, "an external data file of the model"));
      }
    }
    return new ModelFile(storedFile(file, node, "\"modelFile\""), external);
  }

  static List<ModelInput> readInputs(Path file, JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new StoreFormatException(file, "\"inputs\" must be an array of the model's inputs");
    }
    List<ModelInput> inputs = new ArrayList<>();
    for (JsonNode input : node) {
      String name = StoreManifest.text(file, input, "name", true);
      String what = "input \"" + name + "\"";
      String dtypeName = StoreManifest.text(file, input, "dtype", true);
      NpyDtype dtype = NpyDtype.named(dtypeName);
      if (dtype == null) {
        throw new StoreFormatException(file, what + " has dtype \"" + dtypeName
            + "\"; expected one of uint8, int32, int64, float32, float64");
      }
      if (inputs.stream().anyMatch(i -> i.name().equals(name))) {
        throw new StoreFormatException(file, what + " is declared twice");
      }
      inputs.add(new ModelInput(name, storedFile(file, input, what), dtype,
          StoreManifest.shape(file, input, what), transform(file, input.get("transform"), what)));
    }
    return inputs;
  }

  private static StoredFile storedFile(Path file, JsonNode node, String what) {
    try {
      return new StoredFile(StoreManifest.text(file, node, "file", true),
          StoreManifest.text(file, node, "sha256", true));
    } catch (IllegalArgumentException e) {
      throw new StoreFormatException(file, what + ": " + e.getMessage());
    }
  }

  private static InputTransform transform(Path file, JsonNode node, String what) {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      return new InputTransform(node.path("scale").asDouble(1), numbers(node.get("mean"), 0),
          numbers(node.get("std"), 1));
    } catch (IllegalArgumentException e) {
      throw new StoreFormatException(file, what + ": bad \"transform\": " + e.getMessage());
    }
  }

  private static double[] numbers(JsonNode node, double absent) {
    if (node == null || node.isNull()) {
      return new double[] {absent};
    }
    if (node.isNumber()) {
      return new double[] {node.asDouble()};
    }
    double[] values = new double[node.size()];
    for (int i = 0; i < values.length; i++) {
      if (!node.get(i).isNumber()) {
        throw new IllegalArgumentException("not a number: " + node.get(i));
      }
      values[i] = node.get(i).asDouble();
    }
    if (values.length == 0) {
      throw new IllegalArgumentException("an empty list of numbers");
    }
    return values;
  }

  static void write(ObjectNode root, ModelFile modelFile, List<ModelInput> inputs) {
    if (modelFile != null) {
      ObjectNode node = root.putObject("modelFile");
      putFile(node, modelFile.model());
      if (!modelFile.externalData().isEmpty()) {
        ArrayNode parts = node.putArray("externalData");
        modelFile.externalData().forEach(part -> putFile(parts.addObject(), part));
      }
    }
    if (inputs.isEmpty()) {
      return;
    }
    ArrayNode nodes = root.putArray("inputs");
    for (ModelInput input : inputs) {
      ObjectNode node = nodes.addObject();
      node.put("name", input.name());
      putFile(node, input.file());
      node.put("dtype", input.dtype().toString());
      ArrayNode shape = node.putArray("shape");
      for (int d : input.shape()) {
        shape.add(d);
      }
      InputTransform transform = input.transform();
      if (transform != null) {
        ObjectNode t = node.putObject("transform");
        t.put("scale", transform.scale());
        ArrayNode mean = t.putArray("mean");
        for (double m : transform.mean()) {
          mean.add(m);
        }
        ArrayNode std = t.putArray("std");
        for (double s : transform.std()) {
          std.add(s);
        }
      }
    }
  }

  private static void putFile(ObjectNode node, StoredFile file) {
    node.put("file", file.file());
    node.put("sha256", file.sha256());
  }
}
