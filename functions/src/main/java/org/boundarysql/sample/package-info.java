/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * Sample selection over a model's latent space: one {@link org.boundarysql.sample.Sampler} per
 * method, named by {@link org.boundarysql.sample.SamplingMethod}, sized by
 * {@link org.boundarysql.sample.SampleSpec}; the samplers of probability designs
 * ({@link org.boundarysql.sample.ProbabilitySampler}) also give each picked item's stratum and
 * inclusion probability ({@link org.boundarysql.sample.Draw}).
 */
package org.boundarysql.sample;
