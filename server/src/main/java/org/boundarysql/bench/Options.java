/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.example.ExampleCatalog;
import org.boundarysql.store.StoreManifest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options of a command, and {@code --flag}s without a value. */
final class Options {
  private final Map<String, String> values = new HashMap<>();

  /** Parses the arguments; {@code flags} take no value; anything else unknown is an error. */
  Options(String[] args, Set<String> names, Set<String> flags, String usage) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + arg + "; usage: " + usage);
      }
      String name = arg.substring(2);
      String value = null;
      if (name.contains("=")) {
        value = name.substring(name.indexOf('=') + 1);
        name = name.substring(0, name.indexOf('='));
      }
      if (flags.contains(name) && value == null) {
        values.put(name, "true");
      } else if (names.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("option --" + name + " needs a value");
          }
          value = args[++i];
        }
        values.put(name, value);
      } else {
        throw new IllegalArgumentException("unknown option --" + name + "; usage: " + usage);
      }
    }
  }

  String get(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  String require(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("option --" + name + " is required");
    }
    return value;
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }

  double number(String name, double defaultValue) {
    String value = values.get(name);
    try {
      return value == null ? defaultValue : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, not " + value);
    }
  }

  /**
   * A store directory: {@code value} itself if it holds a store.json, else the store of that
   * name in the example catalog.
   */
  static Path store(String value) {
    Path path = Path.of(value).toAbsolutePath().normalize();
    if (Files.isRegularFile(path.resolve(StoreManifest.FILE_NAME))) {
      return path;
    }
    Path example = ExampleCatalog.defaultCatalog().resolve(value);
    if (Files.isRegularFile(example.resolve(StoreManifest.FILE_NAME))) {
      return example;
    }
    throw new IllegalArgumentException("no store at " + path + " nor " + example
        + " (a store directory holds store.json)");
  }

  static List<String> list(String value) {
    return List.of(value.split(","));
  }
}
