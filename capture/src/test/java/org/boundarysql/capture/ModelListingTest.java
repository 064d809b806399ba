/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --list}: inputs and every computed value with operator and inferred shape. */
class ModelListingTest {
  @TempDir Path tmp;

  @Test
  void listsEveryValueWithItsOperatorTypeAndInferredShape() throws IOException {
    OnnxModel model = OnnxModel.read(TestModels.conv().write(tmp.resolve("conv.onnx")));
    ModelListing listing = ModelListing.of(model);
    assertEquals(List.of(new ModelListing.Entry("image", "input", "float",
        "[batch, 1, 4, 4]")), listing.inputs());
    assertEquals(List.of(
        new ModelListing.Entry("/conv/Conv_output_0", "Conv", "float", "[batch, 2, 4, 4]"),
        new ModelListing.Entry("/relu/Relu_output_0", "Relu", "float", "[batch, 2, 4, 4]"),
        new ModelListing.Entry("/pool/MaxPool_output_0", "MaxPool", "float", "[batch, 2, 2, 2]"),
        new ModelListing.Entry("/flatten/Flatten_output_0", "Flatten", "float", "[batch, 8]"),
        new ModelListing.Entry("logits", "Gemm", "float", "[batch, 3]")), listing.values());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    listing.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("logits") && text.contains("(model output)"), text);
  }

  @Test
  void nearestNamesPutContainingNamesFirst() {
    assertEquals(List.of("/fc2/Relu_output_0", "/fc1/Relu_output_0"),
        NearestNames.of("/fc2/Relu_output",
            List.of("/fc1/Relu_output_0", "/fc2/Relu_output_0", "logits"), 2));
    assertEquals(3, NearestNames.distance("kitten", "sitting"));
  }
}
