/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.sample;

import org.boundarysql.sample.BoundaryScores;
import org.boundarysql.sample.MaxMarginModel;
import org.boundarysql.sample.MaxMarginSampler;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.task.ProgressListener;

import de.bwaldvogel.liblinear.Feature;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import scala.Tuple3;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * MaxMargin on Spark, the same items as {@link MaxMarginSampler} in-process: the executors sum
 * the feature moments, the driver trains the SVMs on the same evenly spaced items (at most
 * {@link MaxMarginSampler#MAX_TRAINING_ITEMS}), the executors compute every item's decision
 * values with the broadcast model, and the driver fits the Platt sigmoids on them and selects
 * (n doubles per class: the driver never holds the activations).
 *
 * <p>Only the feature moments are summed in another order than in-process (by partition), so
 * the scale can differ in its last bits; the tests check that the ids are the same.
 */
final class SparkMaxMargin {
  private SparkMaxMargin() {
  }

  /**
   * Returns the selected rows, ascending, of {@code latent} {@code (row, label, activation)},
   * whose rows are 0..n-1 and labels in [0, classCount).
   */
  static int[] select(Dataset<Row> latent, int width, int classCount, SampleSpec spec,
      ProgressListener progress) {
    JavaRDD<InternalRow> rows = latent.select("row", "label", "activation").queryExecution()
        .toRdd().toJavaRDD();
    JavaSparkContext context = JavaSparkContext.fromSparkContext(latent.sparkSession()
        .sparkContext());
    progress.update("moments", 0, 1);
    LatentMoments moments = rows.mapPartitions(partition -> {
      LatentMoments sums = new LatentMoments(width, classCount);
      partition.forEachRemaining(r -> sums.add(r.getInt(0), r.getInt(1),
          r.getArray(2).toFloatArray()));
      return List.of(sums).iterator();
    }).reduce(LatentMoments::merge);
    int n = Math.toIntExact(moments.count);
    if (moments.maxRow != n - 1) {
      throw new IllegalArgumentException("rows are not 0.." + (n - 1) + " (largest "
          + moments.maxRow + ")");
    }
    int[] classes = IntStream.range(0, classCount).filter(c -> moments.labels[c]).toArray();
    double[] scale = MaxMarginModel.unitVarianceScale(moments.sums, moments.squares, n);
    MaxMarginModel model = null;
    if (classes.length >= 2) {
      progress.update("svm", 0, classes.length);
      model = train(rows, context, n, classes, scale);
    }
    progress.update("scoring", 0, n);
    Broadcast<MaxMarginModel> shared = context.broadcast(model);
    int columns = model == null ? 0 : classes.length;
    List<DecisionBlock> blocks = rows.mapPartitions(partition -> {
      MaxMarginModel svms = shared.value();
      DecisionBlock block = new DecisionBlock(columns);
      double[] point = new double[width];
      double[] values = new double[columns];
      partition.forEachRemaining(r -> {
        if (svms != null) {
          float[] activation = r.getArray(2).toFloatArray();
          for (int f = 0; f < width; f++) {
            point[f] = activation[f];
          }
          Feature[] features = svms.features(point);
          for (int c = 0; c < values.length; c++) {
            values[c] = svms.decision(c, features);
          }
        }
        block.add(r.getInt(0), r.getInt(1), values);
      });
      return List.of(block).iterator();
    }).collect();
    shared.destroy();
    double[][] decisions = new double[columns][n];
    int[] labels = new int[n];
    blocks.forEach(block -> block.copyTo(decisions, labels));
    progress.update("calibrating", 0, classes.length);
    BoundaryScores scores = model == null
        ? new BoundaryScores(labels, new double[n], classCount)
        : MaxMarginSampler.calibrate(decisions, labels, classes, classCount);
    return scores.selectTwoEnds(spec.fraction(), spec.j());
  }

  /** Trains the SVMs on the evenly spaced rows, collected in row order. */
  private static MaxMarginModel train(JavaRDD<InternalRow> rows, JavaSparkContext context,
      int n, int[] classes, double[] scale) {
    BitSet chosen = new BitSet(n);
    IntStream.of(MaxMarginSampler.evenlySpaced(n, MaxMarginSampler.MAX_TRAINING_ITEMS))
        .forEach(chosen::set);
    Broadcast<BitSet> training = context.broadcast(chosen);
    List<Tuple3<Integer, Integer, float[]>> items = new ArrayList<>(rows
        .filter(r -> training.value().get(r.getInt(0)))
        .map(r -> new Tuple3<>(r.getInt(0), r.getInt(1), r.getArray(2).toFloatArray()))
        .collect());
    training.destroy();
    items.sort(Comparator.comparing(Tuple3::_1));
    Feature[][] features = new Feature[items.size()][];
    int[] labels = new int[items.size()];
    for (int i = 0; i < features.length; i++) {
      float[] activation = items.get(i)._3();
      double[] point = new double[activation.length];
      for (int f = 0; f < point.length; f++) {
        point[f] = activation[f];
      }
      features[i] = MaxMarginModel.features(point, scale);
      labels[i] = items.get(i)._2();
    }
    return MaxMarginModel.train(classes, scale, features, labels);
  }
}
