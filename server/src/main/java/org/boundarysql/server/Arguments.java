/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line arguments: the options a command knows ({@code --name value}), and the rest in
 * order, which a command may pass on (as {@code sql} passes them to sqlline).
 */
final class Arguments {
  private final Map<String, String> options;
  private final List<String> rest;

  private Arguments(Map<String, String> options, List<String> rest) {
    this.options = options;
    this.rest = rest;
  }

  /** Splits {@code args}; {@code known} are the option names taking a value. */
  static Arguments parse(List<String> args, Set<String> known) {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg.startsWith("--") ? arg.substring(2) : null;
      String value = null;
      if (name != null && name.contains("=")) {
        value = name.substring(name.indexOf('=') + 1);
        name = name.substring(0, name.indexOf('='));
      }
      if (name != null && known.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new IllegalArgumentException("option --" + name + " needs a value");
          }
          value = args.get(++i);
        }
        options.put(name, value);
      } else {
        rest.add(arg);
      }
    }
    return new Arguments(options, rest);
  }

  String option(String name, String defaultValue) {
    return options.getOrDefault(name, defaultValue);
  }

  boolean has(String name) {
    return options.containsKey(name);
  }

  Path path(String name, Path defaultValue) {
    return options.containsKey(name) ? Path.of(options.get(name)).toAbsolutePath()
        : defaultValue;
  }

  /** Arguments that are not known options. */
  List<String> rest() {
    return rest;
  }
}
