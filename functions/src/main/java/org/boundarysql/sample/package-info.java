/**
 * Sample selection over a model's latent space: one {@link org.boundarysql.sample.Sampler} per
 * method, named by {@link org.boundarysql.sample.SamplingMethod}, sized by
 * {@link org.boundarysql.sample.SampleSpec}.
 */
package org.boundarysql.sample;
