/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * Sample selection over a model's latent space: one {@link org.boundarysql.sample.Sampler} per
 * method, named by {@link org.boundarysql.sample.SamplingMethod}, sized by
 * {@link org.boundarysql.sample.SampleSpec}.
 */
package org.boundarysql.sample;
