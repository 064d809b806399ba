/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.capture;

import org.boundarysql.capture.ModelRunner;
import org.boundarysql.capture.OnnxModel;
import org.boundarysql.kernel.ArgmaxDist;
import org.boundarysql.materialize.SampledStore;
import org.boundarysql.sample.Draw;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.spark.sample.SparkSampler;
import org.boundarysql.spark.store.ParquetStore;
import org.boundarysql.spark.store.SparkSampledStore;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.SampleProvenance;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.task.ProgressListener;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

/**
 * The sampled capture on Spark, as {@code ./boundary capture --sample} does it in-process: the
 * inputs are a Parquet table {@code (id bigint, split string, label int, input array<float>)}
 * (store order: by id); each executor runs the ONNX model with ONNX Runtime (the capture
 * module's {@link ModelRunner}) for the latent layer and the logits of every item, the sample
 * is drawn on Spark ({@link SparkSampler}), the executors run the model again for the other
 * layers of the sampled items only, and the driver writes the sampled store and the latent
 * store (every item's latent layer and logits).
 * The model file must be readable where the executors run.
 */
public final class SparkCapture {
  /** Items per model run. */
  private static final int BATCH = 256;

  private SparkCapture() {
  }

  /** What to capture: model, layers (alias to value name), the latent and logits aliases. */
  public record Spec(Path model, Map<String, String> layers, String latent, String logits,
      SampleSpec sample) implements Serializable { }

  /**
   * Captures {@code inputs} into the sampled store and the latent store of the full capture
   * {@code target} ({@code NAME_METHOD_PERCENT} and {@code NAME_latent} beside it, as the
   * in-process capture names them), through the exported-store directory {@code work}.
   */
  public static SparkSampledStore.Written run(SparkSession spark, Dataset<Row> inputs,
      Spec spec, String work, Path target) throws IOException {
    Dataset<Row> ordered = inputs.withColumn("row",
        row_number().over(Window.orderBy("id")).minus(1)).cache();
    Map<String, LayerSpec> layers = shapes(spec, ordered.first());
    int classes = layers.get(spec.logits()).width();
    StoreManifest manifest = new StoreManifest(spec.model().getFileName().toString(),
        IntStream.range(0, classes).mapToObj(Integer::toString).toList(), spec.latent(),
        spec.logits(), new ArrayList<>(layers.values()));
    ParquetStore.writeManifest(spark, manifest, work);
    Map<String, String> passOne = new LinkedHashMap<>();
    passOne.put(spec.latent(), spec.layers().get(spec.latent()));
    passOne.put(spec.logits(), spec.layers().get(spec.logits()));
    // every item's latent layer and logits, which the latent store keeps
    List<String> everyItem = passOne.keySet().stream().toList();
    Dataset<Row> first = run(ordered, spec.model(), passOne, everyItem, true).cache();
    first.select("row", "id", "split", "label", "predicted", "correct").write()
        .mode("overwrite").parquet(work + "/" + ParquetStore.ITEMS);
    for (String layer : everyItem) {
      first.select(col("id"), col(layer).as("activation")).write().mode("overwrite")
          .parquet(work + "/" + layer);
    }
    ParquetStore store = ParquetStore.open(spark, work);
    Draw draw = SparkSampler.select(store, spec.sample(), ProgressListener.NONE);
    int[] rows = draw.rows();
    BitSet chosen = new BitSet();
    IntStream.of(rows).forEach(chosen::set);
    Dataset<Row> sampled = ordered.filter(col("row").isin(IntStream.of(rows).boxed()
        .toArray()));
    List<String> others = layers.keySet().stream().filter(l -> !everyItem.contains(l))
        .toList();
    Dataset<Row> second = run(sampled, spec.model(), spec.layers(), others, false).cache();
    for (String layer : others) {
      second.select(col("id"), col(layer).as("activation")).write().mode("overwrite")
          .parquet(work + "/" + layer);
    }
    String name = target.getFileName().toString();
    return SparkSampledStore.write(store, draw, spec.sample().describe(), target.toString(),
        target.getParent(), SampledStore.sampledName(name, spec.sample().method(),
            spec.sample().fraction()), SampleProvenance.latentStoreName(name));
  }

