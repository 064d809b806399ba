/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.ondemand;

import org.boundarysql.store.PartialFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A measured {@link Throughput} kept beside a store's cached rows, so that it is measured once
 * per model, inputs and machine: {@code {"batch": 32, "itemsPerSecond": 4100.5, "processors": 2}}.
 */
final class ThroughputFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ThroughputFile() {
  }

  /** The throughput in the file, or null if there is none or it cannot be read. */
  static Throughput read(Path file) {
    try {
      JsonNode node = JSON.readTree(file.toFile());
      return new Throughput(node.path("batch").asInt(0), node.path("itemsPerSecond").asDouble(0),
          node.path("processors").asInt(0));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | IllegalArgumentException e) {
      return null; // measured again
    }
  }

  /** Writes the file; a failure leaves it to be measured again next time. */
  static void write(Path file, Throughput throughput) {
    ObjectNode node = JSON.createObjectNode();
    node.put("batch", throughput.batch());
    node.put("itemsPerSecond", throughput.itemsPerSecond());
    node.put("processors", throughput.processors());
    try {
      PartialFile.write(file, partial -> Files.writeString(partial, node.toString() + "\n"));
    } catch (IOException e) {
      System.getLogger(ThroughputFile.class.getName()).log(System.Logger.Level.WARNING,
          "cannot keep the measured throughput in " + file + ": " + e);
    }
  }
}
