/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.sample;

import org.boundarysql.sample.BoundaryScores;
import org.boundarysql.sample.MaxMarginModel;
import org.boundarysql.sample.MaxMarginSampler;
import org.boundarysql.sample.MaxMarginScorer;
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
 * {@link MaxMarginSampler#MAX_TRAINING_ITEMS}) and fits the Platt sigmoids to the decision
 * values of the same evenly spaced items (at most {@link MaxMarginSampler#MAX_CALIBRATION_ITEMS}),
 * the executors score every item with the broadcast calibrated model, and the driver selects
 * from each item's group and log ratio (12 bytes per item: the driver never holds the
 * activations, nor a decision value per item and class).
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
    BoundaryScores scores;
    if (classes.length < 2) {
      // Nothing to separate: one group of exemplars, as in-process.
      scores = new BoundaryScores(n, classCount);
      for (Row item : latent.select("row", "label").collectAsList()) {
        scores.set(item.getInt(0), item.getInt(1), 0);
      }
    } else {
      double[] scale = MaxMarginModel.unitVarianceScale(moments.sums, moments.squares, n);
      progress.update("svm", 0, classes.length);
      MaxMarginModel model = train(rows, context, n, classes, scale);
      progress.update("calibration", 0, classes.length);
      MaxMarginScorer scorer = calibrate(rows, context, n, width, model);
      progress.update("scoring", 0, n);
      scores = score(rows, context, n, width, classCount, scorer);
    }
    return scores.selectTwoEnds(spec.fraction(), spec.j());
  }

  /** Fits the sigmoids to the decision values of the evenly spaced calibration rows. */
  private static MaxMarginScorer calibrate(JavaRDD<InternalRow> rows, JavaSparkContext context,
      int n, int width, MaxMarginModel model) {
    int[] chosen = MaxMarginSampler.evenlySpaced(n, MaxMarginSampler.MAX_CALIBRATION_ITEMS);
    BitSet marked = new BitSet(n);
    IntStream.of(chosen).forEach(marked::set);
    Broadcast<BitSet> calibration = context.broadcast(marked);
    Broadcast<MaxMarginModel> shared = context.broadcast(model);
    int classes = model.classes().length;
    List<DecisionBlock> blocks = rows.mapPartitions(partition -> {
      MaxMarginModel svms = shared.value();
      BitSet wanted = calibration.value();
      DecisionBlock block = new DecisionBlock(classes);
      double[] point = new double[width];
      double[] values = new double[classes];
      double[] scaled = new double[width];
      int[] features = new int[width];
      partition.forEachRemaining(r -> {
        if (wanted.get(r.getInt(0))) {
          toPoint(r.getArray(2).toFloatArray(), point);
          svms.decisions(point, values, scaled, features);
          block.add(r.getInt(0), r.getInt(1), values);
        }
      });
      return List.of(block).iterator();
    }).collect();
    calibration.destroy();
    shared.destroy();
    double[][] decisions = new double[classes][chosen.length];
    int[] labels = new int[chosen.length];
    blocks.forEach(block -> block.copyTo(chosen, decisions, labels));
    return MaxMarginScorer.calibrate(model, decisions, labels);
  }

  /** Every item's group and log ratio, computed on the executors. */
  private static BoundaryScores score(JavaRDD<InternalRow> rows, JavaSparkContext context,
      int n, int width, int classCount, MaxMarginScorer scorer) {
    Broadcast<MaxMarginScorer> shared = context.broadcast(scorer);
    List<ScoreBlock> blocks = rows.mapPartitions(partition -> {
      MaxMarginScorer calibrated = shared.value();
      ScoreBlock block = new ScoreBlock();
      BoundaryScores one = new BoundaryScores(1, classCount);
      double[] point = new double[width];
      MaxMarginScorer.Work work = calibrated.work(width);
      partition.forEachRemaining(r -> {
        toPoint(r.getArray(2).toFloatArray(), point);
        calibrated.score(0, point, work, one);
        block.add(r.getInt(0), one.group(0), one.logRatio(0));
      });
      return List.of(block).iterator();
    }).collect();
    shared.destroy();
    BoundaryScores scores = new BoundaryScores(n, classCount);
    blocks.forEach(block -> block.copyTo(scores));
    return scores;
  }

  private static void toPoint(float[] activation, double[] point) {
    for (int f = 0; f < point.length; f++) {
      point[f] = activation[f];
    }
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
