/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.example.ExampleCatalog;
import org.boundarysql.example.ExampleFortunes;
import org.boundarysql.example.ExampleModels;
import org.boundarysql.example.OnnxExport;
import org.boundarysql.store.BoundaryHome;

import java.io.IOException;
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
        + " | example --onnx FILE | example --mnist-npy DIR   build the example catalog from the"
        + " committed weights; or export the example LeNet to ONNX; or write MNIST as .npy";
  }

  @Override public Syntax syntax() {
    return Syntax.of(Set.of("catalog", "data", "only", "onnx", "mnist-npy"), Set.of("no-plot"));
  }

  @Override public int run(Arguments arguments) throws IOException {
    if (arguments.has("onnx") || arguments.has("mnist-npy")) {
      if (arguments.has("onnx")) {
        OnnxExport.exportLenet(arguments.path("onnx", null));
      }
      if (arguments.has("mnist-npy")) {
        OnnxExport.writeMnist(arguments.path("mnist-npy", null), arguments.path("data", null));
      }
      return 0;
    }
    Set<ExampleModels.Example> which = EnumSet.allOf(ExampleModels.Example.class);
    boolean text = true;
    if (arguments.has("only")) {
      which = EnumSet.noneOf(ExampleModels.Example.class);
      text = false;
      for (String name : arguments.list("only", List.of())) {
        // the text store and its twin are built together
        if (name.equalsIgnoreCase(ExampleFortunes.STORE)
            || name.equalsIgnoreCase(ExampleFortunes.TWIN)) {
          text = true;
        } else {
          which.add(example(name));
        }
      }
    }
    ExampleCatalog.buildWithPictures(arguments.path("catalog", BoundaryHome.exampleCatalog()),
        arguments.path("data", null), which, !arguments.flag("no-plot"), text);
    return 0;
  }

  private static ExampleModels.Example example(String storeName) {
    return Arrays.stream(ExampleModels.Example.values())
        .filter(e -> e.storeName().equalsIgnoreCase(storeName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown example store '" + storeName
            + "'; known: " + Arrays.stream(ExampleModels.Example.values())
            .map(ExampleModels.Example::storeName).toList() + ", " + ExampleFortunes.STORE
            + " and " + ExampleFortunes.TWIN));
  }
}
