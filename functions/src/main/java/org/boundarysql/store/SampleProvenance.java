/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a sampled store records in its {@value #FILE_NAME}: the store it was sampled from and
 * the sample's spec ({@code maxmargin fraction=0.05 j=0.7 seed=0}). Its population is the
 * latent store written beside it, named {@link #latentStoreName}.
 */
public record SampleProvenance(Path source, String spec) {
  /** The file, in a sampled or latent store, that names where its items came from. */
  public static final String FILE_NAME = "sample.json";

  /** The name of the latent store written beside the samples of store {@code source}. */
  public static String latentStoreName(String source) {
    return source + "_latent";
  }

  /** The provenance of a sampled store; empty for any other store, a latent one included. */
  public static Optional<SampleProvenance> of(Store store) {
    Path file = store.directory().resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode json = new ObjectMapper().readTree(file.toFile());
      return json.hasNonNull("sample") && json.hasNonNull("source")
          ? Optional.of(new SampleProvenance(Path.of(json.get("source").asText()),
              json.get("sample").asText()))
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Whether {@code latent} was written with the sampled store {@code sampled}: from the same
   * store files (materialize) or the same model and inputs (capture), as their {@value
   * #FILE_NAME} files say; what tells a sample from its population (the spec, the items
   * counted, the source's path) is left out of the comparison. False if either has no such
   * file.
   */
  public static boolean sameOrigin(Store sampled, Store latent) {
    ObjectNode sample = origin(sampled.directory().resolve(FILE_NAME));
    ObjectNode population = origin(latent.directory().resolve(FILE_NAME));
    return sample != null && !sample.isEmpty() && sample.equals(population);
  }

  /** A provenance file's fields that name where its items came from; null without one. */
  private static ObjectNode origin(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode json = new ObjectMapper().readTree(file.toFile());
      if (!(json instanceof ObjectNode origin)) {
        return null;
      }
      origin.remove(List.of("source", "sample", "content", "items"));
      return origin;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The sampling method's name: the spec's first word. */
  public String method() {
    return spec.split(" ", 2)[0];
  }

  /** The name of the latent store that holds the population. */
  public String latentStore() {
    return latentStoreName(source.getFileName().toString());
  }
}
