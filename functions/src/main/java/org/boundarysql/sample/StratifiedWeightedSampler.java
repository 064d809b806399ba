package org.boundarysql.sample;

import java.util.SplittableRandom;

/**
 * Stratified-weighted sampler: each true class gets its {@link Allocation#proportional
 * proportional} count t, of which ⌈t/2⌉ are drawn from the class's misclassified items (all of
 * them if there are fewer) and the rest from its correctly classified items; a side too small
 * for its share hands the difference to the other side.
 */
public final class StratifiedWeightedSampler implements Sampler {
  @Override public int[] select(LatentSpace space, SampleSpec spec, ProgressListener progress) {
    int classes = space.classCount();
    int[] keys = new int[space.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = 2 * space.label(i) + (space.correct(i) ? 0 : 1);
    }
    Strata strata = Strata.of(keys, 2 * classes);
    int[] classSizes = new int[classes];
    for (int c = 0; c < classes; c++) {
      classSizes[c] = strata.members(2 * c).length + strata.members(2 * c + 1).length;
    }
    int[] counts = Allocation.proportional(classSizes, spec.fraction());
    SplittableRandom random = new SplittableRandom(spec.seed());
    Selection selection = new Selection(Allocation.sampleSize(space.size(), spec.fraction()));
    for (int c = 0; c < classes; c++) {
      int[] correct = strata.members(2 * c);
      int[] wrong = strata.members(2 * c + 1);
      int fromWrong = Math.min(wrong.length, (counts[c] + 1) / 2);
      int fromCorrect = Math.min(correct.length, counts[c] - fromWrong);
      fromWrong = counts[c] - fromCorrect;
      selection.addRandom(wrong, fromWrong, random);
      selection.addRandom(correct, fromCorrect, random);
    }
    return selection.toSortedArray();
  }
}
