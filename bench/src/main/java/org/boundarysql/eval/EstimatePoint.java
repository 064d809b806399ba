/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.sample.SamplingMethod;

/**
 * One group's model-assisted estimate of a layer's per-neuron mean from one sample, against
 * the full data's mean: the L2 distances of the estimate, of the plain mean of the sampled rows
 * and of their 1/π-weighted mean, and how many of the neurons' intervals hold the truth.
 */
record EstimatePoint(SamplingMethod method, double fraction, long seed, String layer,
    int label, int sampled, int population, double l2Estimate, double l2Plain,
    double l2Weighted, int covered, int neurons, double meanWidth) { }
