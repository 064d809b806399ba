/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.ProgressListener;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Uniform sampler: {@link Allocation#sampleSize} items drawn without replacement. */
public final class UniformSampler extends ProbabilitySampler {
  @Override public Draw draw(LatentSpace space, SampleSpec spec, ProgressListener progress) {
    int size = Allocation.sampleSize(space.size(), spec.fraction());
    Selection selection = new Selection(size);
    selection.addRandom(IntStream.range(0, space.size()).toArray(), size,
        new SplittableRandom(spec.seed()));
    return selection.toDraw();
  }
}
