/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** The sampling method's name: the spec's first word. */
  public String method() {
    return spec.split(" ", 2)[0];
  }

  /** The name of the latent store that holds the population. */
  public String latentStore() {
    return latentStoreName(source.getFileName().toString());
  }
}
