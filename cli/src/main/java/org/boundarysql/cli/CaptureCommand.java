/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.capture.Capture;
import org.boundarysql.capture.CaptureSpec;
import org.boundarysql.capture.ModelListing;
import org.boundarysql.capture.OnnxModel;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.InputTransform;
import org.boundarysql.task.ProgressBars;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./boundary capture --list MODEL.onnx} lists what a model computes;
 * {@code ./boundary capture --model MODEL.onnx --inputs [SPLIT=]X.npy --labels [SPLIT=]Y ...
 * --layer ALIAS=VALUE ... --latent ALIAS --logits ALIAS --out DIR [--sample M:F[:j]]} runs it
 * with ONNX Runtime and writes a store (see {@link Capture}).
 */
final class CaptureCommand implements Command {
  private static final Pattern NAMED = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)=(.+)");

  @Override public String name() {
    return "capture";
  }

  @Override public String usage() {
    return "capture --list MODEL.onnx | --model MODEL.onnx --inputs [SPLIT=]X.npy"
        + " | --inputs [SPLIT=]NAME:X.npy[,NAME:X.npy...] | --texts [SPLIT=]TEXTS.txt"
        + " --tokenizer tokenizer.json [--max-length N] [--token-layer ALIAS ...]"
        + " [--latent-pool mean|first] [--token-input NAME] [--mask-input NAME]"
        + " [--type-input NAME]"
        + " --labels [SPLIT=]Y.npy|.csv ... [--split test] [--classes a,b,...]"
        + " --layer ALIAS=VALUE ... --latent ALIAS --logits ALIAS [--scale 1/255]"
        + " [--mean M[,M...]] [--std S[,S...]] [--batch 256]"
        + " [--sample METHOD:F[:j] [--seed 0] | --on-demand]"
        + " --out DIR   run your ONNX model over .npy inputs and write a store; with --sample,"
        + " write DIR_METHOD_PCT (sampled items, every layer) and DIR_latent instead; with"
        + " --on-demand, keep the model and inputs and compute every --layer but the latent"
        + " layer and logits when a query reads it";
  }

  @Override public Syntax syntax() {
    return Syntax.of(Set.of("list", "model", "inputs", "texts", "tokenizer", "max-length",
        "token-layer", "latent-pool", "token-input", "mask-input", "type-input",
        "labels", "split", "classes", "layer", "latent", "logits", "scale", "mean", "std",
        "batch", "sample", "seed", "out"),
        Set.of("on-demand"));
  }

  @Override public int run(Arguments arguments) throws Exception {
    if (arguments.has("list")) {
      OnnxModel model = OnnxModel.read(Path.of(arguments.require("list")));
      System.out.printf(Locale.ROOT, "%s: IR %d, opset %s, producer %s %s, %d nodes%n",
          model.file(), model.proto().getIrVersion(), model.proto().getOpsetImportList().stream()
              .map(o -> (o.getDomain().isEmpty() ? "" : o.getDomain() + ":") + o.getVersion())
              .toList(), model.proto().getProducerName(), model.proto().getProducerVersion(),
          model.proto().getGraph().getNodeCount());
      ModelListing.of(model).print(System.out);
      return 0;
    }
    CaptureSpec spec = spec(arguments);
    Capture.Report report = Capture.run(spec, ProgressBars.onStandardError());
    for (Capture.Written store : report.stores()) {
      System.out.printf(Locale.ROOT, "%s: %,d items, %,d bytes%n", store.store(),
          store.items(), store.bytes());
    }
    System.out.printf(Locale.ROOT, "%,d items in %.1f s (%,.0f items/s); the model ran on %,d"
        + " items; %,d bytes written%n", report.items(), report.seconds(),
        report.itemsPerSecond(), report.modelItems(), report.bytes());
    if (spec.text() != null) {
      System.out.printf(Locale.ROOT, "%,d of %,d texts were longer than the tokenizer's length"
          + " and cut%n", report.truncated(), report.items());
    }
    if (spec.sample() != null || spec.onDemand()) {
      System.out.printf(Locale.ROOT, "a full capture would write %,d bytes of activations:"
          + " %s %.1f%% of that%n", report.fullLayerBytes(),
          spec.onDemand() ? "this store is" : "these stores are",
          100.0 * report.bytes() / report.fullLayerBytes());
    }
    return 0;
  }

  /** The capture the options ask for. */
  static CaptureSpec spec(Arguments arguments) {
    String split = arguments.get("split", "test");
    Map<String, String> inputs = named(arguments.values("inputs"), split, "--inputs");
    Map<String, String> texts = named(arguments.values("texts"), split, "--texts");
    Map<String, String> labels = named(arguments.values("labels"), split, "--labels");
    if (inputs.isEmpty() && texts.isEmpty()) {
      arguments.require("inputs");
    }
    Set<String> names = new LinkedHashSet<>(inputs.keySet());
    names.addAll(texts.keySet());
    List<CaptureSpec.Split> splits = new ArrayList<>();
    for (String name : names) {
      String label = labels.get(name);
      if (label == null) {
        throw new IllegalArgumentException("split " + name + " has inputs but no"
            + " labels: add --labels " + name + "=Y.npy");
      }
      splits.add(new CaptureSpec.Split(name, arrays(inputs.get(name)),
          texts.containsKey(name) ? Path.of(texts.get(name)) : null, Path.of(label)));
    }
    labels.keySet().stream().filter(s -> !names.contains(s)).findFirst().ifPresent(s -> {
      throw new IllegalArgumentException("split " + s + " has labels but no --inputs");
    });
    if (!arguments.has("tokenizer") && arguments.has("max-length")) {
      throw new IllegalArgumentException("--max-length sets the tokenizer's length: add"
          + " --tokenizer tokenizer.json");
    }
    CaptureSpec.TextInput text = arguments.has("tokenizer") ? new CaptureSpec.TextInput(
        Path.of(arguments.require("tokenizer")), arguments.integer("max-length", 0)) : null;
    Map<String, String> layers = new LinkedHashMap<>();
    for (String layer : arguments.values("layer")) {
      addLayer(layers, layer);
    }
    String latent = role(layers, arguments.require("latent"));
    String logits = role(layers, arguments.require("logits"));
    return new CaptureSpec(Path.of(arguments.require("model")), splits,
        arguments.has("classes") ? arguments.list("classes", null) : null, layers, latent,
        logits, transform(arguments), arguments.integer("batch", 0),
        Path.of(arguments.require("out")), sample(arguments), arguments.flag("on-demand"),
        text, arguments.values("token-layer"), latentPool(arguments),
        new CaptureSpec.TokenInputs(arguments.get("token-input", null),
            arguments.get("mask-input", null), arguments.get("type-input", null)));
  }

  private static CaptureSpec.LatentPool latentPool(Arguments arguments) {
    String pool = arguments.get("latent-pool", "none");
    try {
      return CaptureSpec.LatentPool.valueOf(pool.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--latent-pool is mean or first, not " + pool);
    }
  }

  /** Values of a repeated option, each {@code SPLIT=VALUE} or a value of {@code split}. */
  private static Map<String, String> named(List<String> values, String split, String option) {
    Map<String, String> named = new LinkedHashMap<>();
    for (String value : values) {
      Matcher m = NAMED.matcher(value);
      String name = m.matches() ? m.group(1) : split;
      if (named.put(name, m.matches() ? m.group(2) : value) != null) {
        throw new IllegalArgumentException(option + " names split " + name + " twice");
      }
    }
    return named;
  }

  /**
   * A split's input arrays: {@code FILE} for a model of one input, or
   * {@code NAME:FILE[,NAME:FILE...]}, each file for the model input named; none if null.
   */
  private static Map<String, Path> arrays(String value) {
    Map<String, Path> arrays = new LinkedHashMap<>();
    if (value == null) {
      return arrays;
    }
    String[] parts = value.split(",");
    for (String part : parts) {
      int colon = part.indexOf(':');
      if (colon < 0 && parts.length == 1) {
        arrays.put(CaptureSpec.Split.ONLY_INPUT, Path.of(part));
      } else if (colon <= 0 || colon == part.length() - 1) {
        throw new IllegalArgumentException("--inputs: '" + part + "' is not NAME:FILE (the"
            + " model input's name, then its .npy file): " + value);
      } else if (arrays.put(part.substring(0, colon), Path.of(part.substring(colon + 1)))
          != null) {
        throw new IllegalArgumentException("--inputs names input " + part.substring(0, colon)
            + " twice: " + value);
      }
    }
    return arrays;
  }

  /** Adds {@code ALIAS=VALUE}, or a value whose name is a usable alias. */
  private static String addLayer(Map<String, String> layers, String layer) {
    int eq = layer.indexOf('=');
    String alias = eq < 0 ? layer : layer.substring(0, eq);
    if (layers.put(alias, eq < 0 ? layer : layer.substring(eq + 1)) != null) {
      throw new IllegalArgumentException("layer " + alias + " is named twice");
    }
    return alias;
  }

  /** The alias for --latent or --logits: a layer's alias, or a layer added here. */
  private static String role(Map<String, String> layers, String value) {
    return layers.containsKey(value) ? value : addLayer(layers, value);
  }

  private static InputTransform transform(Arguments arguments) {
    if (!arguments.has("scale") && !arguments.has("mean") && !arguments.has("std")) {
      return null;
    }
    return new InputTransform(InputTransform.parseScale(arguments.get("scale", "1")),
        numbers(arguments.list("mean", List.of("0")), "--mean"),
        numbers(arguments.list("std", List.of("1")), "--std"));
  }

  private static double[] numbers(List<String> values, String option) {
    try {
      return values.stream().mapToDouble(Double::parseDouble).toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be numbers, not " + values);
    }
  }

  /** {@code --sample METHOD:FRACTION[:j]}, or null. */
  private static SampleSpec sample(Arguments arguments) {
    if (!arguments.has("sample")) {
      return null;
    }
    String[] parts = arguments.get("sample", "").split(":");
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException("--sample must be METHOD:FRACTION[:j], e.g."
          + " maxmargin:0.05, not " + arguments.get("sample", ""));
    }
    try {
      SamplingMethod method = SamplingMethod.forName(parts[0]);
      return SampleSpec.of(method, Double.parseDouble(parts[1]),
          parts.length == 3 ? Double.parseDouble(parts[2]) : method.defaultJ(),
          arguments.integer("seed", 0));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--sample: fraction and j must be numbers, not "
          + arguments.get("sample", ""));
    }
  }
}
