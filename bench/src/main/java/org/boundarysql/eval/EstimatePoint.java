/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.sample.SamplingMethod;

/**
 * One group's model-assisted estimate of a layer's per-neuron mean from one sample, against
 * the full data's mean: the L2 distances of the estimate, of the plain mean of the sampled rows
 * and of their 1/π-weighted mean, how many of the neurons' intervals hold the truth, and the
 * nanoseconds the estimate and the plain mean took on the group's rows in memory; and the
 * diagnosis answers against the full data's: S1, the top-K precision of the estimate's and of
 * the plain mean's top-K neurons, and S3, the Jensen–Shannon distance of the argmax
 * distribution's estimate and of the sample's own distribution.
 */
record EstimatePoint(SamplingMethod method, double fraction, long seed, String grouping,
    String layer, int group, int sampled, int population, double l2Estimate, double l2Plain,
    double l2Weighted, int covered, int neurons, double meanWidth, long estimateNanos,
    long plainNanos, double s1Estimate, double s1Plain, double s3Estimate, double s3Plain) { }