  /** The layers' shapes, from one run of the model on the first item, on the driver. */
  private static Map<String, LayerSpec> shapes(Spec spec, Row item) throws IOException {
    try (ModelRunner runner = ModelRunner.open(OnnxModel.read(spec.model()), spec.layers())) {
      float[] input = floats(item.getList(item.fieldIndex("input")));
      ModelRunner.Batch batch = runner.run(buffer(input), shape(runner, 1));
      Map<String, LayerSpec> layers = new LinkedHashMap<>();
      spec.layers().forEach((alias, value) -> {
        long[] shape = batch.shapes().get(value);
        int[] itemShape = shape.length == 1 ? new int[] {1}
            : Arrays.stream(shape, 1, shape.length).mapToInt(Math::toIntExact).toArray();
        layers.put(alias, new LayerSpec(alias, itemShape));
      });
      return layers;
    }
  }

  /**
   * Runs the model over {@code items} batch by batch on the executors: the item columns, the
   * prediction (argmax of the logits, if captured) and one array column per alias kept.
   */
  private static Dataset<Row> run(Dataset<Row> items, Path model, Map<String, String> layers,
      List<String> kept, boolean predict) {
    StructType schema = new StructType().add("row", DataTypes.IntegerType)
        .add("id", DataTypes.LongType).add("split", DataTypes.StringType)
        .add("label", DataTypes.IntegerType).add("predicted", DataTypes.IntegerType)
        .add("correct", DataTypes.BooleanType);
    for (String alias : kept) {
      schema = schema.add(alias, DataTypes.createArrayType(DataTypes.FloatType, false));
    }
    String modelFile = model.toString();
    String logitsValue = predict ? layers.values().stream().skip(1).findFirst().orElseThrow()
        : null;
    Map<String, String> values = new LinkedHashMap<>(layers);
    return items.select("row", "id", "split", "label", "input").mapPartitions(
        (MapPartitionsFunction<Row, Row>) partition -> runPartition(partition, modelFile,
            values, kept, logitsValue), Encoders.row(schema));
  }

  private static Iterator<Row> runPartition(Iterator<Row> partition, String modelFile,
      Map<String, String> layers, List<String> kept, String logitsValue) throws IOException {
    List<Row> out = new ArrayList<>();
    try (ModelRunner runner = ModelRunner.open(OnnxModel.read(Path.of(modelFile)), layers)) {
      List<Row> batch = new ArrayList<>();
      while (partition.hasNext()) {
        batch.add(partition.next());
        if (batch.size() == BATCH || !partition.hasNext()) {
          out.addAll(runBatch(runner, batch, layers, kept, logitsValue));
          batch.clear();
        }
      }
    }
    return out.iterator();
  }

  private static List<Row> runBatch(ModelRunner runner, List<Row> batch,
      Map<String, String> layers, List<String> kept, String logitsValue) {
    float[] first = floats(batch.get(0).getList(4));
    float[] input = new float[batch.size() * first.length];
    for (int i = 0; i < batch.size(); i++) {
      float[] values = floats(batch.get(i).getList(4));
      System.arraycopy(values, 0, input, i * first.length, first.length);
    }
    ModelRunner.Batch result = runner.run(buffer(input), shape(runner, batch.size()));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Row item = batch.get(i);
      List<Object> values = new ArrayList<>();
      int predicted = -1;
      if (logitsValue != null) {
        float[] logits = slice(result.data().get(logitsValue), i, batch.size());
        predicted = ArgmaxDist.argmax(logits);
      }
      values.addAll(List.of(item.getInt(0), item.getLong(1), item.getString(2),
          item.getInt(3), predicted, predicted == item.getInt(3)));
      for (String alias : kept) {
        values.add(slice(result.data().get(layers.get(alias)), i, batch.size()));
      }
      rows.add(RowFactory.create(values.toArray()));
    }
    return rows;
  }

  private static float[] slice(float[] data, int item, int items) {
    int width = data.length / items;
    return Arrays.copyOfRange(data, item * width, (item + 1) * width);
  }

  private static long[] shape(ModelRunner runner, int items) {
    long[] shape = runner.inputShape().clone();
    shape[0] = items;
    return shape;
  }

  private static FloatBuffer buffer(float[] values) {
    FloatBuffer buffer = ByteBuffer.allocateDirect(values.length * Float.BYTES)
        .order(ByteOrder.nativeOrder()).asFloatBuffer();
    buffer.put(values).flip();
    return buffer;
  }

  private static float[] floats(List<Float> values) {
    float[] row = new float[values.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = values.get(i);
    }
    return row;
  }
}
