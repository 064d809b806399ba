/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.Cancellation;
import org.boundarysql.task.ProgressListener;

import java.util.Arrays;

/**
 * Boundary-tree sampler (Mathy et al., AAAI 2015; used by Wu et al.'s explicable boundary
 * trees): one pass over the items in order builds a boundary tree of the latent space labelled
 * with the model's predictions, and the sample is the tree's nodes.
 *
 * <p>A query walks from the root to whichever of the current node's children, or the node itself
 * while it has fewer than {@code maxChildren} children, is closest, and stops at the node itself.
 * An item whose query ends at a node of another predicted label becomes that node's child. The
 * sample's size is whatever the tree keeps; the fraction, j and seed are not used.
 */
public final class BoundaryTreeSampler implements Sampler {
  /** Default maximum number of children per node. */
  public static final int DEFAULT_MAX_CHILDREN = 10;
  private static final int REPORT_EVERY = 1024;

  private final int maxChildren;

  /** Creates a sampler with {@link #DEFAULT_MAX_CHILDREN}. */
  public BoundaryTreeSampler() {
    this(DEFAULT_MAX_CHILDREN);
  }

  /** Creates a sampler whose tree nodes have at most {@code maxChildren} children. */
  public BoundaryTreeSampler(int maxChildren) {
    if (maxChildren < 1) {
      throw new IllegalArgumentException("maxChildren must be positive: " + maxChildren);
    }
    this.maxChildren = maxChildren;
  }

  @Override public int[] select(LatentSpace space, SampleSpec spec, ProgressListener progress) {
    int n = space.size();
    if (n == 0) {
      return new int[0];
    }
    double[][] x = space.points();
    // Node v is item nodes[v]; its children are nodes children[v][0 .. childCounts[v]).
    int[] nodes = new int[n];
    int[][] children = new int[n][];
    int[] childCounts = new int[n];
    int nodeCount = 1;
    Cancellation cancellation = Cancellation.current();
    for (int item = 1; item < n; item++) {
      if (item % REPORT_EVERY == 0) {
        progress.update("ebtree", item, n);
      }
      if (item % 64 == 0) {
        cancellation.check();
      }
      int v = 0;
      while (true) {
        int best = childCounts[v] < maxChildren ? v : -1;
        double bestDistance = best == v ? LatentSpace.squaredDistance(x[item], x[nodes[v]])
            : Double.POSITIVE_INFINITY;
        for (int c = 0; c < childCounts[v]; c++) {
          int child = children[v][c];
          double distance = LatentSpace.squaredDistance(x[item], x[nodes[child]]);
          if (distance < bestDistance) {
            bestDistance = distance;
            best = child;
          }
        }
        if (best == v) {
          break;
        }
        v = best;
      }
      if (space.prediction(nodes[v]) != space.prediction(item)) {
        if (children[v] == null) {
          children[v] = new int[maxChildren];
        }
        children[v][childCounts[v]++] = nodeCount;
        nodes[nodeCount++] = item;
      }
    }
    progress.update("ebtree", n, n);
    // Items enter in ascending order, so the nodes are already sorted.
    return Arrays.copyOf(nodes, nodeCount);
  }
}
