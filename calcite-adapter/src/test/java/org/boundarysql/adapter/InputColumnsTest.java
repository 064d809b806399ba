/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.store.NpyDtype;
import org.boundarysql.store.NpyHeader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@code input} and {@code input_png} columns of {@code items} for the input layouts a
 * store may keep, against pixels computed by hand: three channels first (float32 in [0, 1],
 * scaled by 255), three channels last (float32 outside [0, 1], stretched from the picture's
 * minimum to its maximum), and a shape that is no image (no picture column).
 */
class InputColumnsTest {
  static final String SHA = "ab".repeat(32);

  @TempDir Path dir;

  /** A store of two items whose one input has the given shape and float32 values. */
  Path store(String name, int[] shape, float[] values) throws IOException {
    Path store = Files.createDirectories(dir.resolve("catalog").resolve(name));
    String dims = Arrays.toString(shape);
    Files.writeString(store.resolve("store.json"), """
        {"model": "m", "classes": ["a", "b"], "layers": [{"name": "fc", "shape": [1]}],
         "inputs": [{"name": "x", "file": "input_x.npy", "sha256": "%s", "dtype": "float32",
                     "shape": %s, "transform": {"scale": 2, "mean": [1], "std": [4]}}]}
        """.formatted(SHA, dims));
    Files.writeString(store.resolve("items.csv"), "id,split,label,predicted\n0,t,0,0\n1,t,1,0\n");
    ByteBuffer fc = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2);
    Files.write(store.resolve("fc.npy"), concat(NpyHeader.bytes(NpyDtype.FLOAT32,
        new long[] {2, 1}), fc.array()));
    long[] fileShape = new long[shape.length + 1];
    fileShape[0] = 2;
    for (int i = 0; i < shape.length; i++) {
      fileShape[i + 1] = shape[i];
    }
    ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      data.putFloat(v);
    }
    Files.write(store.resolve("input_x.npy"), concat(NpyHeader.bytes(NpyDtype.FLOAT32,
        fileShape), data.array()));
    return store;
  }

  static byte[] concat(byte[] a, byte[] b) {
    return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
  }

  static float[] values(int n, float scale, float offset) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (i * 37 % 11) / 10f * scale + offset;
    }
    return values;
  }

  @Test void picturesOfChannelsFirstAndLastAndNoneForOtherShapes() throws Exception {
    float[] first = values(2 * 3 * 2 * 2, 1, 0); // [3, 2, 2] per item, in [0, 1]
    float[] last = values(2 * 2 * 2 * 3, 5, -2); // [2, 2, 3] per item, in [-2, 3]
    store("first", new int[] {3, 2, 2}, first);
    store("last", new int[] {2, 2, 3}, last);
    store("flat", new int[] {5}, values(10, 1, 0));
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog="
        + dir.resolve("catalog") + ";cache=" + dir.resolve("cache"))) {
      List<List<Object>> rows = JdbcRows.rows(c, "select input, input_png from first.items"
          + " where id = 1");
      List<?> input = (List<?>) rows.get(0).get(0);
      for (int i = 0; i < 12; i++) {
        // as fed: (x * 2 - 1) / 4
        assertEquals((first[12 + i] * 2 - 1) / 4, ((Number) input.get(i)).floatValue(), 1e-6);
      }
      BufferedImage picture = png(rows.get(0).get(1));
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 2; x++) {
          for (int channel = 0; channel < 3; channel++) {
            float v = first[12 + (channel * 2 + y) * 2 + x];
            assertEquals(Math.round(v * 255.0), picture.getRaster().getSample(x, y, channel));
          }
        }
      }
      picture = png(JdbcRows.rows(c, "select input_png from last.items where id = 0").get(0)
          .get(0));
      float low = Float.MAX_VALUE;
      float high = -Float.MAX_VALUE;
      for (int i = 0; i < 12; i++) {
        low = Math.min(low, last[i]);
        high = Math.max(high, last[i]);
      }
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 2; x++) {
          for (int channel = 0; channel < 3; channel++) {
            float v = last[(y * 2 + x) * 3 + channel];
            assertEquals(Math.round((v - low) * 255 / (high - low)),
                picture.getRaster().getSample(x, y, channel), 1);
          }
        }
      }
      assertEquals(List.of("id", "split", "label", "predicted", "correct", "input"),
          JdbcRows.columns(c, "select * from flat.items"));
    }
  }

  static BufferedImage png(Object bytes) throws IOException {
    return ImageIO.read(new ByteArrayInputStream((byte[]) bytes));
  }
}
