/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed command line of one command: its {@code --name value} options (also
 * {@code --name=value}), its {@code --flag}s, and the other words in order, which a command may
 * pass on (as {@code sql} passes them to sqlline) or refuse. Every command parses with it.
 */
final class Arguments {
  private final String usage;
  private final Map<String, String> options;
  private final Map<String, List<String>> repeated;
  private final List<String> rest;

  private Arguments(String usage, Map<String, String> options,
      Map<String, List<String>> repeated, List<String> rest) {
    this.usage = usage;
    this.options = options;
    this.repeated = repeated;
    this.rest = rest;
  }

  /** Splits {@code args} by the syntax of {@code command}. */
  static Arguments parse(List<String> args, Command command) {
    Command.Syntax syntax = command.syntax();
    Map<String, String> options = new LinkedHashMap<>();
    Map<String, List<String>> repeated = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg.startsWith("--") ? arg.substring(2) : null;
      String value = null;
      if (name != null && name.contains("=")) {
        value = name.substring(name.indexOf('=') + 1);
        name = name.substring(0, name.indexOf('='));
      }
      if (name != null && syntax.flags().contains(name) && value == null) {
        options.put(name, "true");
      } else if (name != null && syntax.options().contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new IllegalArgumentException("option --" + name + " needs a value");
          }
          value = args.get(++i);
        }
        options.put(name, value);
        repeated.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      } else if (syntax.passesRest() || name == null && syntax.takesWords()) {
        rest.add(arg);
      } else {
        throw new IllegalArgumentException((name == null ? "unexpected argument " + arg
            : "unknown option --" + name) + "; usage: ./boundary " + command.usage());
      }
    }
    return new Arguments(command.usage(), options, repeated, rest);
  }

  /** The value of an option, or {@code defaultValue}. */
  String get(String name, String defaultValue) {
    return options.getOrDefault(name, defaultValue);
  }

  /** Every value of an option given several times, in order (the others keep the last). */
  List<String> values(String name) {
    return repeated.getOrDefault(name, List.of());
  }

  /** The value of an option that must be given. */
  String require(String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("option --" + name + " is required; usage: ./boundary "
          + usage);
    }
    return value;
  }

  boolean has(String name) {
    return options.containsKey(name);
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  double number(String name, double defaultValue) {
    String value = options.get(name);
    try {
      return value == null ? defaultValue : Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, not " + value);
    }
  }

  int integer(String name, int defaultValue) {
    String value = options.get(name);
    try {
      return value == null ? defaultValue : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, not " + value);
    }
  }

  /** An option's path, made absolute, or {@code defaultValue}. */
  Path path(String name, Path defaultValue) {
    return options.containsKey(name) ? Path.of(options.get(name)).toAbsolutePath()
        : defaultValue;
  }

  /** A comma-separated option's values, or {@code defaultValue}. */
  List<String> list(String name, List<String> defaultValue) {
    String value = options.get(name);
    return value == null ? defaultValue
        : List.of(value.split(",")).stream().map(String::strip).toList();
  }

  /** The words that are not options, in order. */
  List<String> rest() {
    return rest;
  }
}
