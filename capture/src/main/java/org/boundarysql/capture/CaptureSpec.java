/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.sample.SampleSpec;
import org.boundarysql.store.InputTransform;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What to capture: the model, the data (one input array and one label file per split, in store
 * order), the layers (alias to the model's value name), which of them are the latent layer and
 * the logits, the input preprocessing, the batch size (0 for the default), where the store goes,
 * and the sample to keep (null for a full capture), or, {@code onDemand}, a store that keeps the
 * model and inputs and computes every layer but the latent layer and logits when read.
 */
public record CaptureSpec(Path model, List<Split> splits, List<String> classes,
    Map<String, String> layers, String latent, String logits, InputTransform transform,
    int batch, Path out, SampleSpec sample, boolean onDemand) {
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** One split's items: its name, its input array and its labels. */
  public record Split(String name, Path inputs, Path labels) { }

  /** Validates the arguments. */
  public CaptureSpec {
    splits = List.copyOf(splits);
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
    if (onDemand && sample != null) {
      throw new IllegalArgumentException("--on-demand and --sample exclude each other: an"
          + " on-demand store computes the rows any sample reads when a query reads them");
    }
  }

  /** A full or sampled capture. */
  public CaptureSpec(Path model, List<Split> splits, List<String> classes,
      Map<String, String> layers, String latent, String logits, InputTransform transform,
      int batch, Path out, SampleSpec sample) {
    this(model, splits, classes, layers, latent, logits, transform, batch, out, sample, false);
  }

  @Override public Map<String, String> layers() {
    return new LinkedHashMap<>(layers);
  }
}
