/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The contents of a store's {@code store.json}: model name, class names, latent layer, logits
 * layer ({@code "logitsLayer"}, optional: older stores leave it to {@link #logits()}'s rule),
 * the layers stored in files, and, for a store that keeps its model, the layers computed from it on
 * demand ({@code "onDemand": true} in {@code "layers"}), the model file ({@code "modelFile"})
 * and the items' inputs ({@code "inputs"}, a list of named model inputs).
 */
public record StoreManifest(String model, List<String> classes, String latentLayer,
    String logitsLayer, List<LayerSpec> layers, List<LayerSpec> onDemandLayers, ModelFile modelFile,
    List<ModelInput> inputs) {
  /** Name of the manifest file inside a store directory. */
  public static final String FILE_NAME = "store.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  public StoreManifest {
    classes = List.copyOf(classes);
    layers = List.copyOf(layers);
    onDemandLayers = List.copyOf(onDemandLayers);
    inputs = List.copyOf(inputs);
  }

  /** A manifest of stored layers only, naming its logits layer (null: none named). */
  public StoreManifest(String model, List<String> classes, String latentLayer,
      String logitsLayer, List<LayerSpec> layers) {
    this(model, classes, latentLayer, logitsLayer, layers, List.of(), null, List.of());
  }

  /** A manifest of stored layers only, naming no logits layer. */
  public StoreManifest(String model, List<String> classes, String latentLayer,
      List<LayerSpec> layers) {
    this(model, classes, latentLayer, null, layers);
  }

  /**
   * The stored layer of the logits (one value per class, the model's output before softmax):
   * the one {@code "logitsLayer"} names, or, for a store that names none, the last stored layer
   * as wide as there are classes that is not the latent layer; empty if there is none.
   */
  public Optional<LayerSpec> logits() {
    if (logitsLayer != null) {
      return layer(logitsLayer);
    }
    LayerSpec logits = null;
    for (LayerSpec layer : layers) {
      if (layer.width() == classes.size() && !layer.name().equalsIgnoreCase(latentLayer)) {
        logits = layer;
      }
    }
    return Optional.ofNullable(logits);
  }

  /** The manifest with other stored layers and no on-demand part, naming its logits if kept. */
  public StoreManifest withLayers(String model, List<LayerSpec> kept) {
    String logits = logits().map(LayerSpec::name)
        .filter(name -> kept.stream().anyMatch(l -> l.name().equals(name))).orElse(null);
    return new StoreManifest(model, classes, latentLayer, logits, kept);
  }

  /** The stored layer with the given name, ignoring case. */
  public Optional<LayerSpec> layer(String name) {
    return layers.stream().filter(l -> l.name().equalsIgnoreCase(name)).findFirst();
  }

  /** The on-demand layer with the given name, ignoring case. */
  public Optional<LayerSpec> onDemandLayer(String name) {
    return onDemandLayers.stream().filter(l -> l.name().equalsIgnoreCase(name)).findFirst();
  }

  /** Reads {@code store.json} from a store directory. */
  public static StoreManifest read(Path storeDir) {
    Path file = storeDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new StoreFormatException(file, "missing; every store directory needs a store.json");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new StoreFormatException(file, "malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new StoreFormatException(file, "cannot be read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new StoreFormatException(file, "expected a JSON object");
    }
    String model = text(file, root, "model", false);
    String latent = text(file, root, "latentLayer", false);
    String logits = text(file, root, "logitsLayer", false);
    List<String> classes = new ArrayList<>();
    JsonNode classNodes = root.get("classes");
    if (classNodes == null || !classNodes.isArray() || classNodes.isEmpty()) {
      throw new StoreFormatException(file, "\"classes\" must be a non-empty array of names");
    }
    classNodes.forEach(c -> classes.add(c.asText()));
    JsonNode layerNodes = root.get("layers");
    if (layerNodes == null || !layerNodes.isArray() || layerNodes.isEmpty()) {
      throw new StoreFormatException(file, "\"layers\" must be a non-empty array");
    }
    List<LayerSpec> layers = new ArrayList<>();
    List<LayerSpec> onDemand = new ArrayList<>();
    for (JsonNode node : layerNodes) {
      String name = text(file, node, "name", true);
      LayerSpec spec = new LayerSpec(name, shape(file, node, "layer \"" + name + "\""),
          text(file, node, "value", false));
      if (Stream.concat(layers.stream(), onDemand.stream())
          .anyMatch(l -> l.name().equalsIgnoreCase(name))) {
        throw new StoreFormatException(file, "layer \"" + name + "\" is declared twice");
      }
      boolean computed = node.path("onDemand").asBoolean(false);
      if (computed && spec.value() == null) {
        throw new StoreFormatException(file, "on-demand layer \"" + name + "\" needs the"
            + " \"value\" of the model it is computed as");
      }
      (computed ? onDemand : layers).add(spec);
    }
    ModelFile modelFile = ModelSection.readModelFile(file, root.get("modelFile"));
    List<ModelInput> inputs = ModelSection.readInputs(file, root.get("inputs"));
    StoreManifest manifest = new StoreManifest(model == null ? storeDir.getFileName().toString()
        : model, classes, latent, logits, layers, onDemand, modelFile, inputs);
    if (latent != null && manifest.layer(latent).isEmpty()) {
      throw new StoreFormatException(file, "latentLayer \"" + latent + "\" is not among the"
          + (manifest.onDemandLayer(latent).isPresent() ? " stored layers (it is computed on"
          + " demand, but the samples need every item's)" : " layers"));
    }
    if (logits != null) {
      LayerSpec spec = manifest.layer(logits).orElseThrow(() -> new StoreFormatException(file,
          "logitsLayer \"" + logits + "\" is not among the stored layers"));
      if (spec.width() != classes.size()) {
        throw new StoreFormatException(file, "logitsLayer \"" + logits + "\" has "
            + spec.width() + " values, but there are " + classes.size() + " classes");
      }
    }
    if (!onDemand.isEmpty() && (modelFile == null || inputs.isEmpty())) {
      throw new StoreFormatException(file, "layers " + onDemand.stream().map(LayerSpec::name)
          .toList() + " are computed on demand, which needs \"modelFile\" and \"inputs\"");
    }
    return manifest;
  }

  /** A non-empty array of positive dimensions, {@code what}'s {@code "shape"}. */
  static int[] shape(Path file, JsonNode node, String what) {
    JsonNode shapeNode = node.get("shape");
    if (shapeNode == null || !shapeNode.isArray() || shapeNode.isEmpty()) {
      throw new StoreFormatException(file, what + " needs a non-empty \"shape\"");
    }
    int[] shape = new int[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = shapeNode.get(i);
      if (!d.canConvertToInt() || d.asInt() < 1) {
        throw new StoreFormatException(file, what + " has a bad dimension " + d);
      }
      shape[i] = d.asInt();
    }
    return shape;
  }

  static String text(Path file, JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new StoreFormatException(file, "missing \"" + field + "\"");
      }
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new StoreFormatException(file, "\"" + field + "\" must be a non-empty string");
    }
    return value.asText();
  }

  /** Writes this manifest as {@code store.json} into a store directory. */
  public void write(Path storeDir) throws IOException {
    Files.writeString(storeDir.resolve(FILE_NAME), toJson());
  }

  /** The text of {@code store.json}. */
  public String toJson() throws JsonProcessingException {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model);
    ArrayNode classNodes = root.putArray("classes");
    classes.forEach(classNodes::add);
    if (latentLayer != null) {
      root.put("latentLayer", latentLayer);
    }
    if (logitsLayer != null) {
      root.put("logitsLayer", logitsLayer);
    }
    ArrayNode layerNodes = root.putArray("layers");
    for (LayerSpec layer : layers) {
      writeLayer(layerNodes.addObject(), layer, false);
    }
    for (LayerSpec layer : onDemandLayers) {
      writeLayer(layerNodes.addObject(), layer, true);
    }
    ModelSection.write(root, modelFile, inputs);
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  private static void writeLayer(ObjectNode node, LayerSpec layer, boolean onDemand) {
    node.put("name", layer.name());
    ArrayNode shape = node.putArray("shape");
    for (int d : layer.shape()) {
      shape.add(d);
    }
    if (layer.value() != null) {
      node.put("value", layer.value());
    }
    if (onDemand) {
      node.put("onDemand", true);
    }
  }
}
