/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.example.ExampleCatalog;
import org.boundarysql.example.ExampleModels;
import org.boundarysql.store.BoundaryHome;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ./boundary example [--catalog DIR] [--data DIR] [--only STORES] [--no-plot]}: builds
 * the example catalog from the committed weights.
 */
final class ExampleCommand implements Command {
  @Override public String name() {
    return "example";
  }

  @Override public String usage() {
    return "example [--catalog DIR] [--data DIR] [--only STORES] [--no-plot]"
        + "   build the example catalog from the committed weights";
  }

  @Override public Syntax syntax() {
    return Syntax.of(Set.of("catalog", "data", "only"), Set.of("no-plot"));
  }

  @Override public int run(Arguments arguments) {
    Set<ExampleModels.Example> which = EnumSet.allOf(ExampleModels.Example.class);
    if (arguments.has("only")) {
      which = EnumSet.noneOf(ExampleModels.Example.class);
      for (String name : arguments.list("only", List.of())) {
        which.add(example(name));
      }
    }
    ExampleCatalog.buildWithPictures(arguments.path("catalog", BoundaryHome.exampleCatalog()),
        arguments.path("data", null), which, !arguments.flag("no-plot"));
    return 0;
  }

  private static ExampleModels.Example example(String storeName) {
    return Arrays.stream(ExampleModels.Example.values())
        .filter(e -> e.storeName().equalsIgnoreCase(storeName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown example store '" + storeName
            + "'; known: " + Arrays.stream(ExampleModels.Example.values())
            .map(ExampleModels.Example::storeName).toList()));
  }
}
