/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.sample.SampleSpec;
import org.boundarysql.store.InputTransform;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What to capture: the model, the data (per split, in store order: one input array per model
 * input, or a file of texts for the tokenizer, and a label file), the layers (alias to the
 * model's value name), which of them are the latent layer and the logits, the input
 * preprocessing, the batch size (0 for the default), where the store goes, and the sample to
 * keep (null for a full capture), or, {@code onDemand}, a store that keeps the model and inputs
 * and computes every layer but the latent layer and logits when read; and the tokenizer for
 * texts (null without texts), the layers that have a row per token besides those whose shape
 * says so, how a latent layer of a row per token is pooled, and which model inputs hold the
 * token ids, attention mask and token type ids where their names cannot tell.
 */
public record CaptureSpec(Path model, List<Split> splits, List<String> classes,
    Map<String, String> layers, String latent, String logits, InputTransform transform,
    int batch, Path out, SampleSpec sample, boolean onDemand, TextInput text,
    List<String> tokenLayers, LatentPool latentPool, TokenInputs tokenInputs) {
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * One split's items: its name, its input arrays (model input name to {@code .npy} file;
   * {@link #ONLY_INPUT} for the one input of a model that has one), its texts file (or null)
   * and its labels.
   */
  public record Split(String name, Map<String, Path> inputs, Path texts, Path labels) {
    /** The key of an input array given without naming the model's input. */
    public static final String ONLY_INPUT = "";

    /** Validates the arguments. */
    public Split {
      inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
      if (inputs.isEmpty() && texts == null) {
        throw new IllegalArgumentException("split " + name + " has no inputs: give --inputs "
            + name + "=X.npy or --texts " + name + "=TEXTS.txt");
      }
      if (!inputs.isEmpty() && texts != null) {
        throw new IllegalArgumentException("split " + name + " has both --inputs and --texts;"
            + " give one of them");
      }
      if (inputs.containsKey(ONLY_INPUT) && inputs.size() > 1) {
        throw new IllegalArgumentException("split " + name + ": name the model input of every"
            + " array (--inputs " + name + "=NAME:FILE,NAME:FILE)");
      }
    }

    /** A split of one input array, for a model of one input. */
    public Split(String name, Path inputs, Path labels) {
      this(name, Map.of(ONLY_INPUT, inputs), null, labels);
    }
  }

  /** How a latent layer of a row per token becomes one row per item. */
  public enum LatentPool {
    /** Not pooled: the latent layer has one row per item. */
    NONE,
    /** The mean over the positions the attention mask keeps. */
    MEAN,
    /** The first position (a [CLS] token). */
    FIRST
  }

  /** The tokenizer of texts: its {@code tokenizer.json}, and the length (0: as the file says). */
  public record TextInput(Path tokenizer, int maxLength) {
    /** Validates the arguments. */
    public TextInput {
      if (maxLength < 0) {
        throw new IllegalArgumentException("--max-length must be positive, got " + maxLength);
      }
    }
  }

  /**
   * The model inputs named to hold the token ids, the attention mask and the token type ids
   * ({@code --token-input}, {@code --mask-input}, {@code --type-input}); null where the
   * capture finds them by their Hugging Face names or by type and shape.
   */
  public record TokenInputs(String ids, String mask, String types) {
    /** Every role found by name or by type and shape. */
    public static final TokenInputs FOUND = new TokenInputs(null, null, null);
  }

  /** Validates the arguments. */
  public CaptureSpec {
    splits = List.copyOf(splits);
    tokenInputs = tokenInputs == null ? TokenInputs.FOUND : tokenInputs;
    tokenLayers = List.copyOf(tokenLayers);
    latentPool = latentPool == null ? LatentPool.NONE : latentPool;
    classes = classes == null ? null : List.copyOf(classes);
    layers = new LinkedHashMap<>(layers);
    if (splits.isEmpty()) {
      throw new IllegalArgumentException("no inputs: name them with --inputs X.npy");
    }
    if (splits.stream().map(Split::name).distinct().count() != splits.size()) {
      throw new IllegalArgumentException("a split is named twice: " + splits.stream()
          .map(Split::name).toList());
    }
    for (String alias : layers.keySet()) {
      if (!ALIAS.matcher(alias).matches()) {
        throw new IllegalArgumentException("layer alias '" + alias + "' is no SQL name: use"
            + " letters, digits and _ (--layer conv2=/relu2/Relu_output_0)");
      }
    }
    for (String role : new String[] {latent, logits}) {
      if (role == null || !layers.containsKey(role)) {
        throw new IllegalArgumentException("--latent and --logits must name captured layers;"
            + " '" + role + "' is not among " + layers.keySet());
      }
    }
    if (batch < 0) {
      throw new IllegalArgumentException("--batch must be positive, got " + batch);
    }
    boolean texts = splits.stream().anyMatch(s -> s.texts() != null);
    if (texts && text == null) {
      throw new IllegalArgumentException("--texts needs the model's tokenizer: add --tokenizer"
          + " tokenizer.json");
    }
    if (!texts && text != null) {
      throw new IllegalArgumentException("--tokenizer tokenizes --texts, and no split has"
          + " texts");
    }
    if (onDemand && sample != null) {
      throw new IllegalArgumentException("--on-demand and --sample exclude each other: an"
          + " on-demand store computes the rows any sample reads when a query reads them");
    }
  }

  /** A capture whose token inputs are found by name or by type and shape. */
  public CaptureSpec(Path model, List<Split> splits, List<String> classes,
      Map<String, String> layers, String latent, String logits, InputTransform transform,
      int batch, Path out, SampleSpec sample, boolean onDemand, TextInput text,
      List<String> tokenLayers, LatentPool latentPool) {
    this(model, splits, classes, layers, latent, logits, transform, batch, out, sample,
        onDemand, text, tokenLayers, latentPool, TokenInputs.FOUND);
  }

  /** A capture of input arrays. */
  public CaptureSpec(Path model, List<Split> splits, List<String> classes,
      Map<String, String> layers, String latent, String logits, InputTransform transform,
      int batch, Path out, SampleSpec sample, boolean onDemand) {
    this(model, splits, classes, layers, latent, logits, transform, batch, out, sample,
        onDemand, null, List.of(), LatentPool.NONE);
  }

  /** A full or sampled capture of input arrays. */
  public CaptureSpec(Path model, List<Split> splits, List<String> classes,
      Map<String, String> layers, String latent, String logits, InputTransform transform,
      int batch, Path out, SampleSpec sample) {
    this(model, splits, classes, layers, latent, logits, transform, batch, out, sample, false);
  }

  @Override public Map<String, String> layers() {
    return new LinkedHashMap<>(layers);
  }
}
