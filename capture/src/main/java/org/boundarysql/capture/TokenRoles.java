/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which of a model's inputs hold the token ids, the attention mask and the token type ids of
 * its token sequences (each null if none): named by {@code --token-input}, {@code --mask-input}
 * and {@code --type-input}; else by the names Hugging Face exports give them; else, for the ids,
 * the one integer input of shape {@code [batch, length]} left, and for the mask the one bool
 * input of that shape left, or the one whose name says mask. An ids input that cannot be told
 * apart is {@code ambiguous}, which only matters where something needs the ids.
 */
record TokenRoles(String ids, String mask, String types, List<String> ambiguous) {
  static final String HF_IDS = "input_ids";
  static final String HF_MASK = "attention_mask";
  static final String HF_TYPES = "token_type_ids";

  /** Resolves the roles among the inputs the model is fed, as {@code named} asks. */
  static TokenRoles resolve(CaptureSpec.TokenInputs named, Map<String, TensorInfo> fed) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("--token-input", named.ids());
    options.put("--mask-input", named.mask());
    options.put("--type-input", named.types());
    List<String> taken = new ArrayList<>();
    for (Map.Entry<String, String> option : options.entrySet()) {
      String name = option.getValue();
      if (name == null) {
        continue;
      }
      if (!fed.containsKey(name)) {
        throw new IllegalArgumentException(option.getKey() + " " + name + ": the model has no"
            + " input '" + name + "'; its inputs are " + fed.keySet());
      }
      if (taken.contains(name)) {
        throw new IllegalArgumentException("input '" + name + "' is named for two roles of"
            + " --token-input, --mask-input and --type-input");
      }
      taken.add(name);
    }
    String types = pick(named.types(), HF_TYPES, fed, taken);
    String mask = pick(named.mask(), HF_MASK, fed, taken);
    String ids = pick(named.ids(), HF_IDS, fed, taken);
    List<String> ambiguous = List.of();
    if (ids == null) {
      List<String> candidates = sequences(fed, taken, info -> info.type != OnnxJavaType.BOOL
          && info.type != OnnxJavaType.FLOAT && info.type != OnnxJavaType.DOUBLE);
      if (candidates.size() == 1) {
        ids = candidates.get(0);
        taken.add(ids);
      } else {
        ambiguous = candidates;
      }
    }
    if (mask == null) {
      List<String> bools = sequences(fed, taken, info -> info.type == OnnxJavaType.BOOL);
      List<String> saying = sequences(fed, taken, info -> true).stream()
          .filter(n -> n.toLowerCase(Locale.ROOT).contains("mask")).toList();
      mask = bools.size() == 1 ? bools.get(0) : saying.size() == 1 ? saying.get(0) : null;
    }
    return new TokenRoles(ids, mask, types, ambiguous);
  }

  /** The input named by the option, else the input of the Hugging Face name if not taken. */
  private static String pick(String option, String hfName, Map<String, TensorInfo> fed,
      List<String> taken) {
    if (option != null) {
      return option;
    }
    if (fed.containsKey(hfName) && !taken.contains(hfName)) {
      taken.add(hfName);
      return hfName;
    }
    return null;
  }

  /** The inputs not taken, of shape [batch, length], whose type {@code fits}. */
  private static List<String> sequences(Map<String, TensorInfo> fed, List<String> taken,
      Predicate<TensorInfo> fits) {
    return fed.entrySet().stream().filter(e -> !taken.contains(e.getKey())
        && e.getValue().getShape().length == 2 && fits.test(e.getValue()))
        .map(Map.Entry::getKey).toList();
  }

  /**
   * The ids input, for {@code purpose}; an error saying how to name it if the model has none
   * that can be told apart.
   */
  String requireIds(String purpose, Collection<String> inputs) {
    if (ids != null) {
      return ids;
    }
    throw new IllegalArgumentException(purpose + " needs the model's input of token ids, "
        + (ambiguous.isEmpty() ? "and none of its inputs " + inputs + " is an integer"
        + " input of shape [batch, length]: name it" : "and " + ambiguous + " could each be"
        + " it: name it") + " with --token-input NAME");
  }

  /** The role of a model input the tokenizer fills, or null if it has none. */
  TokenizedTexts.Part part(String input) {
    return input.equals(ids) ? TokenizedTexts.Part.IDS
        : input.equals(mask) ? TokenizedTexts.Part.MASK
        : input.equals(types) ? TokenizedTexts.Part.TYPES : null;
  }
}
